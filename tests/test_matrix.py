"""The matrix form W · a + b = z of notebook 06 and its widget (mlp_core.matrix).
"""

from __future__ import annotations

import numpy as np
import pytest

from mlp_core import matrix


def test_matrix_form_computes_and_marks_the_chosen_row(net, few_digits):
    W, b = net.weights[0], net.biases[0]
    x, y = few_digits[0][0], few_digits[0][1]
    view = matrix.MatrixForm(W, x, b, neuron=3)
    z = np.array([sum(W[n, k] * x[k] for k in range(784)) + b[n] for n in range(16)])
    np.testing.assert_allclose(view.z, z)
    np.testing.assert_allclose(view.a_next, 1 / (1 + np.exp(-z)))
    assert all(m.get_visible() and m.get_y() == 2.5 for m in view.marks)
    assert f"z[3] = W[3] · a + b[3] = {W[3] @ x:.2f} + {b[3]:.2f} = {z[3]:.2f}" in view.sums.get_text()
    view.update(y, 12)
    np.testing.assert_allclose(view.images[1].get_array()[:, 0], y)
    assert all(m.get_y() == 11.5 for m in view.marks) and "neuron 12" in view.sums.get_text()
    with pytest.raises(ValueError, match="one activation per column of W"):
        view.update(x[:10])
    with pytest.raises(ValueError, match="neuron must be between 0 and 15"):
        view.update(neuron=16)


def test_matrix_row_explorer_readout_is_the_weighted_sum_of_that_row(net, few_digits):
    images, _ = few_digits
    box = matrix.matrix_row_explorer(net, images)
    box.controls["neuron"].value = 9
    box.controls["index"].value = 6
    W, b, x = net.weights[0], net.biases[0], images[6]
    z = sum(W[9, k] * x[k] for k in range(784)) + b[9]
    assert f"z[9] = {z:.3f}" in box.readout.value
    assert f"σ(z[9]) = <b>{1 / (1 + np.exp(-z)):.3f}</b>" in box.readout.value


@pytest.mark.parametrize("layer", [0, 1])
def test_matrix_form_is_drawn_to_shape_with_a_colour_bar_for_every_piece(net, few_digits, layer):
    a = net.activations(few_digits[0][0])[layer]
    view = matrix.MatrixForm(net.weights[layer], a, net.biases[layer])
    fig_w, fig_h = view.fig.get_size_inches()
    inches = [(ax.get_position().width * fig_w, ax.get_position().height * fig_h) for ax in view.axes]
    (W_wide, W_tall), (_, a_tall), *columns = inches
    n_out, n_in = net.weights[layer].shape
    assert W_wide == pytest.approx(a_tall) == pytest.approx(matrix.side_length(n_in))    # W · a: the inner sizes fit
    assert all(tall == pytest.approx(W_tall) == pytest.approx(matrix.side_length(n_out)) for _, tall in columns)
    assert matrix.side_length(784) > matrix.side_length(16) > matrix.side_length(10)
    colour_bars = [ax for ax in view.fig.axes if ax not in view.axes]
    assert len(colour_bars) == 4, "W, b, z and the activations each need their colour scale"
    labels = [ax.get_xlabel() for ax in colour_bars]
    assert labels[0].startswith("weight") and labels[1:] == ["bias", "weighted sum", "activation (a, a′)"]


def test_matrix_row_explorer_keeps_one_colour_scale_for_every_digit(net, few_digits):
    images, _ = few_digits
    box = matrix.matrix_row_explorer(net, images)
    z_image = box.view.images[3]
    before = z_image.get_clim()
    box.controls["index"].value = 5
    assert z_image.get_clim() == before and before[1] > 0


def test_matrix_row_explorer_refuses_a_start_its_sliders_cannot_show(net, few_digits):
    images, _ = few_digits
    # index=-1 used to draw the last digit while the slider, clamped, said digit #0
    with pytest.raises(ValueError, match="index must lie between 0 and 299, got -1"):
        matrix.matrix_row_explorer(net, images, index=-1)
    with pytest.raises(ValueError, match="neuron must lie between 0 and 15, got 20"):
        matrix.matrix_row_explorer(net, images, neuron=20)
