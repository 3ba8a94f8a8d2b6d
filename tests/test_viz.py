"""The pictures and widgets of notebooks 01 and 03 (mlp_core.viz), the pictures checked by what their
artists hold (colour limits, texts, bar heights), the widgets driven from Python as a learner would
move their controls, all against independent numpy computations on real digits.
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


def test_pixel_explorer_reads_the_chosen_pixel(sample):
    images, labels = sample
    box = viz.pixel_explorer(images, labels)
    before = box.image.png
    box.controls["digit"].value = 3
    box.controls["example"].value = "7"          # a text box: what the learner typed
    box.controls["row"].value = 14
    box.controls["col"].value = 12
    index = int(np.flatnonzero(labels == 3)[7])
    value = images[index].reshape(28, 28)[14, 12]
    assert box.state["index"] == index
    assert box.state["activation"] == pytest.approx(value)
    assert f"{value:.2f}" in box.readout.value and "= 404" in box.readout.value   # 14·28 + 12
    assert box.error.value == "" and box.image.png != before


def test_pixel_explorer_says_what_is_wrong_with_a_bad_example_number(sample):
    images, labels = sample
    box = viz.pixel_explorer(images, labels)
    box.controls["example"].value = "500"
    assert "between 0 and 199" in box.error.value and "500" in box.error.value
    box.controls["example"].value = "2"
    assert box.error.value == ""


@pytest.mark.parametrize("typed", ["3.7", "1e9", "abc", "", "-1", "200", "2 5", "७"])
def test_pixel_explorer_never_reads_a_typed_example_as_another_number(sample, typed):
    # An IntText box dropped "." and "e" in the browser: 3.7 became 37 and 1e9 became 19,
    # without a word. The box now passes on exactly what was typed, and a picture that
    # cannot follow its controls says so on itself.
    images, labels = sample
    box = viz.pixel_explorer(images, labels, digit=3, example=4)
    good_png, good_index = box.image.png, box.state["index"]
    box.controls["example"].value = typed
    assert "example must be a whole number between 0 and 199" in box.error.value
    assert repr(typed) in box.error.value.replace("&#x27;", "'")
    assert box.state["index"] == good_index
    assert box.image.png != good_png and "not updated" in box.readout.value
    box.controls["row"].value = 20          # the other controls move, the picture still says why it cannot
    assert "example must be" in box.error.value and box.image.png != good_png
    box.controls["row"].value = 7
    box.controls["example"].value = " 4 "
    assert box.error.value == "" and box.image.png == good_png and "not updated" not in box.readout.value
    with pytest.raises(ValueError, match="example must be a whole number"):
        viz.pixel_explorer(images, labels, example=3.7)
    with pytest.raises(ValueError, match="pixel"):
        viz.pixel_explorer(images, labels, pixel=(30, 2))


def test_region_explorer_sum_equals_the_ink_in_the_region(shown):
    images, labels = shown
    box = viz.region_explorer(images, labels)
    before = box.image.png
    box.controls["rows"].value = (3, 20)
    box.controls["cols"].value = (12, 15)
    np.testing.assert_allclose(box.state["weighted_sums"], region_sums_by_hand(images, (3, 21), (12, 16)),
                               rtol=1e-6)
    heights = [bar.get_height() for bar in box.state["fig"].mlp_parts["bars"]]
    np.testing.assert_allclose(heights, box.state["weighted_sums"])
    assert box.image.png != before and box.error.value == ""
    best = int(np.argmax(box.state["weighted_sums"]))
    assert f"for the {labels[best]}" in box.readout.value


def test_region_explorer_edge_detector_is_centre_minus_surround(shown):
    images, labels = shown
    box = viz.region_explorer(images, labels, rows=(5, 8), cols=(8, 21))
    assert box.controls["rows"].value == (5, 7)      # the slider shows first and last, both painted
    box.controls["kind"].value = "edge: +1 centre, −1 surround"
    inside = region_sums_by_hand(images, (5, 8), (8, 21))
    frame = region_sums_by_hand(images, (4, 9), (7, 22)) - inside
    np.testing.assert_allclose(box.state["weighted_sums"], inside - frame, rtol=1e-6, atol=1e-9)
    assert "39 weights are +1, 36 are −1" in box.readout.value
