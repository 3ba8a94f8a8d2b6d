"""Checkers of notebook 02 · Layers, and the hope of parts (check_prediction serves notebook 07 too)."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import layer_sizes
from .feedback import Feedback, checker, given_images, given_network, miss, read_answer, right

__all__ = ["check_output_neurons", "check_neuron_count", "check_prediction"]


@checker(hints=[N_("the output layer has one neuron per possible answer of the network."),
                N_("list the digits the network can answer, from the smallest to the largest, and count them.")],
         solution=N_("10: one output neuron for each digit 0, 1, …, 9. The article's \"9 neurons for 1–9\" forgets "
                     "the 0 (it says \"a vector of 10 values\" itself later on)."))
def check_output_neurons(answer) -> Feedback:
    """Notebook 02: how many output neurons does a network that reads the digits 0–9 need?"""
    n = read_answer(answer, tr("the number of output neurons"), whole=True)
    if n == 10:
        return right(tr("one output neuron per digit 0, 1, …, 9: ten. The article's \"9 neurons for "
                        "1–9\" forgets the 0 (it says \"a vector of 10 values\" itself later on)."))
    if n == 9:
        return miss(tr("that is the article's slip."))
    return miss()


@checker(hints=[N_("every layer is made of neurons, the input layer too. Add the layers up."),
                N_("one neuron per pixel in the input layer, then the neurons of each later layer: add all "
                   "{sizes} together.")],
         solution=lambda a: tr("{terms} = {total}: each layer's neurons, the 784 input neurons included, added up.",
                               terms=" + ".join(map(str, layer_sizes(a.sizes))), total=sum(layer_sizes(a.sizes))))
def check_neuron_count(answer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 02: how many neurons does the network of `sizes` have, all layers together?"""
    sizes = layer_sizes(sizes)
    n = read_answer(answer, tr("the number of neurons"), whole=True)
    if n == sum(sizes):
        return right(tr("{terms} = {total} neurons, each holding one activation.",
                        terms=" + ".join(map(str, sizes)), total=sum(sizes)))
    if n == sum(sizes[1:]):
        return miss(tr("you left out the input layer: its neurons count too (one per pixel)."))
    if n == int(np.prod(sizes, dtype=float)):
        return miss(tr("neurons don't multiply."))
    return miss()


@checker(hints=[N_("the prediction is the output neuron with the largest activation. Look at all 10 of them."),
                N_("net.activations(image)[-1] are the 10 output activations; np.argmax gives the position "
                   "of the largest.")],
         solution=N_("np.argmax(net.activations(image)[-1]) (or net.predict(image)): the number of the brightest "
                     "output neuron is the network's answer."))
def check_prediction(answer, net, image) -> Feedback:
    """Notebooks 02, 07: which digit does `net` predict for `image` (the brightest output neuron)?"""
    net = given_network(net)
    out = net.activations(given_images(image, "image", net.sizes[0], one=True))[-1]
    guess = int(np.argmax(out))
    n = read_answer(answer, tr("a digit"), whole=True)
    if n == guess:
        return right(tr("output neuron {guess} is the brightest ({value:.2f}), so the network says {guess}.",
                        guess=guess, value=out[guess]))
    if 0 <= n < len(out):
        return miss(tr("output neuron {n} has activation {value:.2f}, but another one is brighter.",
                       n=n, value=out[n]))
    return miss(tr("the prediction is the number of an output neuron, 0–{last}.", last=len(out) - 1))
