"""The network diagram of 02 and 07, the edit view and their widgets (mlp_core.diagram; the diagram and
the layer bars themselves are tested in test_network_picture.py).

Every number a picture or widget shows is compared with a recomputation in plain numpy,
written here independently of mlp_core's own forward pass.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from helpers import browser_renders, forward_by_hand, png_pixels, two_digits_with_different_predictions

from mlp_core import diagram, render, viz


def has_class(widget, name):
    return name in widget._dom_classes


def edited_by_hand(net, edits):
    Ws = [W.copy() for W in net.weights]
    bs = [b.copy() for b in net.biases]
    for (layer, neuron), (bias, factor) in edits.items():
        Ws[layer - 1][neuron] = net.weights[layer - 1][neuron] * factor
        bs[layer - 1][neuron] = bias
    return Ws, bs


def test_plot_network_is_the_diagram_figure(net, few_digits):
    fig = diagram.plot_network(net, few_digits[0][3])
    assert fig.get_axes()


def test_plot_edit_compares_the_edited_network_with_the_original(net, few_digits):
    x = few_digits[0][2]
    edited = net.copy()
    edited.biases[1][3] = 20.0
    fig = diagram.plot_edit(net, edited, x, highlight=(2, 3))
    assert fig.get_axes()
    view = diagram.EditView(edited, x, highlight=(2, 3))
    view.update(before=net.activations(x))
    assert view.diagram.activations[2][3] > 0.99
    np.testing.assert_allclose([g.get_height() for g in view.bars.ghosts[1]], net.activations(x)[2])


def test_first_layer_weights_are_sixteen_maps_on_one_scale(net):
    fig = diagram.plot_first_layer_weights(net)
    pictures = [ax.get_images()[0] for ax in fig.axes if ax.get_images()]
    assert len(pictures) == 16
    limit = viz.robust_limit(net.weights[0])
    for n, im in enumerate(pictures):
        np.testing.assert_allclose(im.get_array(), net.weights[0][n].reshape(28, 28))
        assert im.get_clim() == (-limit, limit)
    assert limit < np.abs(net.weights[0]).max()        # a few large weights don't set the scale


def test_mean_activations_per_digit(net, few_digits):
    images, labels = few_digits
    fig = diagram.plot_mean_activations(net, images, labels, layer=2)
    table = fig.axes[0].get_images()[0].get_array()
    acts = net.activations(images)[2]
    np.testing.assert_allclose(table[7], acts[labels == 7].mean(axis=0))
    with pytest.raises(ValueError, match="layer must be between 1 and 3"):
        diagram.plot_mean_activations(net, images, labels, layer=4)


def test_network_explorer_follows_the_slider(net, few_digits):
    images, labels = few_digits
    i, j = two_digits_with_different_predictions(net, images)
    box = diagram.network_explorer(net, images, labels, index=i)
    assert has_class(box, "mlp-widget") and has_class(box.readout, "mlp-readout")
    assert has_class(box.error, "mlp-error") and has_class(box.figure, "mlp-figure")
    before = box.image.png
    box.controls["index"].value = j
    guess = int(np.argmax(forward_by_hand(net.weights, net.biases, images[j])[-1]))
    assert f"example #{j} — label <b>{labels[j]}</b>, prediction <b>{guess}</b>" in box.readout.value
    assert box.image.png != before and box.diagram.prediction == guess
    assert box.error.value == "" and np.isfinite(box.last_redraw_ms)


def test_network_explorer_steps_through_only_the_wrong_ones(net, few_digits):
    images, labels = few_digits
    box = diagram.network_explorer(net, images, labels, wrong_choice=True)
    wrong = np.flatnonzero(net.predict(images) != labels)
    box.controls["which"].index = 1
    assert box.controls["index"].max == len(wrong) - 1
    for k in (0, len(wrong) - 1):
        box.controls["index"].value = k
        assert f"example #{wrong[k]} " in box.readout.value and "✘ wrong" in box.readout.value


def test_network_explorer_shows_errors_in_the_widget(net, few_digits):
    images = few_digits[0][:5].copy()
    images[3, 100] = np.nan
    box = diagram.network_explorer(net, images)
    box.controls["index"].value = 3
    assert "NaN" in box.error.value
    box.controls["index"].value = 2
    assert box.error.value == ""


def test_live_editor_numbers_equal_a_recomputation_after_the_same_edits(net, few_digits):
    images, labels = few_digits
    original = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    box = diagram.live_editor(net, images, labels, index=4)
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


def test_live_editor_zeroed_neuron_is_sigma_of_its_bias_for_every_digit(net, few_digits):
    images, labels = few_digits
    box = diagram.live_editor(net, images, labels)
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


def test_live_editor_layer_two_edit_leaves_layer_one_alone_and_reset_undoes_all(net, few_digits):
    images, labels = few_digits
    box = diagram.live_editor(net, images, labels, index=9, layer=2, neuron=0)
    c = box.controls
    png = box.image.png
    c["bias"].value = 15.0
    np.testing.assert_array_equal(box.activations[1], box.before[1])
    assert not np.allclose(box.activations[2], box.before[2])
    assert box.image.png != png
    c["reset"].click()
    assert box.edits == {}
    for got, want in zip(box.activations, net.activations(images[9])):
        np.testing.assert_array_equal(got, want)
    assert c["bias"].value == net.biases[1][0] and "none yet" in box.readout.value


def test_live_editor_records_no_edit_the_learner_did_not_make(net, few_digits):
    # A bias between two of the slider's 0.1 steps (2.1485, say) comes back from the browser
    # rounded to the grid; that rounding is not an edit, and the network keeps its real bias.
    images, labels = few_digits
    off_grid = [(l, n) for l in (1, 2) for n in range(net.sizes[l])
                if abs(net.biases[l - 1][n] * 10 - round(net.biases[l - 1][n] * 10)) > 0.1]
    layer, neuron = off_grid[0]
    box = diagram.live_editor(net, images, labels, layer=layer, neuron=neuron)
    c = box.controls
    browser_renders(c["bias"])
    browser_renders(c["scale"])
    assert c["bias"].value != net.biases[layer - 1][neuron]      # the browser did round it
    assert box.edits == {} and "none yet" in box.readout.value
    np.testing.assert_array_equal(box.edited.biases[layer - 1], net.biases[layer - 1])
    for got, want in zip(box.activations, net.activations(images[0])):
        np.testing.assert_array_equal(got, want)
    # the readout gives the neuron's real bias, not the slider's rounding of it
    assert f"bias {net.biases[layer - 1][neuron]:.3f}" in box.readout.value
    # after "reset all", choosing the neuron again (the browser rounds again): still no edit
    c["bias"].value = 5.0
    assert (layer, neuron) in box.edits
    c["reset"].click()
    browser_renders(c["bias"])
    c["neuron"].value = (neuron + 1) % net.sizes[layer]
    browser_renders(c["bias"])
    c["neuron"].value = neuron
    browser_renders(c["bias"])
    assert box.edits == {} and "none yet" in box.readout.value
    np.testing.assert_array_equal(box.edited.biases[layer - 1], net.biases[layer - 1])
    # a real move of one step is an edit
    c["bias"].value = c["bias"].value + 0.1
    assert box.edits[(layer, neuron)][0] == pytest.approx(c["bias"].value)


def test_live_editor_shows_errors_in_the_widget(net, few_digits):
    images, labels = few_digits[0][:5].copy(), few_digits[1][:5]
    images[2, 300] = np.inf
    box = diagram.live_editor(net, images, labels)
    assert has_class(box.error, "mlp-error") and box.error.value == ""
    box.controls["digit"].value = 1
    good = box.image.png
    box.controls["digit"].value = 2
    assert "NaN or infinite" in box.error.value
    # the picture and readout of digit 1 stay, marked: they do not follow the slider at 2
    assert box.image.png != good and "not updated" in box.readout.value
    box.controls["digit"].value = 1
    assert box.error.value == "" and box.image.png == good and "not updated" not in box.readout.value
    with pytest.raises(ValueError, match="hidden layer"):
        diagram.live_editor(net, images, labels, layer=3)


def test_network_pictures_show_as_small_png_that_looks_the_same(net, few_digits):
    fig = diagram.plot_network(net, few_digits[0][0])
    assert isinstance(fig, render.CompactFigure)
    full = io.BytesIO()
    fig.savefig(full, format="png", facecolor=fig.get_facecolor())
    small = render.compact_png(fig)
    assert len(small) < len(full.getvalue()) / 2
    difference = np.abs(png_pixels(small) - png_pixels(full.getvalue())).max(axis=2)
    assert difference.max() <= 40 and difference.mean() < 3


@pytest.mark.parametrize("make, message", [
    (lambda net, x, y: diagram.network_explorer(net, x, y, index=300), "index must lie between 0 and 299, got 300"),
    (lambda net, x, y: diagram.network_explorer(net, x, y, index=-1), "index must lie between 0 and 299, got -1"),
    (lambda net, x, y: diagram.live_editor(net, x, y, index=2.5), "index must be a whole number"),
    (lambda net, x, y: diagram.live_editor(net, x, y, neuron=16), "neuron must lie between 0 and 15, got 16"),
])
def test_widgets_refuse_a_start_their_slider_cannot_show(net, few_digits, make, message):
    # a slider clamps such a value without a word, while the picture would be of something else
    with pytest.raises(ValueError, match=message):
        make(net, *few_digits)
