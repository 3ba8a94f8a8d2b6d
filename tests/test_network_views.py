"""The network pictures and widgets of notebooks 02, 06 and 07, and their exercise checkers.

Every number a picture or widget shows is compared with a recomputation in plain numpy,
written here independently of mlp_core's own forward pass.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from mlp_core import Network, load_sample, sigmoid
from mlp_core import exercises as ex
from mlp_core import viz
from mlp_core import widgets


# ---- fixtures and an independent forward pass ------------------------------------------

@pytest.fixture(scope="module")
def sample():
    images, labels = load_sample()
    return images[:300], labels[:300]


@pytest.fixture(scope="module")
def net():
    # a random network, not the pretrained one: these tests don't depend on its training.
    # N(0, 1) weights with seed 0 give several different predictions on the sample.
    return Network([784, 16, 16, 10], seed=0)


def forward_by_hand(weights, biases, x):
    """Every layer's activations, one neuron at a time (not the library's matrix code)."""
    layers = [np.asarray(x, dtype=float)]
    for W, b in zip(weights, biases):
        a = layers[-1]
        layers.append(np.array([1 / (1 + np.exp(-(sum(W[n, k] * a[k] for k in np.flatnonzero(a))
                                                  + b[n]))) for n in range(W.shape[0])]))
    return layers


def two_digits_with_different_predictions(net, images):
    guesses = net.predict(images)
    i = 0
    j = int(np.flatnonzero(guesses != guesses[0])[0])
    return i, j


def png_pixels(png: bytes) -> np.ndarray:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


# ---- the network diagram ---------------------------------------------------------------

def test_diagram_shades_every_drawn_neuron_by_its_activation(net, sample):
    images, _ = sample
    x = images[5]
    view = viz.NetworkDiagram(net, x)
    acts = forward_by_hand(net.weights, net.biases, x)
    shown_inputs = x[14 * 28 + 6: 14 * 28 + 22]                 # row 14, columns 6–21
    np.testing.assert_allclose(view.dots[0].get_array(), shown_inputs)
    for layer in (1, 2, 3):
        np.testing.assert_allclose(view.dots[layer].get_array(), acts[layer], atol=1e-12)
    np.testing.assert_array_equal(view.picture.get_array(), x.reshape(28, 28))


def test_diagram_rings_and_labels_the_prediction(net, sample):
    images, _ = sample
    i, j = two_digits_with_different_predictions(net, images)
    view = viz.NetworkDiagram(net, images[i])
    for k in (i, j):
        view.update(images[k])
        out = forward_by_hand(net.weights, net.biases, images[k])[-1]
        guess = int(np.argmax(out))
        assert view.prediction == guess
        np.testing.assert_allclose(view.ring.get_offsets()[0], [view.xs[-1], view.ys[-1][guess]])
        bold = [t.get_text() for t in view.out_labels if t.get_fontweight() == "bold"]
        assert bold == [f"{guess}  {out[guess]:.2f}"]
        assert f"prediction: {guess}" in view.title.get_text()
        assert view.out_labels[guess].get_color() == viz.PREDICTION_COLOUR


def _views(net, images, i):
    edited = net.copy()
    edited.biases[1][3] = 9.0
    return {
        "diagram": (viz.NetworkDiagram(net, images[i], highlight=(2, 4)), lambda v, x: v.update(x)),
        "edit view": (viz.EditView(edited, images[i], highlight=(2, 3)),
                      lambda v, x: v.update(image=x, before=net.activations(x))),
        "matrix form": (viz.MatrixForm(net.weights[0], images[i], net.biases[0], neuron=2),
                        lambda v, x: v.update(x, neuron=11)),
    }


@pytest.mark.parametrize("name", ["diagram", "edit view", "matrix form"])
def test_fast_png_matches_a_full_redraw(net, sample, name):
    images, _ = sample
    i, j = two_digits_with_different_predictions(net, images)
    view, change = _views(net, images, i)[name]
    first = png_pixels(view.png())
    change(view, images[j])
    fast = png_pixels(view.png())                   # background pasted back, changing parts redrawn
    assert (first != fast).any(axis=2).mean() > 0.001, "a new digit must change the picture"
    full = io.BytesIO()
    view.fig.savefig(full, format="png", facecolor=view.fig.get_facecolor())
    full = png_pixels(full.getvalue())
    assert full.shape == fast.shape
    # the fast PNG has 256 colours: small colour differences only, no missing or hidden parts
    different = np.abs(full - fast).max(axis=2) > 40
    assert not different.any(), f"{different.sum()} pixels differ from a full redraw"


def test_diagram_highlight_marks_one_neuron_and_its_incoming_connections(net, sample):
    view = viz.NetworkDiagram(net, sample[0][0], highlight=(1, 3))
    np.testing.assert_allclose(view.edit_ring.get_offsets()[0], [view.xs[1], view.ys[1][3]])
    assert len(view._edit_lines.get_segments()) == 16          # from the 16 drawn input neurons
    view.set_highlight((3, 9))
    np.testing.assert_allclose(view.edit_ring.get_offsets()[0], [view.xs[3], view.ys[3][9]])
    assert len(view._edit_lines.get_segments()) == 16          # from hidden layer 2
    view.set_highlight(None)
    assert len(view.edit_ring.get_offsets()) == 0
    with pytest.raises(ValueError, match="layer 1 has neurons 0–15, got neuron 16"):
        view.set_highlight((1, 16))
    with pytest.raises(ValueError, match="layer must be between 1"):
        view.set_highlight((0, 1))


def test_diagram_draws_other_sizes_and_refuses_what_it_cannot_draw(sample):
    x = sample[0][0]
    small = Network([784, 30, 10], seed=0)
    view = viz.NetworkDiagram(small, x)
    assert [len(d.get_array()) for d in view.dots] == [16, 30, 10]
    with pytest.raises(ValueError, match="wider than 40"):
        viz.NetworkDiagram(Network([784, 100, 10], seed=0), x)
    with pytest.raises(ValueError, match="784 values or a 28×28 grid"):
        viz.NetworkDiagram(small, x[:100])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        viz.NetworkDiagram(small, x * 255)
    with pytest.raises(ValueError, match="drawn for sizes"):
        view.update(x, net=Network([784, 16, 10], seed=0))


def test_plot_network_is_the_diagram_figure(net, sample):
    fig = viz.plot_network(net, sample[0][3])
    assert fig.get_axes() and viz.draw_network is viz.plot_network


# ---- bars, edit view, matrix form, first-layer weights ---------------------------------

def test_layer_bars_show_activations_and_earlier_ones_as_outlines(net, sample):
    x = sample[0][7]
    acts = net.activations(x)
    bars = viz.LayerBars(acts)
    for group, a in zip(bars.bars, acts[1:]):
        np.testing.assert_allclose([p.get_height() for p in group], a)
    guess = int(np.argmax(acts[-1]))
    amber = [i for i, p in enumerate(bars.bars[-1])
             if np.allclose(p.get_facecolor()[:3], viz.matplotlib.colors.to_rgb(viz.PREDICTION_COLOUR))]
    assert amber == [guess]
    assert not any(g.get_visible() for group in bars.ghosts for g in group)
    older = net.activations(sample[0][8])
    bars.update(acts, before=older)
    for group, a in zip(bars.ghosts, older[1:]):
        assert all(g.get_visible() for g in group)
        np.testing.assert_allclose([g.get_height() for g in group], a)
    with pytest.raises(ValueError, match="expected layers of sizes"):
        bars.update(Network([784, 16, 10], seed=0).activations(x))


def test_plot_edit_compares_the_edited_network_with_the_original(net, sample):
    x = sample[0][2]
    edited = net.copy()
    edited.biases[1][3] = 20.0
    fig = viz.plot_edit(net, edited, x, highlight=(2, 3))
    assert fig.get_axes()
    view = viz.EditView(edited, x, highlight=(2, 3))
    view.update(before=net.activations(x))
    assert view.diagram.activations[2][3] > 0.99
    np.testing.assert_allclose([g.get_height() for g in view.bars.ghosts[1]], net.activations(x)[2])


def test_matrix_form_computes_and_marks_the_chosen_row(net, sample):
    W, b = net.weights[0], net.biases[0]
    x, y = sample[0][0], sample[0][1]
    view = viz.MatrixForm(W, x, b, neuron=3)
    z = np.array([sum(W[n, k] * x[k] for k in range(784)) + b[n] for n in range(16)])
    np.testing.assert_allclose(view.z, z)
    np.testing.assert_allclose(view.a_next, 1 / (1 + np.exp(-z)))
    assert all(m.get_visible() and m.get_y() == 2.5 for m in view.marks)
    assert f"z[3] = W[3] · a + b[3] = {W[3] @ x:.2f} + {b[3]:.2f} = {z[3]:.2f}" in view.sums.get_text()
    viz.update_matrix_form(view.fig, y, 12)
    np.testing.assert_allclose(view.images[1].get_array()[:, 0], y)
    assert all(m.get_y() == 11.5 for m in view.marks) and "neuron 12" in view.sums.get_text()
    with pytest.raises(ValueError, match="one activation per column of W"):
        view.update(x[:10])
    with pytest.raises(ValueError, match="neuron must be between 0 and 15"):
        view.update(neuron=16)


def test_first_layer_weights_are_sixteen_maps_on_one_scale(net):
    fig = viz.plot_first_layer_weights(net)
    pictures = [ax.get_images()[0] for ax in fig.axes if ax.get_images()]
    assert len(pictures) == 16
    limit = viz.robust_limit(net.weights[0])
    for n, im in enumerate(pictures):
        np.testing.assert_allclose(im.get_array(), net.weights[0][n].reshape(28, 28))
        assert im.get_clim() == (-limit, limit)
    assert limit < np.abs(net.weights[0]).max()        # a few large weights don't set the scale


def test_mean_activations_per_digit(net, sample):
    images, labels = sample
    fig = viz.plot_mean_activations(net, images, labels, layer=2)
    table = fig.axes[0].get_images()[0].get_array()
    acts = net.activations(images)[2]
    np.testing.assert_allclose(table[7], acts[labels == 7].mean(axis=0))
    with pytest.raises(ValueError, match="layer must be between 1 and 3"):
        viz.plot_mean_activations(net, images, labels, layer=4)


# ---- digits made of parts --------------------------------------------------------------

def ring(tail=False):
    """A hand-made 28×28 test pattern: a square ring, optionally with a tail below it."""
    img = np.zeros((28, 28))
    img[6:15, 8:17] = 1.0
    img[8:13, 10:15] = 0.0
    if tail:
        img[15:24, 15:17] = 1.0
    return img


def test_digit_parts_finds_a_loop_and_a_stroke_exactly():
    parts = viz.digit_parts(ring())
    assert set(parts) == {"loop 1", "stroke"}
    assert parts["loop 1"].sum() == 81 - 25 and parts["stroke"].sum() == 0
    parts = viz.digit_parts(ring(tail=True))
    assert parts["loop 1"].sum() == 56
    # the tail starts 3 rows below the hole, out of reach (2): all 18 of its pixels are stroke
    assert parts["stroke"][15:24, 15:17].all() and parts["stroke"].sum() == 18


def test_digit_parts_on_real_digits_partition_the_ink():
    images, labels = load_sample()
    loops = {}
    for d in (0, 1, 8):
        counts = []
        for x in images[labels == d][:60]:
            parts = viz.digit_parts(x)
            masks = np.array(list(parts.values()))
            assert (masks.sum(axis=0) <= 1).all(), "parts overlap"
            np.testing.assert_array_equal(masks.any(axis=0), x.reshape(28, 28) > 0.35)
            counts.append(sum(name.startswith("loop") for name in parts))
        loops[d] = np.array(counts)
    assert (loops[0] >= 1).mean() > 0.8
    assert (loops[1] == 0).mean() > 0.9
    assert (loops[8] == 2).mean() > 0.5


# ---- widgets ---------------------------------------------------------------------------

def has_class(widget, name):
    return name in widget._dom_classes


def test_network_explorer_follows_the_slider(net, sample):
    images, labels = sample
    i, j = two_digits_with_different_predictions(net, images)
    box = widgets.network_explorer(net, images, labels, index=i)
    assert has_class(box, "mlp-widget") and has_class(box.readout, "mlp-readout")
    assert has_class(box.error, "mlp-error") and has_class(box.figure, "mlp-figure")
    before = box.image.value
    box.controls["index"].value = j
    guess = int(np.argmax(forward_by_hand(net.weights, net.biases, images[j])[-1]))
    assert f"digit #{j} — label <b>{labels[j]}</b>, prediction <b>{guess}</b>" in box.readout.value
    assert box.image.value != before and box.diagram.prediction == guess
    assert box.error.value == "" and np.isfinite(box.last_redraw_ms)


def test_network_explorer_steps_through_only_the_wrong_ones(net, sample):
    images, labels = sample
    box = widgets.network_explorer(net, images, labels, wrong_choice=True)
    wrong = np.flatnonzero(net.predict(images) != labels)
    box.controls["which"].index = 1
    assert box.controls["index"].max == len(wrong) - 1
    for k in (0, len(wrong) - 1):
        box.controls["index"].value = k
        assert f"digit #{wrong[k]} " in box.readout.value and "✘ wrong" in box.readout.value


def test_network_explorer_shows_errors_in_the_widget(net, sample):
    images = sample[0][:5].copy()
    images[3, 100] = np.nan
    box = widgets.network_explorer(net, images)
    box.controls["index"].value = 3
    assert "NaN" in box.error.value
    box.controls["index"].value = 2
    assert box.error.value == ""


def edited_by_hand(net, edits):
    Ws = [W.copy() for W in net.weights]
    bs = [b.copy() for b in net.biases]
    for (layer, neuron), (bias, factor) in edits.items():
        Ws[layer - 1][neuron] = net.weights[layer - 1][neuron] * factor
        bs[layer - 1][neuron] = bias
    return Ws, bs


def test_live_editor_numbers_equal_a_recomputation_after_the_same_edits(net, sample):
    images, labels = sample
    original = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    box = widgets.live_editor(net, images, labels, index=4)
    c = box.controls
    c["neuron"].value = 3
    c["bias"].value = 2.0
    c["scale"].value = 0.5
    c["layer"].value = 2
    c["neuron"].value = 7
    # the sliders show the new neuron's own (unedited) values
    assert c["bias"].value == net.biases[1][7] and c["scale"].value == 1.0
    c["bias"].value = -3.0
    c["scale"].value = -1.0
    edits = {(1, 3): (2.0, 0.5), (2, 7): (-3.0, -1.0)}
    assert box.edits == edits
    for index in (4, 11):
        c["digit"].value = index
        Ws, bs = edited_by_hand(net, edits)
        expected = forward_by_hand(Ws, bs, images[index])
        for got, want in zip(box.activations, expected):
            np.testing.assert_allclose(got, want, atol=1e-12)
        guess = int(np.argmax(expected[-1]))
        assert f"prediction now <b>{guess}</b>" in box.readout.value
        assert f"{expected[2][7]:.3f}</b>" in box.readout.value
    # back to the first neuron: its edit is still there and on the sliders
    c["layer"].value = 1
    c["neuron"].value = 3
    assert (c["bias"].value, c["scale"].value) == (2.0, 0.5)
    # the network passed in is never changed
    for W, W0 in zip(net.weights, original[0]):
        np.testing.assert_array_equal(W, W0)
    for b, b0 in zip(net.biases, original[1]):
        np.testing.assert_array_equal(b, b0)


def test_live_editor_zeroed_neuron_is_sigma_of_its_bias_for_every_digit(net, sample):
    images, labels = sample
    box = widgets.live_editor(net, images, labels)
    c = box.controls
    c["neuron"].value = 5
    c["zero"].click()
    assert c["scale"].value == 0.0
    values = set()
    for index in (0, 1, 2, 3):
        c["digit"].value = index
        values.add(round(float(box.activations[1][5]), 12))
        assert box.activations[1][5] == pytest.approx(1 / (1 + np.exp(-net.biases[0][5])))
        assert box.before[1][5] != pytest.approx(box.activations[1][5])   # it did depend on the digit
    assert len(values) == 1


def test_live_editor_layer_two_edit_leaves_layer_one_alone_and_reset_undoes_all(net, sample):
    images, labels = sample
    box = widgets.live_editor(net, images, labels, index=9, layer=2, neuron=0)
    c = box.controls
    png = box.image.value
    c["bias"].value = 15.0
    np.testing.assert_array_equal(box.activations[1], box.before[1])
    assert not np.allclose(box.activations[2], box.before[2])
    assert box.image.value != png
    c["reset"].click()
    assert box.edits == {}
    for got, want in zip(box.activations, net.activations(images[9])):
        np.testing.assert_array_equal(got, want)
    assert c["bias"].value == net.biases[1][0] and "none yet" in box.readout.value


def test_live_editor_shows_errors_in_the_widget(net, sample):
    images, labels = sample[0][:5].copy(), sample[1][:5]
    images[2, 300] = np.inf
    box = widgets.live_editor(net, images, labels)
    assert has_class(box.error, "mlp-error") and box.error.value == ""
    box.controls["digit"].value = 2
    assert "NaN or infinite" in box.error.value
    box.controls["digit"].value = 1
    assert box.error.value == ""
    with pytest.raises(ValueError, match="hidden layer"):
        widgets.live_editor(net, images, labels, layer=3)


def test_matrix_row_explorer_readout_is_the_weighted_sum_of_that_row(net, sample):
    images, _ = sample
    box = widgets.matrix_row_explorer(net, images)
    box.controls["neuron"].value = 9
    box.controls["index"].value = 6
    W, b, x = net.weights[0], net.biases[0], images[6]
    z = sum(W[9, k] * x[k] for k in range(784)) + b[9]
    assert f"z[9] = {z:.3f}" in box.readout.value
    assert f"σ(z[9]) = <b>{1 / (1 + np.exp(-z)):.3f}</b>" in box.readout.value


# ---- exercise checkers -----------------------------------------------------------------

def test_checkers_for_counts_and_shapes():
    assert ex.check_output_neurons(10).ok
    assert not ex.check_output_neurons(9).ok and "slip" in ex.check_output_neurons(9).message
    assert not ex.check_output_neurons(...).ok
    assert ex.check_neuron_count(784 + 16 + 16 + 10).ok
    assert "input layer" in ex.check_neuron_count(42).message
    assert ex.check_parameter_count(13002).ok
    assert ex.check_parameter_count(784 * 30 + 30 + 30 * 10 + 10, sizes=[784, 30, 10]).ok
    assert not ex.check_parameter_count(13002, sizes=[784, 30, 10]).ok
    weights_only = ex.check_parameter_count(784 * 16 + 16 * 16 + 16 * 10)
    assert not weights_only.ok and "bias" in weights_only.message
    assert "first layer" in ex.check_parameter_count(784 * 16 + 16).message
    assert ex.check_weight_shape((10, 16), layer=3).ok
    assert ex.check_weight_shape([16, 784], layer=1).ok
    swapped = ex.check_weight_shape((16, 10), layer=3)
    assert not swapped.ok and "swapped" in swapped.message
    assert not ex.check_weight_shape("16x10", layer=3).ok


def test_checkers_that_run_the_network(net, sample):
    images, labels = sample
    x = images[1]
    a1 = sigmoid(net.weights[0] @ x + net.biases[0])
    a2 = sigmoid(net.weights[1] @ a1 + net.biases[1])
    assert ex.check_layer_activations(a2, net, x, layer=2).ok
    assert not ex.check_layer_activations(a1, net, x, layer=2).ok
    assert not ex.check_layer_activations(a2[:10], net, x, layer=2).ok
    guess = int(np.argmax(forward_by_hand(net.weights, net.biases, x)[-1]))
    assert ex.check_prediction(guess, net, x).ok
    assert not ex.check_prediction((guess + 1) % 10, net, x).ok
    wrong = int(np.sum(net.predict(images) != labels))
    assert ex.check_wrong_count(wrong, net, images, labels).ok
    assert not ex.check_wrong_count(wrong + 1, net, images, labels).ok
    right_count = ex.check_wrong_count(len(labels) - wrong, net, images, labels)
    assert not right_count.ok and "RIGHT" in right_count.message
    b = net.biases[0][5]
    assert ex.check_zeroed_activation(1 / (1 + np.exp(-b)), net, layer=1, neuron=5).ok
    assert not ex.check_zeroed_activation(0.5, net, layer=1, neuron=5).ok
    assert not ex.check_zeroed_activation(..., net, layer=1, neuron=5).ok


def test_network_pictures_show_as_small_png_that_looks_the_same(net, sample):
    fig = viz.plot_network(net, sample[0][0])
    assert isinstance(fig, viz.CompactFigure)
    full = io.BytesIO()
    fig.savefig(full, format="png", facecolor=fig.get_facecolor())
    small = viz._png_256(fig)
    assert len(small) < len(full.getvalue()) / 2
    difference = np.abs(png_pixels(small) - png_pixels(full.getvalue())).max(axis=2)
    assert difference.max() <= 40 and difference.mean() < 3
