"""Checkers of notebook 08 · Draw your own digit.

They take the notebook's pad (a mlp_core.drawing.DigitPad, or anything with .reading()) and judge
what is on it now. An empty pad is not an error: they say "draw first".
"""

from __future__ import annotations

import numpy as np

from ._shared import load_pretrained, sample
from .feedback import Feedback, checker, given_network, miss, read_answer, read_pad, right

__all__ = ["check_seven_called_one", "check_not_a_digit", "check_loop_neuron", "loop_scores",
           "LOOP_DIGITS", "NO_LOOP_DIGITS"]

LOOP_DIGITS = (0, 6, 8, 9)          # digits with a closed loop
NO_LOOP_DIGITS = (1, 2, 3, 5, 7)    # digits drawn with open strokes only (4 is left out: half of them close)


@checker(hints=["what makes a 7 a 7 is its top bar. How little of it can you leave before the network "
                "stops seeing it?",
                "draw a 7 with a very short top bar, or a steep, nearly upright stem, and watch the bars of 1 "
                "and 7 as you change it."],
         solution="A steep stem with a top bar only a few pixels long: the network reads 1, with 7 close "
                  "behind. A few pixels of bar are all that separate the two for this network.",
         answers=("pad",))
def check_seven_called_one(pad) -> Feedback:
    """Right when the network reads the drawing as a 1 while 7 is among its top three guesses."""
    reading = read_pad(pad)
    o, ranking = reading.output, list(reading.ranking)
    if reading.guess != 1:
        return miss(f"the network reads {reading.guess} ({o[reading.guess]:.2f}); the 1 neuron is at {o[1]:.2f}.")
    if 7 not in ranking[:3]:
        return miss(f"the network calls it a 1 ({o[1]:.2f}), but 7 is only its guess number "
                    f"{ranking.index(7) + 1}: would a person read it as a 7? Give it a clearer top bar.")
    return right(f"the network reads 1 ({o[1]:.2f}) with 7 as guess number {ranking.index(7) + 1} ({o[7]:.2f}). "
                 "A few pixels of top bar are all that separate the two for this network.")


@checker(hints=["the longest bar belongs to the network's answer; its activation is printed next to it.",
                "the line above the picture also says it: the guess, then its activation in brackets. Type "
                "that number, to two decimals."],
         solution="read the longest bar: pad.reading().output.max(). The network has ten output neurons and no "
                  "'none of these': whatever you draw, some digit's neuron lights up.",
         answers=("confidence",))
def check_not_a_digit(pad, confidence) -> Feedback:
    """The learner reads the top output activation for a non-digit off the bars (±0.05)."""
    reading = read_pad(pad)
    value = read_answer(confidence, "the top output activation, a number between 0 and 1")
    top = float(reading.output[reading.guess])
    if abs(value - top) > 0.05:
        return miss(f"read the longest bar again: it belongs to {reading.guess}.")
    verdict = ("quite sure" if top >= 0.8 else "fairly sure" if top >= 0.5 else "unsure")
    return right(f"the network says {reading.guess} with activation {top:.2f}, {verdict}. It has ten output "
                 "neurons and no 'none of these': whatever you draw, some digit's neuron lights up, and "
                 "nothing in the network says 'this is not a digit'.")


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


@checker(hints=["draw a plain 0, then a 1, and watch the numbered circles of each hidden layer: which turns "
                "white for the 0 but not for the 1?",
                "then try an 8 and a 6 (loops) against a 7 and a 2 (no loops): keep the neuron that stays bright "
                "for every loop. Give its layer (1 or 2) and its number."],
         solution=lambda a: _loop_solution(a.network),
         answers=("layer", "neuron"))
def check_loop_neuron(layer, neuron, network=None) -> Feedback:
    """Right when `neuron` of hidden `layer` (1 or 2) is among the three that react most to loops.

    "Reacts to loops" is measured on the bundled sample: mean activation on 0, 6, 8, 9
    minus mean activation on 1, 2, 3, 5, 7.
    """
    network, all_scores = _loop_ranking(network)
    n_hidden = len(network.sizes) - 2
    layer = read_answer(layer, f"a hidden layer's number, 1 to {n_hidden}", whole=True)
    if not 1 <= layer <= n_hidden:
        return miss(f"layer is the hidden layer's number, 1 to {n_hidden}; got {layer}.")
    width = network.sizes[layer]
    neuron = read_answer(neuron, f"a neuron's number, 0 to {width - 1}", whole=True)
    if not 0 <= neuron < width:
        return miss(f"neuron is a number from 0 to {width - 1} (as labelled in the picture); got {neuron}.")
    scores = all_scores[layer - 1]
    order = list(np.argsort(-scores))
    rank = order.index(neuron) + 1
    best = order[0]
    if rank > 3:
        return miss(f"neuron {neuron} of hidden layer {layer} is only number {rank} of {width} for loops "
                    f"(score {scores[neuron]:+.2f}).")
    return right(f"neuron {neuron} of hidden layer {layer} is number {rank} for loops: on real digits it is "
                 f"{scores[neuron]:+.2f} brighter, on average, for 0, 6, 8, 9 than for 1, 2, 3, 5, 7 (the top "
                 f"one is neuron {best}, {scores[best]:+.2f}). But try a 4 or a 5 too: it is no clean loop "
                 "detector. The hidden neurons of a trained network rarely match the parts we would name.")


def _loop_solution(network):
    network, all_scores = _loop_ranking(network)
    tops = "; ".join(f"hidden layer {k}: neurons {', '.join(str(int(n)) for n in np.argsort(-s)[:3])}"
                     for k, s in enumerate(all_scores, start=1))
    return (f"the three that react most to loops ({tops}), measured on the sample as the mean activation on "
            "0, 6, 8, 9 minus that on 1, 2, 3, 5, 7. None of them is a clean loop detector.")
