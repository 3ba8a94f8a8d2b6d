"""Checkers of notebook 04 · The sigmoid."""

from __future__ import annotations

import numpy as np

from ._shared import sigmoid
from .feedback import Feedback, checker, miss, read_answer, right

__all__ = ["check_sigmoid_at_zero", "check_sigmoid_inverse", "check_sigmoid_symmetry"]


@checker(hints=["put z = 0 into the formula σ(z) = 1 / (1 + e^(−z)). What is e^0?",
                "e^0 = 1, so σ(0) = 1 / (1 + 1)."],
         solution="σ(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 0.5: a weighted sum of 0 leaves the neuron half on.")
def check_sigmoid_at_zero(answer) -> Feedback:
    """Notebook 04: σ(0)."""
    value = read_answer(answer, "σ(0), a number")
    if np.isclose(value, 0.5, atol=1e-3):
        return right("σ(0) = 1/(1 + e^0) = 1/2: a weighted sum of 0 gives a neuron half on.")
    if np.isclose(value, 0) or np.isclose(value, 1):
        return miss("σ never reaches 0 or 1; at z = 0 it is somewhere in between.")
    return miss()


def _inverse(target):
    return float(np.log(target / (1 - target)))


@checker(hints=["try a few values of z in the widget, or in a cell with sigmoid(z): σ(2) ≈ 0.88 is a little "
                "too small.",
                "solve 1 / (1 + e^(−z)) = {target} for z: first e^(−z) = 1/{target} − 1, then take the "
                "logarithm (np.log)."],
         solution=lambda a: (f"1 / (1 + e^(−z)) = {a.target} ⇒ e^(−z) = (1 − {a.target}) / {a.target} ⇒ "
                             f"z = ln({a.target} / (1 − {a.target})) = {_inverse(a.target):.4f}, in numpy "
                             f"np.log({a.target} / (1 - {a.target}))."))
def check_sigmoid_inverse(answer, target: float = 0.9) -> Feedback:
    """Notebook 04: the z with σ(z) = target (solving 1/(1+e^(−z)) = target gives z = ln(t/(1−t)))."""
    from ..checks import finite_number

    target = finite_number(target, "target", lo=1e-6, hi=1 - 1e-6)
    value = read_answer(answer, "a value of z")
    if np.isclose(sigmoid(value), target, atol=1e-3):
        return right(f"σ({value:.3f}) = {float(sigmoid(value)):.4f}; exactly, z = ln({target}/(1 − {target})) "
                     f"= {_inverse(target):.4f}.")
    if np.isclose(value, target):
        return miss(f"{target} is the activation you want; the question asks for the weighted sum z that gives it.")
    if np.isclose(sigmoid(-value), target, atol=1e-3):
        return miss("wrong sign: an activation above 0.5 needs a positive z." if target > 0.5 else
                    "wrong sign: an activation below 0.5 needs a negative z.")
    return miss()


@checker(hints=["compute sigmoid(3) + sigmoid(-3) in a cell (sigmoid is imported at the top).",
                "σ(−3) is how far σ(3) is from the top of the curve. Add the two values; numpy does it in one line."],
         solution="sigmoid(3) + sigmoid(-3) = 1, and σ(z) + σ(−z) = 1 for every z: the curve is symmetric "
                  "about its middle point (0, 0.5), σ(−z) = 1 − σ(z).")
def check_sigmoid_symmetry(answer) -> Feedback:
    """Notebook 04: σ(3) + σ(−3), which is 1 for any z since σ(−z) = 1 − σ(z)."""
    value = read_answer(answer, "σ(3) + σ(−3), a number")
    if np.isclose(value, 1.0, rtol=0, atol=1e-6):
        return right("σ(3) + σ(−3) = 1, and it would be for any z: the curve is symmetric around "
                     "its middle point (0, 0.5), σ(−z) = 1 − σ(z).")
    if np.isclose(value, 2 * float(sigmoid(3))) or np.isclose(value, 2 * float(sigmoid(-3))):
        return miss("that is twice one of the two; σ(−3) is not the same as σ(3).")
    return miss()
