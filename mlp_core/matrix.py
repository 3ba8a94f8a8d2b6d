"""A layer in matrix form (notebook 06): W · a + b = z and a′ = σ(z), drawn to shape:
sides of the same size drawn the same length, each labelled, each piece with its colour bar.

MatrixForm draws the equation with one picture per term and keeps its artists, so the
widget matrix_row_explorer can move to another neuron or digit without drawing W again.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from . import palette
from .digits import check_images
from .i18n import tr
from .network import sigmoid
from .render import TITLE, WIDGET_DPI, FastPng, panel, slider
from .style import DIGIT_CMAP, GUIDE_GREY, PREDICTION_COLOUR, hide_ticks, label_with_scale, robust_limit, weight_limit

__all__ = ["side_length", "MatrixForm", "plot_matrix_form", "matrix_row_explorer"]


def side_length(n: int) -> float:
    """How long (in inches) a side of n entries is drawn: the same n, the same length.

    True scale would make W (16 × 784) 49 times wider than tall, a hairline; so lengths grow
    more slowly than n (16 → 1.8 in, 784 → 3.4 in), but every 784 is as long as every other
    784 and every 16 as long as every other 16: the inner sizes of W · a visibly fit.
    """
    return 1.8 * (n / 16) ** 0.164


class MatrixForm:
    """The layer as one equation, drawn to shape: W (n_out × n_in) · a (n_in) + b = z, a′ = σ(z).

    Every side is labelled with its size and drawn with the length `side_length(size)`: W's
    width is a's height (both n_in), W's height is that of b, z and a′ (n_out). W, the biases
    and the weighted sums use the weight colours (green +, red −, or the palette's) and the
    activations a and a′ grey (black 0 … white 1), each with its colour bar. neuron=n
    outlines row n of W and entry n of b, z and a′ — the weighted sum of neuron n uses exactly
    that row — and spells out its numbers underneath. update(a, neuron) redraws in place.
    z_limit: the weighted sums' colour scale, ±z_limit (default: the largest |z| of the first a);
    a widget showing many digits passes one for all of them, so colours compare.
    """

    COLUMN = 0.3     # width (inches) of a column vector

    def __init__(self, W, a, b, neuron=None, z_limit=None, figsize=None):
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.ndim != 2:
            raise ValueError(tr("W must be a matrix (n_out, n_in), got shape {shape}", shape=W.shape))
        n_out, n_in = W.shape
        if b.shape != (n_out,):
            raise ValueError(tr("b must have one bias per row of W: shape ({n_out},), got {shape}", n_out=n_out,
                                shape=b.shape))
        self.W, self.b = W, b
        at = self._layout(n_in, n_out)
        self.figsize = figsize or at["size"]
        self.fig = Figure(figsize=self.figsize)
        self.fig.mlp_frozen = True                   # laid out by hand: no cropping pass needed
        colours = palette.current()
        z_limit = weight_limit(W @ self._checked(a) + b) if z_limit is None else float(z_limit)
        if not z_limit > 0:
            raise ValueError(tr("z_limit must be a positive number, got {got}", got=z_limit))
        self._draw_pieces(at, colours, z_limit)
        self._show_what_fits(at)
        self._colour_bars(at, colours)
        self._neuron_marks()
        self._fast = None
        self.update(a, neuron)

    def _layout(self, n_in: int, n_out: int) -> dict:
        """Where the pieces go, in inches: left to right W, ·, a, +, b, =, z, → σ →, a′."""
        wide, tall, col = side_length(n_in), side_length(n_out), self.COLUMN
        at = dict(wide=wide, tall=tall, col=col, n_in=n_in, n_out=n_out)
        at["W"] = 0.95
        at["a"] = at["W"] + wide + 0.55
        at["b"] = at["a"] + col + 0.75
        at["z"] = at["b"] + col + 1.05
        at["out"] = at["z"] + col + 1.25
        top_room, bottom_room = 0.75, 0.8             # titles above; the line of numbers below
        at["size"] = (at["out"] + col + 0.75, top_room + max(wide, tall + 0.9) + bottom_room)
        at["mid"] = bottom_room + max(wide, tall + 0.9) / 2     # the equation's middle line (inches up)
        at["y16"] = at["mid"] - tall / 2
        return at

    def _box(self, x, y, w, h):
        """Axes at (x, y), w × h, in inches."""
        fw, fh = self.figsize
        return self.fig.add_axes((x / fw, y / fh, w / fw, h / fh))

    def _draw_pieces(self, at, colours, z_limit):
        """W, a, b, z and a′ as coloured blocks, each titled with its name and size."""
        n_in, n_out, wide, tall, col, y16, mid = (at[k] for k in ("n_in", "n_out", "wide", "tall", "col", "y16", "mid"))
        specs = [  # (axes, colours, colour limit, title, data)
            (self._box(at["W"], y16, wide, tall), colours.cmap, robust_limit(self.W),
             tr("W   {n_out} × {n_in}\nrow n = weights into neuron n", n_out=n_out, n_in=n_in), self.W),
            (self._box(at["a"], mid - wide / 2, col, wide), DIGIT_CMAP, None, f"a\n{n_in}", np.zeros((n_in, 1))),
            (self._box(at["b"], y16, col, tall), colours.cmap, weight_limit(self.b), f"b\n{n_out}", self.b[:, None]),
            (self._box(at["z"], y16, col, tall), colours.cmap, z_limit, f"z = Wa + b\n{n_out}", np.zeros((n_out, 1))),
            (self._box(at["out"], y16, col, tall), DIGIT_CMAP, None, f"a′ = σ(z)\n{n_out}", np.zeros((n_out, 1))),
        ]
        self.axes, self.images = [], []
        for ax, cmap, lim, title, data in specs:
            vmin, vmax = (0, 1) if lim is None else (-lim, lim)
            self.images.append(ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto",
                                         interpolation="nearest"))
            hide_ticks(ax)
            ax.set_facecolor("black")
            ax.set_title(title, **TITLE)
            self.axes.append(ax)

    def _show_what_fits(self, at):
        """W's n_in columns meet a's n_in entries: the sides that must fit say so; the operators between."""
        ax_W, ax_a = self.axes[:2]
        ax_W.text(0.5, -0.04, tr("{n} columns", n=at["n_in"]), transform=ax_W.transAxes, ha="center", va="top",
                  fontsize=10, color=GUIDE_GREY)
        ax_a.text(1.15, 0.5, tr("{n} entries", n=at["n_in"]), transform=ax_a.transAxes, ha="left", va="center",
                  rotation=90, fontsize=10, color=GUIDE_GREY)
        for x, sym in ((at["a"] - 0.28, "·"), (at["b"] - 0.38, "+"), (at["z"] - 0.52, "="), (at["out"] - 0.62, "→ σ →")):
            self.fig.text(x / self.figsize[0], at["mid"] / self.figsize[1], sym, fontsize=26 if sym == "·" else 18,
                          ha="center", va="center")

    def _colour_bars(self, at, colours):
        """A colour bar under each piece it explains."""
        under, col = at["y16"] - 0.55, at["col"]
        bars = [(self.images[0], at["W"] + at["wide"] * 0.15, at["wide"] * 0.7, colours.key(tr("weight")), "both"),
                (self.images[2], at["b"] + col / 2 - 0.5, 1.0, tr("bias"), "neither"),
                (self.images[3], at["z"] + col / 2 - 0.5, 1.0, tr("weighted sum"), "both"),
                (self.images[4], at["out"] + col / 2 - 0.5, 1.0, tr("activation (a, a′)"), "neither")]
        for image, x, w, label, extend in bars:
            cb = self.fig.colorbar(image, cax=self._box(x, under, w, 0.12), orientation="horizontal", extend=extend)
            lo, hi = image.get_clim()
            cb.set_ticks([lo, 0, hi] if lo < 0 else [0, 0.5, 1])
            cb.ax.tick_params(labelsize=8, length=2, pad=1)
            cb.ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.3g}".replace("-", "−")))
            label_with_scale(cb.ax.xaxis, label, hi, fontsize=9)

    def _neuron_marks(self):
        """The outlines of neuron n's row and entries, its label and the line of numbers: what update moves."""
        ax_W = self.axes[0]
        n_in = self.W.shape[1]
        self.marks = [ax_W.add_patch(Rectangle((-0.5, -0.5), n_in, 1, fill=False, ec=PREDICTION_COLOUR, lw=1.8))]
        self.marks += [ax.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=PREDICTION_COLOUR, lw=1.8))
                       for ax in self.axes[2:]]
        self.row_label = ax_W.text(-0.01, 0, "", transform=ax_W.get_yaxis_transform(),
                                   ha="right", va="center", fontsize=11, color="#b36b00")
        self.sums = self.fig.text(0.5, 0.12 / self.figsize[1], "", ha="center", va="bottom", fontsize=12.5)
        self.dynamic = [self.images[1], self.images[3], self.images[4], *self.marks, self.row_label, self.sums,
                        *(spine for ax in self.axes for spine in ax.spines.values())]   # frames lie on top

    def png(self) -> bytes:
        """The current picture as PNG bytes, fast (W and b are not redrawn)."""
        if self._fast is None:
            self._fast = FastPng(self.fig, self.dynamic, colours=256, compress_level=3)
        return self._fast.png()

    def _checked(self, a) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        n_in = self.W.shape[1]
        if a.shape != (n_in,):
            raise ValueError(tr("a must have one activation per column of W: shape ({n_in},), got {shape}",
                                n_in=n_in, shape=a.shape))
        return a

    def update(self, a=None, neuron="keep"):
        n_out, n_in = self.W.shape
        if a is not None:
            self.a = self._checked(a)
        if neuron != "keep":
            if neuron is not None and not 0 <= int(neuron) < n_out:
                raise ValueError(tr("neuron must be between 0 and {last}, got {got}", last=n_out - 1, got=neuron))
            self.neuron = None if neuron is None else int(neuron)
        z = self.W @ self.a + self.b
        a_next = sigmoid(z)
        self.z, self.a_next = z, a_next
        self.images[1].set_data(self.a[:, None])
        self.images[3].set_data(z[:, None])
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
            self.row_label.set_text(tr("row {n} →", n=n))
            self.row_label.set_y(n)
            self.sums.set_text(tr("neuron {n}:  z[{n}] = W[{n}] · a + b[{n}] = {wa:.2f} + {b:.2f} = {z:.2f},   "
                                  "a′[{n}] = σ({z:.2f}) = {a:.3f}", n=n, wa=self.W[n] @ self.a, b=self.b[n], z=z[n],
                                  a=a_next[n]))
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
        raise ValueError(tr("layer must be between 1 and {last}, got {got}", last=len(net.sizes) - 1, got=layer))
    controls = {
        "neuron": slider(widgets.IntSlider, neuron, name="neuron", lo=0, hi=net.sizes[layer] - 1, step=1,
                         description=tr("neuron n")),
        "index": slider(widgets.IntSlider, index, name="index", lo=0, hi=len(images) - 1, step=1, description=tr("example #")),
    }
    W, b = net.weights[layer - 1], net.biases[layer - 1]
    previous = net.activations(images)[layer - 1]       # the activations feeding the layer
    # one colour scale for the weighted sums of all the digits, so their colours compare
    z_limit = robust_limit(previous @ W.T + b)
    view = MatrixForm(W, previous[index], b, neuron=neuron, z_limit=z_limit)
    view.fig.set_dpi(WIDGET_DPI)

    def readout(neuron, index):
        a = previous[index]
        view.update(a, neuron)
        z = W[neuron] @ a + b[neuron]
        return tr("row {n} of W · a = {wa:.3f};  + b[{n}] = {b:.3f}  →  z[{n}] = {z:.3f};  σ(z[{n}]) = <b>{a:.3f}</b>",
                  n=neuron, wa=W[neuron] @ a, b=b[neuron], z=z, a=sigmoid(z))

    def draw(neuron, index):
        return view.png()

    box = panel(controls, draw, readout)
    box.view = view
    return box
