"""Checkers of notebook 05 · Bias."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ..i18n import N_, tr
from ._shared import first_of_each_digit, region_weights, sample, sigmoid
from .feedback import Feedback, checker, given_span, miss, read_answer, right

__all__ = ["check_bias_for_threshold", "check_digits_on", "check_neuron_parameter_count", "check_bias_for_share"]


@checker(hints=[N_("σ(z) passes 0.5 at z = 0. Which b makes w·a + b = 0 when w·a = {threshold:g}?"),
                N_("the bias is ADDED to the weighted sum: to demand a sum of {threshold:g} before switching on, "
                   "it must pull the sum down by that much.")],
         solution=lambda a: tr("b = {b:g}: σ(w·a − {threshold:g}) = 0.5 exactly when w·a = {threshold:g}, and it is "
                               "above 0.5 when w·a is above it.", b=-a.threshold, threshold=a.threshold))
def check_bias_for_threshold(answer, threshold: float = 25) -> Feedback:
    """Notebook 05: the bias that puts a neuron's switching point (σ = 0.5) at weighted sum `threshold`."""
    threshold = finite_number(threshold, "threshold")
    value = read_answer(answer, tr("a bias"))
    if np.isclose(value, -threshold):
        return right(tr("b = {b:g}: σ(w·a − {threshold:g}) passes 0.5 exactly when w·a passes {threshold:g}.",
                        b=-threshold, threshold=threshold))
    if np.isclose(value, threshold):
        return miss(tr("right size, wrong sign: the bias is ADDED, σ(w·a + b), so to demand more it must be "
                       "negative."))
    return miss()


def _switched_on(bias, rows, cols):
    """The digits among the ten shown whose painted-weights neuron has σ(w·a + bias) > 0.5."""
    images, labels = sample()
    shown = first_of_each_digit(labels)
    weights = region_weights(given_span(rows, "rows"), given_span(cols, "cols"))
    activations = sigmoid(images[shown] @ weights + finite_number(bias, "bias"))
    return [int(labels[i]) for i, a in zip(shown, activations) if a > 0.5]


@checker(hints=[N_("move the bias slider to {bias:g} and count the frames that light up."),
                lambda a: tr("a digit switches the neuron on when σ(weighted sum + ({bias:g})) > 0.5, that is when "
                             "its weighted sum is above {threshold:g}. Compare the ten weighted sums with "
                             "{threshold:g} and count.", bias=a.bias, threshold=-a.bias)],
         solution=lambda a: tr("int((sigmoid(weighted_sums + ({bias:g})) > 0.5).sum()) = {n}: the digits {digits} "
                               "switch it on.", bias=a.bias, n=len(_switched_on(a.bias, a.rows, a.cols)),
                               digits=_digit_list(_switched_on(a.bias, a.rows, a.cols))))
def check_digits_on(answer, bias: float = -20, rows=(5, 12), cols=(9, 19)) -> Feedback:
    """Notebook 05: how many of the ten digits shown switch the painted-weights neuron on (σ > 0.5)?"""
    on = _switched_on(bias, rows, cols)
    n = read_answer(answer, tr("a count"), whole=True)
    if n == len(on):
        return right(tr("{n} of them: {digits}. The others' weighted sums stay below {threshold:g}.",
                        n=len(on), digits=_digit_list(on), threshold=-bias))
    if n == 10 - len(on):
        return miss(tr("that counts the digits that stay OFF; count those with activation above 0.5."))
    if not 0 <= n <= 10:
        return miss(tr("ten digits are shown, so the count is between 0 and 10."))
    return miss()


@checker(hints=[N_("a neuron of the second layer (the first hidden one) has one weight per incoming connection, "
                   "and a number of its own."),
                N_("how many pixels feed each neuron of the first hidden layer? One weight each, plus one bias.")],
         solution=N_("784 + 1 = 785: a weight for every pixel, plus the bias. Sixteen such neurons make the "
                     "16 × 784 + 16 of the next notebooks."))
def check_neuron_parameter_count(answer) -> Feedback:
    """Notebook 05: how many numbers (parameters) describe one neuron of the first hidden layer?"""
    n = read_answer(answer, tr("a count"), whole=True)
    if n == 785:
        return right(tr("784 weights (one per input pixel) and 1 bias: 785. Sixteen such neurons make the next "
                        "notebook's 16 × 784 + 16."))
    if n == 784:
        return miss(tr("you counted the weights; the neuron has one more number of its own."))
    return miss()


def _all_weighted_sums(rows, cols):
    """The painted-weights neuron's weighted sum for every digit of the sample."""
    images, _ = sample()
    return images @ region_weights(given_span(rows, "rows"), given_span(cols, "cols"))


@checker(hints=[N_("the table above gives the share switched on at biases 0, −10, −20 and −30. Between which two "
                   "does it pass {share:.0%}? Try biases in between."),
                N_("(sigmoid(weighted_sums_all + bias) > 0.5).mean() is the share switched on for one bias: "
                   "make the bias more negative while the share is too big, closer to 0 while it is too small.")],
         solution=lambda a: tr("about {bias:.1f}: np.median(weighted_sums_all) = {median:.1f}, so with minus that as "
                               "the bias half of the digits' weighted sums clear the threshold and half do not.",
                               bias=-np.median(_all_weighted_sums(a.rows, a.cols)),
                               median=np.median(_all_weighted_sums(a.rows, a.cols))))
def check_bias_for_share(answer, share: float = 0.5, tolerance: float = 0.05, rows=(5, 12), cols=(9, 19)) -> Feedback:
    """Notebook 05: a bias that switches the painted-weights neuron on (σ > 0.5) for share ± tolerance of the sample."""
    share = finite_number(share, "share", lo=0, hi=1)
    tolerance = finite_number(tolerance, "tolerance", lo=0, hi=1)
    weighted_sums = _all_weighted_sums(rows, cols)
    bias = read_answer(answer, tr("a bias"))
    on = float((sigmoid(weighted_sums + bias) > 0.5).mean())
    if abs(on - share) <= tolerance:
        return right(tr("with bias {bias:g} the neuron is on for {on:.1%} of the {n:,} digits: the weights never "
                        "changed, only how much ink they demand.", bias=bias, on=on, n=len(weighted_sums)))
    if bias > 0:
        return miss(tr("a positive bias makes the neuron easier to switch on ({on:.0%} of the digits); to demand "
                       "more ink than that it must be negative.", on=on))
    if on > share:
        return miss(tr("with bias {bias:g} the neuron is on for {on:.1%} of the digits: too many.", bias=bias, on=on))
    return miss(tr("with bias {bias:g} the neuron is on for {on:.1%} of the digits: too few.", bias=bias, on=on))


def _digit_list(digits) -> str:
    """'0, 3, 7', or 'none', in the language of now."""
    return tr(", ").join(map(str, digits)) or tr("none")
