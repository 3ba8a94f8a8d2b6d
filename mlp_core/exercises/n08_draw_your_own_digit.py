"""Checkers of notebook 08 · Draw your own digit.

They take the notebook's pad (a mlp_core.drawing.DigitPad, or anything with .reading()) and judge
what is on it now. An empty pad is not an error: they say "draw first".
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_, tr
from ._shared import load_pretrained, sample
from .feedback import Feedback, checker, given_network, miss, read_answer, read_pad, right

__all__ = ["check_seven_called_one", "check_not_a_digit", "check_loop_neuron", "loop_scores",
           "LOOP_DIGITS", "NO_LOOP_DIGITS"]

LOOP_DIGITS = (0, 6, 8, 9)          # digits with a closed loop
NO_LOOP_DIGITS = (1, 2, 3, 5, 7)    # digits drawn with open strokes only (4 is left out: half of them close)


@checker(hints=[N_("what makes a 7 a 7 is its top bar. How little of it can you leave before the network "
                   "stops seeing it?"),
                N_("draw a 7 with a very short top bar, or a steep, nearly upright stem, and watch the bars of 1 "
                   "and 7 as you change it.")],
         solution=N_("A steep stem with a top bar only a few pixels long: the network reads 1, with 7 close "
                     "behind. A few pixels of bar are all that separate the two for this network."),
         answers=("pad",))
def check_seven_called_one(pad) -> Feedback:
    """Right when the network reads the drawing as a 1 while 7 is among its top three guesses."""
    reading = read_pad(pad)
    o, ranking = reading.output, list(reading.ranking)
    if reading.guess != 1:
        return miss(tr("the network reads {guess} ({value:.2f}); the 1 neuron is at {one:.2f}.",
                       guess=reading.guess, value=o[reading.guess], one=o[1]))
    if 7 not in ranking[:3]:
        return miss(tr("the network calls it a 1 ({one:.2f}), but 7 is only its guess number {rank}: would a person "
                       "read it as a 7? Give it a clearer top bar.", one=o[1], rank=ranking.index(7) + 1))
    return right(tr("the network reads 1 ({one:.2f}) with 7 as guess number {rank} ({seven:.2f}). A few pixels of "
                    "top bar are all that separate the two for this network.", one=o[1],
                    rank=ranking.index(7) + 1, seven=o[7]))


@checker(hints=[N_("the longest bar belongs to the network's answer; its activation is printed next to it."),
                N_("the line above the picture also says it: the guess, then its activation in brackets. Type "
                   "that number, to two decimals.")],
         solution=N_("read the longest bar: pad.reading().output.max(). The network has ten output neurons and no "
                     "'none of these': whatever you draw, some digit's neuron lights up."),
         answers=("confidence",))
def check_not_a_digit(pad, confidence) -> Feedback:
    """The learner reads the top output activation for a non-digit off the bars (±0.05)."""
    reading = read_pad(pad)
    value = read_answer(confidence, tr("the top output activation, a number between 0 and 1"))
    top = float(reading.output[reading.guess])
    if abs(value - top) > 0.05:
        return miss(tr("read the longest bar again: it belongs to {guess}.", guess=reading.guess))
    verdict = (tr("quite sure") if top >= 0.8 else tr("fairly sure") if top >= 0.5 else tr("unsure"))
    return right(tr("the network says {guess} with activation {top:.2f}, {verdict}. It has ten output neurons and "
                    "no 'none of these': whatever you draw, some digit's neuron lights up, and nothing in the "
                    "network says 'this is not a digit'.", guess=reading.guess, top=top, verdict=verdict))


def loop_scores(network, images, labels) -> list[np.ndarray]:
    """For each hidden layer: every neuron's mean activation on digits with a loop minus
    its mean activation on digits without one (LOOP_DIGITS vs NO_LOOP_DIGITS)."""
    acts = network.activations(np.asarray(images, dtype=float))
    labels = np.asarray(labels)
    loop, open_ = np.isin(labels, LOOP_DIGITS), np.isin(labels, NO_LOOP_DIGITS)
    return [a[loop].mean(axis=0) - a[open_].mean(axis=0) for a in acts[1:-1]]


def _loop_ranking(network):
    network = load_pretrained() if network is None else given_network(network, "network")
    images, labels = sample()
    return network, loop_scores(network, images, labels)


@checker(hints=[N_("draw a plain 0, then a 1, and watch the numbered circles of each hidden layer: which turns "
                   "white for the 0 but not for the 1?"),
                N_("then try an 8 and a 6 (loops) against a 7 and a 2 (no loops): keep the neuron that stays bright "
                   "for every loop. Give its layer (1 or 2) and its number.")],
         solution=lambda a: _loop_solution(a.network),
         answers=("layer", "neuron"))
def check_loop_neuron(layer, neuron, network=None) -> Feedback:
    """Right when `neuron` of hidden `layer` (1 or 2) is among the three that react most to loops.

    "Reacts to loops" is measured on the bundled sample: mean activation on 0, 6, 8, 9
    minus mean activation on 1, 2, 3, 5, 7.
    """
    network, all_scores = _loop_ranking(network)
    n_hidden = len(network.sizes) - 2
    layer = read_answer(layer, tr("a hidden layer's number, 1 to {last}", last=n_hidden), whole=True)
    if not 1 <= layer <= n_hidden:
        return miss(tr("layer is the hidden layer's number, 1 to {last}; got {layer}.", last=n_hidden, layer=layer))
    width = network.sizes[layer]
    neuron = read_answer(neuron, tr("a neuron's number, 0 to {last}", last=width - 1), whole=True)
    if not 0 <= neuron < width:
        return miss(tr("neuron is a number from 0 to {last} (as labelled in the picture); got {neuron}.",
                       last=width - 1, neuron=neuron))
    scores = all_scores[layer - 1]
    order = list(np.argsort(-scores))
    rank = order.index(neuron) + 1
    best = order[0]
    if rank > 3:
        return miss(tr("neuron {neuron} of hidden layer {layer} is only number {rank} of {width} for loops "
                       "(score {score:+.2f}).", neuron=neuron, layer=layer, rank=rank, width=width,
                       score=scores[neuron]))
    return right(tr("neuron {neuron} of hidden layer {layer} is number {rank} for loops: on real digits it is "
                    "{score:+.2f} brighter, on average, for 0, 6, 8, 9 than for 1, 2, 3, 5, 7 (the top one is neuron "
                    "{best}, {best_score:+.2f}). But try a 4 or a 5 too: it is no clean loop detector. The hidden "
                    "neurons of a trained network rarely match the parts we would name.", neuron=neuron,
                    layer=layer, rank=rank, score=scores[neuron], best=best, best_score=scores[best]))


def _loop_solution(network):
    network, all_scores = _loop_ranking(network)
    tops = tr("; ").join(tr("hidden layer {layer}: neurons {neurons}", layer=k,
                            neurons=tr(", ").join(str(int(n)) for n in np.argsort(-s)[:3]))
                         for k, s in enumerate(all_scores, start=1))
    return tr("the three that react most to loops ({tops}), measured on the sample as the mean activation on "
              "0, 6, 8, 9 minus that on 1, 2, 3, 5, 7. None of them is a clean loop detector.", tops=tops)
