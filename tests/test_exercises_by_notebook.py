"""The exercise checkers of notebooks 01–11 (mlp_core.exercises): right answers pass, the
typical slips get their hint, non-answers get 'not yet' without raising.
"""

from __future__ import annotations


import numpy as np
import pytest

from mlp_core import Network, load_sample, sigmoid
from mlp_core import descent
from mlp_core import exercises as ex
from mlp_core.descent import descend
from helpers import forward_by_hand, load_pretrained_net, region_sums_by_hand


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


def test_checkers_that_run_the_network(net, few_digits):
    images, labels = few_digits
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
    right_sum = region_sums_by_hand(images[:1], (10, 18), (10, 18))[0]
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


@pytest.mark.xfail(strict=True, reason="exercises.check_digits_on passes its inclusive rows=(5, 11) to region_weights, "
                   "whose ranges are now half-open; the checkers branch converts them (see layout-moves.md)")
def test_checkers_of_notebook_05(shown):
    images, _ = shown
    assert ex.check_bias_for_threshold(-25) and not ex.check_bias_for_threshold(25)
    on = int(np.sum(region_sums_by_hand(images, (5, 12), (9, 19)) > 20))
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


def test_checkers_of_notebook_09_say_right_and_not_yet():
    assert ex.check_descent_step(1.4).ok
    assert not ex.check_descent_step(0.6).ok and "SUBTRACTS" in ex.check_descent_step(0.6).message
    assert not ex.check_descent_step(-4).ok and "slope" in ex.check_descent_step(-4).message
    assert not ex.check_descent_step(None).ok and "replace the ..." in ex.check_descent_step(...).message
    assert not ex.check_descent_step("x").ok
    assert ex.check_best_learning_rate(0.5).ok
    assert not ex.check_best_learning_rate(1.0).ok
    assert not ex.check_best_learning_rate(1.5).ok and "flies off" in ex.check_best_learning_rate(1.5).message
    assert ex.check_steps_per_epoch(6000).ok
    assert not ex.check_steps_per_epoch(10).ok and not ex.check_steps_per_epoch(True).ok


def test_the_checkers_answers_agree_with_descend():
    bowl = descent.BOWL
    assert ex.check_descent_step(float(descend(bowl, 1.0, 0.1, 1).end[0])).ok


def test_checkers_of_notebook_10_say_right_and_not_yet():
    assert ex.check_output_delta(-0.032).ok
    assert "∂C/∂a" in ex.check_output_delta(-0.2).message
    images, _ = load_sample()
    black = int(np.sum(images[0] == 0))
    assert ex.check_zero_weight_gradients(black).ok
    assert not ex.check_zero_weight_gradients(784 - black).ok
    assert ex.check_bp2(lambda W, d, a: (W.T @ d) * a * (1 - a)).ok
    assert "∂C/∂a" in ex.check_bp2(lambda W, d, a: W.T @ d).message
    assert "transpose" in ex.check_bp2(lambda W, d, a: (W @ d) * a * (1 - a)).message
    assert "returns nothing" in ex.check_bp2(lambda W, d, a: ...).message


def test_zero_weight_gradients_really_are_the_black_pixels():
    """The checker's answer is what the notebook's learner would count."""
    from mlp_core.train import gradients
    images, labels = load_sample()
    grad_W, _ = gradients(Network([784, 16, 16, 10], seed=0), images[:1], labels[:1])
    assert ex.check_zero_weight_gradients(int(np.sum(grad_W[0][0] == 0))).ok


def test_checkers_of_notebook_11_say_right_and_not_yet():
    counts = np.eye(10, dtype=int) * 90
    counts[4, 9], counts[4, 6], counts[9, 4] = 7, 3, 20
    assert ex.check_confused_with(9, counts).ok
    assert not ex.check_confused_with(4, counts).ok
    assert not ex.check_confused_with(6, counts).ok
    assert ex.check_momentum_step(lambda w, v, g, eta, mu: (w + (mu * v - eta * g), mu * v - eta * g)).ok
    assert "plain step" in ex.check_momentum_step(lambda w, v, g, eta, mu: (w - eta * g, v)).message
    assert "returns nothing" in ex.check_momentum_step(lambda w, v, g, eta, mu: ...).message
    net = load_pretrained_net()
    w = net.weights[0][3]
    assert ex.check_favourite_image((w > 0).astype(float), net, 3).ok
    assert "SMALL" in ex.check_favourite_image((w < 0).astype(float), net, 3).message
    assert not ex.check_favourite_image(w, net, 3).ok
