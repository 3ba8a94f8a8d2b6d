"""The pictures of notebooks 01–05 (mlp_core.viz), checked by what their artists hold
(colour limits, texts, bar heights) against independent numpy computations on real digits.
"""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from helpers import region_sums_by_hand

from mlp_core import digits, viz


def _images_of(fig):
    return [im for ax in fig.axes for im in ax.get_images()]


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_weight_colours_are_red_black_green():
    r0, g0, b0, _ = viz.weight_cmap()(0.0)     # most negative
    rm, gm, bm, _ = viz.weight_cmap()(0.5)     # zero
    r1, g1, b1, _ = viz.weight_cmap()(1.0)     # most positive
    assert r0 > 0.8 and r0 > 2 * g0 and r0 > 2 * b0, "negative weights must be red"
    assert g1 > 0.8 and g1 > 2 * r1 and g1 > b1, "positive weights must be green"
    assert rm + gm + bm < 0.05, "a weight of 0 must be (nearly) black"


def test_weight_colours_get_brighter_away_from_zero_on_both_sides():
    lightness = [colorsys.rgb_to_hls(*viz.weight_cmap()(t)[:3])[1] for t in np.linspace(0, 1, 21)]
    left, right = lightness[:11], lightness[10:]
    assert all(a >= b for a, b in zip(left, left[1:])), "red side must darken towards 0"
    assert all(a <= b for a, b in zip(right, right[1:])), "green side must brighten away from 0"
    # equally big + and − weights look equally strong
    assert abs(lightness[0] - lightness[-1]) < 0.12


def test_weight_heat_map_scale_is_symmetric_and_has_a_colour_bar():
    w = np.zeros(784)
    w[100], w[200] = 0.5, -2.0
    fig = viz.plot_weights(w)
    image = _images_of(fig)[0]
    vmin, vmax = image.get_clim()
    assert vmin == -vmax == -2.0
    assert len(fig.axes) == 2, "the heat map needs its colour bar"
    rgba = image.to_rgba(image.get_array())
    pos, neg, zero = rgba[100 // 28, 100 % 28], rgba[200 // 28, 200 % 28], rgba[0, 0]
    assert pos[1] > 3 * pos[0] and pos[1] > 0.2, "a positive weight (a quarter of the scale) is drawn green"
    assert neg[0] > 2 * neg[1] and neg[0] > 0.8, "the most negative weight is drawn bright red"
    assert zero[:3].sum() < 0.05, "a zero weight is drawn black"


def test_all_zero_weights_still_draw():
    image = _images_of(viz.plot_weights(np.zeros(784)))[0]
    assert image.get_clim() == (-1.0, 1.0)


def test_digit_grid_prints_every_grey_value(sample):
    images, labels = sample
    fig = viz.plot_digit_grid(images[0], labels[0])
    texts = _texts(fig)
    assert len(texts) == 784
    grid = images[0].reshape(28, 28)
    # the text printed at (row 7, column 16) is that pixel's value
    ax = fig.axes[0]
    at = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert at[(7, 16)] == f"{grid[7, 16]:.2f}"[1:] and grid[7, 16] < 1
    assert at[(0, 0)] == "0"


def test_digit_grid_zoom_shows_the_real_row_numbers(sample):
    images, _ = sample
    fig = viz.plot_digit_grid(images[0], rows=(5, 10), cols=(12, 20))
    assert len(_texts(fig)) == 5 * 8
    assert list(fig.axes[0].get_yticks()) == [5, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="start < stop"):
        viz.plot_digit_grid(images[0], rows=(10, 5))


def test_digits_in_a_row_are_titled_by_their_labels(sample):
    images, labels = sample
    fig = viz.plot_digits(images[:7], labels[:7])
    titled = [ax.get_title() for ax in fig.axes if ax.get_images()]
    assert titled == [str(l) for l in labels[:7]]


def test_unrolled_column_holds_the_784_activations_row_after_row(sample):
    images, labels = sample
    fig = viz.plot_unrolled(images[0], labels[0], row=7)
    column = [im.get_array() for im in _images_of(fig) if im.get_array().shape == (784, 1)]
    assert len(column) == 1
    np.testing.assert_array_equal(np.asarray(column[0]).ravel(), images[0])
    zoom = [t.split(":") for t in _texts(fig) if t.startswith("neuron ")]
    assert len(zoom) == 12
    for name, value in zoom:                  # neurons of row 7 are 7·28 … 7·28 + 27
        n = int(name.split()[1])
        assert 196 <= n <= 223 and value.strip() == f"{images[0][n]:.2f}"


def test_digit_pictures_refuse_bad_input(sample):
    images, _ = sample
    with pytest.raises(ValueError, match="784"):
        viz.plot_digit(images[0][:700])
    with pytest.raises(ValueError, match="255"):
        viz.plot_digit(images[0] * 255)
    with pytest.raises(TypeError):
        viz.plot_digit("a digit")


def test_pixel_view_reads_the_pixel(sample):
    images, labels = sample
    fig = viz.plot_pixel(images[0], (7, 16), labels[0])
    assert viz.update_pixel(fig, images[3], (20, 5), labels[3]) == pytest.approx(images[3][20 * 28 + 5])
    with pytest.raises(ValueError, match="between 0 and 27"):
        viz.update_pixel(fig, images[3], (28, 0))


def test_weighted_sum_picture_shows_the_products_and_their_total(sample):
    images, labels = sample
    w = digits.region_weights((5, 12), (9, 19))
    fig = viz.plot_weighted_sum(w, images[0], labels[0])
    expected = region_sums_by_hand(images[:1], (5, 12), (9, 19))[0]
    assert any(f"{expected:.2f}" in ax.get_title() for ax in fig.axes)
    products = [im.get_array() for im in _images_of(fig)][2]
    np.testing.assert_allclose(np.asarray(products), (w * images[0]).reshape(28, 28))


def test_region_sums_figure_bars_are_the_weighted_sums(shown):
    images, labels = shown
    fig = viz.plot_region_sums(digits.region_weights((5, 12), (9, 19)), images, labels)
    w = digits.region_weights((14, 21), (3, 10))
    sums = viz.update_region_sums(fig, w)
    by_hand = region_sums_by_hand(images, (14, 21), (3, 10))
    np.testing.assert_allclose(sums, by_hand, rtol=1e-6)
    heights = [bar.get_height() for bar in fig.mlp_parts["bars"]]
    np.testing.assert_allclose(heights, by_hand, rtol=1e-6)


@pytest.mark.parametrize("z", [-1000.0, -3.5, 0.0, 2.0, 1000.0])
def test_sigmoid_picture_puts_the_point_on_the_curve(z):
    fig = viz.plot_sigmoid(z)          # RuntimeWarnings are errors in this test suite
    x, y = fig.mlp_parts["point"].get_data()
    assert x[0] == z and y[0] == pytest.approx(1 / (1 + np.exp(-z)) if abs(z) < 700 else float(z > 0))
    lo, hi = fig.mlp_parts["ax"].get_xlim()
    assert lo < z < hi, "the z axis widens to show the point"
    assert fig.mlp_parts["step"].get_visible()


def test_sigmoid_readout_text_at_the_extremes():
    fig = viz.plot_sigmoid(1000)
    assert fig.mlp_parts["label"].get_text() == "σ(1000) ≈ 1"
    viz.update_sigmoid(fig, -30)
    assert "e-14" in fig.mlp_parts["label"].get_text()
    with pytest.raises(ValueError, match="finite"):
        viz.update_sigmoid(fig, float("nan"))


def test_bias_neuron_figure_frames_the_digits_that_switch_it_on(shown):
    images, labels = shown
    w = digits.region_weights((5, 12), (9, 19))
    fig = viz.plot_bias_neuron(w, -10, images, labels)
    z, act = viz.update_bias_neuron(fig, w, -25)
    by_hand = region_sums_by_hand(images, (5, 12), (9, 19))
    np.testing.assert_allclose(z, by_hand, rtol=1e-6)
    np.testing.assert_allclose(act, 1 / (1 + np.exp(-(by_hand - 25))), rtol=1e-9)
    on = [f.get_linewidth() > 2 for f in fig.mlp_parts["frames"]]
    assert on == list(by_hand > 25) and 0 < sum(on) < len(on)
    assert fig.mlp_parts["thresholds"][0].get_xdata()[0] == 25


@pytest.mark.parametrize("scale, multiplier", [(1e-3, "×10⁻³"), (1e-5, "×10⁻⁵"), (1e5, "×10⁵"), (0.5, None)])
def test_colour_bar_of_tiny_or_huge_weights_says_its_multiplier_in_its_label(scale, multiplier):
    w = scale * np.linspace(-1.5, 1.5, 784)
    fig = viz.plot_weights(w)
    fig.draw_without_rendering()
    bar_axis = fig.axes[-1].yaxis
    label = bar_axis.get_label_text()
    assert bar_axis.get_offset_text().get_text() == "", "no multiplier hidden in a corner"
    ticks = [t.get_text() for t in bar_axis.get_ticklabels()]
    if multiplier is None:
        assert "×10" not in label and float(ticks[-1]) == 0.75
    else:
        assert multiplier in label and ticks[-1] == "1.5" and ticks[0] in ("-1.5", "−1.5")
