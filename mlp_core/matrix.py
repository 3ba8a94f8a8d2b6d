"""A layer in matrix form (notebook 06): W · a + b = z and a′ = σ(z), drawn to shape.

MatrixForm draws the equation with one picture per term and keeps its artists, so the
widget matrix_row_explorer can move to another neuron or digit without drawing W again.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .digits import check_images
from .network import sigmoid
from .render import WIDGET_DPI, FastPng, panel, slider
from .viz import DIGIT_CMAP, PREDICTION_COLOUR, WEIGHT_CMAP, hide_ticks, robust_limit, weight_limit

__all__ = ["MatrixForm", "plot_matrix_form", "matrix_row_explorer"]


class MatrixForm:
    """The layer as one equation, drawn to shape: W (n_out × n_in) · a (n_in) + b = z, a′ = σ(z).

    W and the biases and weighted sums use the weight colours (green +, red −); the
    activations a and a′ are grey (black 0 … white 1). neuron=n outlines row n of W and
    entry n of b, z and a′ — the weighted sum of neuron n uses exactly that row — and
    spells out its numbers underneath. update(a, neuron) redraws in place.
    """

    def __init__(self, W, a, b, neuron=None, figsize=(10.5, 3.9)):
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.ndim != 2:
            raise ValueError(f"W must be a matrix (n_out, n_in), got shape {W.shape}")
        n_out, n_in = W.shape
        if b.shape != (n_out,):
            raise ValueError(f"b must have one bias per row of W: shape ({n_out},), got {b.shape}")
        self.W, self.b = W, b
        fig = self.fig = Figure(figsize=figsize)
        fig.mlp_frozen = True                   # laid out by hand: no cropping pass needed
        mid_h = 2.2 / figsize[1]                 # height of the n_out-row pieces
        y0 = (1 - mid_h) / 2 - 0.04

        def box(x_in, w_in, full=False):
            return fig.add_axes((x_in / figsize[0], 0.1 if full else y0, w_in / figsize[0],
                                 0.74 if full else mid_h))
        specs = [  # (x, width, full height, colours, colour limit, title)
            (1.0, 3.7, False, WEIGHT_CMAP, robust_limit(W), f"W   {n_out} × {n_in}\nrow n = weights into neuron n"),
            (5.05, 0.28, True, DIGIT_CMAP, None, f"a\n{n_in}"),
            (6.0, 0.34, False, WEIGHT_CMAP, weight_limit(b), f"b\n{n_out}"),
            (7.05, 0.34, False, WEIGHT_CMAP, None, f"z = Wa + b\n{n_out}"),
            (8.55, 0.34, False, DIGIT_CMAP, None, f"a′ = σ(z)\n{n_out}"),
        ]
        self.axes, self.images = [], []
        for (x_in, w_in, full, cmap, lim, title), data in zip(
                specs, [W, np.zeros((n_in, 1)), b[:, None], np.zeros((n_out, 1)), np.zeros((n_out, 1))]):
            ax = box(x_in, w_in, full)
            vmin, vmax = (0, 1) if lim is None else (-lim, lim)
            self.images.append(ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto",
                                         interpolation="nearest"))
            hide_ticks(ax)
            ax.set_facecolor("black")
            ax.set_title(title, fontsize=12)
            self.axes.append(ax)
        for x_in, sym in ((4.85, "·"), (5.68, "+"), (6.67, "="), (7.97, "→ σ →")):
            fig.text(x_in / figsize[0], y0 + mid_h / 2, sym, fontsize=26 if sym == "·" else 18,
                     ha="center", va="center")
        self.marks = [self.axes[0].add_patch(Rectangle((-0.5, -0.5), n_in, 1, fill=False,
                                                       ec=PREDICTION_COLOUR, lw=1.8))]
        self.marks += [ax.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=PREDICTION_COLOUR, lw=1.8))
                       for ax in self.axes[2:]]
        self.row_label = self.axes[0].text(-0.01, 0, "", transform=self.axes[0].get_yaxis_transform(),
                                           ha="right", va="center", fontsize=11, color="#b36b00")
        self.sums = fig.text(0.5, 0.02, "", ha="center", fontsize=12.5)
        self.dynamic = [self.images[1], self.images[3], self.images[4], *self.marks, self.row_label, self.sums,
                        *(spine for ax in self.axes for spine in ax.spines.values())]   # frames lie on top
        self._fast = None
        self.update(a, neuron)

    def png(self) -> bytes:
        """The current picture as PNG bytes, fast (W and b are not redrawn)."""
        if self._fast is None:
            self._fast = FastPng(self.fig, self.dynamic, colours=256, compress_level=3)
        return self._fast.png()

    def update(self, a=None, neuron="keep"):
        n_out, n_in = self.W.shape
        if a is not None:
            a = np.asarray(a, dtype=float)
            if a.shape != (n_in,):
                raise ValueError(f"a must have one activation per column of W: shape ({n_in},), got {a.shape}")
            self.a = a
        if neuron != "keep":
            if neuron is not None and not 0 <= int(neuron) < n_out:
                raise ValueError(f"neuron must be between 0 and {n_out - 1}, got {neuron}")
            self.neuron = None if neuron is None else int(neuron)
        z = self.W @ self.a + self.b
        a_next = sigmoid(z)
        self.z, self.a_next = z, a_next
        self.images[1].set_data(self.a[:, None])
        self.images[3].set_data(z[:, None])
        self.images[3].set_clim(-weight_limit(z), weight_limit(z))
        self.images[4].set_data(a_next[:, None])
        n = self.neuron
        for mark in self.marks:
            mark.set_visible(n is not None)
            if n is not None:
                mark.set_y(n - 0.5)
        if n is None:
            self.row_label.set_text("")
            self.sums.set_text("")
        else:
            self.row_label.set_text(f"row {n} →")
            self.row_label.set_y(n)
            self.sums.set_text(f"neuron {n}:  z[{n}] = W[{n}] · a + b[{n}] = {self.W[n] @ self.a:.2f} "
                               f"+ {self.b[n]:.2f} = {z[n]:.2f},   a′[{n}] = σ({z[n]:.2f}) = {a_next[n]:.3f}")
        return a_next


def plot_matrix_form(W, a, b, neuron=None, **kwargs):
    """A layer's W · a + b = z and a′ = σ(z) drawn to shape (see MatrixForm)."""
    return MatrixForm(W, a, b, neuron=neuron, **kwargs).fig


def matrix_row_explorer(net, images, layer=1, neuron=0, index=0):
    """Pick a neuron n of `layer` and a digit: row n of W, the weighted sum z[n] and σ(z[n]).

    Draws MatrixForm for the layer's W, b and the previous layer's activations.
    """
    images, _ = check_images(images)
    if not 1 <= layer < len(net.sizes):
        raise ValueError(f"layer must be between 1 and {len(net.sizes) - 1}, got {layer}")
    controls = {
        "neuron": slider(W.IntSlider, neuron, name="neuron", lo=0, hi=net.sizes[layer] - 1, step=1,
                         description="neuron n"),
        "index": slider(W.IntSlider, index, name="index", lo=0, hi=len(images) - 1, step=1, description="digit #"),
    }
    W_, b = net.weights[layer - 1], net.biases[layer - 1]
    previous = net.activations(images)[layer - 1]       # the activations feeding the layer
    view = MatrixForm(W_, previous[index], b, neuron=neuron)
    view.fig.set_dpi(WIDGET_DPI)

    def readout(neuron, index):
        a = previous[index]
        view.update(a, neuron)
        z = W_[neuron] @ a + b[neuron]
        return (f"row {neuron} of W · a = {W_[neuron] @ a:.3f};  + b[{neuron}] = {b[neuron]:.3f}"
                            f"  →  z[{neuron}] = {z:.3f};  σ(z[{neuron}]) = <b>{sigmoid(z):.3f}</b>")

    def draw(neuron, index):
        return view.png()

    box = panel(controls, draw, readout)
    box.view = view
    return box
