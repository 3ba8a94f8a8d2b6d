"""Checkers of notebook 01 · Pixels as neurons."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import sample, sample_digit
from .feedback import Feedback, checker, given_count, miss, read_answer, right

__all__ = ["check_pixel_activation", "check_neuron_number", "check_black_pixel_count", "check_most_ink_digit"]


def _pixel(index, row, col):
    row, col = given_count(row, "row", 0, 27), given_count(col, "col", 0, 27)
    return sample_digit(index).reshape(28, 28).astype(float), row, col


@checker(hints=[N_("images[{index}] is the unrolled column of 784 activations. Fold it back into its 28 × 28 "
                   "grid first, then read one pixel."),
                N_("grid = images[{index}].reshape(28, 28) is the picture; grid[row, column] reads a pixel, "
                   "rows first.")],
         solution=lambda a: tr("images[{index}].reshape(28, 28)[{row}, {col}] = {value:.4f}: fold the column back "
                               "into its grid, then read row first, column second.", index=a.index, row=a.row,
                               col=a.col, value=_pixel(a.index, a.row, a.col)[0][a.row, a.col]))
def check_pixel_activation(answer, index: int = 1, row: int = 12, col: int = 10) -> Feedback:
    """Notebook 01: the activation of pixel (row, col) of sample digit `index`."""
    grid, row, col = _pixel(index, row, col)
    expected = grid[row, col]
    value = read_answer(answer, tr("an activation"))
    if np.isclose(value, expected, atol=5e-3):
        if expected > 0.5:
            return right(tr("pixel (row {row}, column {col}) has activation {value:.2f}: bright, part of the ink.",
                            row=row, col=col, value=expected))
        return right(tr("pixel (row {row}, column {col}) has activation {value:.2f}: dark.",
                        row=row, col=col, value=expected))
    if np.isclose(value, grid[col, row], atol=5e-3) and grid[col, row] != expected:
        return miss(tr("that is pixel (row {col}, column {row}): you swapped row and column.", row=row, col=col))
    if value > 1 or value < 0:
        return miss(tr("activations lie between 0 (black) and 1 (white); the sample is already divided by 255."))
    return miss()


@checker(hints=[N_("the column lists row 0 (28 pixels), then row 1, and so on. How many pixels come before "
                   "row {row}?"),
                N_("count the full rows before it, times 28, then add the column; counting starts at 0.")],
         solution=lambda a: tr("{row} * 28 + {col} = {n}: {row} full rows of 28 pixels come before it, then {col} "
                               "more in its own row.", row=a.row, col=a.col, n=a.row * 28 + a.col))
def check_neuron_number(answer, row: int = 20, col: int = 5) -> Feedback:
    """Notebook 01: which of the 784 input neurons holds pixel (row, col)?"""
    row, col = given_count(row, "row", 0, 27), given_count(col, "col", 0, 27)
    expected = row * 28 + col
    n = read_answer(answer, tr("a neuron number (a whole number from 0 to 783)"), whole=True)
    if n == expected:
        return right(tr("{row} full rows of 28 come before it, then {col} more: {row} × 28 + {col} = {n}.",
                        row=row, col=col, n=expected))
    if n == col * 28 + row:
        return miss(tr("you swapped row and column: whole ROWS of 28 pixels come one after another."))
    if n == expected + 1:
        return miss(tr("nearly: counting starts at 0, so the very first pixel is neuron 0."))
    if not 0 <= n <= 783:
        return miss(tr("the neurons are numbered 0 to 783."))
    return miss()


@checker(hints=[N_("a pure-black pixel has activation exactly 0. Let numpy compare all 784 at once."),
                N_("images[{index}] == 0 gives 784 True/False values; np.sum counts the True ones.")],
         solution=lambda a: tr("np.sum(images[{index}] == 0) = {n}: most of the picture is black background.",
                               index=a.index, n=int(np.sum(sample_digit(a.index) == 0))))
def check_black_pixel_count(answer, index: int = 0) -> Feedback:
    """Notebook 01: how many pixels of sample digit `index` are pure black (activation exactly 0)?"""
    expected = int(np.sum(sample_digit(index) == 0))
    n = read_answer(answer, tr("a count"), whole=True)
    if n == expected:
        return right(tr("{black} of the 784 pixels are pure black; only {inked} carry any ink.",
                        black=expected, inked=784 - expected))
    if n == 784 - expected:
        return miss(tr("that counts the pixels with some ink (activation > 0); count those equal to 0."))
    return miss()


def _average_ink() -> np.ndarray:
    """Each digit's average ink (the sum of its 784 activations) over the bundled sample, digits 0–9."""
    images, labels = sample()
    return np.array([images[labels == d].astype(float).sum(axis=1).mean() for d in range(10)])


@checker(hints=[N_("for one digit d, images[labels == d] keeps its examples (a mask); .sum(axis=1) gives each "
                   "example's ink and .mean() their average. Do that for every digit."),
                N_("put the ten averages in a list, digit 0 first; np.argmax(...) gives the position of the "
                   "largest, and that position is the digit.")],
         solution=lambda a: tr("ink = [images[labels == d].sum(axis=1).mean() for d in range(10)]; "
                               "int(np.argmax(ink)) = {digit}: its examples carry {ink:.1f} units of ink on average.",
                               digit=int(np.argmax(_average_ink())), ink=_average_ink().max()))
def check_most_ink_digit(answer) -> Feedback:
    """Notebook 01: which digit has the most ink (sum of its activations) on average in the sample?"""
    ink = _average_ink()
    order = np.argsort(-ink)
    digit = read_answer(answer, tr("a digit 0–9"), whole=True)
    if not 0 <= digit <= 9:
        return miss(tr("a digit is a whole number from 0 to 9."))
    if digit == order[0]:
        return right(tr("the {digit}: {ink:.0f} units of ink on average, ahead of the {second} ({second_ink:.0f}); "
                        "the {last} has the least ({last_ink:.0f}).", digit=digit, ink=ink[digit], second=order[1],
                        second_ink=ink[order[1]], last=order[-1], last_ink=ink[order[-1]]))
    if digit == order[1]:
        return miss(tr("close: the {digit} comes second. Compare all ten averages.", digit=digit))
    return miss()
