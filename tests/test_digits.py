"""Image maths on 28×28 digits (mlp_core.digits): ranges, regions of weights, digit parts.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlp_core import digits, load_sample


def ring(tail=False):
    """A hand-made 28×28 test pattern: a square ring, optionally with a tail below it."""
    img = np.zeros((28, 28))
    img[6:15, 8:17] = 1.0
    img[8:13, 10:15] = 0.0
    if tail:
        img[15:24, 15:17] = 1.0
    return img


def test_digit_parts_finds_a_loop_and_a_stroke_exactly():
    parts = digits.digit_parts(ring())
    assert set(parts) == {"loop 1", "stroke"}
    assert parts["loop 1"].sum() == 81 - 25 and parts["stroke"].sum() == 0
    parts = digits.digit_parts(ring(tail=True))
    assert parts["loop 1"].sum() == 56
    # the tail starts 3 rows below the hole, out of reach (2): all 18 of its pixels are stroke
    assert parts["stroke"][15:24, 15:17].all() and parts["stroke"].sum() == 18


def test_digit_parts_on_real_digits_partition_the_ink():
    images, labels = load_sample()
    loops = {}
    for d in (0, 1, 8):
        counts = []
        for x in images[labels == d][:60]:
            parts = digits.digit_parts(x)
            masks = np.array(list(parts.values()))
            assert (masks.sum(axis=0) <= 1).all(), "parts overlap"
            np.testing.assert_array_equal(masks.any(axis=0), x.reshape(28, 28) > 0.35)
            counts.append(sum(name.startswith("loop") for name in parts))
        loops[d] = np.array(counts)
    assert (loops[0] >= 1).mean() > 0.8
    assert (loops[1] == 0).mean() > 0.9
    assert (loops[8] == 2).mean() > 0.5


def test_region_and_edge_weights_refuse_bad_regions():
    with pytest.raises(ValueError, match="start < stop"):
        digits.region_weights((10, 5), (0, 3))
    with pytest.raises(ValueError, match="stop ≤ 28"):
        digits.edge_weights((0, 29), (0, 3))
    with pytest.raises(TypeError, match="whole numbers"):
        digits.region_weights((1.5, 5), (0, 3))
    with pytest.raises(ValueError, match="border"):
        digits.edge_weights((3, 5), (3, 5), border=0)


def test_first_of_each_digit(sample):
    _, labels = sample
    idx = digits.first_of_each_digit(labels, start=3)
    assert [labels[i] for i in idx] == list(range(10))
    assert all(np.sum(labels[:i] == labels[i]) == 3 for i in idx)
    with pytest.raises(ValueError, match="only 200 examples"):
        digits.first_of_each_digit(labels, start=200)
