"""Checkers of notebook 05 · Bias."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ._shared import first_of_each_digit, region_weights, sample, sigmoid
from .feedback import Feedback, checker, given_span, miss, read_answer, right

__all__ = ["check_bias_for_threshold", "check_digits_on", "check_neuron_parameter_count"]


@checker(hints=["σ(z) passes 0.5 at z = 0. Which b makes w·a + b = 0 when w·a = {threshold:g}?",
                "the bias is ADDED to the weighted sum: to demand a sum of {threshold:g} before switching on, "
                "it must pull the sum down by that much."],
         solution=lambda a: (f"b = {-a.threshold:g}: σ(w·a − {a.threshold:g}) = 0.5 exactly when w·a = "
                             f"{a.threshold:g}, and it is above 0.5 when w·a is above it."))
def check_bias_for_threshold(answer, threshold: float = 25) -> Feedback:
    """Notebook 05: the bias that puts a neuron's switching point (σ = 0.5) at weighted sum `threshold`."""
    threshold = finite_number(threshold, "threshold")
    value = read_answer(answer, "a bias")
    if np.isclose(value, -threshold):
        return right(f"b = {-threshold:g}: σ(w·a − {threshold:g}) passes 0.5 exactly when w·a passes {threshold:g}.")
    if np.isclose(value, threshold):
        return miss("right size, wrong sign: the bias is ADDED, σ(w·a + b), so to demand more it must be negative.")
    return miss()


def _switched_on(bias, rows, cols):
    """The digits among the ten shown whose painted-weights neuron has σ(w·a + bias) > 0.5."""
    images, labels = sample()
    shown = first_of_each_digit(labels)
    weights = region_weights(given_span(rows, "rows"), given_span(cols, "cols"))
    activations = sigmoid(images[shown] @ weights + finite_number(bias, "bias"))
    return [int(labels[i]) for i, a in zip(shown, activations) if a > 0.5]


@checker(hints=["move the bias slider to {bias:g} and count the frames that light up.",
                lambda a: (f"a digit switches the neuron on when σ(weighted sum + ({a.bias:g})) > 0.5, that is "
                           f"when its weighted sum is above {-a.bias:g}. Compare the ten weighted sums with "
                           f"{-a.bias:g} and count.")],
         solution=lambda a: (f"int((sigmoid(weighted_sums + ({a.bias:g})) > 0.5).sum()) = "
                             f"{len(_switched_on(a.bias, a.rows, a.cols))}: the digits "
                             f"{', '.join(map(str, _switched_on(a.bias, a.rows, a.cols))) or 'none'} switch it on."))
def check_digits_on(answer, bias: float = -20, rows=(5, 12), cols=(9, 19)) -> Feedback:
    """Notebook 05: how many of the ten digits shown switch the painted-weights neuron on (σ > 0.5)?"""
    on = _switched_on(bias, rows, cols)
    n = read_answer(answer, "a count", whole=True)
    if n == len(on):
        return right(f"{len(on)} of them: {', '.join(map(str, on)) or 'none'}. The others' weighted sums stay "
                     f"below {-bias:g}.")
    if n == 10 - len(on):
        return miss("that counts the digits that stay OFF; count those with activation above 0.5.")
    if not 0 <= n <= 10:
        return miss("ten digits are shown, so the count is between 0 and 10.")
    return miss()


@checker(hints=["a neuron of the second layer (the first hidden one) has one weight per incoming connection, and a number of its own.",
                "how many pixels feed each neuron of the first hidden layer? One weight each, plus one bias."],
         solution="784 + 1 = 785: a weight for every pixel, plus the bias. Sixteen such neurons make the "
                  "16 × 784 + 16 of the next notebooks.")
def check_neuron_parameter_count(answer) -> Feedback:
    """Notebook 05: how many numbers (parameters) describe one neuron of the first hidden layer?"""
    n = read_answer(answer, "a count", whole=True)
    if n == 785:
        return right("784 weights (one per input pixel) and 1 bias: 785. Sixteen such neurons make the next "
                     "notebook's 16 × 784 + 16.")
    if n == 784:
        return miss("you counted the weights; the neuron has one more number of its own.")
    return miss()
