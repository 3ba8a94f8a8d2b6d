"""Learning: gradient descent, with the gradient computed by backpropagation.

The cost of a network on one example x with desired output y (one-hot: 1 for the right
digit, 0 for the others) measures how wrong the output activations aᴸ are:

    quadratic       C = ½ Σⱼ (aᴸⱼ − yⱼ)²                         (as in the series)
    cross-entropy   C = −Σⱼ [yⱼ ln aᴸⱼ + (1 − yⱼ) ln(1 − aᴸⱼ)]    (sigmoid output layer)
                    C = −Σⱼ yⱼ ln aᴸⱼ = −ln aᴸ(right digit)        (softmax output layer)

The cost of a mini-batch is the average over its examples. Gradient descent nudges every
weight and bias a small step downhill, w ← w − η ∂C/∂w, with learning rate η.

Backpropagation gets all 13,002 partial derivatives in one backward sweep. With
zˡ = Wˡ aˡ⁻¹ + bˡ the weighted sums of layer l and aˡ = σ(zˡ) its activations, define the
error of layer l as δˡ = ∂C/∂zˡ. Then

    δᴸ      = ∇ₐC ⊙ σ'(zᴸ)                    the output layer           (BP1)
            = (aᴸ − y) ⊙ σ'(zᴸ)                 quadratic cost
            = aᴸ − y                            cross-entropy (the σ' cancels; also
                                                for softmax + cross-entropy)
    δˡ      = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ)             each earlier layer, from the next  (BP2)
    ∂C/∂bˡ  = δˡ                                                             (BP3)
    ∂C/∂Wˡ  = δˡ (aˡ⁻¹)ᵀ                         an outer product            (BP4)

and σ'(z) = σ(z)(1 − σ(z)) = a(1 − a), so the activations of the forward pass are all
backprop needs.

Two implementations, the same equations:
  * `backprop_one_example` follows one example at a time with column vectors, exactly as
    written above and as in Nielsen's network.py. Readable; the test oracle.
  * `gradients` takes the whole mini-batch at once. Examples are rows, so every column
    vector becomes a matrix with one row per example: Z = A Wᵀ + b, Δˡ = (Δˡ⁺¹ Wˡ⁺¹) ⊙ σ'(Zˡ),
    and the sum over examples of the outer products δ aᵀ is one matrix product,
    Σₓ δₓ aₓᵀ = Δᵀ A. Same numbers, a few big numpy calls instead of a Python loop.

`train` runs mini-batch gradient descent with either of them, optionally with the steps
beyond the series: a softmax output layer with cross-entropy, momentum, L2 weight decay,
a learning-rate schedule and small random shifts of the training images.

A note on speed: the matrices of a mini-batch are small (e.g. 64×784 times 784×16), so
splitting each product over several threads costs more than it saves, and on a busy
machine waiting threads make training several times slower. `train` therefore asks the
linear-algebra library (via threadpoolctl) to use one thread while it runs.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from threadpoolctl import threadpool_limits

from .network import Network, check_input, sigmoid, softmax

__all__ = ["COSTS", "SCHEDULES", "SERIES_RECIPE", "PRETRAINED_RECIPE", "one_hot", "cost",
           "backprop_one_example", "gradients_one_by_one", "gradients", "shift_images", "History",
           "train", "load_training_set"]

COSTS = ("quadratic", "cross-entropy")
SCHEDULES = ("constant", "cosine")

#: The series' recipe (Nielsen's network.py, as used in 3Blue1Brown's part 4).
SERIES_RECIPE = dict(init="normal", output="sigmoid", cost="quadratic", epochs=30, batch_size=10,
                     learning_rate=3.0, momentum=0.0, weight_decay=0.0, schedule="constant", shift=0, seed=0)
#: The recipe of the shipped pretrained weights: the defaults of `python -m mlp_core train`.
#: The article's network as it is — sigmoid in every layer, output included — so the
#: network that learns is the network that ships, and each output activation is that
#: neuron's own 0–1 score. Beyond the series: the cross-entropy cost, weights scaled by
#: 1/√n_in, momentum, a little weight decay, a cosine schedule and digits moved by up to
#: one pixel. (A softmax output layer learns about as well, but its network's outputs are
#: not the article's; `--output softmax` is there to compare.)
PRETRAINED_RECIPE = dict(init="scaled", output="sigmoid", cost="cross-entropy", epochs=100, batch_size=128,
                         learning_rate=0.3, momentum=0.9, weight_decay=5e-5, schedule="cosine", shift=1, seed=1)


# ---- targets and costs ---------------------------------------------------------------------
def one_hot(labels, n_classes: int = 10) -> np.ndarray:
    """Desired output activations: row i is 1 at labels[i] and 0 elsewhere."""
    labels = _check_labels(labels, n_classes)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _check_labels(labels, n_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of whole numbers (digits), got dtype {labels.dtype} "
                         f"and shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1} (one per output neuron), "
                         f"got values from {labels.min()} to {labels.max()}")
    return labels


def _targets(Y, n, n_out) -> np.ndarray:
    """Y as desired output activations (n, n_out): from labels (n,) or from one-hot rows."""
    Y = np.asarray(Y)
    if Y.ndim == 1:
        Y = one_hot(Y, n_out)
    elif Y.ndim != 2 or Y.shape[1] != n_out or not np.issubdtype(Y.dtype, np.floating):
        raise ValueError(f"targets must be labels of shape ({n},) or desired outputs of shape ({n}, {n_out}), "
                         f"got dtype {Y.dtype} and shape {Y.shape}")
    if len(Y) != n:
        raise ValueError(f"got {n} images but {len(Y)} targets; need one target per image")
    return Y


def _check_cost(cost_name):
    if cost_name not in COSTS:
        raise ValueError(f"cost must be one of {COSTS}, got {cost_name!r}")
    return cost_name


def _checked_batch(net: Network, X, Y, cost_name: str):
    """X as a batch (n, n_in) of checked activations and Y as desired outputs (n, n_out)."""
    _check_cost(cost_name)
    X = check_input(X, net.sizes[0])
    X = X[None, :] if X.ndim == 1 else X
    return X, _targets(Y, len(X), net.sizes[-1])


def cost(net: Network, X, Y, cost: str = "quadratic") -> float:
    """The average cost of `net` over the examples X (n, n_in) with targets Y.

    Y is either the labels (n,) or the desired output activations (n, n_out). Computed from
    the output weighted sums zᴸ, never from ln of a rounded activation, so it stays finite.
    """
    X, Y = _checked_batch(net, X, Y, cost)
    a = X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        a = sigmoid(a @ W.T + b)
    z = a @ net.weights[-1].T + net.biases[-1]
    return float(np.mean(_cost_per_example(z, Y, cost, net.output)))


def _cost_per_example(z, Y, cost_name, output):
    if output == "softmax":
        a = softmax(z)
        if cost_name == "quadratic":
            return 0.5 * np.sum((a - Y) ** 2, axis=1)
        log_sum = np.max(z, axis=1) + np.log(np.sum(np.exp(z - np.max(z, axis=1, keepdims=True)), axis=1))
        return np.sum(Y * (log_sum[:, None] - z), axis=1)            # −Σ y ln softmax(z)
    if cost_name == "quadratic":
        return 0.5 * np.sum((sigmoid(z) - Y) ** 2, axis=1)
    return np.sum(np.logaddexp(0.0, z) - Y * z, axis=1)              # −Σ [y ln σ(z) + (1−y) ln(1−σ(z))]


# ---- backpropagation, one example at a time (the readable reference) -----------------------
def backprop_one_example(net: Network, x, y, cost: str = "quadratic"):
    """The gradient of the cost of ONE example: (nabla_W, nabla_b), shaped like the weights
    and biases of `net`. x: one image (n_in,); y: its label or desired outputs (n_out,).

    The four equations, one layer at a time (as in Nielsen's network.py):
        forward:  zˡ = Wˡ aˡ⁻¹ + bˡ,  aˡ = σ(zˡ)              (remember every aˡ)
        output:   δᴸ = (aᴸ − y) ⊙ σ'(zᴸ)  quadratic;  δᴸ = aᴸ − y  cross-entropy      (BP1)
        backward: δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ),  with σ'(zˡ) = aˡ (1 − aˡ)              (BP2)
        nabla_b[l] = δˡ                                                              (BP3)
        nabla_W[l] = δˡ (aˡ⁻¹)ᵀ     (outer product: row n is δₙ times the inputs)     (BP4)
    """
    _check_cost(cost)
    x = check_input(x, net.sizes[0])
    if x.ndim != 1:
        raise ValueError(f"backprop_one_example takes one image of shape ({net.sizes[0]},), got shape {x.shape}; "
                         "use gradients() for a batch")
    y = np.asarray(y)
    y = one_hot(y.reshape(1), net.sizes[-1])[0] if y.ndim == 0 else _targets(y[None, :], 1, net.sizes[-1])[0]
    return _backprop_one_example(net.weights, net.biases, net.output, x, y, cost)


def _backprop_one_example(weights, biases, output, x, y, cost_name):
    # forward pass, remembering the activations of every layer
    activations = [x]
    for l, (W, b) in enumerate(zip(weights, biases)):
        z = W @ activations[-1] + b
        last = l == len(weights) - 1
        activations.append(softmax(z) if (last and output == "softmax") else sigmoid(z))

    # the output layer's error (BP1)
    a = activations[-1]
    if cost_name == "cross-entropy":
        delta = a - y
    elif output == "softmax":            # quadratic cost through a softmax: the full Jacobian
        g = a - y                        # ∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ), so δ = a ⊙ (g − a·g)
        delta = a * (g - a @ g)
    else:
        delta = (a - y) * a * (1 - a)

    nabla_W = [None] * len(weights)
    nabla_b = [None] * len(biases)
    nabla_W[-1] = np.outer(delta, activations[-2])                 # (BP4)
    nabla_b[-1] = delta                                            # (BP3)
    # backward pass: each layer's error from the next layer's
    for l in range(len(weights) - 2, -1, -1):
        a = activations[l + 1]
        delta = (weights[l + 1].T @ delta) * a * (1 - a)           # (BP2)
        nabla_W[l] = np.outer(delta, activations[l])
        nabla_b[l] = delta
    return nabla_W, nabla_b


def gradients_one_by_one(net: Network, X, Y, cost: str = "quadratic"):
    """The gradient of the average cost over a mini-batch, one example at a time: the Python
    loop of the series. Returns (grad_W, grad_b) like `gradients`."""
    X, Y = _checked_batch(net, X, Y, cost)
    grad_W = [np.zeros_like(W) for W in net.weights]
    grad_b = [np.zeros_like(b) for b in net.biases]
    for x, y in zip(X, Y):
        nabla_W, nabla_b = _backprop_one_example(net.weights, net.biases, net.output, x, y, cost)
        grad_W = [gW + nW for gW, nW in zip(grad_W, nabla_W)]
        grad_b = [gb + nb for gb, nb in zip(grad_b, nabla_b)]
    return [gW / len(X) for gW in grad_W], [gb / len(X) for gb in grad_b]


# ---- backpropagation for the whole mini-batch at once ----------------------------------------
def _sigmoid(z):
    """σ(z) = ½ (1 + tanh(z/2)) — the same function as network.sigmoid, in place, with two
    fewer numpy calls (this runs thousands of times per epoch); tanh never overflows."""
    z *= 0.5
    np.tanh(z, out=z)
    z += 1.0
    z *= 0.5
    return z


def _backprop(weights, biases, output, cost_name, X, Y, grad_W, grad_b):
    """Write the batch gradient of the average cost into grad_W, grad_b (arrays shaped like
    weights, biases). Rows of X are examples; Y holds the desired outputs, one row each.
    Returns the output layer's weighted sums Zᴸ (for the cost and the predictions)."""
    # forward: A⁰ = X, Zˡ = Aˡ⁻¹ Wˡᵀ + bˡ, Aˡ = σ(Zˡ)
    activations = [X]
    for W, b in zip(weights[:-1], biases[:-1]):
        z = activations[-1] @ W.T
        z += b
        activations.append(_sigmoid(z))     # in place: Zˡ itself is not needed again
    z_out = activations[-1] @ weights[-1].T
    z_out += biases[-1]
    if output == "softmax":
        a = np.exp(z_out - z_out.max(axis=1, keepdims=True))
        a /= a.sum(axis=1, keepdims=True)
    else:
        a = _sigmoid(z_out.copy())
    # output error Δᴸ, one row per example, divided by n so the products below average
    delta = a - Y
    if cost_name == "quadratic":
        if output == "softmax":
            delta -= np.sum(a * delta, axis=1, keepdims=True)
            delta *= a
        else:
            delta *= a * (1.0 - a)
    delta *= 1.0 / len(X)
    # backward: ∂C/∂Wˡ = Δˡᵀ Aˡ⁻¹ (the sum of the outer products), ∂C/∂bˡ = Σ rows of Δˡ,
    #           Δˡ⁻¹ = (Δˡ Wˡ) ⊙ Aˡ⁻¹ ⊙ (1 − Aˡ⁻¹)
    for l in range(len(weights) - 1, -1, -1):
        np.matmul(delta.T, activations[l], out=grad_W[l])
        np.add.reduce(delta, axis=0, out=grad_b[l])
        if l > 0:
            a = activations[l]
            delta = delta @ weights[l]
            delta *= a
            delta -= delta * a           # δ ⊙ a ⊙ (1 − a), in two in-place steps
    return z_out


def gradients(net: Network, X, Y, cost: str = "quadratic"):
    """The gradient of the average cost over the mini-batch X (n, n_in) with targets Y (labels
    (n,) or desired outputs (n, n_out)), all examples at once. Returns (grad_W, grad_b),
    lists shaped like net.weights and net.biases.

    Examples are rows, so the per-example equations become matrix equations:
        Aˡ = σ(Aˡ⁻¹ Wˡᵀ + bˡ)                          forward, every layer
        Δᴸ = (Aᴸ − Y) ⊙ σ'(Zᴸ)  or  Aᴸ − Y              output error (quadratic / cross-entropy)
        Δˡ = (Δˡ⁺¹ Wˡ⁺¹) ⊙ σ'(Zˡ)                        backward
        ∂C/∂Wˡ = (1/n) Δˡᵀ Aˡ⁻¹,  ∂C/∂bˡ = (1/n) Σ rows of Δˡ     averaged over the batch
    Δˡᵀ Aˡ⁻¹ is the sum over the examples of the outer products δ aᵀ of backprop_one_example.
    """
    X, Y = _checked_batch(net, X, Y, cost)
    grad_W = [np.empty_like(W) for W in net.weights]
    grad_b = [np.empty_like(b) for b in net.biases]
    _backprop(net.weights, net.biases, net.output, cost, X.astype(float), Y.astype(float), grad_W, grad_b)
    return grad_W, grad_b


# ---- mild augmentation ------------------------------------------------------------------------
def shift_images(X, rng, max_shift: int = 1, side: int = 28):
    """Move each image (row of X) by a random whole number of pixels, from −max_shift to
    +max_shift, left/right and up/down independently; pixels moved in from outside are black.
    A digit moved by a pixel is still the same digit, so this is free extra training data.

    Each image gets a black frame max_shift pixels wide; every side×side window of the framed
    image is one possible shifted image, and one window per image is picked at random."""
    return _Shifter(len(X), side, max_shift, X.dtype)(X, rng)


class _Shifter:
    """shift_images for batches of n images, reusing one framed buffer (train calls it for
    every mini-batch; the black frame never changes, only the inside is overwritten)."""

    def __init__(self, n, side, max_shift, dtype):
        self.n, self.side, self.max_shift = n, side, max_shift
        framed_side = side + 2 * max_shift
        self.framed = np.zeros((n, framed_side, framed_side), dtype=dtype)
        self.inside = self.framed[:, max_shift:max_shift + side, max_shift:max_shift + side]
        self.windows = sliding_window_view(self.framed, (side, side), axis=(1, 2))   # (n, 2k+1, 2k+1, side, side)
        self.rows = np.arange(n)

    def __call__(self, X, rng):
        self.inside[...] = X.reshape(self.n, self.side, self.side)
        dy, dx = rng.integers(0, 2 * self.max_shift + 1, size=(2, self.n))   # window max_shift = not moved
        return self.windows[self.rows, dy, dx].reshape(self.n, self.side * self.side)


# ---- training ---------------------------------------------------------------------------------
@dataclass
class History:
    """What happened in each epoch of `train` (one entry per epoch, in order).

    loss and train_accuracy are measured on the way, as each mini-batch goes through the
    network just before its step (the usual "running" figures: no extra pass over the
    training set); test_loss and test_accuracy (with test=...) after the epoch."""
    epoch: list = field(default_factory=list)
    learning_rate: list = field(default_factory=list)    # the rate of the epoch's last step
    loss: list = field(default_factory=list)             # average cost over the epoch's mini-batches
    train_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)         # only with test=(X, y), else empty
    test_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)           # wall time since the start, incl. evaluation

    def as_dict(self) -> dict:
        return {name: list(values) for name, values in self.__dict__.items()}

    def __repr__(self):
        if not self.epoch:
            return "History(no epochs yet)"
        last = (f"History({len(self.epoch)} epochs; last: loss {self.loss[-1]:.4f}, "
                f"train accuracy {self.train_accuracy[-1]:.4f}")
        if self.test_accuracy:
            last += f", test accuracy {self.test_accuracy[-1]:.4f}"
        return last + ")"


def _evaluate(net, X, labels, cost_name):
    """(average cost, accuracy) of net on X, exactly as Network.forward would predict, in
    chunks so a big set needs little memory."""
    total_cost, correct = 0.0, 0
    weights = [np.asarray(W, dtype=float) for W in net.weights]
    biases = [np.asarray(b, dtype=float) for b in net.biases]
    for start in range(0, len(X), 10_000):
        a = X[start:start + 10_000]
        for W, b in zip(weights[:-1], biases[:-1]):
            a = sigmoid(a @ W.T + b)
        z = a @ weights[-1].T + biases[-1]
        Y = one_hot(labels[start:start + 10_000], weights[-1].shape[0])
        total_cost += float(np.sum(_cost_per_example(z, Y, cost_name, net.output)))
        correct += int(np.count_nonzero(np.argmax(z, axis=1) == labels[start:start + 10_000]))
    return total_cost / len(X), correct / len(X)


def _check_data(net, X, y, what):
    X = check_input(X, net.sizes[0])
    if X.ndim != 2:
        raise ValueError(f"{what} images must be a batch of shape (n, {net.sizes[0]}), got shape {X.shape}")
    y = _check_labels(y, net.sizes[-1])
    if len(y) != len(X):
        raise ValueError(f"{what}: got {len(X)} images but {len(y)} labels; need one label per image")
    return X, y


def _positive(name, value, kind=float, allow_zero=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or (kind is int and not isinstance(value, (int, np.integer))) or not math.isfinite(value) \
            or value < 0 or (value == 0 and not allow_zero):
        expected = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name} must be {expected} {'≥ 0' if allow_zero else '> 0'}, got {value!r}")
    return kind(value)


def train(net: Network, X, y, *, epochs: int = 30, batch_size: int = 10, learning_rate: float = 3.0,
          cost: str = "quadratic", momentum: float = 0.0, weight_decay: float = 0.0,
          schedule="constant", shift: int = 0, seed=0, test=None, callback=None,
          progress: bool = False, method: str = "batch", dtype="float32") -> History:
    """Train `net` in place by mini-batch gradient descent; return the History.

    The defaults are the series' recipe (quadratic cost, η = 3.0, mini-batches of 10,
    30 epochs). Each epoch shuffles the training images (X (n, n_in) in [0, 1], labels y)
    and walks through them in mini-batches; for each mini-batch, with g = ∂C/∂w:

        g ← g + λ w                 L2 weight decay λ = weight_decay (weights, not biases):
                                    the cost gets + ½ λ Σ w², which keeps weights small
        v ← μ v − η g               momentum μ = momentum: a heavy ball that keeps rolling
        w ← w + v                   (μ = 0: the plain step w ← w − η g)

    learning_rate η is the starting rate; schedule="cosine" lowers it smoothly to 0 over the
    run (η·½(1 + cos(π·step/steps))), or pass a function epoch → rate (epochs count from 0).
    cost: "quadratic" or "cross-entropy"; the output layer is whatever net.output says
    (sigmoid or softmax). shift=k moves every training image by up to k pixels at random,
    anew each time it is used. method="one-by-one" computes each mini-batch's gradient with
    the per-example loop instead of the matrix version (same numbers, for comparison).

    The arithmetic runs in `dtype`: float32 (the default) is about twice as fast and plenty
    precise for gradient descent; the network keeps float64 arrays, as always.

    seed fixes the shuffling and the shifts: the same network, data and seed give the same
    weights. test=(X_test, y_test) adds test loss and accuracy to the history. After every
    epoch callback(history) is called (e.g. to redraw a live plot; the network already has
    the epoch's weights), and with progress=True a tqdm progress bar shows the epochs.
    """
    X, y = _check_data(net, X, y, "training")
    if test is not None:
        if not isinstance(test, (tuple, list)) or len(test) != 2:
            raise ValueError("test must be a pair (test images, test labels)")
        X_test, y_test = _check_data(net, test[0], test[1], "test")
    epochs = _positive("epochs", epochs, int)
    batch_size = _positive("batch_size", batch_size, int)
    learning_rate = _positive("learning_rate", learning_rate)
    weight_decay = _positive("weight_decay", weight_decay, allow_zero=True)
    shift = _positive("shift", shift, int, allow_zero=True)
    momentum = _positive("momentum", momentum, allow_zero=True)
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1) (1 would never slow down), got {momentum!r}")
    _check_cost(cost)
    if not (callable(schedule) or schedule in SCHEDULES):
        raise ValueError(f"schedule must be one of {SCHEDULES} or a function epoch -> learning rate, got {schedule!r}")
    if method not in ("batch", "one-by-one"):
        raise ValueError(f"method must be 'batch' or 'one-by-one', got {method!r}")
    if dtype not in ("float32", "float64", np.float32, np.float64):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function called as callback(history), got {callback!r}")
    side = int(round(net.sizes[0] ** 0.5))
    if shift and side * side != net.sizes[0]:
        raise ValueError(f"shift needs square images, but the input layer has {net.sizes[0]} neurons")

    dtype = np.dtype(dtype)
    X = X.astype(dtype, copy=False)
    Y = one_hot(y, net.sizes[-1]).astype(dtype)
    rng = np.random.default_rng(seed)
    steps = epochs * math.ceil(len(X) / batch_size)

    # All weights and biases live in one flat vector (views keep their shapes), so an
    # update is a couple of numpy calls for all 13,002 numbers instead of a loop.
    shapes = [W.shape for W in net.weights] + [b.shape for b in net.biases]
    params, param_views = _flat(net.weights + net.biases, dtype)
    grads, grad_views = _flat([np.zeros(shape) for shape in shapes], dtype)
    L = len(net.weights)
    n_weights = sum(W.size for W in net.weights)
    velocity = np.zeros_like(params) if momentum else None

    def publish():      # the network gets ordinary float64 arrays with the current values
        net.weights = [W.astype(float) for W in param_views[:L]]
        net.biases = [b.astype(float) for b in param_views[L:]]

    shifters = {}       # batch size -> _Shifter
    history = History()
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=epochs, desc="training", unit="epoch")
    start = time.perf_counter()
    step = 0
    try:
        with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(epochs):
                eta = float(schedule(epoch)) if callable(schedule) else learning_rate
                if not (math.isfinite(eta) and eta > 0):
                    raise ValueError(f"schedule({epoch}) gave learning rate {eta!r}; it must be a number > 0")
                total_cost, correct = 0.0, 0
                order = rng.permutation(len(X))
                for first in range(0, len(X), batch_size):
                    rows = order[first:first + batch_size]
                    X_batch = X[rows]
                    if shift:
                        if len(rows) not in shifters:
                            shifters[len(rows)] = _Shifter(len(rows), side, shift, dtype)
                        X_batch = shifters[len(rows)](X_batch, rng)
                    if schedule == "cosine":
                        eta = learning_rate * 0.5 * (1.0 + math.cos(math.pi * step / steps))
                    Y_batch = Y[rows]
                    if method == "batch":
                        z = _backprop(param_views[:L], param_views[L:], net.output, cost, X_batch, Y_batch,
                                      grad_views[:L], grad_views[L:])
                    else:
                        publish()
                        gW, gb = gradients_one_by_one(net, X_batch.astype(float), Y_batch.astype(float), cost)
                        for view, value in zip(grad_views, gW + gb):
                            view[...] = value
                        z = _output_sums(net, X_batch.astype(float))
                    total_cost += _total_cost(z, Y_batch, cost, net.output)
                    correct += int(np.count_nonzero(z.argmax(axis=1) == y[rows]))
                    if weight_decay:
                        grads[:n_weights] += weight_decay * params[:n_weights]
                    if momentum:
                        velocity *= momentum
                        velocity -= eta * grads
                        params += velocity
                    else:
                        params -= eta * grads
                    step += 1
                if not np.all(np.isfinite(params)):
                    raise FloatingPointError(
                        f"the weights became infinite or NaN in epoch {epoch + 1}: the steps are too big; "
                        f"lower the learning rate ({learning_rate:g}) or the weight decay ({weight_decay:g})")
                publish()
                history.epoch.append(epoch + 1)
                history.learning_rate.append(eta)
                history.loss.append(total_cost / len(X))
                history.train_accuracy.append(correct / len(X))
                if test is not None:
                    test_loss, test_accuracy = _evaluate(net, X_test, y_test, cost)
                    history.test_loss.append(test_loss)
                    history.test_accuracy.append(test_accuracy)
                history.seconds.append(time.perf_counter() - start)
                if bar is not None:
                    postfix = {"loss": f"{history.loss[-1]:.4f}", "train acc": f"{history.train_accuracy[-1]:.4f}"}
                    if test is not None:
                        postfix["test acc"] = f"{history.test_accuracy[-1]:.4f}"
                    bar.set_postfix(postfix, refresh=False)
                    bar.update(1)
                if callback is not None:
                    callback(history)
    finally:
        if bar is not None:
            bar.close()
    return history


def _total_cost(z, Y, cost_name, output):
    """Σ over the batch of the cost, from the output weighted sums z: the same numbers as
    _cost_per_example, in as few numpy calls as possible (this runs every step)."""
    if cost_name == "quadratic":
        d = (softmax(z) if output == "softmax" else _sigmoid(z.copy())) - Y
        return 0.5 * float(np.vdot(d, d))
    if output == "softmax":                                  # Σ (ln Σₖ e^zₖ − z_label)
        top = z.max(axis=1)
        return float(np.log(np.exp(z - top[:, None]).sum(axis=1)).sum() + top.sum() - np.vdot(Y, z))
    return float(np.logaddexp(0.0, z).sum() - np.vdot(Y, z))    # Σ [ln(1 + e^z) − y z]


def _output_sums(net, X):
    a = X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        a = sigmoid(a @ W.T + b)
    return a @ net.weights[-1].T + net.biases[-1]


def _flat(arrays, dtype):
    """One flat vector holding all `arrays`, and views into it with their shapes."""
    flat = np.concatenate([np.ravel(a) for a in arrays]).astype(dtype)
    views, offset = [], 0
    for a in arrays:
        views.append(flat[offset:offset + a.size].reshape(a.shape))
        offset += a.size
    return flat, views


def load_training_set(data_dir=None):
    """The images the pretrained network learned from: the official 60,000 MNIST training
    images minus the 2,000 bundled sample digits (so the sample stays unseen). Returns
    (images (58000, 784) float32 in [0, 1], labels (58000,)), in the official order."""
    from .data import load_mnist, load_sample

    X, y = load_mnist("train", data_dir)
    _, _, sample_indices = load_sample(return_indices=True)
    keep = np.ones(len(X), dtype=bool)
    keep[sample_indices] = False
    return X[keep], y[keep]
