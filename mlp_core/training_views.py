"""Training, seen from outside (notebook 11): the digits to train on, live and final learning
curves, the confusion matrix, and what a neuron "wants" (gradient ascent on the input image).

The training itself is `mlp_core.train`; this module only feeds it and looks at the result.
"""

from __future__ import annotations

import io
import math
import os
import re
import threading
import time
import unicodedata
import urllib.request
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import palette, style
from .checks import activation_problem
from .data import MIRRORS, MNIST_FILES, MnistNotFoundError, cache_dir, load_mnist, load_sample
from .describe import DescribedPng, describe
from .digits import N_PIXELS, SIDE
from .i18n import N_, tr
from .network import Network
from .render import FIGURE_TITLE, TITLE, Picture, panel, slider
from .style import GREEN, GUIDE_GREY

__all__ = ["Digits", "notebook_digits", "mirrors_reachable", "LiveCurves", "plot_history", "final", "pad",
           "plot_confusion", "input_gradient", "wanted_input", "wanted_input_widget", "plot_wanted",
           "plot_weighted_sums", "plot_recipes"]


# ==== the digits to train on ====================================================================

@dataclass(frozen=True)
class Digits:
    """Training and test digits for the notebook, and where they came from.

    source is "MNIST" (the official files) or "sample" (the 2,000 digits that ship with
    mlp_core, used when the official files can't be had); description says so in words.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str
    description: str

    def __repr__(self):
        return tr("Digits({source}: {train:,} for training, {test:,} for testing)", source=self.source,
                  train=len(self.train_labels), test=len(self.test_labels))


def mirrors_reachable(timeout: float = 3.0) -> bool:
    """True if one of the MNIST download mirrors answers a request for a file within `timeout`
    seconds. An open connection is not enough: a school's filtering proxy accepts connections,
    then refuses or never answers, and the download would then wait 20 s per mirror. The
    requests run in threads, so an offline machine whose DNS hangs can't make this take longer
    than `timeout`."""
    urls = [base.rstrip("/") + "/" + name for base in MIRRORS for name in MNIST_FILES if name.startswith("t10k-labels")]
    reached = threading.Event()

    def probe(url):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout) as answer:
                if answer.status == 200:
                    reached.set()
        except (OSError, ValueError):  # refused, DNS, timeout, HTTP error (403 from a proxy), bad URL
            pass

    threads = [threading.Thread(target=probe, args=(u,), daemon=True) for u in urls]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    # stop at the first mirror that answers, or when every probe has failed, or at the deadline
    while not reached.is_set() and any(t.is_alive() for t in threads) and time.monotonic() < deadline:
        reached.wait(0.02)
    return reached.is_set()


def _full_mnist_or_why(probe_timeout):
    """(train images, train labels, test images, test labels, where from) or (None, why not)."""
    from .train import load_training_set

    named = os.environ.get("MLP_CORE_DATA")
    if named:
        where = tr("the folder named by MLP_CORE_DATA")
    elif all((cache_dir() / name).is_file() for name in MNIST_FILES):
        where = tr("the download cache")
    elif mirrors_reachable(probe_timeout):
        where = tr("a download (kept in the cache for next time)")
    else:
        return None, tr("MLP_CORE_DATA is not set, the download cache is empty and the download mirrors "
                        "can't be reached (offline?)")
    try:
        X, y = load_training_set()
        X_test, y_test = load_mnist("test")
    except (MnistNotFoundError, ValueError, OSError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        first = re.split(r"\. |。", first)[0].rstrip(" .。")      # its first sentence: the template adds the stop
        return None, tr("reading MNIST from {where} failed: {error}", where=where, error=first)
    return (X, y, X_test, y_test, where), None


def _how_to_get_mnist() -> str:
    """What would bring the full set here: going online cannot help while MLP_CORE_DATA names a folder."""
    if os.environ.get("MLP_CORE_DATA"):
        return tr("For the full set, put MNIST's four files into the folder MLP_CORE_DATA names, or unset "
                  "MLP_CORE_DATA to let load_mnist() download them.")
    return tr("With internet, load_mnist() downloads the full set once.")


def notebook_digits(n_train: int = 10_000, seed: int = 0, probe_timeout: float = 3.0) -> Digits:
    """The digits notebook 11 trains on: a fixed `n_train` of the official training digits
    (minus the bundled sample) and the official 10,000 test digits — or, when MNIST can't be
    had, the bundled sample split 1,600 / 400, with a plain message saying so.

    The subset is the same on every machine (chosen by `seed`), so a run is reproducible.
    """
    if isinstance(n_train, bool) or not isinstance(n_train, (int, np.integer)) or n_train < 10:
        raise ValueError(tr("n_train must be a whole number of digits ≥ 10, got {got}", got=repr(n_train)))
    full, why = _full_mnist_or_why(probe_timeout)
    if full is not None:
        X, y, X_test, y_test, where = full
        if n_train > len(X):
            raise ValueError(tr("n_train={n_train:,} but there are only {n:,} training digits", n_train=n_train,
                                n=len(X)))
        pick = np.sort(np.random.default_rng(seed).choice(len(X), size=int(n_train), replace=False))
        text = tr("Full MNIST, from {where}: {n:,} training digits (the official 60,000 minus the 2,000 bundled "
                  "ones) and the official {n_test:,} test digits. For speed this notebook trains on a fixed "
                  "{n_train:,} of the training digits and tests on all {n_test:,} test digits; `python -m mlp_core "
                  "train` does the full run.", where=where, n=len(X), n_test=len(X_test), n_train=n_train)
        return Digits(X[pick], y[pick], X_test, y_test, "MNIST", text)
    images, labels = load_sample()
    # four fifths of each digit for training, the last fifth of each for testing (both balanced)
    test = np.zeros(len(labels), dtype=bool)
    for d in np.unique(labels):
        where = np.flatnonzero(labels == d)
        test[where[len(where) * 4 // 5:]] = True
    text = tr("No full MNIST here: {why}. So this notebook trains on the {n:,} real MNIST digits that ship with "
              "mlp_core instead: {n_train:,} for training, the other {n_test:,} held back for testing. Everything "
              "works the same; the accuracies are lower, because there is much less to learn from. {advice}",
              why=why, n=len(images), n_train=np.sum(~test), n_test=np.sum(test), advice=_how_to_get_mnist())
    return Digits(images[~test], labels[~test], images[test], labels[test], "sample", text)


# ==== learning curves ===========================================================================

def _curves_figure(figsize=(11, 3.8)):
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    ax_cost, ax_acc = fig.subplots(1, 2)
    ax_cost.set_xlabel(tr("epoch"), fontsize=12)
    ax_cost.set_ylabel(tr("cost (training digits)"), fontsize=12)
    ax_acc.set_xlabel(tr("epoch"), fontsize=12)
    ax_acc.set_ylabel(tr("accuracy"), fontsize=12)
    for ax in (ax_cost, ax_acc):
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=10)
    lines = {
        "loss": ax_cost.plot([], [], "-o", color="#c0392b", lw=2, ms=4)[0],
        "train": ax_acc.plot([], [], "-o", color="#1f4e99", lw=2, ms=4, label=tr("training digits"))[0],
        "test": ax_acc.plot([], [], "-s", color=GREEN, lw=2, ms=4, label=tr("test digits (never trained on)"))[0],
    }
    ax_acc.legend(fontsize=10, loc="lower right")
    return fig, ax_cost, ax_acc, lines


def _training_figures(history):
    """The training cost and accuracy to draw, and how they were measured: after each epoch
    (like the test figures) when train() measured them, else the running figures of the epoch."""
    if history.train_accuracy:
        return history.train_loss, history.train_accuracy, tr("training digits")
    return history.running_loss, history.running_accuracy, tr("training digits (running, during the epoch)")


def _draw_history(fig, ax_cost, ax_acc, lines, history, epochs=None, title=None):
    e = np.asarray(history.epoch)
    loss, train_accuracy, train_label = _training_figures(history)
    lines["loss"].set_data(e, loss)
    lines["train"].set_data(e, train_accuracy)
    lines["train"].set_label(train_label)
    ax_acc.legend(fontsize=10, loc="lower right")
    lines["test"].set_data(e[:len(history.test_accuracy)], history.test_accuracy)
    last = max(epochs or 0, int(e[-1]) if len(e) else 1)
    for ax in (ax_cost, ax_acc):
        ax.set_xlim(0.5, last + 0.5)
    if len(e):
        ax_cost.set_ylim(0, max(loss) * 1.08)
        accs = list(train_accuracy) + list(history.test_accuracy)
        low = min(accs)
        ax_acc.set_ylim(max(0.0, low - 0.05), 1.0)
        if history.test_accuracy:
            text = tr("after epoch {epoch}: train {train:.1%}, test {test:.1%}", epoch=e[-1],
                      train=train_accuracy[-1], test=history.test_accuracy[-1])
        else:
            text = tr("after epoch {epoch}: train {train:.1%}", epoch=e[-1], train=train_accuracy[-1])
        ax_acc.set_title(text, **TITLE)
        ax_cost.set_title(tr("cost {cost:.4f}", cost=loss[-1]), **TITLE)
    if title:
        fig.suptitle(title, **FIGURE_TITLE)


class LiveCurves:
    """A callback for mlp_core.train.train: after every epoch it redraws the cost and the
    accuracies in a picture shown in the notebook (an image widget, updated in place).

        curves = LiveCurves(epochs=10, title="the series' recipe")
        history = train(net, X, y, epochs=10, callback=curves, ...)

    .epochs_seen lists the epochs it was called for; .figure is the matplotlib Figure.
    """

    def __init__(self, epochs: int | None = None, title: str | None = None, show: bool = True):
        self.epochs, self.title = epochs, title
        self.figure, self._ax_cost, self._ax_acc, self._lines = _curves_figure()
        self.image = Picture(layout=widgets.Layout(max_width="100%"))
        self.epochs_seen: list[int] = []
        if show:
            from IPython.display import display
            display(self.image)

    def __call__(self, history) -> None:
        if not history.epoch:
            raise ValueError(tr("LiveCurves was called with an empty history; train() calls it after each epoch"))
        self.epochs_seen.append(int(history.epoch[-1]))
        _draw_history(self.figure, self._ax_cost, self._ax_acc, self._lines, history, self.epochs, self.title)
        buf = io.BytesIO()
        self.figure.canvas.print_png(buf)
        self.image.show(buf.getvalue(), describe(self.figure))


class NoFigure(float):
    """What final() gives when no epoch finished: nan to any sum or comparison (a comparison is
    False), but words, not "nan%", in any f-string or print, whatever the format asked for."""

    def __new__(cls):
        return super().__new__(cls, math.nan)

    def __format__(self, spec):
        return tr("none yet (no epoch finished)")

    def __repr__(self):
        return format(self)

    __str__ = __repr__


def final(values) -> float:
    """The last of a history's figures (history.test_accuracy, ...), or, when the training was
    interrupted before its first epoch ended, a NoFigure (nan that prints as words): the cells
    after a training run on whatever finished and print nothing false."""
    return float(values[-1]) if len(values) else NoFigure()


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` columns as a terminal or notebook shows them: a Chinese
    character takes two columns, so f"{name:28}" misaligns a table of Chinese names and this does not."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def plot_history(history, title: str | None = None):
    """The cost and the accuracies after each epoch: the finished learning curves (a static
    picture, so it reads well wherever widgets don't run, e.g. on GitHub).

    A training interrupted (Kernel → Interrupt) draws the epochs it finished and says so; one
    stopped before its first epoch ended draws empty axes that say so, so the cells after it
    still run."""
    fig, ax_cost, ax_acc, lines = _curves_figure()
    _draw_history(fig, ax_cost, ax_acc, lines, history, title=title)
    if not history.epoch:
        ax_acc.set_title(tr("no epoch finished: the training was stopped before the end of epoch 1"), **TITLE)
    elif getattr(history, "interrupted", False):
        ax_cost.set_title(tr("interrupted after epoch {epoch}: cost {cost:.4f}", epoch=history.epoch[-1],
                             cost=_training_figures(history)[0][-1]), **TITLE)
    return fig


# ==== judging the trained network ===============================================================

def plot_confusion(counts, title=None, figsize=(7.2, 6.2)):
    """The confusion matrix as a table of counts: right answers on the diagonal (grey),
    mistakes off it, the more the redder."""
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(tr("counts must be a square matrix, got shape {shape}", shape=counts.shape))
    n = len(counts)
    wrong = counts.astype(float)
    np.fill_diagonal(wrong, np.nan)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    top = np.nanmax(wrong) if np.any(wrong > 0) else 1.0
    cmap = matplotlib.colormaps["Reds"].with_extremes(bad="#d9d9d9")
    im = ax.imshow(np.ma.masked_invalid(wrong), cmap=cmap, vmin=0, vmax=top)
    for i in range(n):
        for j in range(n):
            v = counts[i, j]
            if i == j:
                ax.text(j, i, f"{v}", ha="center", va="center", fontsize=11, weight="bold", color="black")
            elif v:
                ax.text(j, i, f"{v}", ha="center", va="center", fontsize=11,
                        color="white" if v > 0.55 * top else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel(tr("the network's answer"), fontsize=13)
    ax.set_ylabel(tr("the true digit"), fontsize=13)
    ax.tick_params(labelsize=12)
    cb = fig.colorbar(im, ax=ax, fraction=0.045, pad=0.03)
    cb.set_label(tr("mistakes (off the diagonal)"), fontsize=11)
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    ax.set_title(title or tr("{n:,} test digits, {accuracy:.1%} right (the grey diagonal)", n=counts.sum(),
                             accuracy=accuracy), **TITLE)
    return fig


# ==== what a neuron wants =========================================================================

def _check_neuron(net: Network, layer, neuron):
    if net.output != "sigmoid" and layer == len(net.sizes) - 1:
        raise ValueError(tr("the output layer of this network is a softmax; pick a hidden layer"))
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 1 <= layer < len(net.sizes):
        raise ValueError(tr("layer must be 1 … {last} (1 = the first hidden layer), got {got}",
                            last=len(net.sizes) - 1, got=repr(layer)))
    width = net.sizes[layer]
    if isinstance(neuron, bool) or not isinstance(neuron, (int, np.integer)) or not 0 <= neuron < width:
        raise ValueError(tr("layer {layer} has neurons 0 … {last}, got neuron {got}", layer=layer, last=width - 1,
                            got=repr(neuron)))


def input_gradient(net: Network, x, layer: int, neuron: int) -> np.ndarray:
    """∂a/∂x: how the activation of `neuron` in `layer` changes with each of the 784 pixels.

    Backpropagation again (notebook 10), but from one neuron's activation instead of the
    cost, and all the way down to the input:
        δ = σ'(z) at that neuron (0 for the others of its layer)
        δ ← (Wᵀ δ) ⊙ σ'(z) for each hidden layer below it
        ∂a/∂x = W¹ᵀ δ¹
    Every layer it passes is a sigmoid layer: a softmax output layer (output="softmax") is refused
    with a ValueError, since there every output's weighted sum moves the neuron's activation.
    """
    _check_neuron(net, layer, neuron)
    activations = net.activations(x)
    a = activations[layer]
    delta = np.zeros_like(a)
    delta[neuron] = a[neuron] * (1 - a[neuron])
    for l in range(layer - 1, 0, -1):
        a = activations[l]
        delta = (net.weights[l].T @ delta) * a * (1 - a)
    return net.weights[0].T @ delta


def wanted_input(net: Network, layer: int, neuron: int, steps: int = 150, step_size: float = 0.05, start=None):
    """The image that lights `neuron` of `layer` up most, found by gradient ASCENT on the
    pixels: x ← x + step_size · ∂a/∂x / max|∂a/∂x|, kept inside [0, 1] (black … white).

    start: the first image (default: all grey, 0.5). Returns (image (784,), activations
    after each step (steps + 1,)).
    """
    _check_neuron(net, layer, neuron)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= 10_000:
        raise ValueError(tr("steps must be a whole number from 0 to 10,000, got {got}", got=repr(steps)))
    if not (isinstance(step_size, (int, float, np.floating)) and 0 < step_size <= 1):
        raise ValueError(tr("step_size must be a number in (0, 1], got {got}", got=repr(step_size)))
    x = np.full(net.sizes[0], 0.5) if start is None else np.array(start, dtype=float)
    if x.shape != (net.sizes[0],) or activation_problem(x):
        raise ValueError(tr("start must be {n} activations in [0, 1]", n=net.sizes[0]))
    trace = [float(net.activations(x)[layer][neuron])]
    for _ in range(steps):
        g = input_gradient(net, x, layer, neuron)
        biggest = np.max(np.abs(g))
        if biggest == 0:
            break              # nothing to climb: the neuron is flat here
        x = np.clip(x + step_size * g / biggest, 0.0, 1.0)
        trace.append(float(net.activations(x)[layer][neuron]))
    return x, np.array(trace)


LAYER_NAMES = {1: N_("hidden layer 1"), 2: N_("hidden layer 2"), 3: N_("the output layer")}


def _layer_name(layer) -> str:
    return tr(LAYER_NAMES[layer]) if layer in LAYER_NAMES else tr("layer {layer}", layer=layer)


class WantedPicture:
    """Left: the image a neuron wants (grey, 0 black … 1 white). Right: what gradient ascent
    changed, as a weight-style heat map (green: ink added, red: ink taken away)."""

    def __init__(self, figsize=(8.8, 4.0)):
        fig = Figure(figsize=figsize, layout="constrained")
        FigureCanvasAgg(fig)
        ax_img, ax_change = fig.subplots(1, 2)
        self._img = ax_img.imshow(np.zeros((SIDE, SIDE)), cmap=style.DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        style.plot_weights(np.zeros(N_PIXELS), ax=ax_change, colorbar=True, limit=1.0)
        self._change = ax_change.images[0]
        colours = palette.current()
        fig.axes[-1].set_ylabel(tr("{positive}: ink added, {negative}: ink taken away",
                                   positive=tr(colours.positive_word), negative=tr(colours.negative_word)),
                                fontsize=10)
        self._title_img = ax_img.set_title("|\n|", **TITLE)     # room for two lines of title
        self._title_change = ax_change.set_title("|\n|", **TITLE)
        self.figure, self.ax_img, self.ax_change = fig, ax_img, ax_change
        fig.draw_without_rendering()
        fig.set_layout_engine("none")

    def update(self, image, start, title):
        image, start = np.asarray(image, dtype=float), np.asarray(start, dtype=float)
        change = (image - start).reshape(SIDE, SIDE)
        limit = float(np.max(np.abs(change))) or 1.0
        self._img.set_data(image.reshape(SIDE, SIDE))
        self._change.set_data(change)
        self._change.set_clim(-limit, limit)
        self._title_img.set_text(title)
        self._title_change.set_text(tr("what gradient ascent changed\nfrom the start image"))
        buf = io.BytesIO()
        self.figure.canvas.print_png(buf)
        return DescribedPng(buf.getvalue(), describe(self.figure))


def plot_wanted(images, starts, titles, ncols=10, size=1.55):
    """Row pairs: the wanted images (grey), and under each, what changed from its start
    (green: ink added, red: ink taken away), for several neurons."""
    images, starts = np.asarray(images, dtype=float), np.asarray(starts, dtype=float)
    if images.ndim != 2 or images.shape[1] != N_PIXELS or starts.shape != images.shape or len(titles) != len(images):
        raise ValueError(tr("images and starts must be (n, 784) arrays of the same shape, with n titles"))
    n = len(images)
    ncols = min(n, ncols)
    blocks = -(-n // ncols)
    fig = Figure(figsize=(size * ncols, (2 * size + 0.5) * blocks), layout="constrained")
    axes = np.atleast_2d(fig.subplots(2 * blocks, ncols))
    for k in range(blocks * ncols):
        r, c = 2 * (k // ncols), k % ncols
        top, bottom = axes[r, c], axes[r + 1, c]
        if k >= n:
            top.set_axis_off()
            bottom.set_axis_off()
            continue
        top.imshow(images[k].reshape(SIDE, SIDE), cmap=style.DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
        top.set_xticks([])
        top.set_yticks([])
        top.set_title(titles[k], **TITLE)
        change = images[k] - starts[k]
        style.plot_weights(change, ax=bottom, colorbar=False, limit=float(np.max(np.abs(change))) or 1.0)
    axes[0, 0].set_ylabel(tr("wanted"), fontsize=11)
    axes[1, 0].set_ylabel(tr("changed"), fontsize=11)
    return fig


def wanted_input_widget(net: Network, starts: dict, layer: int = 3, neuron: int = 0, steps: int = 200,
                        step_size: float = 0.01):
    """Pick a layer, a neuron and a start image; see the image the neuron wants (gradient
    ascent on the pixels) and what had to change. starts: name → 784 activations."""
    if not starts:
        raise ValueError(tr("starts must name at least one start image, e.g. {{'the average digit': ...}}"))
    for name, image in starts.items():
        image = np.asarray(image, dtype=float)
        if image.shape != (net.sizes[0],) or activation_problem(image):
            raise ValueError(tr("start image {name} must be {n} activations in [0, 1]", name=repr(name),
                                n=net.sizes[0]))
    layers = [(_layer_name(l), l) for l in range(1, len(net.sizes))
              if net.output == "sigmoid" or l < len(net.sizes) - 1]
    style = {"description_width": "9em"}
    layout = widgets.Layout(width="30em")
    controls = {
        "layer": widgets.Dropdown(options=layers, value=layer, description=tr("layer"), style=style, layout=layout),
        "neuron": slider(widgets.IntSlider, neuron, name="neuron", lo=0, hi=net.sizes[layer] - 1, step=1,
                         description=tr("neuron"), continuous_update=False, style=style, layout=layout),
        "start": widgets.Dropdown(options=list(starts), description=tr("start from"), style=style, layout=layout),
        "steps": slider(widgets.IntSlider, steps, name="steps", lo=0, hi=400, step=10, description=tr("ascent steps"),
                        continuous_update=False, style=style, layout=layout),
    }
    picture = WantedPicture()

    found = {}

    def readout(layer, neuron, start, steps):
        if neuron >= net.sizes[layer]:
            raise ValueError(tr("{layer} has neurons 0 … {last}", layer=_layer_name(layer), last=net.sizes[layer] - 1))
        first = np.asarray(starts[start], dtype=float)
        image, trace = wanted_input(net, layer, neuron, steps=steps, step_size=step_size, start=first)
        found.update(image=image, first=first, trace=trace)
        return tr("activation of neuron {neuron} of {layer}: {start:.3f} at the start → <b>{end:.3f}</b> after {steps} "
                  "steps of gradient ascent", neuron=neuron, layer=_layer_name(layer), start=trace[0], end=trace[-1],
                  steps=len(trace) - 1)

    def draw(layer, neuron, start, steps):
        return picture.update(found["image"], found["first"],
                              tr("what neuron {neuron} of {layer} wants\n(activation {a:.2f})", neuron=neuron,
                                 layer=_layer_name(layer), a=found["trace"][-1]))

    box = panel(controls, draw, readout)

    def new_layer(change):
        # the neuron slider follows the width of the chosen layer
        controls["neuron"].max = net.sizes[change["new"]] - 1
    controls["layer"].observe(new_layer, names="value")
    box.picture = picture
    return box


# ==== why scaled initial weights ====================================================================

def plot_weighted_sums(sums: dict, figsize=(10, 3.8)):
    """Histograms of the first hidden layer's weighted sums z on real digits, one per way of
    choosing the starting weights, with the band where the sigmoid is not flat (|z| < 4)."""
    if not sums:
        raise ValueError(tr("sums must map a name to an array of weighted sums"))
    fig = Figure(figsize=figsize, layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(sums), sharey=True))
    for ax, (name, z) in zip(axes, sums.items()):
        z = np.asarray(z, dtype=float).ravel()
        lim = max(6.0, float(np.percentile(np.abs(z), 99.5)))
        ax.axvspan(-4, 4, color=GREEN, alpha=0.15, label=tr("σ'(z) > 0.018: σ still slopes"))
        ax.hist(z, bins=np.linspace(-lim, lim, 61), color="#1f4e99")
        share = np.mean(np.abs(z) < 4)
        ax.set_title(tr("{name}\n{share:.0%} of the weighted sums in the green band", name=name, share=share), **TITLE)
        ax.set_xlabel(tr("weighted sum z of a hidden-layer-1 neuron"), fontsize=11)
        ax.tick_params(labelsize=10)
    axes[0].set_ylabel(tr("how often"), fontsize=11)
    axes[0].legend(fontsize=10, loc="upper left")
    return fig


def plot_recipes(histories: dict, figsize=(9, 4.2)):
    """Test accuracy after each epoch, one line per recipe (name → History)."""
    if not histories:
        raise ValueError(tr("histories must map a recipe's name to its History"))
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    colours = [GUIDE_GREY, "#c0392b", "#e67e22", "#1f4e99", GREEN, "#8e44ad", "#16a085"]
    low = 1.0
    for i, (name, h) in enumerate(histories.items()):
        if not h.epoch:             # interrupted before its first epoch ended: nothing to draw
            continue
        if not h.test_accuracy:
            raise ValueError(tr("the history of {name} has no test accuracies: train with test=(images, labels)",
                                name=repr(name)))
        ax.plot(h.epoch, h.test_accuracy, "-o", ms=4, lw=2.5 if i == len(histories) - 1 else 1.8,
                color=colours[i % len(colours)], label=tr("{name}: {body}", name=name, body=f"{h.test_accuracy[-1]:.1%}"))
        low = min(low, min(h.test_accuracy))
    ax.set_ylim(max(0.0, low - 0.02), None)      # every point inside the axes, the first epoch's too
    ax.set_xlabel(tr("epoch"), fontsize=12)
    ax.set_ylabel(tr("accuracy on the test digits"), fontsize=12)
    if ax.lines:
        ax.legend(fontsize=10, loc="lower right")
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=10)
    return fig
