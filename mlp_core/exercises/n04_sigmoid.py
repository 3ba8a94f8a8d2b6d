"""Checkers of notebook 04 · The sigmoid."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ..i18n import N_, tr
from ._shared import sigmoid
from .feedback import Feedback, checker, miss, read_answer, right, rounded_too_soon

__all__ = ["check_sigmoid_at_zero", "check_sigmoid_inverse", "check_sigmoid_symmetry", "check_sigmoid_step"]


@checker(hints=[N_("put z = 0 into the formula σ(z) = 1 / (1 + e^(−z)). What is e^0?"),
                N_("e^0 = 1, so σ(0) = 1 / (1 + 1).")],
         solution=N_("σ(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 0.5: a weighted sum of 0 leaves the neuron half on."))
def check_sigmoid_at_zero(answer) -> Feedback:
    """Notebook 04: σ(0)."""
    value = read_answer(answer, tr("σ(0), a number"))
    if np.isclose(value, 0.5, atol=1e-3):
        return right(tr("σ(0) = 1/(1 + e^0) = 1/2: a weighted sum of 0 gives a neuron half on."))
    if np.isclose(value, 0) or np.isclose(value, 1):
        return miss(tr("σ never reaches 0 or 1; at z = 0 it is somewhere in between."))
    return miss()


def _inverse(target):
    return float(np.log(target / (1 - target)))


@checker(hints=[N_("try a few values of z in the widget, or in a cell with sigmoid(z), and move z towards the "
                   "activation you want: a larger z gives a larger σ(z)."),
                N_("solve 1 / (1 + e^(−z)) = {target} for z: first e^(−z) = 1/{target} − 1, then take the "
                   "logarithm (np.log).")],
         solution=lambda a: tr("1 / (1 + e^(−z)) = {target} ⇒ e^(−z) = (1 − {target}) / {target} ⇒ "
                               "z = ln({target} / (1 − {target})) = {z:.4f}, in numpy "
                               "np.log({target} / (1 - {target})).", target=a.target, z=_inverse(a.target)))
def check_sigmoid_inverse(answer, target: float = 0.9) -> Feedback:
    """Notebook 04: the z with σ(z) = target, to two decimals (solving 1/(1+e^(−z)) = target gives
    z = ln(t/(1−t))); σ(z) within 0.001 of the target is right, which lets z be off by one in its
    second decimal, as a z read off the widget's slider is."""
    target = finite_number(target, "target", lo=1e-6, hi=1 - 1e-6)
    value = read_answer(answer, tr("a value of z"))
    a = float(sigmoid(value))
    if np.isclose(a, target, atol=1e-3):
        return right(tr("σ({z:.3f}) = {a:.4f}; exactly, z = ln({target}/(1 − {target})) = {exact:.4f}.",
                        z=value, a=a, target=target, exact=_inverse(target)))
    if (rounded := rounded_too_soon(value, _inverse(target), 2)) is not None:
        return rounded
    if np.isclose(value, target):
        return miss(tr("{target} is the activation you want; the question asks for the weighted sum z that "
                       "gives it.", target=target))
    if np.isclose(sigmoid(-value), target, atol=1e-3):
        return miss(tr("wrong sign: an activation above 0.5 needs a positive z.") if target > 0.5 else
                    tr("wrong sign: an activation below 0.5 needs a negative z."))
    if a > target:
        return miss(tr("too high: σ({z:g}) = {a:.4f} is above {target}, so z must be smaller.", z=value, a=a,
                       target=target))
    return miss(tr("too low: σ({z:g}) = {a:.4f} is below {target}, so z must be larger.", z=value, a=a,
                   target=target))


@checker(hints=[N_("compute sigmoid(3) + sigmoid(-3) in a cell (sigmoid is imported at the top)."),
                N_("σ(−3) is how far σ(3) is from the top of the curve. Add the two values; numpy does it in one "
                   "line.")],
         solution=N_("sigmoid(3) + sigmoid(-3) = 1, and σ(z) + σ(−z) = 1 for every z: the curve is symmetric "
                     "about its middle point (0, 0.5), σ(−z) = 1 − σ(z)."))
def check_sigmoid_symmetry(answer) -> Feedback:
    """Notebook 04: σ(3) + σ(−3), which is 1 for any z since σ(−z) = 1 − σ(z)."""
    value = read_answer(answer, tr("σ(3) + σ(−3), a number"))
    if np.isclose(value, 1.0, rtol=0, atol=1e-6):
        return right(tr("σ(3) + σ(−3) = 1, and it would be for any z: the curve is symmetric around "
                        "its middle point (0, 0.5), σ(−z) = 1 − σ(z)."))
    if np.isclose(value, 2 * float(sigmoid(3))) or np.isclose(value, 2 * float(sigmoid(-3))):
        return miss(tr("that is twice one of the two; σ(−3) is not the same as σ(3)."))
    return miss()


def _step(start, step):
    """σ(start + step) − σ(start), and the same step taken from 0: σ(step) − σ(0)."""
    start, step = finite_number(start, "start"), finite_number(step, "step")
    return float(sigmoid(start + step) - sigmoid(start)), float(sigmoid(step) - sigmoid(0.0))


@checker(hints=[lambda a: tr("compute σ at z = {end:g} and at z = {start:g} with mlp_core's sigmoid, then subtract "
                             "the second from the first.", end=a.start + a.step, start=a.start),
                lambda a: f"sigmoid({a.start + a.step:g}) - sigmoid({a.start:g})"],
         solution=lambda a: tr("sigmoid({end:g}) - sigmoid({start:g}) = {there:.4f}, against sigmoid({step:g}) - "
                               "sigmoid(0) = {from_zero:.4f}: the same step in the weighted sum brightens the neuron "
                               "far less where the curve is flat.", end=a.start + a.step, start=a.start, step=a.step,
                               there=_step(a.start, a.step)[0], from_zero=_step(a.start, a.step)[1]))
def check_sigmoid_step(answer, start: float = 4.0, step: float = 1.0) -> Feedback:
    """Notebook 04: σ(start + step) − σ(start), how much brighter `step` more weighted sum makes a neuron."""
    expected, from_zero = _step(start, step)
    value = read_answer(answer, tr("σ({end:g}) − σ({start:g}), a number", end=start + step, start=start))
    if np.isclose(value, expected, rtol=0, atol=5e-4):       # three decimals, as the question asks
        return right(tr("{there:.4f}: {ratio:.0f} times less than the same step from 0 to {step:g} "
                        "({from_zero:.3f}). Out at z = {start:g} the sigmoid is almost flat.", there=expected,
                        ratio=from_zero / expected, step=step, from_zero=from_zero, start=start))
    if (rounded := rounded_too_soon(value, expected, 3)) is not None:
        return rounded
    if np.isclose(value, from_zero, rtol=0, atol=5e-4):
        return miss(tr("that is the step from 0 to {step:g}; this one starts at {start:g}.", step=step, start=start))
    if np.isclose(value, -expected, rtol=0, atol=5e-4):
        return miss(tr("right size, wrong sign: σ({end:g}) is the larger, subtract σ({start:g}) from it.",
                       end=start + step, start=start))
    return miss()
