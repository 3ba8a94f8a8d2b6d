"""Checkers of notebook 01 · Pixels as neurons."""

from __future__ import annotations

import numpy as np

from ._shared import sample_digit
from .feedback import Feedback, checker, given_count, miss, read_answer, right

__all__ = ["check_pixel_activation", "check_neuron_number", "check_black_pixel_count"]


def _pixel(index, row, col):
    row, col = given_count(row, "row", 0, 27), given_count(col, "col", 0, 27)
    return sample_digit(index).reshape(28, 28).astype(float), row, col


@checker(hints=["images[{index}] is the unrolled column of 784 activations. Fold it back into its 28 × 28 "
                "grid first, then read one pixel.",
                "grid = images[{index}].reshape(28, 28) is the picture; grid[row, column] reads a pixel, "
                "rows first."],
         solution=lambda a: (f"images[{a.index}].reshape(28, 28)[{a.row}, {a.col}] = "
                             f"{_pixel(a.index, a.row, a.col)[0][a.row, a.col]:.4f}: fold the column back into "
                             "its grid, then read row first, column second."))
def check_pixel_activation(answer, index: int = 1, row: int = 12, col: int = 10) -> Feedback:
    """Notebook 01: the activation of pixel (row, col) of sample digit `index`."""
    grid, row, col = _pixel(index, row, col)
    expected = grid[row, col]
    value = read_answer(answer, "an activation")
    if np.isclose(value, expected, atol=5e-3):
        return right(f"pixel (row {row}, column {col}) has activation {expected:.2f}: "
                     f"{'bright, part of the ink' if expected > 0.5 else 'dark'}.")
    if np.isclose(value, grid[col, row], atol=5e-3) and grid[col, row] != expected:
        return miss(f"that is pixel (row {col}, column {row}): you swapped row and column.")
    if value > 1 or value < 0:
        return miss("activations lie between 0 (black) and 1 (white); the sample is already divided by 255.")
    return miss()


@checker(hints=["the column lists row 0 (28 pixels), then row 1, and so on. How many pixels come before "
                "row {row}?",
                "count the full rows before it, times 28, then add the column; counting starts at 0."],
         solution=lambda a: (f"{a.row} * 28 + {a.col} = {a.row * 28 + a.col}: {a.row} full rows of 28 pixels "
                             f"come before it, then {a.col} more in its own row."))
def check_neuron_number(answer, row: int = 20, col: int = 5) -> Feedback:
    """Notebook 01: which of the 784 input neurons holds pixel (row, col)?"""
    row, col = given_count(row, "row", 0, 27), given_count(col, "col", 0, 27)
    expected = row * 28 + col
    n = read_answer(answer, "a neuron number (a whole number from 0 to 783)", whole=True)
    if n == expected:
        return right(f"{row} full rows of 28 come before it, then {col} more: {row} × 28 + {col} = {expected}.")
    if n == col * 28 + row:
        return miss("you swapped row and column: whole ROWS of 28 pixels come one after another.")
    if n == expected + 1:
        return miss("nearly: counting starts at 0, so the very first pixel is neuron 0.")
    if not 0 <= n <= 783:
        return miss("the neurons are numbered 0 to 783.")
    return miss()


@checker(hints=["a pure-black pixel has activation exactly 0. Let numpy compare all 784 at once.",
                "images[{index}] == 0 gives 784 True/False values; np.sum counts the True ones."],
         solution=lambda a: (f"np.sum(images[{a.index}] == 0) = {int(np.sum(sample_digit(a.index) == 0))}: "
                             "most of the picture is black background."))
def check_black_pixel_count(answer, index: int = 0) -> Feedback:
    """Notebook 01: how many pixels of sample digit `index` are pure black (activation exactly 0)?"""
    expected = int(np.sum(sample_digit(index) == 0))
    n = read_answer(answer, "a count", whole=True)
    if n == expected:
        return right(f"{expected} of the 784 pixels are pure black; only {784 - expected} carry any ink.")
    if n == 784 - expected:
        return miss("that counts the pixels with some ink (activation > 0); count those equal to 0.")
    return miss()
