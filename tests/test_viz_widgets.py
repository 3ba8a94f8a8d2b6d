"""Pictures (viz), widgets and exercise checkers of notebooks 01, 03, 04, 05.

Numbers are checked against independent numpy computations on the real sample digits
(e.g. a painted region's weighted sum against the sum of the pixels inside the region),
pictures by what their artists hold (colour limits, texts, bar heights), and widgets by
setting their controls from Python as a learner would by moving them.
"""

from __future__ import annotations

import colorsys

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from mlp_core import load_sample, sigmoid, viz, widgets
from mlp_core import exercises as ex


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def shown(sample):
    images, labels = sample
    idx = widgets.first_of_each_digit(labels)
    return images[idx], labels[idx]


def _images_of(fig):
    return [im for ax in fig.axes for im in ax.get_images()]


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _region_sums_by_hand(images, rows, cols):
    """The ink inside rows first–last, cols first–last (inclusive) of each image: no weights used."""
    grids = images.reshape(len(images), 28, 28).astype(float)
    return grids[:, rows[0]:rows[1] + 1, cols[0]:cols[1] + 1].sum(axis=(1, 2))


# ---- the weight colours ---------------------------------------------------------------

def test_weight_colours_are_red_black_green():
    r0, g0, b0, _ = viz.WEIGHT_CMAP(0.0)     # most negative
    rm, gm, bm, _ = viz.WEIGHT_CMAP(0.5)     # zero
    r1, g1, b1, _ = viz.WEIGHT_CMAP(1.0)     # most positive
    assert r0 > 0.8 and r0 > 2 * g0 and r0 > 2 * b0, "negative weights must be red"
    assert g1 > 0.8 and g1 > 2 * r1 and g1 > b1, "positive weights must be green"
    assert rm + gm + bm < 0.05, "a weight of 0 must be (nearly) black"


def test_weight_colours_get_brighter_away_from_zero_on_both_sides():
    lightness = [colorsys.rgb_to_hls(*viz.WEIGHT_CMAP(t)[:3])[1] for t in np.linspace(0, 1, 21)]
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


# ---- digits ---------------------------------------------------------------------------

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


# ---- weighted sums ----------------------------------------------------------------------

def test_weighted_sum_picture_shows_the_products_and_their_total(sample):
    images, labels = sample
    w = widgets.region_weights((5, 11), (9, 18))
    fig = viz.plot_weighted_sum(w, images[0], labels[0])
    expected = _region_sums_by_hand(images[:1], (5, 11), (9, 18))[0]
    assert any(f"{expected:.2f}" in ax.get_title() for ax in fig.axes)
    products = [im.get_array() for im in _images_of(fig)][2]
    np.testing.assert_allclose(np.asarray(products), (w * images[0]).reshape(28, 28))


def test_region_sums_figure_bars_are_the_weighted_sums(shown):
    images, labels = shown
    fig = viz.plot_region_sums(widgets.region_weights((5, 11), (9, 18)), images, labels)
    w = widgets.region_weights((14, 20), (3, 9))
    sums = viz.update_region_sums(fig, w)
    by_hand = _region_sums_by_hand(images, (14, 20), (3, 9))
    np.testing.assert_allclose(sums, by_hand, rtol=1e-6)
    heights = [bar.get_height() for bar in fig.mlp_parts["bars"]]
    np.testing.assert_allclose(heights, by_hand, rtol=1e-6)


# ---- sigmoid and bias -----------------------------------------------------------------

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
    assert fig.mlp_parts["label"].get_text() == "σ(1000) = ≈ 1"
    viz.update_sigmoid(fig, -30)
    assert "e-14" in fig.mlp_parts["label"].get_text()
    with pytest.raises(ValueError, match="finite"):
        viz.update_sigmoid(fig, float("nan"))


def test_bias_neuron_figure_frames_the_digits_that_switch_it_on(shown):
    images, labels = shown
    w = widgets.region_weights((5, 11), (9, 18))
    fig = viz.plot_bias_neuron(w, -10, images, labels)
    z, act = viz.update_bias_neuron(fig, w, -25)
    by_hand = _region_sums_by_hand(images, (5, 11), (9, 18))
    np.testing.assert_allclose(z, by_hand, rtol=1e-6)
    np.testing.assert_allclose(act, 1 / (1 + np.exp(-(by_hand - 25))), rtol=1e-9)
    on = [f.get_linewidth() > 2 for f in fig.mlp_parts["frames"]]
    assert on == list(by_hand > 25) and 0 < sum(on) < len(on)
    assert fig.mlp_parts["thresholds"][0].get_xdata()[0] == 25


# ---- widgets ------------------------------------------------------------------------------

def _classes(widget):
    return set(widget._dom_classes)


def test_panel_parts_carry_the_css_classes_of_the_dom_contract():
    box = widgets.sigmoid_explorer()
    assert "mlp-widget" in _classes(box)
    assert "mlp-readout" in _classes(box.readout)
    assert "mlp-error" in _classes(box.error)
    assert "mlp-figure" in _classes(box.figure)
    assert isinstance(box.figure, W.Output) and box.image.value[:4] == b"\x89PNG"


def test_panel_shows_an_error_instead_of_raising():
    def draw(n):
        if n > 3:
            raise ValueError(f"n must be at most 3, got {n}")
        fig = Figure()
        fig.add_subplot().plot(range(n + 1))
        return fig

    slider = W.IntSlider(value=1, min=0, max=10)
    box = widgets.panel({"n": slider}, draw, readout=lambda n: f"n = {n}")
    first = box.image.value
    assert box.error.value == "" and first[:4] == b"\x89PNG"
    slider.value = 5                               # must not raise
    assert "n must be at most 3, got 5" in box.error.value
    assert box.readout.value == "n = 5"
    slider.value = 2
    assert box.error.value == "" and box.image.value != first
    assert box.last_redraw_ms > 0


def test_pixel_explorer_reads_the_chosen_pixel(sample):
    images, labels = sample
    box = widgets.pixel_explorer(images, labels)
    before = box.image.value
    box.controls["digit"].value = 3
    box.controls["example"].value = 7
    box.controls["row"].value = 14
    box.controls["col"].value = 12
    index = int(np.flatnonzero(labels == 3)[7])
    value = images[index].reshape(28, 28)[14, 12]
    assert box.state["index"] == index
    assert box.state["activation"] == pytest.approx(value)
    assert f"{value:.2f}" in box.readout.value and "= 404" in box.readout.value   # 14·28 + 12
    assert box.error.value == "" and box.image.value != before


def test_pixel_explorer_says_what_is_wrong_with_a_bad_example_number(sample):
    images, labels = sample
    box = widgets.pixel_explorer(images, labels)
    box.controls["example"].value = 500
    assert "between 0 and 199" in box.error.value and "500" in box.error.value
    box.controls["example"].value = 2
    assert box.error.value == ""


def test_region_explorer_sum_equals_the_ink_in_the_region(shown):
    images, labels = shown
    box = widgets.region_explorer(images, labels)
    before = box.image.value
    box.controls["rows"].value = (3, 20)
    box.controls["cols"].value = (12, 15)
    np.testing.assert_allclose(box.state["weighted_sums"], _region_sums_by_hand(images, (3, 20), (12, 15)),
                               rtol=1e-6)
    heights = [bar.get_height() for bar in box.state["fig"].mlp_parts["bars"]]
    np.testing.assert_allclose(heights, box.state["weighted_sums"])
    assert box.image.value != before and box.error.value == ""
    best = int(np.argmax(box.state["weighted_sums"]))
    assert f"for the {labels[best]}" in box.readout.value


def test_region_explorer_edge_detector_is_centre_minus_surround(shown):
    images, labels = shown
    box = widgets.region_explorer(images, labels, rows=(5, 7), cols=(8, 20))
    box.controls["kind"].value = "edge: +1 centre, −1 surround"
    inside = _region_sums_by_hand(images, (5, 7), (8, 20))
    frame = _region_sums_by_hand(images, (4, 8), (7, 21)) - inside
    np.testing.assert_allclose(box.state["weighted_sums"], inside - frame, rtol=1e-6, atol=1e-9)
    assert "39 weights are +1, 36 are −1" in box.readout.value


def test_region_and_edge_weights_refuse_bad_regions():
    with pytest.raises(ValueError, match="first ≤ last"):
        widgets.region_weights((10, 5), (0, 3))
    with pytest.raises(ValueError, match="between 0 and 27"):
        widgets.edge_weights((0, 28), (0, 3))
    with pytest.raises(ValueError, match="border"):
        widgets.edge_weights((3, 5), (3, 5), border=0)


def test_sigmoid_explorer_is_fine_at_plus_minus_1000():
    box = widgets.sigmoid_explorer()
    box.controls["z_range"].value = "±1000"
    assert (box.controls["z"].min, box.controls["z"].max) == (-1000, 1000)
    box.controls["z"].value = -1000
    assert box.error.value == "" and box.state["activation"] == 0.0 and "≈ 0" in box.readout.value
    box.controls["z"].value = 1000
    assert box.state["activation"] == 1.0 and "≈ 1" in box.readout.value
    box.controls["z_range"].value = "±10"         # narrowing clamps z to the new range
    assert box.controls["z"].value == 10 and box.state["z"] == 10
    assert box.state["activation"] == pytest.approx(1 / (1 + np.exp(-10)))


def test_bias_explorer_computes_sigma_of_weighted_sum_plus_bias(sample, shown):
    images, labels = shown
    all_images, _ = sample
    box = widgets.bias_explorer(images, labels, all_images=all_images)
    before = box.image.value
    box.controls["bias"].value = -27.5
    sums = _region_sums_by_hand(images, (5, 11), (9, 18))
    np.testing.assert_allclose(box.state["activations"], 1 / (1 + np.exp(-(sums - 27.5))), rtol=1e-9)
    share = np.mean(_region_sums_by_hand(all_images, (5, 11), (9, 18)) > 27.5)
    assert box.state["share_on"] == pytest.approx(share)
    on = [str(l) for l, s in zip(labels, sums) if s > 27.5]
    assert f"{len(on)} of 10" in box.readout.value and ", ".join(on) in box.readout.value
    assert box.image.value != before and box.error.value == ""


def test_first_of_each_digit(sample):
    _, labels = sample
    idx = widgets.first_of_each_digit(labels, start=3)
    assert [labels[i] for i in idx] == list(range(10))
    assert all(np.sum(labels[:i] == labels[i]) == 3 for i in idx)
    with pytest.raises(ValueError, match="only 200 examples"):
        widgets.first_of_each_digit(labels, start=200)


# ---- exercise checkers -------------------------------------------------------------------

def test_checkers_of_notebook_01(sample):
    images, _ = sample
    value = images[1].reshape(28, 28)[12, 10]
    assert ex.check_pixel_activation(value, index=1, row=12, col=10)
    assert not ex.check_pixel_activation(value + 0.3, index=1, row=12, col=10)
    swapped = ex.check_pixel_activation(images[1].reshape(28, 28)[10, 12], index=1, row=12, col=10)
    assert not swapped and "swapped" in swapped.message
    assert ex.check_neuron_number(565, row=20, col=5)
    assert "swapped" in ex.check_neuron_number(5 * 28 + 20, row=20, col=5).message
    assert "starts at 0" in ex.check_neuron_number(566, row=20, col=5).message
    assert ex.check_black_pixel_count(int(np.sum(images[0] == 0)), index=0)
    assert not ex.check_black_pixel_count(int(np.sum(images[0] > 0)), index=0)


def test_checkers_of_notebook_03(sample):
    images, _ = sample
    right_sum = _region_sums_by_hand(images[:1], (10, 17), (10, 17))[0]
    assert ex.check_region_sum(right_sum)
    slice_slip = ex.check_region_sum(images[0].reshape(28, 28)[10:17, 10:17].sum())
    assert not slice_slip and "BEFORE its end" in slice_slip.message
    assert ex.check_total_ink(float(images[0].sum()))
    assert not ex.check_total_ink(784)
    w = np.zeros((28, 28))
    w[:14], w[14:] = 1, -1
    assert ex.check_top_minus_bottom(w.reshape(784))
    assert "reshape(784)" in ex.check_top_minus_bottom(w).message
    assert "wrong way round" in ex.check_top_minus_bottom(-w.reshape(784)).message


def test_checkers_of_notebook_04():
    assert ex.check_sigmoid_at_zero(0.5) and not ex.check_sigmoid_at_zero(0)
    assert ex.check_sigmoid_inverse(np.log(9)) and ex.check_sigmoid_inverse(2.197)
    assert "weighted sum z" in ex.check_sigmoid_inverse(0.9).message
    assert "sign" in ex.check_sigmoid_inverse(-np.log(9)).message
    assert ex.check_sigmoid_symmetry(float(sigmoid(3) + sigmoid(-3)))
    assert not ex.check_sigmoid_symmetry(2 * float(sigmoid(3)))


def test_checkers_of_notebook_05(shown):
    images, _ = shown
    assert ex.check_bias_for_threshold(-25) and not ex.check_bias_for_threshold(25)
    on = int(np.sum(_region_sums_by_hand(images, (5, 11), (9, 18)) > 20))
    assert ex.check_digits_on(on, bias=-20)
    assert not ex.check_digits_on(10 - on, bias=-20)
    assert ex.check_neuron_parameter_count(785) and not ex.check_neuron_parameter_count(784)


@pytest.mark.parametrize("checker", [ex.check_pixel_activation, ex.check_neuron_number, ex.check_black_pixel_count,
                                     ex.check_region_sum, ex.check_total_ink, ex.check_top_minus_bottom,
                                     ex.check_sigmoid_at_zero, ex.check_sigmoid_inverse, ex.check_sigmoid_symmetry,
                                     ex.check_bias_for_threshold, ex.check_digits_on,
                                     ex.check_neuron_parameter_count])
@pytest.mark.parametrize("answer", [..., None, "twelve", float("nan"), True])
def test_checkers_say_not_yet_to_non_answers_without_raising(checker, answer):
    verdict = checker(answer)
    assert isinstance(verdict, ex.Feedback) and not verdict.ok and verdict.message
