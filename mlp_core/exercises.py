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
    if answer is None or answer is Ellipsis:   # the exercise cell as it starts
        return not_yet(f"no answer yet: replace the ... by {what}.")
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

# ==== notebooks 01, 03, 04, 05: pixels, weights, sigmoid, bias =============================
# The expected answers are computed here from the bundled sample and the maths, never stored.

__all__ += ["check_pixel_activation", "check_neuron_number", "check_black_pixel_count",
            "check_region_sum", "check_total_ink", "check_top_minus_bottom",
            "check_sigmoid_at_zero", "check_sigmoid_inverse", "check_sigmoid_symmetry",
            "check_bias_for_threshold", "check_digits_on", "check_neuron_parameter_count"]


def _number(answer, what):
    """_as_number, with a friendlier word for an exercise cell's starting value (... or None)."""
    if answer is None or answer is Ellipsis:
        return None, not_yet(f"no answer yet: replace the ... by {what}.")
    value, problem = _as_number(answer, what)
    if problem is None and not np.all(np.isfinite(value)):
        return None, not_yet(f"expected {what}, got {answer!r}")
    return value, problem


def _sample_digit(index: int) -> np.ndarray:
    from .data import load_sample
    return load_sample()[0][index]


def check_pixel_activation(answer, index: int = 1, row: int = 12, col: int = 10) -> Feedback:
    """Notebook 01: the activation of pixel (row, col) of sample digit `index`."""
    grid = _sample_digit(index).reshape(28, 28).astype(float)
    expected = grid[row, col]
    value, problem = _number(answer, "an activation")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and np.isclose(value, expected, atol=5e-3):
        return right(f"pixel (row {row}, column {col}) has activation {expected:.2f}: "
                     f"{'bright, part of the ink' if expected > 0.5 else 'dark'}.")
    if value.shape == () and np.isclose(value, grid[col, row], atol=5e-3) and grid[col, row] != expected:
        return not_yet(f"that is pixel (row {col}, column {row}): you swapped row and column; "
                       "rows come first, grid[row, column].")
    if value.shape == () and value > 1:
        return not_yet("activations lie between 0 and 1 (0 black, 1 white); the sample is already divided by 255.")
    return not_yet(f"images[{index}] is the unrolled column; fold it back into the grid with "
                   f"grid = images[{index}].reshape(28, 28), then read grid[{row}, {col}].")


def check_neuron_number(answer, row: int = 20, col: int = 5) -> Feedback:
    """Notebook 01: which of the 784 input neurons holds pixel (row, col)?"""
    expected = row * 28 + col
    value, problem = _number(answer, "a neuron number")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape != () or value != np.round(value):
        return not_yet("a neuron number is one whole number between 0 and 783.")
    n = int(value)
    if n == expected:
        return right(f"{row} full rows of 28 come before it, then {col} more: {row} × 28 + {col} = {expected}.")
    if n == col * 28 + row:
        return not_yet("you swapped row and column: whole ROWS of 28 pixels come one after another.")
    if n == expected + 1:
        return not_yet("nearly: counting starts at 0, so the very first pixel is neuron 0.")
    return not_yet("the column lists row 0 (28 pixels), then row 1, …: count the full rows before it, times 28, "
                   "plus the column.")


def check_black_pixel_count(answer, index: int = 0) -> Feedback:
    """Notebook 01: how many pixels of sample digit `index` are pure black (activation exactly 0)?"""
    x = _sample_digit(index)
    expected = int(np.sum(x == 0))
    value, problem = _number(answer, "a count")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and value == expected:
        return right(f"{expected} of the 784 pixels are pure black; only {784 - expected} carry any ink.")
    if value.shape == () and value == 784 - expected:
        return not_yet("that counts the pixels with some ink (activation > 0); count those equal to 0.")
    return not_yet(f"compare with 0 and count the True values: np.sum(images[{index}] == 0).")


def _region_sum(index, rows, cols):
    grid = _sample_digit(index).reshape(28, 28).astype(float)
    return grid, float(grid[rows[0]:rows[1] + 1, cols[0]:cols[1] + 1].sum())


def check_region_sum(answer, index: int = 0, rows=(10, 17), cols=(10, 17)) -> Feedback:
    """Notebook 03: the weighted sum of digit `index` when the weights are 1 on rows/cols (inclusive)."""
    grid, expected = _region_sum(index, rows, cols)
    value, problem = _number(answer, "a weighted sum")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and np.isclose(value, expected, rtol=1e-4):
        return right(f"{expected:.2f}: with weights 1 on the square and 0 elsewhere, the weighted sum is just "
                     "the total brightness inside the square.")
    short = float(grid[rows[0]:rows[1], cols[0]:cols[1]].sum())
    if value.shape == () and np.isclose(value, short, rtol=1e-4):
        return not_yet(f"a Python slice stops BEFORE its end: rows {rows[0]}–{rows[1]} are "
                       f"[{rows[0]}:{rows[1] + 1}].")
    return not_yet("build weights = np.zeros((28, 28)), set the square to 1, reshape to 784, then "
                   f"weights @ images[{index}].")


def check_total_ink(answer, index: int = 0) -> Feedback:
    """Notebook 03: the weighted sum of digit `index` when all 784 weights are 1."""
    expected = float(_sample_digit(index).astype(float).sum())
    value, problem = _number(answer, "a weighted sum")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and np.isclose(value, expected, rtol=1e-4):
        return right(f"{expected:.2f}: with every weight 1 the neuron simply adds up all the ink.")
    if value.shape == () and np.isclose(value, 784):
        return not_yet("that is the sum of the weights; multiply each by its pixel's activation first.")
    return not_yet(f"np.ones(784) @ images[{index}] (or simply images[{index}].sum()).")


def check_top_minus_bottom(weights) -> Feedback:
    """Notebook 03: 784 weights, +1 on the top half (rows 0–13) and −1 on the bottom half (rows 14–27)."""
    expected = np.concatenate([np.ones(14 * 28), -np.ones(14 * 28)])
    if weights is None or weights is Ellipsis:
        return not_yet("no answer yet: replace the ... by your array of 784 weights.")
    if isinstance(weights, (str, bytes)):
        return not_yet(f"expected a numpy array of 784 weights, got {type(weights).__name__}")
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        return not_yet(f"expected a numpy array of 784 weights, got {type(weights).__name__}")
    if w.shape == (28, 28):
        return not_yet("right idea, wrong shape: the neuron sees one column of 784, so finish with .reshape(784).")
    if w.shape != (784,):
        return not_yet(f"expected 784 weights, shape (784,), got shape {w.shape}.")
    if np.array_equal(w, expected):
        return right("the weighted sum is now (ink in the top half) − (ink in the bottom half): "
                     "positive for a 7, negative for a 6.")
    if np.array_equal(w, -expected):
        return not_yet("the signs are the wrong way round: the TOP half (rows 0–13) gets +1.")
    if np.array_equal(w.reshape(28, 28), expected.reshape(28, 28).T):
        return not_yet("that splits left from right: rows are the first index, grid[:14, :] is the top half.")
    return not_yet("start from np.zeros((28, 28)), set rows 0–13 ([:14]) to 1 and rows 14–27 ([14:]) to −1.")


def check_sigmoid_at_zero(answer) -> Feedback:
    """Notebook 04: σ(0)."""
    return check_close(answer, 0.5, what="σ(0)", atol=1e-3,
                       hint="e^0 = 1, so σ(0) = 1 / (1 + 1).",
                       praise="σ(0) = 1/(1 + e^0) = 1/2: a weighted sum of 0 gives a neuron half on.")


def check_sigmoid_inverse(answer, target: float = 0.9) -> Feedback:
    """Notebook 04: the z with σ(z) = target (solving 1/(1+e^(−z)) = target gives z = ln(t/(1−t)))."""
    from .network import sigmoid
    value, problem = _number(answer, "a value of z")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape != ():
        return not_yet("expected one number z.")
    if np.isclose(sigmoid(value), target, atol=1e-3):
        return right(f"σ({float(value):.3f}) = {float(sigmoid(value)):.4f}; exactly, z = ln({target}/(1 − {target})) "
                     f"= {np.log(target / (1 - target)):.4f}.")
    if np.isclose(value, target):
        return not_yet(f"{target} is the activation you want; the question asks for the weighted sum z that gives it.")
    if np.isclose(sigmoid(-value), target, atol=1e-3):
        return not_yet("wrong sign: an activation above 0.5 needs a positive z.")
    return not_yet("try values in the widget or with sigmoid(z): σ(2) ≈ 0.88 is a little too small.")


def check_sigmoid_symmetry(answer) -> Feedback:
    """Notebook 04: σ(3) + σ(−3), which is 1 for any z since σ(−z) = 1 − σ(z)."""
    return check_close(answer, 1.0, what="σ(3) + σ(−3)", atol=1e-6,
                       hint="compute sigmoid(3) + sigmoid(-3) in a cell.",
                       praise="σ(3) + σ(−3) = 1, and it would be for any z: the curve is symmetric around "
                              "its middle point (0, 0.5), σ(−z) = 1 − σ(z).")


def check_bias_for_threshold(answer, threshold: float = 25) -> Feedback:
    """Notebook 05: the bias that puts a neuron's switching point (σ = 0.5) at weighted sum `threshold`."""
    value, problem = _number(answer, "a bias")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and np.isclose(value, -threshold):
        return right(f"b = {-threshold:g}: σ(w·a − {threshold:g}) passes 0.5 exactly when w·a passes {threshold:g}.")
    if value.shape == () and np.isclose(value, threshold):
        return not_yet("right size, wrong sign: the bias is ADDED, σ(w·a + b), so to demand more it must be negative.")
    return not_yet("σ(z) = 0.5 at z = 0, so you need w·a + b = 0 when w·a = " f"{threshold:g}.")


def check_digits_on(answer, bias: float = -20, rows=(5, 11), cols=(9, 18)) -> Feedback:
    """Notebook 05: how many of the ten digits shown switch the painted-weights neuron on (σ > 0.5)?"""
    from .data import load_sample
    from .network import sigmoid
    from .widgets import first_of_each_digit, region_weights
    images, labels = load_sample()
    shown = first_of_each_digit(labels)
    activations = sigmoid(images[shown] @ region_weights(rows, cols) + bias)
    on = [int(labels[i]) for i, a in zip(shown, activations) if a > 0.5]
    value, problem = _number(answer, "a count")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and value == len(on):
        return right(f"{len(on)} of them: {', '.join(map(str, on))}. The others' weighted sums stay below {-bias:g}.")
    if value.shape == () and value == 10 - len(on):
        return not_yet("that counts the digits that stay OFF; count those with activation above 0.5.")
    return not_yet(f"set the bias slider to {bias:g}, or compute sigmoid(weighted_sums + ({bias:g})) > 0.5 and count.")


def check_neuron_parameter_count(answer) -> Feedback:
    """Notebook 05: how many numbers (parameters) describe one neuron of the first hidden layer?"""
    value, problem = _number(answer, "a count")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape == () and value == 785:
        return right("784 weights (one per input pixel) and 1 bias: 785. Sixteen such neurons make the next "
                     "notebook's 16 × 784 + 16.")
    if value.shape == () and value == 784:
        return not_yet("you counted the weights; the neuron has one more number of its own.")
    return not_yet("one weight per incoming connection (how many pixels?), plus the bias.")


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



# ==== notebook 08: draw your own digit (drawing-pad section) ===============================
# The drawing checkers take the notebook's pad (a mlp_core.drawing.DigitPad, or anything
# with .reading() and .network) and judge what is on it now. An empty pad is not an error:
# they say "draw first".

__all__ += ["check_seven_called_one", "check_not_a_digit", "check_loop_neuron", "loop_scores"]

LOOP_DIGITS = (0, 6, 8, 9)          # digits with a closed loop
NO_LOOP_DIGITS = (1, 2, 3, 5, 7)    # digits drawn with open strokes only (4 is left out: half of them close)

_DRAW_FIRST = "draw first: the pad is empty. Draw on the black pad above, then run this cell again."


def _pad_reading(pad):
    if not hasattr(pad, "reading"):
        return None, not_yet(f"expected the drawing pad of this notebook (a DigitPad), got {type(pad).__name__}")
    reading = pad.reading()
    return reading, (not_yet(_DRAW_FIRST) if reading is None else None)


def check_seven_called_one(pad) -> Feedback:
    """Right when the network reads the drawing as a 1 while 7 is among its top three guesses."""
    reading, problem = _pad_reading(pad)
    if problem is not None:
        return problem
    o, ranking = reading.output, list(reading.ranking)
    if reading.guess != 1:
        return not_yet(f"the network reads {reading.guess} ({o[reading.guess]:.2f}); the 1 neuron is at "
                       f"{o[1]:.2f}. Try a 7 with a very short top bar, or a steep, nearly upright stem.")
    if 7 not in ranking[:3]:
        return not_yet(f"the network calls it a 1 ({o[1]:.2f}), but 7 is only its guess number "
                       f"{ranking.index(7) + 1}: would a person read it as a 7? Give it a clearer top bar.")
    return right(f"the network reads 1 ({o[1]:.2f}) with 7 as guess number {ranking.index(7) + 1} ({o[7]:.2f}). "
                 "A few pixels of top bar are all that separate the two for this network.")


def check_not_a_digit(pad, confidence) -> Feedback:
    """The learner reads the top output activation for a non-digit off the bars (±0.05)."""
    reading, problem = _pad_reading(pad)
    if problem is not None:
        return problem
    if confidence is Ellipsis:
        return _UNANSWERED
    value, problem = _as_number(confidence, "the top output activation")
    if problem is not None:
        return problem
    if value.shape != ():
        return not_yet(f"expected one number (the longest bar), got shape {value.shape}")
    top = float(reading.output[reading.guess])
    if abs(float(value) - top) > 0.05:
        return not_yet(f"read the longest bar again: it belongs to {reading.guess}. "
                       "Its activation is printed next to it and in the line above the picture.")
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


def check_loop_neuron(layer, neuron, network=None) -> Feedback:
    """Right when `neuron` of hidden `layer` (1 or 2) is among the three that react most to loops.

    "Reacts to loops" is measured on the bundled sample: mean activation on 0, 6, 8, 9
    minus mean activation on 1, 2, 3, 5, 7.
    """
    from .data import load_sample
    from .network import load_pretrained

    if layer is Ellipsis or neuron is Ellipsis:
        return _UNANSWERED
    network = load_pretrained() if network is None else network
    n_hidden = len(network.sizes) - 2
    if isinstance(layer, (bool, np.bool_)) or not isinstance(layer, (int, np.integer)) or not 1 <= layer <= n_hidden:
        return not_yet(f"layer is the hidden layer's number, 1 to {n_hidden}; got {layer!r}")
    width = network.sizes[layer]
    if isinstance(neuron, (bool, np.bool_)) or not isinstance(neuron, (int, np.integer)) or not 0 <= neuron < width:
        return not_yet(f"neuron is a number from 0 to {width - 1} (as labelled in the picture); got {neuron!r}")
    images, labels = load_sample()
    scores = loop_scores(network, images, labels)[layer - 1]
    order = list(np.argsort(-scores))
    rank = order.index(neuron) + 1
    best = order[0]
    if rank > 3:
        return not_yet(f"neuron {neuron} of hidden layer {layer} is only number {rank} of {width} for loops "
                       f"(score {scores[neuron]:+.2f}). Draw a plain 0, then a 1, and watch which circles "
                       "of that layer turn white for the 0 but not for the 1.")
    return right(f"neuron {neuron} of hidden layer {layer} is number {rank} for loops: on real digits it is "
                 f"{scores[neuron]:+.2f} brighter, on average, for 0, 6, 8, 9 than for 1, 2, 3, 5, 7 (the top "
                 f"one is neuron {best}, {scores[best]:+.2f}). But try a 4 or a 5 too: it is no clean loop "
                 "detector. The hidden neurons of a trained network rarely match the parts we would name.")


# ==== notebooks 09, 10, 11: gradient descent, backpropagation, training (series section) ====

__all__ += ["check_descent_step", "check_best_learning_rate", "check_steps_per_epoch"]


def _unanswered(answer, what):
    if answer is None or answer is Ellipsis:
        return not_yet(f"replace the ... with {what}, then run the cell again.")
    return None


def check_descent_step(answer, start: float = 1.0, learning_rate: float = 0.1, bottom: float = 3.0) -> Feedback:
    """Notebook 09: one step of gradient descent on C(w) = (w − bottom)², from w = start."""
    if (problem := _unanswered(answer, "the new value of w")) is not None:
        return problem
    value, problem = _as_number(answer, "the new value of w")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    slope = 2 * (start - bottom)
    expected = start - learning_rate * slope
    if value.shape != ():
        return not_yet("the answer is one number: w after the step.")
    if np.isclose(value, expected):
        return right(f"the slope at w = {start:g} is C'(w) = 2(w − {bottom:g}) = {slope:g}, so the step is "
                     f"−η·C'(w) = {-learning_rate * slope:+g} and w becomes {expected:g}: closer to the bottom at "
                     f"{bottom:g}.")
    if np.isclose(value, slope):
        return not_yet(f"{slope:g} is the slope C'(w) at w = {start:g}; now take the step w − η·C'(w).")
    if np.isclose(value, start + learning_rate * slope):
        return not_yet("that step went uphill: gradient descent SUBTRACTS η times the slope.")
    if np.isclose(value, start - learning_rate * (start - bottom)):
        return not_yet(f"the slope of (w − {bottom:g})² is 2(w − {bottom:g}): don't forget the 2.")
    return not_yet(f"first the slope: C'(w) = 2(w − {bottom:g}) at w = {start:g}; then w − η·C'(w) with η = "
                   f"{learning_rate:g}.")


def check_best_learning_rate(answer) -> Feedback:
    """Notebook 09: the η with which ONE step of gradient descent on C(w) = (w − 3)² lands exactly
    on the bottom, from any start. The step multiplies the distance to the bottom by 1 − 2η."""
    if (problem := _unanswered(answer, "a learning rate")) is not None:
        return problem
    value, problem = _as_number(answer, "a learning rate")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    if value.shape != ():
        return not_yet("the answer is one number, a learning rate η.")
    if np.isclose(value, 0.5):
        return right("w − 0.5·2(w − 3) = 3 from any start: one step, exactly to the bottom. Below 0.5 the "
                     "ball stops short, between 0.5 and 1 it overshoots but still settles (zig-zag), at 1 it "
                     "bounces between two points for ever, and above 1 it flies off. The steeper the bowl "
                     "(curvature k), the smaller the best η: 1/k.")
    if np.isclose(value, 1.0):
        return not_yet("with η = 1 the ball jumps from w to 6 − w, the mirror image across the bottom, and "
                       "bounces there and back for ever. Look for a smaller η.")
    if value <= 0:
        return not_yet("a learning rate is a positive number: it scales the step downhill.")
    if value > 1:
        return not_yet("that one flies off: each step multiplies the distance to the bottom by 1 − 2η, and "
                       f"|1 − 2·{float(value):g}| > 1.")
    return not_yet("write the step out: w − η·2(w − 3) = 3 + (1 − 2η)(w − 3). Which η makes the new "
                   "distance to the bottom, (1 − 2η)(w − 3), zero?")


def check_steps_per_epoch(answer, n_digits: int = 60_000, batch_size: int = 10) -> Feedback:
    """Notebook 09: how many steps of gradient descent one epoch takes (one pass over the digits)."""
    if (problem := _unanswered(answer, "a number of steps")) is not None:
        return problem
    value, problem = _as_number(answer, "a number of steps")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    expected = -(-n_digits // batch_size)
    if value.shape == () and value == expected:
        return right(f"{n_digits:,} digits in mini-batches of {batch_size} make {expected:,} mini-batches, one "
                     f"step each: {expected:,} steps per epoch, where full gradient descent would take ONE "
                     "step per pass.")
    if value.shape == () and value == 1:
        return not_yet("one step per pass is full gradient descent; with mini-batches every mini-batch is a step.")
    if value.shape == () and value in (batch_size, n_digits):
        return not_yet(f"every mini-batch of {batch_size} digits gives one step; how many mini-batches fit in "
                       f"{n_digits:,} digits?")
    return not_yet(f"one step per mini-batch: {n_digits:,} digits ÷ {batch_size} per mini-batch.")


__all__ += ["check_output_delta", "check_zero_weight_gradients", "check_bp2"]


def check_output_delta(answer, a: float = 0.8, y: float = 1.0) -> Feedback:
    """Notebook 10: δ of a sigmoid output neuron with activation a, wanted y, quadratic cost."""
    if (problem := _unanswered(answer, "δ, a number")) is not None:
        return problem
    value, problem = _as_number(answer, "δ")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    expected = (a - y) * a * (1 - a)
    if value.shape != ():
        return not_yet("δ of one neuron is one number.")
    if np.isclose(value, expected):
        return right(f"δ = (a − y)·σ'(z) = ({a:g} − {y:g}) × {a:g}·(1 − {a:g}) = {expected:g}. Negative: raising this "
                     "neuron's weighted sum would lower the cost, so gradient descent raises it.")
    if np.isclose(value, a - y):
        return not_yet(f"{a - y:g} is ∂C/∂a; δ is ∂C/∂z, so multiply by σ'(z) = a(1 − a).")
    if np.isclose(value, -expected):
        return not_yet("check the sign: a − y, the output minus what we want.")
    if np.isclose(value, (a - y) * float(1 / (1 + np.exp(-a))) * (1 - float(1 / (1 + np.exp(-a))))):
        return not_yet("σ'(z) = a(1 − a) uses the activation a itself; no need to apply σ again.")
    return not_yet("δ = (a − y) · σ'(z), and for the sigmoid σ'(z) = a(1 − a).")


def check_zero_weight_gradients(answer, index: int = 0, neuron: int = 0) -> Feedback:
    """Notebook 10: how many of the 784 entries of ∂C/∂W¹[neuron] are exactly 0 for sample digit
    `index` alone? BP4: ∂C/∂W¹[n, i] = δ¹ₙ · xᵢ, so every black pixel (xᵢ = 0) gives a 0."""
    from .data import load_sample

    if (problem := _unanswered(answer, "a count")) is not None:
        return problem
    value, problem = _as_number(answer, "a count")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    x = load_sample()[0][index]
    expected = int(np.sum(x == 0))
    if value.shape != () or value != np.round(value):
        return not_yet("the answer is one whole number between 0 and 784.")
    if int(value) == expected:
        return right(f"{expected} of the 784 pixels of this digit are pure black. Row n of ∂C/∂W¹ is δ¹ₙ times the "
                     "input (BP4), so each black pixel gives a 0: a weight whose input was 0 had no part in the "
                     "cost, and this digit does not move it.")
    if int(value) == 784 - expected:
        return not_yet("that is the number of pixels with some ink: count the entries that ARE zero.")
    return not_yet("∂C/∂W¹[n, i] = δ¹ₙ · xᵢ: when is that exactly 0? Count those pixels of the digit "
                   "(np.sum(x == 0)), or count the zeros of the gradient row itself.")


def check_bp2(delta_before) -> Feedback:
    """Notebook 10: the learner's function delta_before(W_next, delta_next, a) for BP2,
    δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ) with σ'(zˡ) = aˡ(1 − aˡ), tested on random numbers."""
    if delta_before is None or delta_before is Ellipsis or not callable(delta_before):
        return not_yet("define the function delta_before(W_next, delta_next, a) and pass it (without brackets).")
    rng = np.random.default_rng(10)
    W_next = rng.standard_normal((10, 16))
    delta_next = rng.standard_normal(10)
    a = rng.uniform(0.05, 0.95, 16)
    expected = (W_next.T @ delta_next) * a * (1 - a)
    try:
        got = delta_before(W_next, delta_next, a)
        if got is None or got is Ellipsis:
            return not_yet("your function returns nothing yet: replace the ... after return with your line of "
                           "numpy, then run the cell again.")
        got = np.asarray(got, dtype=float)
    except Exception as err:          # the learner's code: say what went wrong
        if isinstance(err, ValueError) and "matmul" in str(err):
            return not_yet(f"the shapes don't fit ({err}). W_next has shape (10, 16): one row per neuron of the "
                           "NEXT layer. To go backwards, use its transpose, W_next.T.")
        return not_yet(f"your function raised {type(err).__name__}: {err}")
    if got.shape != expected.shape:
        return not_yet(f"δ of this layer needs one number per neuron, shape {expected.shape}; got shape {got.shape}.")
    if np.allclose(got, expected):
        return right("δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ aˡ(1 − aˡ): each neuron collects the next layer's errors through the "
                     "weights it feeds, then scales them by its own σ'. That is backpropagation's one new step.")
    if np.allclose(got, W_next.T @ delta_next):
        return not_yet("close: that is ∂C/∂aˡ. δ is ∂C/∂z, so multiply by σ'(zˡ) = a(1 − a), neuron by neuron.")
    if np.allclose(got, (W_next.T @ delta_next) * a):
        return not_yet("σ'(z) = a(1 − a): you multiplied by a only.")
    return not_yet("δˡ = (W_next.T @ delta_next) * a * (1 - a).")


__all__ += ["check_confused_with", "check_momentum_step", "check_favourite_image"]


def check_confused_with(answer, counts, true_digit: int = 4) -> Feedback:
    """Notebook 11: which digit the network most often answers for a `true_digit`, other than
    `true_digit` itself — read off the learner's own confusion matrix `counts`."""
    if (problem := _unanswered(answer, "a digit")) is not None:
        return problem
    counts = np.asarray(counts)
    if counts.shape != (10, 10):
        return not_yet(f"pass the 10 × 10 confusion matrix as counts (got shape {counts.shape}).")
    value, problem = _as_number(answer, "a digit")
    if problem is not None:   # a not-yet Feedback is falsy
        return problem
    row = counts[true_digit].copy()
    row[true_digit] = -1
    best = int(np.argmax(row))
    if value.shape != () or value != np.round(value) or not 0 <= value <= 9:
        return not_yet("the answer is one digit, 0–9.")
    d = int(value)
    if d == true_digit:
        return not_yet(f"that is the diagonal (the right answers); look along row {true_digit} for the biggest "
                       "number OFF the diagonal.")
    if row[d] == row[best]:
        return right(f"{row[d]} of the {counts[true_digit].sum()} test {true_digit}s were called {d}"
                     f"{' (a tie)' if np.sum(row == row[best]) > 1 else ''}. Look at some in the worst-mistakes "
                     "picture: many are honestly ambiguous.")
    if counts[d, true_digit] >= row[best]:
        return not_yet(f"you read the column: counts[{d}, {true_digit}] is {d}s called {true_digit}. Rows are the "
                       f"true digit: read row {true_digit}.")
    return not_yet(f"row {true_digit} holds what the network said for the {true_digit}s: find its largest number "
                   "off the diagonal.")


def check_momentum_step(step) -> Feedback:
    """Notebook 11: the learner's step(w, v, g, eta, mu) → (new w, new v) with momentum:
    v ← μ v − η g, then w ← w + v."""
    if step is None or step is Ellipsis or not callable(step):
        return not_yet("define the function step(w, v, g, eta, mu) and pass it (without brackets).")
    rng = np.random.default_rng(11)
    w, v, g = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)
    eta, mu = 0.1, 0.9
    v_new = mu * v - eta * g
    w_new = w + v_new
    try:
        got = step(w.copy(), v.copy(), g.copy(), eta, mu)
    except Exception as err:          # the learner's code: say what went wrong
        return not_yet(f"your function raised {type(err).__name__}: {err}")
    if got is None or got is Ellipsis:
        return not_yet("your function returns nothing yet: return the new w and the new v, as w, v.")
    try:
        gw, gv = (np.asarray(x, dtype=float) for x in got)
    except (TypeError, ValueError):
        return not_yet("return two arrays, the new w and the new v: `return w, v`.")
    if gw.shape != w.shape or gv.shape != v.shape:
        return not_yet("return the new w and the new v, each shaped like w.")
    if np.allclose(gw, w_new) and np.allclose(gv, v_new):
        return right("v ← μv − ηg, w ← w + v: the velocity remembers the past steps (×0.9 each time) and "
                     "adds the new push; on a long valley floor the pushes all point the same way and add up.")
    if np.allclose(gw, v_new) and np.allclose(gv, w_new):
        return not_yet("right numbers, wrong order: return w first, then v.")
    if np.allclose(gw, w - eta * g):
        return not_yet("that is the plain step. With momentum, first update the velocity v = mu * v - eta * g, "
                       "then move w by v.")
    if np.allclose(gv, v_new) and np.allclose(gw, w + v):
        return not_yet("update v first, then move w by the NEW v.")
    return not_yet("v = mu * v - eta * g, then w = w + v; return w, v.")


def check_favourite_image(x, net, neuron: int = 3) -> Feedback:
    """Notebook 11: an image x (784 activations in [0, 1]) that lights first-hidden-layer neuron
    `neuron` of `net` up as much as any image can: σ(w·x + b) is largest when x is 1 where w > 0
    and 0 where w < 0."""
    if (problem := _unanswered(x, "an image: 784 activations")) is not None:
        return problem
    try:
        x = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return not_yet("x must be 784 numbers (a numpy array).")
    w, b = net.weights[0][neuron], net.biases[0][neuron]
    if x.shape != w.shape:
        return not_yet(f"x must hold {w.size} activations, one per pixel; got shape {x.shape}.")
    if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 1:
        return not_yet("pixels are activations between 0 (black) and 1 (white): the best image can only use "
                       "values in that range (np.clip, or a 0/1 image).")
    best = (w > 0).astype(float)
    z, z_best = float(w @ x + b), float(w @ best + b)
    if z >= z_best - 1e-9:
        return right(f"weighted sum {z:.1f}, the largest possible: white wherever the weight is positive (green in "
                     "the heat map), black wherever it is negative. That is what gradient ascent finds too.")
    if np.allclose(x, (w < 0).astype(float)):
        return not_yet("that image makes the weighted sum as SMALL as possible: swap black and white.")
    return not_yet(f"your weighted sum is {z:.1f}; the best is {z_best:.1f}. Each pixel adds weight × activation: "
                   "which value (0 or 1) should a pixel with a positive weight get, and one with a negative weight?")
