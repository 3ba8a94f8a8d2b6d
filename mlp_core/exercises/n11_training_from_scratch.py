"""Checkers of notebook 11 · Training from scratch: the series' recipe."""

from __future__ import annotations

import numpy as np

from ..checks import shown
from ..i18n import N_, tr
from .feedback import Feedback, as_array, checker, given_count, given_network, miss, not_yet, read_answer, right

__all__ = ["check_confused_with", "check_favourite_image"]


def _given_counts(counts) -> np.ndarray:
    array = as_array(counts)
    if array.dtype.kind not in "iu" or array.shape != (10, 10) or array.min() < 0:
        raise TypeError(tr("counts must be the 10 × 10 confusion matrix of whole counts, got {kind} {got}",
                           kind=type(counts).__name__, got=shown(counts)))
    return array


@checker(hints=[N_("row {true_digit} of counts is what the network answered for the true {true_digit}s. The "
                   "diagonal entry is the right answers; look at the others."),
                N_("leave out the diagonal entry (the right answers) and find the largest of the other nine; "
                   "np.argmax gives the position of the largest number in an array.")],
         solution=lambda a: tr("row = counts[{true_digit}].copy(); row[{true_digit}] = 0; np.argmax(row): the digit "
                               "most often answered for a {true_digit}, the diagonal left out.",
                               true_digit=a.true_digit))
def check_confused_with(answer, counts, true_digit: int = 4) -> Feedback:
    """Notebook 11: which digit the network most often answers for a `true_digit`, other than
    `true_digit` itself — read off the learner's own confusion matrix `counts`."""
    counts = _given_counts(counts)
    true_digit = given_count(true_digit, "true_digit", 0, 9)
    row = counts[true_digit].astype(np.int64)     # a copy that can hold −1, whatever the counts' dtype
    row[true_digit] = -1
    best = int(np.argmax(row))
    tied = np.flatnonzero(row == row[best])
    d = read_answer(answer, tr("a digit, 0–9"), whole=True)
    if not 0 <= d <= 9:
        return miss(tr("the answer is one digit, 0–9."))
    if d == true_digit:
        return miss(tr("that is the diagonal (the right answers); look along row {true_digit} for the biggest "
                       "number OFF the diagonal.", true_digit=true_digit))
    if row[best] == 0:
        return not_yet(tr("this network never got a {true_digit} wrong: row {true_digit} is 0 off the diagonal, "
                          "so there is no digit to name.", true_digit=true_digit))
    if len(tied) > 1 and d in tied:
        return not_yet(tr("{n} of the {true_digit}s were called {d}, but as many were called {others}: a tie, so "
                          "the question has no single answer for this network.", n=row[best], true_digit=true_digit,
                          d=d, others=tr(" and ").join(str(t) for t in tied if t != d)))
    if d == best:
        return right(tr("{n} of the {total} test {true_digit}s were called {d}. Look at some in the worst-mistakes "
                        "picture: many are honestly ambiguous.", n=row[d], total=counts[true_digit].sum(),
                        true_digit=true_digit, d=d))
    if counts[d, true_digit] >= row[best]:
        return miss(tr("you read the column: counts[{d}, {true_digit}] is {d}s called {true_digit}. Rows are the "
                       "true digit.", d=d, true_digit=true_digit))
    return miss()


@checker(hints=[N_("each pixel adds weight × activation to the weighted sum, and an activation can only be "
                   "between 0 and 1. Which value should a pixel with a positive weight get?"),
                N_("and a pixel with a negative weight? Build the image from the sign of each of "
                   "net.weights[0][{neuron}] (a comparison gives True/False; .astype(float) makes it 1/0).")],
         solution=lambda a: tr("x = (shipped.weights[0][{neuron}] > 0).astype(float): white where the weight is "
                               "positive, black where it is negative. Then every pixel adds as much as it can.",
                               neuron=a.neuron),
         answers=("x",))
def check_favourite_image(x, net, neuron: int = 3) -> Feedback:
    """Notebook 11: an image x (784 activations in [0, 1]) that lights first-hidden-layer neuron
    `neuron` of `net` up as much as any image can: σ(w·x + b) is largest when x is 1 where w > 0
    and 0 where w < 0."""
    net = given_network(net)
    neuron = given_count(neuron, "neuron", 0, net.sizes[1] - 1)
    w, b = net.weights[0][neuron], net.biases[0][neuron]
    x = read_answer(x, tr("an image: {n} activations", n=w.size), shape=w.shape)
    if x.min() < 0 or x.max() > 1:
        return miss(tr("pixels are activations between 0 (black) and 1 (white): the best image can only use "
                       "values in that range."))
    best = (w > 0).astype(float)
    z, z_best = float(w @ x + b), float(w @ best + b)
    if z >= z_best - 1e-9:
        return right(tr("weighted sum {z:.1f}, the largest possible: white wherever the weight is positive (green "
                        "in the heat map), black wherever it is negative. That is what gradient ascent finds too.",
                        z=z))
    if np.allclose(x, (w < 0).astype(float)):
        return miss(tr("that image makes the weighted sum as SMALL as possible: swap black and white."))
    return miss(tr("your weighted sum is {z:.1f}; the best is {best:.1f}.", z=z, best=z_best))
