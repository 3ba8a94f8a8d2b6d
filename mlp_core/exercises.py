"""Instant checkers for the exercises at the end of each notebook.

Each checker takes the learner's answer and returns a `Feedback` that shows as
"✔ Right" or "✘ Not yet" with a hint, in the notebook and as plain text:

    from mlp_core.exercises import check_parameter_count
    check_parameter_count(784 * 16 + 16)     # ✘ Not yet: that is only the first layer ...

Checkers compute the expected answer themselves (from the network, the sample, the
maths) rather than storing it, so they stay right when the network changes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "right", "not_yet", "check_close", "check_equal"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ok, and a message (a confirmation or a hint)."""

    ok: bool
    message: str

    def __str__(self):
        return f"{'✔ Right' if self.ok else '✘ Not yet'}: {self.message}"

    __repr__ = __str__

    def __bool__(self):
        return self.ok

    def _repr_html_(self):
        colour, mark, word = ("#1a7f37", "✔", "Right") if self.ok else ("#b35900", "✘", "Not yet")
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{mark} {word}:</b> {html.escape(self.message)}</div>')


def right(message: str) -> Feedback:
    return Feedback(True, message)


def not_yet(hint: str) -> Feedback:
    return Feedback(False, hint)


def _as_number(answer, what: str):
    if isinstance(answer, (bool, np.bool_)):
        return None, not_yet(f"expected {what} (a number), got {answer!r}")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, not_yet(f"expected {what} (a number), got {type(answer).__name__} {answer!r}")
    return value, None


def check_close(answer, expected, *, what: str, hint: str, rtol: float = 1e-6, atol: float = 1e-9,
                praise: str = "") -> Feedback:
    """Right when `answer` has the shape of `expected` and is numerically close to it."""
    value, problem = _as_number(answer, what)
    if problem is not None:    # a Feedback is falsy when not ok: test for None
        return problem
    expected = np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        return not_yet(f"expected {what} with shape {expected.shape}, got shape {value.shape}. {hint}")
    if not np.all(np.isfinite(value)):
        return not_yet(f"{what} contains NaN or infinity. {hint}")
    if np.allclose(value, expected, rtol=rtol, atol=atol):
        return right(praise or f"{what} is correct.")
    return not_yet(hint)


def check_equal(answer, expected, *, what: str, hint: str, praise: str = "") -> Feedback:
    """Right when `answer` equals `expected` exactly (ints, strings, tuples)."""
    if isinstance(expected, (int, np.integer)) and isinstance(answer, (bool, np.bool_)):
        return not_yet(f"expected {what} (a whole number), got {answer!r}")
    try:
        same = bool(np.all(np.asarray(answer) == np.asarray(expected))) and np.shape(answer) == np.shape(expected)
    except (TypeError, ValueError):
        same = False
    return right(praise or f"{what} is correct.") if same else not_yet(hint)


# ---- checkers of the notebooks (each notebook's section below) ---------------------------
