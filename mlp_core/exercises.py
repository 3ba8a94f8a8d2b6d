"""Instant checkers for the exercises at the end of each notebook.

Each checker takes the learner's answer and returns a `Feedback` that shows as
"✔ Right" or "✘ Not yet" with a hint, in the notebook and as plain text:

    from mlp_core.exercises import check_parameter_count
    check_parameter_count(784 * 16 + 16)     # ✘ Not yet: that is only the first layer ...

Checkers compute the expected answer themselves (from the network, the sample, the
maths) rather than storing it, so they stay right when the network changes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "right", "not_yet", "check_close", "check_equal"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ok, and a message (a confirmation or a hint)."""

    ok: bool
    message: str

    def __str__(self):
        return f"{'✔ Right' if self.ok else '✘ Not yet'}: {self.message}"

    __repr__ = __str__

    def __bool__(self):
        return self.ok

    def _repr_html_(self):
        colour, mark, word = ("#1a7f37", "✔", "Right") if self.ok else ("#b35900", "✘", "Not yet")
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{mark} {word}:</b> {html.escape(self.message)}</div>')


def right(message: str) -> Feedback:
    return Feedback(True, message)


def not_yet(hint: str) -> Feedback:
    return Feedback(False, hint)


def _as_number(answer, what: str):
    if isinstance(answer, (bool, np.bool_)):
        return None, not_yet(f"expected {what} (a number), got {answer!r}")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, not_yet(f"expected {what} (a number), got {type(answer).__name__} {answer!r}")
    return value, None


def check_close(answer, expected, *, what: str, hint: str, rtol: float = 1e-6, atol: float = 1e-9,
                praise: str = "") -> Feedback:
    """Right when `answer` has the shape of `expected` and is numerically close to it."""
    value, problem = _as_number(answer, what)
    if problem is not None:    # a Feedback is falsy when not ok: test for None
        return problem
    expected = np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        return not_yet(f"expected {what} with shape {expected.shape}, got shape {value.shape}. {hint}")
    if not np.all(np.isfinite(value)):
        return not_yet(f"{what} contains NaN or infinity. {hint}")
    if np.allclose(value, expected, rtol=rtol, atol=atol):
        return right(praise or f"{what} is correct.")
    return not_yet(hint)


def check_equal(answer, expected, *, what: str, hint: str, praise: str = "") -> Feedback:
    """Right when `answer` equals `expected` exactly (ints, strings, tuples)."""
    if isinstance(expected, (int, np.integer)) and isinstance(answer, (bool, np.bool_)):
        return not_yet(f"expected {what} (a whole number), got {answer!r}")
    try:
        same = bool(np.all(np.asarray(answer) == np.asarray(expected))) and np.shape(answer) == np.shape(expected)
    except (TypeError, ValueError):
        same = False
    return right(praise or f"{what} is correct.") if same else not_yet(hint)


# ---- checkers of the notebooks (each notebook's section below) ---------------------------
# ==== notebooks 02, 06, 07: layers, the matrix form, the network as a function ============
# Each checker computes the expected answer from the network or the maths it is given.

__all__ += ["check_output_neurons", "check_neuron_count", "check_prediction", "check_parameter_count",
            "check_weight_shape", "check_layer_activations", "check_wrong_count", "check_zeroed_activation"]

_UNANSWERED = not_yet("replace the ... with your answer, then run the cell again.")


def _whole_number(answer, what):
    if answer is Ellipsis:
        return None, _UNANSWERED
    value, problem = _as_number(answer, what)
    if problem is not None:
        return None, problem
    if value.shape != () or value != np.round(value):
        return None, not_yet(f"expected {what} as one whole number, got {answer!r}")
    return int(value), None


def check_output_neurons(answer) -> Feedback:
    """Notebook 02: how many output neurons does a network that reads the digits 0–9 need?"""
    n, problem = _whole_number(answer, "the number of output neurons")
    if problem is not None:
        return problem
    if n == 10:
        return right("one output neuron per digit 0, 1, …, 9: ten. The article's \"9 neurons for "
                     "1–9\" forgets the 0 (it says \"a vector of 10 values\" itself later on).")
    if n == 9:
        return not_yet("that is the article's slip: count the digits from 0 to 9, not from 1 to 9.")
    return not_yet("the output layer has one neuron per possible answer. How many digits are there?")


def check_neuron_count(answer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 02: how many neurons does the network of `sizes` have, all layers together?"""
    n, problem = _whole_number(answer, "the number of neurons")
    if problem is not None:
        return problem
    sizes = [int(s) for s in sizes]
    if n == sum(sizes):
        return right(f"{' + '.join(map(str, sizes))} = {sum(sizes)} neurons, each holding one activation.")
    if n == sum(sizes[1:]):
        return not_yet("you left out the input layer: its 784 neurons count too (one per pixel).")
    if n == int(np.prod(sizes)):
        return not_yet("neurons don't multiply: add up the neurons of every layer.")
    return not_yet(f"add up the sizes of all {len(sizes)} layers: {', '.join(map(str, sizes))}.")


def check_prediction(answer, net, image) -> Feedback:
    """Notebooks 02, 07: which digit does `net` predict for `image` (the brightest output neuron)?"""
    n, problem = _whole_number(answer, "a digit")
    if problem is not None:
        return problem
    out = net.forward(image)
    guess = int(np.argmax(out))
    if n == guess:
        return right(f"output neuron {guess} is the brightest ({out[guess]:.2f}), so the network says {guess}.")
    if 0 <= n < len(out):
        return not_yet(f"output neuron {n} has activation {out[n]:.2f}, but another one is brighter. "
                       "Find the largest of the 10 output activations, e.g. with np.argmax.")
    return not_yet(f"the prediction is the number of an output neuron, 0–{len(out) - 1}.")


def check_parameter_count(answer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 06: the number of weights and biases of a network with layer sizes `sizes`."""
    n, problem = _whole_number(answer, "the number of parameters")
    if problem is not None:
        return problem
    sizes = [int(s) for s in sizes]
    pairs = list(zip(sizes[:-1], sizes[1:]))
    weights = sum(i * o for i, o in pairs)
    biases = sum(sizes[1:])
    if n == weights + biases:
        terms = " + ".join(f"{i}·{o} + {o}" for i, o in pairs)
        return right(f"{terms} = {weights + biases:,} parameters.")
    if n == weights:
        return not_yet("those are the weights only: every neuron after the input also has one bias.")
    if n == pairs[0][0] * pairs[0][1] + pairs[0][1] and len(pairs) > 1:
        return not_yet("that is only the first layer: add the weights and biases of the later layers too.")
    if n == weights + sum(sizes):
        return not_yet("the input neurons have no bias: only the neurons that compute a weighted sum do.")
    if n == int(np.prod(sizes)):
        return not_yet("layers don't multiply: count n_in × n_out weights plus n_out biases per layer, then add.")
    return not_yet("for each layer, n_out neurons × n_in weights each, plus n_out biases; then add the layers up.")


def check_weight_shape(answer, layer, sizes=(784, 16, 16, 10)) -> Feedback:
    """Notebook 06: the shape of the weight matrix W of `layer` (1 = the first hidden layer)."""
    sizes = [int(s) for s in sizes]
    if not 1 <= layer < len(sizes):
        raise ValueError(f"layer must be between 1 and {len(sizes) - 1}, got {layer}")
    expected = (sizes[layer], sizes[layer - 1])
    if answer is Ellipsis:
        return _UNANSWERED
    try:
        shape = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return not_yet(f"expected a shape, a pair such as (rows, columns), got {answer!r}")
    if shape == expected:
        return right(f"{expected}: one row per neuron of layer {layer} ({expected[0]}), one column per "
                     f"neuron of the layer before ({expected[1]}), so W @ a has {expected[0]} entries.")
    if shape == expected[::-1]:
        return not_yet("rows and columns are swapped: row n holds the weights INTO neuron n, so there is one "
                       "row per neuron of this layer and one column per neuron of the layer before.")
    return not_yet(f"rows = neurons of layer {layer}, columns = neurons of the layer before it "
                   f"(sizes are {sizes}).")


def check_layer_activations(answer, net, image, layer) -> Feedback:
    """Notebook 06: the activations of `layer` (1 = first hidden) for `image`, in matrix form."""
    if not 1 <= layer < len(net.sizes):
        raise ValueError(f"layer must be between 1 and {len(net.sizes) - 1}, got {layer}")
    if answer is Ellipsis:
        return _UNANSWERED
    expected = net.activations(image)[layer]
    steps = " then ".join(f"a{l} = σ(W{l} @ a{l - 1} + b{l})" for l in range(1, layer + 1))
    feedback = check_close(answer, expected, what=f"the activations of layer {layer}", rtol=1e-6, atol=1e-9,
                           hint=f"start from the image as a0 and apply the layer step {layer} time(s): {steps}; "
                                f"W{1} is net.weights[0], b{1} is net.biases[0].")
    if feedback.ok:
        return right(f"{len(expected)} activations, all in 0–1: {steps}.")
    return feedback


def check_wrong_count(answer, net, images, labels) -> Feedback:
    """Notebook 07: how many of `images` does `net` get wrong?"""
    n, problem = _whole_number(answer, "the number of wrong predictions")
    if problem is not None:
        return problem
    labels = np.asarray(labels)
    wrong = int(np.sum(net.predict(images) != labels))
    if n == wrong:
        return right(f"{wrong} of {len(labels):,} wrong, so {1 - wrong / len(labels):.1%} right.")
    if n == len(labels) - wrong:
        return not_yet("that is the number of RIGHT predictions: count where prediction != label.")
    return not_yet("compare net.predict(images) with labels and count where they differ, e.g. "
                   "np.sum(predictions != labels).")


def check_zeroed_activation(answer, net, layer, neuron) -> Feedback:
    """Notebook 07: the activation of a neuron whose incoming weights are all zero: σ(its bias)."""
    from .network import sigmoid

    if not 1 <= layer < len(net.sizes) or not 0 <= neuron < net.sizes[layer]:
        raise ValueError(f"no neuron {neuron} in layer {layer} of a network of sizes {net.sizes}")
    if answer is Ellipsis:
        return _UNANSWERED
    b = float(net.biases[layer - 1][neuron])
    expected = float(sigmoid(b))
    feedback = check_close(answer, expected, what="the activation", rtol=0, atol=5e-4,
                           hint="with every weight 0 the weighted sum is 0 whatever the image, so only the bias "
                                f"is left: the activation is σ(0 + b), with b = net.biases[{layer - 1}][{neuron}].")
    if feedback.ok:
        return right(f"σ({b:.3f}) = {expected:.3f} for every image: cut off from the layer before, the "
                     "neuron can no longer tell digits apart.")
    return feedback



