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
import sys
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from threadpoolctl import threadpool_limits

from .checks import finite_number, positive_number
from .i18n import N_, tr
from .network import Network, _sigmoid_in_place, check_input, sigmoid, softmax
from .recipes import BEST_RECIPE, PRETRAINED_RECIPE, RECIPES, SERIES_RECIPE

__all__ = ["COSTS", "SCHEDULES", "SERIES_RECIPE", "PRETRAINED_RECIPE", "BEST_RECIPE", "RECIPES", "one_hot", "cost",
           "backprop_one_example", "gradients_one_by_one", "gradients", "shift_images", "History",
           "train", "load_training_set"]

COSTS = ("quadratic", "cross-entropy")
SCHEDULES = ("constant", "cosine")

#: How many training images train() measures after each epoch unless told otherwise.
TRAIN_IMAGES_MEASURED = 1_000


# ---- targets and costs ---------------------------------------------------------------------
def one_hot(labels, n_classes: int = 10) -> np.ndarray:
    """Desired output activations: row i is 1 at labels[i] and 0 elsewhere."""
    labels = _check_labels(labels, n_classes)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def cost(net: Network, X, Y, cost_name: str = "quadratic") -> float:
    """The average cost of `net` over the examples X (n, n_in) with targets Y.

    Y is either the labels (n,) or the desired output activations (n, n_out). Computed from
    the output weighted sums zᴸ, never from ln of a rounded activation, so it stays finite.
    """
    X, Y = _checked_batch(net, X, Y, cost_name)
    return _total_cost(net.output_weighted_sums(X), Y, cost_name, net.output) / len(X)


def _total_cost(z, Y, cost_name, output, output_sigmoid=sigmoid) -> float:
    """The cost summed over the examples (rows), from the output weighted sums zᴸ and the
    targets y; per example:

        quadratic, sigmoid output       ½ Σⱼ (σ(zⱼ) − yⱼ)²
        cross-entropy, sigmoid output   Σⱼ [ln(1 + e^zⱼ) − yⱼ zⱼ]   = −Σ [y ln σ(z) + (1−y) ln(1−σ(z))]
        quadratic, softmax output       ½ Σⱼ (softmax(z)ⱼ − yⱼ)²
        cross-entropy, softmax output   Σⱼ yⱼ (ln Σₖ e^zₖ − zⱼ)     = −Σ y ln softmax(z)

    ln(1 + e^z) is computed as max(z, 0) + ln(1 + e^(−|z|)), which never overflows.
    """
    if cost_name == "quadratic":
        a = softmax(z) if output == "softmax" else output_sigmoid(z)
        return 0.5 * float(np.sum(np.square(a - Y)))
    if output == "softmax":
        top = np.max(z, axis=1)
        log_sums = top + np.log(np.sum(np.exp(z - top[:, None]), axis=1))
        return float(np.sum(Y * (log_sums[:, None] - z)))
    return float(np.sum(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))) - np.sum(Y * z))


# ---- backpropagation, one example at a time (the readable reference) -----------------------
def backprop_one_example(net: Network, x, y, cost_name: str = "quadratic"):
    """The gradient of the cost of ONE example: (nabla_W, nabla_b), shaped like the weights
    and biases of `net`. x: one image (n_in,); y: its label or desired outputs (n_out,).

    The four equations, one layer at a time (as in Nielsen's network.py):
        forward:  zˡ = Wˡ aˡ⁻¹ + bˡ,  aˡ = σ(zˡ)              (remember every aˡ)
        output:   δᴸ = (aᴸ − y) ⊙ σ'(zᴸ)  quadratic;  δᴸ = aᴸ − y  cross-entropy      (BP1)
        backward: δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ),  with σ'(zˡ) = aˡ (1 − aˡ)              (BP2)
        nabla_b[l − 1] = δˡ      (the lists start at 0: nabla_W[0] is layer 1's)           (BP3)
        nabla_W[l − 1] = δˡ (aˡ⁻¹)ᵀ (outer product: row n is δₙ times the inputs)       (BP4)
    """
    _check_cost(cost_name)
    x = check_input(x, net.sizes[0])
    if x.ndim != 1:
        raise ValueError(tr("backprop_one_example takes one image of shape ({n_in},), got shape {shape}; use "
                            "gradients() for a batch", n_in=net.sizes[0], shape=x.shape))
    y = np.asarray(y)
    y = one_hot(y.reshape(1), net.sizes[-1])[0] if y.ndim == 0 else _targets(y[None, :], 1, net.sizes[-1])[0]
    nabla_W, nabla_b, _ = _backprop_one_example(net.weights, net.biases, net.output, x, y, cost_name)
    return nabla_W, nabla_b


def _backprop_one_example(weights, biases, output, x, y, cost_name):
    """backprop_one_example without the checks; also returns the output weighted sums zᴸ."""
    activations = [x]
    for l, (W, b) in enumerate(zip(weights, biases)):
        z = W @ activations[-1] + b
        last = l == len(weights) - 1
        activations.append(softmax(z) if (last and output == "softmax") else sigmoid(z))

    a = activations[-1]                                            # the output layer's error (BP1)
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
    for l in range(len(weights) - 2, -1, -1):                      # each layer's error from the next's
        a = activations[l + 1]
        delta = (weights[l + 1].T @ delta) * a * (1 - a)           # (BP2)
        nabla_W[l] = np.outer(delta, activations[l])
        nabla_b[l] = delta
    return nabla_W, nabla_b, z


def gradients_one_by_one(net: Network, X, Y, cost_name: str = "quadratic"):
    """The gradient of the average cost over a mini-batch, one example at a time: the Python
    loop of the series. Returns (grad_W, grad_b) like `gradients`."""
    X, Y = _checked_batch(net, X, Y, cost_name)
    grad_W = [np.empty_like(W) for W in net.weights]
    grad_b = [np.empty_like(b) for b in net.biases]
    _backprop_loop(net.weights, net.biases, net.output, cost_name, X, Y, grad_W, grad_b,
                   z_out=np.empty((len(X), net.sizes[-1])))
    return grad_W, grad_b


def _backprop_loop(weights, biases, output, cost_name, X, Y, grad_W, grad_b, z_out):
    """Like _backprop, one example at a time in float64: write the average of the examples'
    gradients into grad_W, grad_b and their output weighted sums Zᴸ into z_out, one row each."""
    weights = [np.asarray(W, dtype=float) for W in weights]
    biases = [np.asarray(b, dtype=float) for b in biases]
    sum_W = [np.zeros_like(W) for W in weights]
    sum_b = [np.zeros_like(b) for b in biases]
    for i, (x, y) in enumerate(zip(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))):
        nabla_W, nabla_b, z_out[i] = _backprop_one_example(weights, biases, output, x, y, cost_name)
        sum_W = [s + n for s, n in zip(sum_W, nabla_W)]
        sum_b = [s + n for s, n in zip(sum_b, nabla_b)]
    for grad, total in zip(grad_W + grad_b, sum_W + sum_b):
        grad[...] = total / len(X)


# ---- backpropagation for the whole mini-batch at once ----------------------------------------
def gradients(net: Network, X, Y, cost_name: str = "quadratic"):
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
    X, Y = _checked_batch(net, X, Y, cost_name)
    grad_W = [np.empty_like(W) for W in net.weights]
    grad_b = [np.empty_like(b) for b in net.biases]
    _backprop(net.weights, net.biases, net.output, cost_name, X.astype(float), Y.astype(float), grad_W, grad_b,
              z_out=np.empty((len(X), net.sizes[-1])))
    return grad_W, grad_b


def _backprop(weights, biases, output, cost_name, X, Y, grad_W, grad_b, z_out):
    """The equations of `gradients`, without the checks, computing in the arrays' own float
    type: write ∂C/∂W, ∂C/∂b into grad_W, grad_b and the output weighted sums Zᴸ into z_out."""
    activations = [X]                                  # forward: Aˡ = σ(Aˡ⁻¹ Wˡᵀ + bˡ)
    for W, b in zip(weights[:-1], biases[:-1]):
        z = activations[-1] @ W.T
        z += b
        activations.append(_sigmoid_in_place(z))        # Zˡ itself is not needed again
    np.matmul(activations[-1], weights[-1].T, out=z_out)
    z_out += biases[-1]
    if output == "softmax":
        a = np.exp(z_out - z_out.max(axis=1, keepdims=True))
        a /= a.sum(axis=1, keepdims=True)
    else:
        a = _sigmoid_in_place(z_out.copy())
    delta = a - Y                                      # output error Δᴸ, one row per example
    if cost_name == "quadratic":
        if output == "softmax":
            delta -= np.sum(a * delta, axis=1, keepdims=True)
            delta *= a
        else:
            delta *= a * (1.0 - a)
    delta *= 1.0 / len(X)                              # so that the sums below are averages
    for l in range(len(weights) - 1, -1, -1):          # backward
        np.matmul(delta.T, activations[l], out=grad_W[l])      # ∂C/∂Wˡ = Δˡᵀ Aˡ⁻¹
        np.add.reduce(delta, axis=0, out=grad_b[l])            # ∂C/∂bˡ = Σ rows of Δˡ
        if l > 0:
            a = activations[l]
            delta = delta @ weights[l]                          # Δˡ⁻¹ = (Δˡ Wˡ) ⊙ Aˡ⁻¹ ⊙ (1 − Aˡ⁻¹)
            delta *= a
            delta -= delta * a


# ---- mild augmentation ------------------------------------------------------------------------
def shift_images(X, rng, max_shift: int = 1, side: int = 28):
    """Move each image (row of X) by a random whole number of pixels, from −max_shift to
    +max_shift, left/right and up/down independently; pixels moved in from outside are black.
    A digit moved by a pixel is still the same digit, so this is free extra training data.

    Each image gets a black frame max_shift pixels wide; every side×side window of the framed
    image is one possible shifted image, and one window per image is picked at random."""
    return _Framed(X, max_shift, side).take(np.arange(len(X)), rng)


class _Framed:
    """Images in black frames `max_shift` pixels wide, framed once: each side×side window of a
    framed image is a shifted copy, so a mini-batch's shifts are one gather of windows."""

    def __init__(self, X, max_shift, side):
        self.side, self.max_shift = side, max_shift
        framed = np.zeros((len(X), side + 2 * max_shift, side + 2 * max_shift), dtype=X.dtype)
        framed[:, max_shift:max_shift + side, max_shift:max_shift + side] = X.reshape(len(X), side, side)
        self.windows = sliding_window_view(framed, (side, side), axis=(1, 2))   # (n, 2k+1, 2k+1, side, side)

    def take(self, rows, rng):
        """The images `rows`, each in a random window (window max_shift = not moved)."""
        dy, dx = rng.integers(0, 2 * self.max_shift + 1, size=(2, len(rows)))
        return self.windows[rows, dy, dx].reshape(len(rows), self.side * self.side)


class _Batches:
    """The training set as `train` walks through it: every epoch in a new random order,
    in mini-batches of batch_size images (the last one may be smaller), each image moved by
    up to `shift` pixels anew every time it is used (with shift > 0), less the average image
    `mean` with `centre`."""

    def __init__(self, X, Y, batch_size, shift, side, centre):
        self.X, self.Y = X, Y
        self.slices = [slice(first, first + batch_size) for first in range(0, len(X), batch_size)]
        self.framed = _Framed(X, shift, side) if shift else None
        self.mean = X.mean(axis=0, dtype=float).astype(X.dtype) if centre else None
        self.order = None

    def epoch(self, rng):
        """Shuffle, then yield (where in the epoch, images, targets) for each mini-batch."""
        self.order = rng.permutation(len(self.X))
        for where in self.slices:
            rows = self.order[where]
            images = self.X[rows] if self.framed is None else self.framed.take(rows, rng)
            if self.mean is not None:
                images -= self.mean                     # a copy of the rows, never X itself
            yield where, images, self.Y[rows]


# ---- training ---------------------------------------------------------------------------------
@dataclass
class History:
    """What happened in each epoch of `train` (one entry per epoch, in order).

    train_* and test_* are measured after the epoch, with the epoch's final weights, on the
    training images (all, or a fixed subset: see train's evaluate_train) and on the test
    images (with test=...). running_* are figures gathered on the way, as each mini-batch
    went through the network just before its step; early in training, when every step
    changes a lot, they lag behind the network the epoch ends with.
    """
    epoch: list = field(default_factory=list)
    learning_rate: list = field(default_factory=list)    # the rate of the epoch's last step
    running_loss: list = field(default_factory=list)     # average cost over the epoch's mini-batches
    running_accuracy: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)       # empty with evaluate_train=False
    train_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)        # empty without test=(X, y)
    test_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)          # wall time since the start, incl. evaluation
    interrupted: bool = False                            # stopped by KeyboardInterrupt (Kernel → Interrupt)

    def _add(self, **figures):
        for name, value in figures.items():
            getattr(self, name).append(value)

    def _keep(self, n_epochs: int):
        """Forget every entry after the first n_epochs (an epoch cut short while recorded)."""
        for values in self.__dict__.values():
            if isinstance(values, list):
                del values[n_epochs:]

    def __repr__(self):
        if not self.epoch:
            return tr("History(no epochs yet)")
        text = tr("History({n} epochs; last: running loss {loss:.4f}", n=len(self.epoch), loss=self.running_loss[-1])
        for name, words in (("train_accuracy", N_("train accuracy")), ("test_accuracy", N_("test accuracy"))):
            if getattr(self, name):
                text += tr(", {name} {value:.4f}", name=tr(words), value=getattr(self, name)[-1])
        return text + (tr(", interrupted)") if self.interrupted else ")")


_S = SERIES_RECIPE


def train(net: Network, X, y, *, epochs: int = _S["epochs"], batch_size: int = _S["batch_size"],
          learning_rate: float = _S["learning_rate"], cost_name: str = _S["cost_name"], momentum: float = _S["momentum"],
          weight_decay: float = _S["weight_decay"], schedule=_S["schedule"], shift: int = _S["shift"],
          label_smoothing: float = _S["label_smoothing"], centre: bool = _S["centre"], seed=_S["seed"], test=None,
          evaluate_train=TRAIN_IMAGES_MEASURED, callback=None, progress: bool = False, method: str = "batch",
          dtype="float32") -> History:
    """Train `net` in place by mini-batch gradient descent; return the History.

    The defaults are the series' recipe, SERIES_RECIPE (quadratic cost, η = 3.0, mini-batches
    of 10, 30 epochs). Like Nielsen's SGD: each epoch shuffles the training images (X (n, n_in)
    in [0, 1], labels y) and walks through them in mini-batches; for each mini-batch, with
    g = ∂C/∂w from backpropagation, `_step` does

        g ← g + λ w                 L2 weight decay λ = weight_decay (weights, not biases):
                                    the cost gets + ½ λ Σ w², which keeps weights small
        v ← μ v − η g               momentum μ = momentum: a heavy ball that keeps rolling
        w ← w + v                   (μ = 0: the plain step w ← w − η g)

    Backpropagation here is the matrix form for the whole mini-batch (`_backprop`); the
    one-example reference loop, as in the series, is `backprop_one_example` in this module,
    and method="one-by-one" trains with it (same numbers, slower).

    learning_rate η is the starting rate; schedule="cosine" lowers it smoothly to 0 over the
    run (η·½(1 + cos(π·step/steps))), or pass a function epoch → rate (epochs count from 0):
    see `_learning_rates`. cost_name: "quadratic" or "cross-entropy"; the output layer is whatever
    net.output says (sigmoid or softmax). shift=k moves every training image by up to k pixels
    at random, anew each time it is used. label_smoothing=ε asks for 1 − ε on the right digit
    and ε/10 spread over all ten instead of exactly 1 and 0, so the output never has to be sure.
    centre=True learns from centred pixels x − m (m: the average training image); the network
    still takes 0–1 pixels, its first-layer biases holding −W₁m (see `_centred_biases`).

    The arithmetic runs in `dtype`: float32 (the default) is about twice as fast and plenty
    precise for gradient descent; the network keeps float64 arrays, as always.

    seed fixes the shuffling and the shifts: the same network, data and seed give the same
    weights. After each epoch the network is measured as it then is, as
    net.accuracy would (in float64): test=(X_test, y_test) on the test images, and evaluate_train on the
    training images: an int n measures a fixed n of them (every (len(X)/n)-th image, the
    same ones each epoch; the default 1,000 costs about 1 % of an epoch at batch 10), True
    all of them, False none. The history also keeps the running figures of each epoch.

    After every epoch callback(history) is called (e.g. to redraw a live plot; the network
    already has the epoch's weights), and with progress=True a tqdm progress bar shows the
    epochs.

    KeyboardInterrupt (Ctrl-C, or Kernel → Interrupt in Jupyter) stops the training and
    train returns normally, so the rest of a notebook can go on: the network keeps the
    weights of the last finished epoch, the history holds the finished epochs and has
    history.interrupted = True, the progress bar is closed, and a line on stderr says so.
    A script that must stop altogether checks history.interrupted.
    """
    X, y, test, measured = _check_data_args(net, X, y, test, evaluate_train)
    epochs, batch_size, learning_rate, momentum, weight_decay, shift, label_smoothing = _check_numbers(
        epochs, batch_size, learning_rate, momentum, weight_decay, shift, label_smoothing)
    _check_choices(net, cost_name, schedule, method, dtype, callback, shift)
    dtype = np.dtype(dtype)
    side = int(round(net.sizes[0] ** 0.5))
    data = _Batches(X.astype(dtype, copy=False), _training_targets(y, net.sizes[-1], label_smoothing, dtype),
                    batch_size, shift, side, centre)
    rng = np.random.default_rng(seed)
    params = _FlatParameters(net.weights, _centred_biases(net.weights, net.biases, data.mean), dtype)
    velocity = np.zeros_like(params.w) if momentum else None
    backprop = _backprop if method == "batch" else _backprop_loop
    sums = np.empty_like(data.Y)            # zᴸ of each image as it went through, for the running figures

    history = History()
    finished = (0, net.weights, net.biases)          # (epochs done, their weights and biases)
    bar = _progress_bar(epochs) if progress else None
    start = time.perf_counter()
    try:
        with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(epochs):
                rates = _learning_rates(schedule, learning_rate, epoch, epochs, len(data.slices))
                for (where, images, targets), eta in zip(data.epoch(rng), rates):
                    backprop(params.weights, params.biases, net.output, cost_name, images, targets,
                             params.grad_W, params.grad_b, sums[where])
                    _step(params, velocity, eta, momentum, weight_decay)
                weights, biases = params.checked_copy(epoch, learning_rate, weight_decay)
                net.weights, net.biases = weights, _centred_biases(weights, biases, data.mean, sign=-1)
                order = data.order
                figures = _figures(net, sums, data.Y.take(order, axis=0), y[order], cost_name, measured, test)
                history._add(epoch=epoch + 1, learning_rate=rates[-1], **figures, seconds=time.perf_counter() - start)
                finished = (epoch + 1, net.weights, net.biases)
                if bar is not None:
                    _show_progress(bar, history)
                if callback is not None:
                    callback(history)
    except KeyboardInterrupt:
        done, net.weights, net.biases = finished
        history._keep(done)
        history.interrupted = True
    finally:
        if bar is not None:
            bar.close()
    if history.interrupted:
        print(tr("training interrupted in epoch {epoch} of {epochs}: the network keeps the weights after epoch "
                 "{done}, and the history its {done} finished epochs", epoch=done + 1, epochs=epochs, done=done),
              file=sys.stderr)
    return history


def _step(params, velocity, eta, momentum, weight_decay):
    """One step of gradient descent on all weights and biases at once, with their gradient
    g = params.g just computed by backpropagation:

        g ← g + λ w        weight decay, on the weights only (they come first in w)
        v ← μ v − η g      the velocity (momentum)
        w ← w + v          (without momentum: w ← w − η g)
    """
    w, g = params.w, params.g
    if weight_decay:
        g[:params.n_weights] += weight_decay * w[:params.n_weights]
    if momentum:
        velocity *= momentum
        velocity -= eta * g
        w += velocity
    else:
        w -= eta * g


def _centred_biases(weights, biases, mean, sign=+1):
    """The biases for centred pixels x − m (sign +1), or back for 0–1 pixels (sign −1), with the
    same weighted sums: W₁x + b₁ = W₁(x − m) + (b₁ + W₁m). Centred pixels are as often above
    as below 0, so no first-layer weight gets a push common to all digits. No mean: as they are."""
    if mean is None:
        return biases
    return [biases[0] + sign * (weights[0] @ mean.astype(weights[0].dtype))] + list(biases[1:])


def _learning_rates(schedule, learning_rate, epoch, epochs, steps_per_epoch) -> list:
    """The learning rate η of each step of one epoch (epochs count from 0):

        "constant"    η all along
        "cosine"      η · ½(1 + cos(π · step / steps)), from η smoothly down to 0 over the run
        a function    schedule(epoch) for every step of that epoch (checked: a number > 0)
    """
    if callable(schedule):
        rate = positive_number(schedule(epoch), f"the learning rate schedule({epoch})")
        return [rate] * steps_per_epoch
    if schedule == "cosine":
        steps, first = epochs * steps_per_epoch, epoch * steps_per_epoch
        return [learning_rate * 0.5 * (1.0 + math.cos(math.pi * step / steps))
                for step in range(first, first + steps_per_epoch)]
    return [learning_rate] * steps_per_epoch


class _FlatParameters:
    """Every weight and bias of the network in ONE flat vector w, and their gradient in one
    flat vector g, with views into them shaped like net.weights, net.biases (weights first).

    Why: backpropagation writes ∂C/∂Wˡ and ∂C/∂bˡ through the views, and then the update
    step is three numpy calls on all 13,002 numbers at once instead of three for each of the
    six arrays. At mini-batches of 10 an epoch has 5,800 steps, and there the number of numpy
    calls, not the arithmetic, is what an update costs."""

    def __init__(self, weights, biases, dtype):
        n_layers = len(weights)
        self.w, views = _flat(weights + biases, dtype)
        self.g, gradient = _flat([np.zeros_like(p) for p in weights + biases], dtype)
        self.weights, self.biases = views[:n_layers], views[n_layers:]
        self.grad_W, self.grad_b = gradient[:n_layers], gradient[n_layers:]
        self.n_weights = sum(W.size for W in weights)

    def checked_copy(self, epoch, learning_rate, weight_decay):
        """The weights and biases as the network keeps them (float64 copies), once they are
        known to be finite."""
        if not np.all(np.isfinite(self.w)):
            raise FloatingPointError(tr(
                "the weights became infinite or NaN in epoch {epoch}: the steps are too big; lower the "
                "learning rate ({learning_rate:g}) or the weight decay ({weight_decay:g})", epoch=epoch + 1,
                learning_rate=learning_rate, weight_decay=weight_decay))
        return [W.astype(float) for W in self.weights], [b.astype(float) for b in self.biases]


def _flat(arrays, dtype):
    """One flat vector holding all `arrays`, and views into it with their shapes."""
    flat = np.concatenate([np.ravel(a) for a in arrays]).astype(dtype)
    views, offset = [], 0
    for a in arrays:
        views.append(flat[offset:offset + a.size].reshape(a.shape))
        offset += a.size
    return flat, views


def _training_targets(labels, n_out, label_smoothing, dtype):
    """The desired output activations train aims at: one-hot rows, or with label smoothing ε
    the right digit at 1 − ε + ε/n_out and every other at ε/n_out."""
    Y = one_hot(labels, n_out)
    if label_smoothing:
        Y = Y * (1.0 - label_smoothing) + label_smoothing / n_out
    return Y.astype(dtype)


def _figures(net, sums, targets, labels, cost_name, measured, test) -> dict:
    """The history's figures of an epoch: the running ones from the output weighted sums that
    the mini-batches had on the way (`sums`, one row per image, in the order they came, with
    their targets and labels), and the network as it is now, measured on the `measured`
    training images and on `test`."""
    training_sigmoid = lambda z: _sigmoid_in_place(z.copy())       # noqa: E731
    total_cost = _total_cost(sums, targets, cost_name, net.output, output_sigmoid=training_sigmoid)
    right = np.count_nonzero(np.argmax(sums, axis=1) == labels)
    figures = dict(running_loss=total_cost / len(labels), running_accuracy=right / len(labels))
    if measured is not None:
        figures["train_loss"], figures["train_accuracy"] = _evaluate(net, *measured, cost_name)
    if test is not None:
        figures["test_loss"], figures["test_accuracy"] = _evaluate(net, *test, cost_name)
    return figures


def _evaluate(net, X, labels, cost_name):
    """(average cost, accuracy) of the network on checked images X, with its own forward pass
    and prediction (so the accuracy is net.accuracy's), 10,000 images at a time."""
    total_cost, right = 0.0, 0
    for start in range(0, len(X), 10_000):
        part = slice(start, start + 10_000)
        z = net._forward(X[part])[1]
        total_cost += _total_cost(z, one_hot(labels[part], z.shape[1]), cost_name, net.output)
        right += int(np.count_nonzero(np.argmax(net.output_activations(z), axis=1) == labels[part]))
    return total_cost / len(X), right / len(X)


def _show_progress(bar, history):
    postfix = {tr("loss"): f"{history.running_loss[-1]:.4f}"}
    for name, key in ((N_("train acc"), "train_accuracy"), (N_("test acc"), "test_accuracy")):
        if getattr(history, key):
            postfix[tr(name)] = f"{getattr(history, key)[-1]:.4f}"
    bar.set_postfix(postfix, refresh=False)
    bar.update(1)


def _progress_bar(epochs):
    from tqdm.auto import tqdm
    return tqdm(total=epochs, desc=tr("training"), unit=tr("epoch"))


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


# ---- what valid input is ---------------------------------------------------------------------
def _check_labels(labels, n_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(tr("labels must be a 1-D array of whole numbers (digits), got dtype {dtype} and shape "
                            "{shape}", dtype=labels.dtype, shape=labels.shape))
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(tr("labels must lie in 0..{last} (one per output neuron), got values from {low} to {high}",
                            last=n_classes - 1, low=labels.min(), high=labels.max()))
    return labels


def _targets(Y, n, n_out) -> np.ndarray:
    """Y as desired output activations (n, n_out): from labels (n,) or from one-hot rows."""
    Y = np.asarray(Y)
    if Y.ndim == 1:
        Y = one_hot(Y, n_out)
    elif Y.ndim != 2 or Y.shape[1] != n_out or not np.issubdtype(Y.dtype, np.floating):
        raise ValueError(tr("targets must be labels of shape ({n},) or desired outputs of shape ({n}, {n_out}), "
                            "got dtype {dtype} and shape {shape}", n=n, n_out=n_out, dtype=Y.dtype, shape=Y.shape))
    if len(Y) != n:
        raise ValueError(tr("got {n} images but {n_targets} targets; need one target per image", n=n,
                            n_targets=len(Y)))
    return Y


def _check_cost(cost_name):
    if cost_name not in COSTS:
        raise ValueError(tr("cost_name must be one of {choices}, got {got}", choices=COSTS, got=repr(cost_name)))
    return cost_name


def _checked_batch(net: Network, X, Y, cost_name: str):
    """X as a batch (n, n_in) of checked activations and Y as desired outputs (n, n_out)."""
    _check_cost(cost_name)
    X = check_input(X, net.sizes[0])
    X = X[None, :] if X.ndim == 1 else X
    return X, _targets(Y, len(X), net.sizes[-1])


#: What _check_data says about a bad training or test set: one whole sentence per set.
_DATA_ERRORS = {
    "training": (N_("training images must be a batch of shape (n, {n_in}), got shape {shape}"),
                 N_("training: got {n_images} images but {n_labels} labels; need one label per image")),
    "test": (N_("test images must be a batch of shape (n, {n_in}), got shape {shape}"),
             N_("test: got {n_images} images but {n_labels} labels; need one label per image")),
}


def _check_data(net, X, y, what):
    X = check_input(X, net.sizes[0])
    not_a_batch, mismatch = _DATA_ERRORS[what]
    if X.ndim != 2:
        raise ValueError(tr(not_a_batch, n_in=net.sizes[0], shape=X.shape))
    y = _check_labels(y, net.sizes[-1])
    if len(y) != len(X):
        raise ValueError(tr(mismatch, n_images=len(X), n_labels=len(y)))
    return X, y


def _check_data_args(net, X, y, test, evaluate_train):
    """The checked training images and labels, the test pair (or None), and the training
    images and labels measured after each epoch (or None)."""
    X, y = _check_data(net, X, y, "training")
    if test is not None:
        if not isinstance(test, (tuple, list)) or len(test) != 2:
            raise ValueError(tr("test must be a pair (test images, test labels)"))
        X_test, y_test = _check_data(net, test[0], test[1], "test")
        test = X_test.astype(float, copy=False), y_test           # as the network computes, once
    if evaluate_train is True:
        return X, y, test, (X, y)
    if evaluate_train is False:
        return X, y, test, None
    try:
        n = finite_number(evaluate_train, "evaluate_train", lo=0, integer=True)
    except (TypeError, ValueError) as err:
        raise type(err)(tr("{error} (True for all training images, False for none, or how many)", error=err)) from None
    if n == 0:
        return X, y, test, None
    if n >= len(X):
        return X, y, test, (X, y)
    rows = np.arange(n) * len(X) // n           # evenly spread, the same images every epoch
    return X, y, test, (X[rows].astype(float), y[rows])


def _check_numbers(epochs, batch_size, learning_rate, momentum, weight_decay, shift, label_smoothing):
    momentum = finite_number(momentum, "momentum", lo=0, hi=1)
    if momentum == 1:
        raise ValueError(tr("momentum must be in [0, 1) (at 1 the ball would never slow down), got 1"))
    label_smoothing = finite_number(label_smoothing, "label_smoothing", lo=0, hi=1)
    if label_smoothing == 1:
        raise ValueError(tr("label_smoothing must be in [0, 1) (at 1 every digit would be equally right), got 1"))
    return (positive_number(epochs, "epochs", integer=True), positive_number(batch_size, "batch_size", integer=True),
            positive_number(learning_rate, "learning_rate"), momentum,
            finite_number(weight_decay, "weight_decay", lo=0), finite_number(shift, "shift", lo=0, integer=True),
            label_smoothing)


def _check_choices(net, cost_name, schedule, method, dtype, callback, shift):
    _check_cost(cost_name)
    if not (callable(schedule) or schedule in SCHEDULES):
        raise ValueError(tr("schedule must be one of {choices} or a function epoch -> learning rate, got {got}",
                            choices=SCHEDULES, got=repr(schedule)))
    if method not in ("batch", "one-by-one"):
        raise ValueError(tr("method must be 'batch' or 'one-by-one', got {got}", got=repr(method)))
    if dtype not in ("float32", "float64", np.float32, np.float64):
        raise ValueError(tr("dtype must be 'float32' or 'float64', got {got}", got=repr(dtype)))
    if callback is not None and not callable(callback):
        raise TypeError(tr("callback must be a function called as callback(history), got {got}", got=repr(callback)))
    side = int(round(net.sizes[0] ** 0.5))
    if shift and side * side != net.sizes[0]:
        raise ValueError(tr("shift needs square images, but the input layer has {n_in} neurons", n_in=net.sizes[0]))
