"""What the checkers take from the rest of mlp_core, imported in this one place.
"""

from __future__ import annotations

import functools

import numpy as np

from ..data import load_sample
from ..network import load_pretrained, sigmoid
from ..digits import first_of_each_digit, region_weights

__all__ = ["sample", "sample_digit", "load_pretrained", "sigmoid", "first_of_each_digit", "region_weights"]


@functools.lru_cache(maxsize=1)
def sample() -> tuple[np.ndarray, np.ndarray]:
    """The bundled sample (images, labels), loaded once per kernel and read-only."""
    images, labels = load_sample()
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def sample_digit(index) -> np.ndarray:
    """Digit number `index` of the bundled sample (784 activations); an error naming `index` if none."""
    from .feedback import given_count

    images = sample()[0]
    return images[given_count(index, "index", 0, len(images) - 1)]
