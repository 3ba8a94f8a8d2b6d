"""Checkers of notebook 03 · Weights and the weighted sum."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import sample_digit
from .feedback import Feedback, checker, given_span, miss, not_yet, read_answer, right

__all__ = ["check_region_sum", "check_total_ink", "check_top_minus_bottom"]


def _region_sum(index, rows, cols):
    (r0, r1), (c0, c1) = given_span(rows, "rows"), given_span(cols, "cols")
    grid = sample_digit(index).reshape(28, 28).astype(float)
    # `short` is the sum a learner gets who takes the last row and column as the slice's stop.
    return grid, float(grid[r0:r1, c0:c1].sum()), float(grid[r0:r1 - 1, c0:c1 - 1].sum())


@checker(hints=[N_("weights of 1 on the square and 0 elsewhere: each pixel's activation times its weight, "
                   "added up. Which pixels still count?"),
                N_("build weights = np.zeros((28, 28)), set the square to 1, then reshape to 784 and take "
                   "weights @ images[{index}]. rows={rows} means the slice rows[{rows[0]}:{rows[1]}]: its last row "
                   "is {rows[1]} − 1.")],
         solution=lambda a: tr("w = np.zeros((28, 28)); w[{r0}:{r1}, {c0}:{c1}] = 1; w.reshape(784) @ images[{index}] "
                               "= {total:.2f}: the total brightness inside the square.", r0=a.rows[0], r1=a.rows[1],
                               c0=a.cols[0], c1=a.cols[1], index=a.index,
                               total=_region_sum(a.index, a.rows, a.cols)[1]))
def check_region_sum(answer, index: int = 0, rows=(10, 18), cols=(10, 18)) -> Feedback:
    """Notebook 03: the weighted sum of digit `index` when the weights are 1 on rows/cols (half-open, as slices)."""
    grid, expected, short = _region_sum(index, rows, cols)
    value = read_answer(answer, tr("a weighted sum"))
    if np.isclose(value, expected, rtol=1e-4):
        return right(tr("{total:.2f}: with weights 1 on the square and 0 elsewhere, the weighted sum is just "
                        "the total brightness inside the square.", total=expected))
    if np.isclose(value, short, rtol=1e-4):
        return miss(tr("a Python slice stops BEFORE its end: the last row and column are left out."))
    return miss()


@checker(hints=[N_("with every weight 1, each pixel adds its activation once. What is left of the weighted sum?"),
                N_("np.ones(784) @ images[{index}], or add up the 784 activations with .sum().")],
         solution=lambda a: tr("np.ones(784) @ images[{index}] = images[{index}].sum() = {total:.2f}: the neuron "
                               "adds up all the ink.", index=a.index,
                               total=float(sample_digit(a.index).astype(float).sum())))
def check_total_ink(answer, index: int = 0) -> Feedback:
    """Notebook 03: the weighted sum of digit `index` when all 784 weights are 1."""
    expected = float(sample_digit(index).astype(float).sum())
    value = read_answer(answer, tr("a weighted sum"))
    if np.isclose(value, expected, rtol=1e-4):
        return right(tr("{total:.2f}: with every weight 1 the neuron simply adds up all the ink.", total=expected))
    if np.isclose(value, 784):
        return miss(tr("that is the sum of the weights; multiply each by its pixel's activation first."))
    return miss()


_TOP_MINUS_BOTTOM = np.concatenate([np.ones(14 * 28), -np.ones(14 * 28)])


@checker(hints=[N_("work on the 28 × 28 picture first: the top half is rows 0–13, the bottom half rows 14–27. "
                   "The neuron needs them as one column of 784 in the end."),
                N_("np.zeros((28, 28)) is a picture of weights; grid[:14] is its top half and grid[14:] its bottom "
                   "half. Set each, then .reshape(784).")],
         solution=N_("w = np.zeros((28, 28)); w[:14] = 1; w[14:] = -1; top_minus_bottom = w.reshape(784). Its "
                     "weighted sum is (ink in the top half) − (ink in the bottom half): bigger for a 7, whose ink "
                     "is mostly at the top, than for a 6, whose loop sits at the bottom."),
         answers=("weights",))
def check_top_minus_bottom(weights) -> Feedback:
    """Notebook 03: 784 weights, +1 on the top half (rows 0–13) and −1 on the bottom half (rows 14–27)."""
    w = read_answer(weights, tr("784 weights"), shape=None)
    if w.shape == (28, 28):
        return not_yet(tr("right idea, wrong shape: the neuron sees one column of 784, so finish with "
                          ".reshape(784)."))
    if w.shape != (784,):
        return not_yet(tr("expected 784 weights, shape (784,), got shape {shape}.", shape=w.shape))
    if np.array_equal(w, _TOP_MINUS_BOTTOM):
        return right(tr("the weighted sum is now (ink in the top half) − (ink in the bottom half): "
                        "positive for a 7, negative for a 6."))
    if np.array_equal(w, -_TOP_MINUS_BOTTOM):
        return miss(tr("the signs are the wrong way round: the TOP half (rows 0–13) gets +1."))
    if np.array_equal(w.reshape(28, 28), _TOP_MINUS_BOTTOM.reshape(28, 28).T):
        return miss(tr("that splits left from right: rows are the first index, grid[:14, :] is the top half."))
    return miss()
