"""Checkers of notebook 06 · A whole layer in one line: the matrix form."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import layer_sizes
from .feedback import Feedback, checker, given_count, given_images, given_network, miss, not_yet, read_answer, right

__all__ = ["check_parameter_count", "check_weight_shape", "check_layer_activations"]


def _counts(sizes):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return pairs, sum(i * o for i, o in pairs), sum(sizes[1:])


def _parameter_solution(sizes):
    pairs, weights, biases = _counts(sizes)
    return tr("{terms} = {total:,}: n_in × n_out weights and n_out biases per layer, added up.",
              terms=" + ".join(f"{i}·{o} + {o}" for i, o in pairs), total=weights + biases)


@checker(hints=[N_("count layer by layer: a layer of n_out neurons on n_in inputs has n_out × n_in weights and "
                   "n_out biases. Then add the layers up."),
                N_("for {sizes}: each pair of neighbouring layers (n_in, n_out) gives n_in·n_out + n_out; the "
                   "input layer has no biases.")],
         solution=lambda a: _parameter_solution(layer_sizes(a.sizes)))
def check_parameter_count(answer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 06: the number of weights and biases of a network with layer sizes `sizes`."""
    sizes = layer_sizes(sizes)
    pairs, weights, biases = _counts(sizes)
    n = read_answer(answer, tr("the number of parameters"), whole=True)
    if n == weights + biases:
        terms = " + ".join(f"{i}·{o} + {o}" for i, o in pairs)
        return right(tr("{terms} = {total:,} parameters.", terms=terms, total=weights + biases))
    if n == weights:
        return miss(tr("those are the weights only: every neuron after the input also has one bias."))
    if len(pairs) > 1 and n == pairs[0][0] * pairs[0][1] + pairs[0][1]:
        return miss(tr("that is only the first layer: add the weights and biases of the later layers too."))
    if n == weights + sum(sizes):
        return miss(tr("the input neurons have no bias: only the neurons that compute a weighted sum do."))
    if n == int(np.prod(sizes, dtype=float)):
        return miss(tr("layers don't multiply."))
    return miss()


@checker(hints=[N_("W @ a must give one number per neuron of layer {layer}, from the activations of the layer "
                   "before. What does that say about its rows and its columns?"),
                N_("row n of W holds the weights INTO neuron n of this layer: one row per neuron of layer {layer}, "
                   "one column per neuron of the layer before. The sizes are {sizes}.")],
         solution=lambda a: tr("({rows}, {cols}): one row per neuron of layer {layer}, one column per neuron of the "
                               "layer before; check with net.weights[{index}].shape.", rows=layer_sizes(a.sizes)[a.layer],
                               cols=layer_sizes(a.sizes)[a.layer - 1], layer=a.layer, index=a.layer - 1))
def check_weight_shape(answer, layer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 06: the shape of the weight matrix W of `layer` (1 = the first hidden layer)."""
    sizes = layer_sizes(sizes)
    layer = given_count(layer, "layer", 1, len(sizes) - 1)
    expected = (sizes[layer], sizes[layer - 1])
    shape = tuple(int(v) for v in read_answer(answer, tr("a shape, a pair (rows, columns)"), whole=True,
                                              shape=(2,)))
    if shape == expected:
        return right(tr("{shape}: one row per neuron of layer {layer} ({rows}), one column per neuron of the layer "
                        "before ({cols}), so W @ a has {rows} entries.", shape=expected, layer=layer,
                        rows=expected[0], cols=expected[1]))
    if shape == expected[::-1]:
        return miss(tr("rows and columns are swapped."))
    return miss()


@checker(hints=[N_("start from the image as a0 and apply one layer step a = σ(W @ a + b) for each layer up to "
                   "layer {layer}."),
                N_("W1 is net.weights[0] and b1 is net.biases[0], W2 and b2 the next ones; one layer step is "
                   "sigmoid(W @ a + b). Two steps: a1 from the image, then a2 from a1.")],
         solution=lambda a: tr("{steps}, with a0 = the image: one line per layer, the whole layer at once.",
                               steps=tr(" then ").join(f"a{k} = sigmoid(net.weights[{k - 1}] @ a{k - 1} + "
                                                       f"net.biases[{k - 1}])" for k in range(1, (a.layer or 2) + 1))))
def check_layer_activations(answer, net, image, layer) -> Feedback:
    """Notebook 06: the activations of `layer` (1 = first hidden) for `image`, in matrix form."""
    net = given_network(net)
    layer = given_count(layer, "layer", 1, len(net.sizes) - 1)
    acts = net.activations(given_images(image, "image", net.sizes[0], one=True))
    expected = acts[layer]
    value = read_answer(answer, tr("the {n} activations of layer {layer}", n=len(expected), layer=layer), shape=None)
    steps = tr(" then ").join(f"a{k} = σ(W{k} @ a{k - 1} + b{k})" for k in range(1, layer + 1))
    if value.shape == expected.shape and np.allclose(value, expected, rtol=1e-6, atol=1e-9):
        return right(tr("{n} activations, all in 0–1: {steps}.", n=len(expected), steps=steps))
    others = [k for k, a in enumerate(acts) if k != layer and a.shape == value.shape and np.allclose(value, a)]
    if others:
        return miss(tr("those are the activations of layer {other}; layer {layer} is asked.", other=others[0],
                       layer=layer))
    if value.shape != expected.shape:
        return not_yet(tr("layer {layer} has {n} neurons, so expected shape {shape}, got shape {got}.", layer=layer,
                       n=len(expected), shape=expected.shape, got=value.shape))
    return miss()
