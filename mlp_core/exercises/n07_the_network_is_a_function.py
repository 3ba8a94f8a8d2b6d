"""Checkers of notebook 07 · The network is a function (its exercise 2 uses check_prediction of notebook 02)."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import sigmoid
from .feedback import (
    Feedback,
    checker,
    given_count,
    given_images,
    given_labels,
    given_network,
    miss,
    read_answer,
    right,
    rounded_too_soon,
)
from .n02_layers_and_parts import check_prediction

__all__ = ["check_wrong_count", "check_zeroed_activation", "check_prediction"]


@checker(hints=[N_("let the network predict every digit at once, then compare with the labels."),
                N_("net.predict(images) gives one digit per image; predictions != labels is True where it is "
                   "wrong, and np.sum counts the True values.")],
         solution=N_("np.sum(net.predict(images) != labels): one prediction per digit, compared with its label, "
                     "the mistakes counted."))
def check_wrong_count(answer, net, images, labels) -> Feedback:
    """Notebook 07: how many of `images` does `net` get wrong?"""
    net = given_network(net)
    images = given_images(images, "images", net.sizes[0])
    labels = given_labels(labels, "labels", len(np.atleast_2d(images)))
    wrong = int(np.sum(np.argmax(net.activations(images)[-1], axis=-1) != labels))
    n = read_answer(answer, tr("the number of wrong predictions"), whole=True)
    if n == wrong:
        return right(tr("{wrong} of {n:,} wrong, so {share:.1%} right.", wrong=wrong, n=len(labels),
                        share=1 - wrong / len(labels)))
    if n == len(labels) - wrong:
        return miss(tr("that is the number of RIGHT predictions."))
    return miss()


def _zeroed(net, layer, neuron):
    net = given_network(net)
    layer = given_count(layer, "layer", 1, len(net.sizes) - 1)
    neuron = given_count(neuron, "neuron", 0, net.sizes[layer] - 1)
    return layer, neuron, float(net.biases[layer - 1][neuron])


def _zeroed_solution(layer, neuron, b):
    return tr("sigmoid(net.biases[{index}][{neuron}]) = σ({b:.3f}) = {a:.3f}, for every image: with all weights 0 "
              "the weighted sum is 0, only the bias is left, so the neuron no longer depends on the digit.",
              index=layer - 1, neuron=neuron, b=b, a=float(sigmoid(b)))


@checker(hints=[N_("with all its incoming weights 0, what is left of the neuron's weighted sum, whatever the image?"),
                lambda a: tr("w·a = 0 for every image, so z = 0 + b and the activation is σ(b), with b = "
                             "net.biases[{index}][{neuron}].", index=a.layer - 1, neuron=a.neuron)],
         solution=lambda a: _zeroed_solution(*_zeroed(a.net, a.layer, a.neuron)))
def check_zeroed_activation(answer, net, layer, neuron) -> Feedback:
    """Notebook 07: the activation of a neuron whose incoming weights are all zero: σ(its bias)."""
    layer, neuron, b = _zeroed(net, layer, neuron)
    expected = float(sigmoid(b))
    value = read_answer(answer, tr("an activation, a number between 0 and 1"))
    if np.isclose(value, expected, rtol=0, atol=5e-4):       # three decimals, as the question asks
        return right(tr("σ({b:.3f}) = {a:.3f} for every image: cut off from the layer before, the neuron can no "
                        "longer tell digits apart.", b=b, a=expected))
    if (rounded := rounded_too_soon(value, expected, 3)) is not None:
        return rounded
    if np.isclose(value, b, rtol=0, atol=5e-4):
        return miss(tr("that is the weighted sum plus bias, z; the activation is σ of it."))
    if np.isclose(value, 0.5, atol=5e-4):
        return miss(tr("σ(0) = 0.5 would hold without the bias; the neuron still has its bias."))
    return miss()
