"""What the checkers take from the rest of mlp_core, imported in this one place.
"""

from __future__ import annotations

import functools

import numpy as np

from ..checks import finite_number
from ..data import load_sample
from ..digits import first_of_each_digit, region_weights
from ..i18n import tr
from ..network import load_pretrained, sigmoid
from .feedback import given_count, not_yet, sized

__all__ = ["sample", "sample_digit", "load_pretrained", "sigmoid", "first_of_each_digit", "region_weights", "layer_sizes",
           "learners_function", "learners_error"]


@functools.lru_cache(maxsize=1)
def sample() -> tuple[np.ndarray, np.ndarray]:
    """The bundled sample (images, labels), loaded once per kernel and read-only."""
    images, labels = load_sample()
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def sample_digit(index) -> np.ndarray:
    """Digit number `index` of the bundled sample (784 activations); an error naming `index` if none."""
    images = sample()[0]
    return images[given_count(index, "index", 0, len(images) - 1)]


def layer_sizes(sizes) -> list[int]:
    """The layer sizes a checker was given, as whole numbers ≥ 1, at least two of them (06, 02)."""
    if (sized(sizes) or 0) < 2:
        raise TypeError(tr("sizes must be a list of at least two layer sizes, got {got}", got=repr(sizes)))
    return [finite_number(s, "sizes", integer=True, lo=1) for s in sizes]


def learners_error(err: Exception) -> str:
    """What to say when the learner's function raised `err`."""
    return tr("your function raised {kind}: {error}", kind=type(err).__name__, error=err)


def learners_function(fn, name, signature):
    """None if `fn` is a function the learner defined; else the "not yet" that asks for one (10, 12)."""
    if fn is None or fn is Ellipsis or not callable(fn):
        return not_yet(tr("define the function {name}{signature} and pass it (without brackets).", name=name,
                          signature=signature))
    return None
