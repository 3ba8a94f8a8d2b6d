"""MNIST-style pre-processing (mlp_core/preprocess.py) on real digits.

Checked against independent oracles (block means, np.average, np.roll on a padded frame) and on
real MNIST digits from the bundled sample: a digit rescaled and moved off-centre, as a learner
would draw it, must come back to where it started and be read as before.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlp_core import load_sample
from mlp_core.preprocess import (
    BOX,
    SIDE,
    EmptyDrawingError,
    as_grey,
    centre_by_mass,
    centre_of_mass,
    crop_to_ink,
    fit_in_box,
    ink_box,
    move_digit,
    network_input,
    off_centre,
    preprocess,
    preprocess_steps,
    resample_matrix,
    resize,
    shift,
)

SAMPLE, LABELS = load_sample()
DIGITS = SAMPLE.reshape(-1, SIDE, SIDE).astype(float)


# ---- resampling and centring against independent oracles ----------------------------------
def test_shrinking_by_a_whole_factor_is_the_mean_of_each_block():
    rng = np.random.default_rng(1)
    img = rng.random((40, 60))
    expected = img.reshape(20, 2, 30, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(resize(img, (20, 30)), expected, atol=1e-12)


@pytest.mark.parametrize("n_in,n_out", [(7, 3), (140, 20), (20, 20), (5, 13), (1, 4), (4, 1)])
def test_resample_matrix_rows_are_weights_that_sum_to_one(n_in, n_out):
    R = resample_matrix(n_in, n_out)
    assert R.shape == (n_out, n_in)
    assert np.all(R >= 0)
    np.testing.assert_allclose(R.sum(axis=1), 1.0, atol=1e-12)
    if n_in == n_out:
        np.testing.assert_array_equal(R, np.eye(n_in))


def test_shrinking_keeps_the_amount_of_ink():
    # area averaging: total ink scales exactly with the area ratio
    rng = np.random.default_rng(2)
    img = rng.random((84, 56))
    small = resize(img, (20, 13))
    assert small.sum() * (84 * 56) / (20 * 13) == pytest.approx(img.sum(), rel=1e-9)


def test_growing_interpolates_linearly_between_pixel_centres():
    row = np.array([[0.0, 1.0]])
    np.testing.assert_allclose(resize(row, (1, 4)), [[0.0, 0.25, 0.75, 1.0]])


def test_centre_of_mass_matches_numpys_weighted_average():
    img = DIGITS[3]
    r, c = centre_of_mass(img)
    rows, cols = np.indices(img.shape)
    assert r == pytest.approx(np.average(rows, weights=img))
    assert c == pytest.approx(np.average(cols, weights=img))


def test_shift_moves_pixels_and_fills_with_black():
    img = DIGITS[0]
    padded = np.pad(img, 10)
    expected = np.roll(np.roll(padded, 3, axis=0), -5, axis=1)[10:-10, 10:-10]
    np.testing.assert_array_equal(shift(img, 3, -5), expected)
    assert not shift(img, SIDE, 0).any()


def test_ink_box_and_crop():
    img = np.zeros((10, 12))
    img[2:5, 3:9] = 0.5
    assert ink_box(img) == (2, 5, 3, 9)
    assert crop_to_ink(img).shape == (3, 6)
    with pytest.raises(EmptyDrawingError, match="nothing drawn"):
        ink_box(np.zeros((5, 5)))


def test_fit_in_box_keeps_the_aspect_ratio():
    assert fit_in_box(np.ones((100, 25))).shape == (20, 5)     # a tall 1 stays thin
    assert fit_in_box(np.ones((30, 90))).shape == (7, 20)
    assert fit_in_box(np.ones((4, 2))).shape == (20, 10)       # small ink is enlarged


# ---- the whole pre-processing on real digits -----------------------------------------------
def test_a_real_mnist_digit_comes_through_unchanged():
    # MNIST digits already are fitted and centred, so pre-processing must leave them alone
    same = np.mean([np.array_equal(preprocess(d), d.reshape(-1)) for d in DIGITS])
    assert same >= 0.99, f"only {same:.1%} of real digits came through unchanged"


def test_every_sample_digit_has_its_centre_of_mass_at_14_14():
    # the fact CENTRE rests on, measured on the real digits
    com = np.array([centre_of_mass(d) for d in DIGITS])
    assert np.all(np.abs(com - 14.0) <= 0.5 + 1e-9)


def test_preprocess_output_is_784_activations_in_0_1_fitted_and_centred(moved):
    images, _ = moved
    for x in images[:200]:
        out = preprocess(x.reshape(SIDE, SIDE))
        assert out.shape == (SIDE * SIDE,) and out.dtype == float
        assert out.min() >= 0 and out.max() <= 1
        top, bottom, left, right = ink_box(out.reshape(SIDE, SIDE))
        assert max(bottom - top, right - left) == BOX
        r, c = centre_of_mass(out.reshape(SIDE, SIDE))
        assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9


def test_moved_digits_really_are_off_centre_and_rescaled(moved):
    images, params = moved
    assert params[:, 0].min() < 0.6 and params[:, 0].max() > 1.2
    coms = np.array([centre_of_mass(x.reshape(SIDE, SIDE)) for x in images])
    assert np.mean(np.abs(coms - 14).max(axis=1) > 2) > 0.5   # most are > 2 pixels off
    again = off_centre(SAMPLE[:50], seed=0)[0]
    np.testing.assert_array_equal(again, images[:50])            # seeded


def test_shifted_and_rescaled_digits_come_back_to_within_a_pixel(moved):
    images, _ = moved
    before = np.array([centre_of_mass(d) for d in DIGITS])
    after = np.array([centre_of_mass(preprocess(x.reshape(SIDE, SIDE)).reshape(SIDE, SIDE)) for x in images])
    assert np.abs(after - before).max() <= 1.0


def test_a_digit_only_shifted_comes_back_exactly():
    d = DIGITS[11]
    assert ink_box(d) == (7, 21, 6, 26)
    x = move_digit(d, 1.0, (-6, -5))   # to the top-left corner
    assert not np.array_equal(x, d)
    np.testing.assert_array_equal(preprocess(x), preprocess(d))


def test_moved_digits_are_read_as_before_after_preprocessing(pretrained, moved):
    images, _ = moved
    before = pretrained.predict(SAMPLE.astype(float))
    raw = pretrained.predict(np.array([network_input(x.reshape(SIDE, SIDE), "none") for x in images]))
    centred = pretrained.predict(np.array([network_input(x.reshape(SIDE, SIDE), "mnist") for x in images]))
    same_raw, same_centred = np.mean(raw == before), np.mean(centred == before)
    assert same_centred >= 0.9, f"only {same_centred:.1%} read as before after pre-processing"
    assert same_centred >= same_raw + 0.3, (same_raw, same_centred)
    accuracy = np.mean(centred == LABELS)
    assert accuracy >= pretrained.accuracy(SAMPLE.astype(float), LABELS) - 0.05


def test_centring_by_mass_beats_centring_the_box(pretrained, moved):
    images, _ = moved
    box = pretrained.predict(np.array([network_input(x.reshape(SIDE, SIDE), "box") for x in images]))
    mass = pretrained.predict(np.array([network_input(x.reshape(SIDE, SIDE), "mnist") for x in images]))
    assert np.mean(mass == LABELS) > np.mean(box == LABELS) + 0.05


def test_steps_are_the_documented_chain():
    steps = preprocess_steps(move_digit(DIGITS[5], 0.7, (3, -4)))
    assert list(steps) == ["grey", "cropped", "fitted", "framed", "centred"]
    assert steps["fitted"].shape[0] == BOX or steps["fitted"].shape[1] == BOX
    np.testing.assert_array_equal(steps["centred"], centre_by_mass(steps["framed"]))


# ---- bad input -----------------------------------------------------------------------------
def test_empty_drawing_raises_a_friendly_error():
    with pytest.raises(EmptyDrawingError, match="nothing drawn"):
        preprocess(np.zeros((140, 140)))
    with pytest.raises(EmptyDrawingError):
        network_input(np.zeros((140, 140)), "none")


@pytest.mark.parametrize("bad,error,words", [
    (np.zeros(784), ValueError, "reshape(28, 28)"),
    (np.zeros((2, 28, 28)), ValueError, "2-D"),
    (np.zeros((28, 28), dtype=np.int64), TypeError, "uint8"),
    (np.zeros((28, 28), dtype=bool), TypeError, "boolean"),
    (np.full((28, 28), 255.0), ValueError, "Divide a 0–255 image by 255"),
    (np.full((28, 28), np.nan), ValueError, "NaN"),
    (np.zeros((0, 28)), ValueError, "empty"),
    ("a seven", TypeError, "numpy array"),
    (None, TypeError, "numpy array"),
    (np.array([["a"]]), TypeError, "dtype"),
])
def test_bad_images_are_refused_with_a_clear_error(bad, error, words):
    with pytest.raises(error) as info:
        preprocess(bad)
    assert words in str(info.value)


def test_uint8_and_colour_images_are_understood():
    d = DIGITS[2]
    as_bytes = np.round(d * 255).astype(np.uint8)
    np.testing.assert_allclose(as_grey(as_bytes), np.round(d * 255) / 255)
    rgb = np.repeat(d[..., None], 3, axis=2)
    np.testing.assert_allclose(as_grey(rgb), d, atol=1e-12)
    rgba = np.concatenate([rgb, np.zeros((SIDE, SIDE, 1))], axis=2)   # fully transparent = black
    assert not as_grey(rgba).any()


def test_move_digit_refuses_to_push_ink_out_of_the_frame():
    with pytest.raises(ValueError, match="would leave"):
        move_digit(DIGITS[0], 1.0, (20, 0))
    with pytest.raises(ValueError, match="28×28"):
        move_digit(np.zeros((30, 30)), 1.0)
    with pytest.raises(ValueError, match="scale"):
        move_digit(DIGITS[0], 0.0)


def test_unknown_preprocessing_is_refused():
    with pytest.raises(ValueError, match="mnist"):
        network_input(DIGITS[0], "centred")


