"""The network as a picture (mlp_core.network_picture): NetworkDiagram and LayerBars, shared by
notebook 07's diagram and notebook 08's drawing pad.

Every number a picture shows is compared with a recomputation in plain numpy, written here
independently of mlp_core's own forward pass.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from helpers import forward_by_hand, two_digits_with_different_predictions

from mlp_core import Network, network_picture, viz


def test_diagram_shades_every_drawn_neuron_by_its_activation(net, few_digits):
    images, _ = few_digits
    x = images[5]
    view = network_picture.NetworkDiagram(net, x)
    acts = forward_by_hand(net.weights, net.biases, x)
    shown_inputs = x[14 * 28 + 6: 14 * 28 + 22]                 # row 14, columns 6–21
    np.testing.assert_allclose(view.dots[0].get_array(), shown_inputs)
    for layer in (1, 2, 3):
        np.testing.assert_allclose(view.dots[layer].get_array(), acts[layer], atol=1e-12)
    np.testing.assert_array_equal(view.picture.get_array(), x.reshape(28, 28))


def test_diagram_rings_and_labels_the_prediction(net, few_digits):
    images, _ = few_digits
    i, j = two_digits_with_different_predictions(net, images)
    view = network_picture.NetworkDiagram(net, images[i])
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


def test_diagram_highlight_marks_one_neuron_and_its_incoming_connections(net, few_digits):
    view = network_picture.NetworkDiagram(net, few_digits[0][0], highlight=(1, 3))
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


def test_diagram_draws_other_sizes_and_refuses_what_it_cannot_draw(few_digits):
    x = few_digits[0][0]
    small = Network([784, 30, 10], seed=0)
    view = network_picture.NetworkDiagram(small, x)
    assert [len(d.get_array()) for d in view.dots] == [16, 30, 10]
    with pytest.raises(ValueError, match="wider than 40"):
        network_picture.NetworkDiagram(Network([784, 100, 10], seed=0), x)
    with pytest.raises(ValueError, match="784 values or a 28×28 grid"):
        network_picture.NetworkDiagram(small, x[:100])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        network_picture.NetworkDiagram(small, x * 255)
    with pytest.raises(ValueError, match="drawn for sizes"):
        view.update(x, net=Network([784, 16, 10], seed=0))


def test_layer_bars_show_activations_and_earlier_ones_as_outlines(net, few_digits):
    x = few_digits[0][7]
    acts = net.activations(x)
    bars = network_picture.LayerBars(acts)
    for group, a in zip(bars.bars, acts[1:]):
        np.testing.assert_allclose([p.get_height() for p in group], a)
    guess = int(np.argmax(acts[-1]))
    amber = [i for i, p in enumerate(bars.bars[-1])
             if np.allclose(p.get_facecolor()[:3], matplotlib.colors.to_rgb(viz.PREDICTION_COLOUR))]
    assert amber == [guess]
    assert not any(g.get_visible() for group in bars.ghosts for g in group)
    older = net.activations(few_digits[0][8])
    bars.update(acts, before=older)
    for group, a in zip(bars.ghosts, older[1:]):
        assert all(g.get_visible() for g in group)
        np.testing.assert_allclose([g.get_height() for g in group], a)
    with pytest.raises(ValueError, match="expected layers of sizes"):
        bars.update(Network([784, 16, 10], seed=0).activations(x))
