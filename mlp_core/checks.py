"""Input checks shared by the whole package: one place that says what a valid value is.

Every function here either returns the value in the form the caller computes with, or raises a
`TypeError` (the wrong kind of thing) or `ValueError` (the right kind, a wrong value) whose
message names the argument, what was expected and what came in. Nothing is coerced silently:
`True` is not the number 1, the text "3" is not the number 3, and 2.5 is not a whole number.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata

import numpy as np

from .i18n import tr

__all__ = ["finite_number", "positive_number", "shown", "number_from_text", "activation_problem"]


def finite_number(value, name: str, *, lo: float | None = None, hi: float | None = None,
                  integer: bool = False):
    """`value` as a float (an int if `integer`), checked to be a real, finite number.

    lo ≤ value ≤ hi where either bound is given. Accepts Python and numpy ints and floats;
    refuses bool, complex, text, None, NaN and ±inf, and (with `integer`) any non-whole value.
    """
    # bool is not 1, and numpy files a time span (timedelta64) under the integers: neither is a number here
    if isinstance(value, (bool, np.bool_, np.timedelta64)) or not isinstance(value, numbers.Real):
        if integer:
            raise TypeError(tr("{name} must be a whole number, got {kind} {got}", name=name,
                               kind=type(value).__name__, got=shown(value)))
        raise TypeError(tr("{name} must be a number, got {kind} {got}", name=name, kind=type(value).__name__,
                           got=shown(value)))
    try:
        as_float = float(value)
    except OverflowError:       # an int too large for a float
        as_float = math.inf
    except Exception as err:    # noqa: BLE001 -- a learner's own number type whose __float__ fails
        raise TypeError(tr("{name} must be a number, got {kind} {got}", name=name, kind=type(value).__name__,
                           got=shown(value))) from err
    if not math.isfinite(as_float):
        raise ValueError(tr("{name} must be a finite number, got {got}", name=name, got=shown(value)))
    if integer and not as_float.is_integer():
        raise ValueError(tr("{name} must be a whole number, got {got}", name=name, got=shown(value)))
    if (lo is not None and as_float < lo) or (hi is not None and as_float > hi):
        low = "-∞" if lo is None else f"{lo:g}"
        high = "∞" if hi is None else f"{hi:g}"
        raise ValueError(tr("{name} must lie between {low} and {high}, got {got}", name=name, low=low, high=high,
                            got=shown(value)))
    return int(value) if integer else as_float


_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def number_from_text(text: str, name: str, *, lo: float, hi: float, integer: bool = False):
    """The number a learner typed into a text box, read exactly as typed, else a ValueError.

    Spaces around it are ignored, and full-width characters typed with a Chinese or Japanese input
    method ("５", "１０", "－０．５") read as their usual form (Unicode NFKC); nothing else is forgiven or guessed: with `integer` only
    plain digits (an optional sign) are a whole number, so "3.7" and "1e9" are refused, not
    read as 37 or 19 (what a box that drops the keys it does not like makes of them). Without
    it, decimals and powers of ten ("0.25", "1e-2") are fine, "nan" and "inf" are not.
    The message names the box, what it wants (a whole number between lo and hi) and what came.
    """
    if not isinstance(text, str):
        raise TypeError(tr("{name} must be text typed into a box, got {kind} {got}", name=name, kind=type(text).__name__,
                           got=shown(text)))
    fields = dict(name=name, low=lo, high=hi, got=shown(text))
    wanted = (tr("{name} must be a whole number between {low:g} and {high:g}, got {got}", **fields) if integer else
              tr("{name} must be a number between {low:g} and {high:g}, got {got}", **fields))
    typed = unicodedata.normalize("NFKC", text).strip()    # "５", "１０", "－３" from a Chinese input method
    if not (_WHOLE if integer else _DECIMAL).fullmatch(typed):
        raise ValueError(wanted + (tr(" (an empty box)") if not typed else ""))
    value = int(typed) if integer else float(typed)
    if not lo <= value <= hi:
        raise ValueError(wanted)
    return value


def shown(value, limit: int = 40) -> str:
    """repr(value) on one line, cut to `limit` characters, so a message about a huge answer, or one
    whose repr spans lines (a pandas Series, a 2-D array), stays one line."""
    try:
        text = repr(value)
    except Exception:           # noqa: BLE001 -- a learner's object whose __repr__ fails
        text = f"<{type(value).__name__} object>"
    text = " ".join(line.strip() for line in text.splitlines())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def positive_number(value, name: str, *, integer: bool = False):
    """`value` checked as by `finite_number`, and > 0 (with `integer`: a whole number ≥ 1)."""
    number = finite_number(value, name, integer=integer)
    if number <= 0:
        if integer:
            raise ValueError(tr("{name} must be a whole number ≥ 1, got {got}", name=name, got=shown(value)))
        raise ValueError(tr("{name} must be a number > 0, got {got}", name=name, got=shown(value)))
    return number


def activation_problem(values) -> str | None:
    """None if every value is an activation, a number in [0, 1] (0 = black, 1 = white); else what
    is wrong, as one sentence. The one place that says what an activation is.

    A largest value from 2 to 255 with none below 0 looks like a 0–255 image: the sentence then
    says to divide by 255. The values are shown with as many digits as it takes to tell them from
    the bounds: 1 + 1e−16 reads 1.0000000000000002, not 1.
    """
    a = np.asarray(values, dtype=float)
    if a.size == 0:
        return None
    low, high = float(a.min()), float(a.max())       # NaN spreads to both
    if not (math.isfinite(low) and math.isfinite(high)):
        return tr("the input contains NaN or infinite values; every activation must be a number in [0, 1]")
    if 0 <= low and high <= 1:
        return None
    fields = dict(low=_beside_bound(low), high=_beside_bound(high))
    if low >= 0 and 2 <= high <= 255:
        return tr("activations must lie in [0, 1] (0 = black, 1 = white), got values from {low} to {high}. Divide "
                  "a 0–255 image by 255.", **fields)
    return tr("activations must lie in [0, 1] (0 = black, 1 = white), got values from {low} to {high}.", **fields)


def _beside_bound(value: float) -> str:
    """value in 6 significant digits, or all of them where fewer would make it look like 0 or 1."""
    short = f"{value:g}"
    return repr(value) if float(short) in (0.0, 1.0) and value not in (0.0, 1.0) else short
