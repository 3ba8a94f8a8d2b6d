"""The network as a picture, shared by notebook 07's explorer and editor and notebook 08's drawing pad.

NetworkDiagram draws 784-16-16-10 in the style of 3Blue1Brown: columns of circles, each
shaded by its activation. It keeps its artists, so a widget can re-shade it for a new
image or an edited network in a few tens of milliseconds:

    view = NetworkDiagram(net, image);  view.fig            # the Figure
    view.update(other_image)                                 # re-shade, same figure
    png = view.png()                                         # fast PNG for a widget

LayerBars shows every layer's activations as bars. Below the topic modules: `diagram` (07)
and `drawing` (08) both build on these two, so neither imports the other.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .digits import N_PIXELS, SIDE, as_activations, check_range
from .i18n import tr
from .render import FIGURE_TITLE, TITLE, CompactFigure, FastPng
from .style import (
    DIGIT_CMAP,
    EDIT_COLOUR,
    GUIDE_GREY,
    MARK_COLOUR,
    PREDICTION_COLOUR,
)

__all__ = ["DIAGRAM_BG", "DIAGRAM_TEXT", "NetworkDiagram", "LayerBars", "as_network_input", "check_neuron"]

#: Dark background: a neuron's brightness is its activation, as in the article and the video.
DIAGRAM_BG = "#111111"
DIAGRAM_TEXT = "#e6e6e6"
MAX_DRAWN_NEURONS = 40        # wider layers cannot be told apart on a projector


def as_network_input(net, image):
    a = as_activations(image)          # 784 values or 28×28 grid, in [0, 1]
    if net.sizes[0] != N_PIXELS:
        raise ValueError(tr("the diagram draws networks whose input is a 28×28 digit (784 neurons); this one has "
                            "sizes {sizes}", sizes=net.sizes))
    return a, a.reshape(N_PIXELS)


class NetworkDiagram:
    """The network as columns of circles, each shaded by its activation (black 0 … white 1).

    784 input neurons cannot all be drawn legibly, so the input layer is shown twice: as
    the digit itself (every pixel is one input neuron) and as a column of 16 neurons — the
    pixels of one row of the picture, marked in pink — with ⋮ for the rest. Connections
    are faint lines (every neuron connects to every neuron of the previous layer). The
    brightest output neuron, the prediction, is ringed in amber with its digit label.

    highlight=(layer, neuron) rings one neuron of a hidden or output layer (layer 1 is the
    first hidden layer) and draws its incoming connections in blue: the neuron being edited.
    """

    def __init__(self, net, image, ax=None, input_row=14, input_cols=(6, 22), highlight=None,
                 figsize=(10.5, 5.4), title=True):
        _, x = as_network_input(net, image)
        if any(n > MAX_DRAWN_NEURONS for n in net.sizes[1:]):
            raise ValueError(tr("layers wider than {most} neurons can't be drawn legibly; this network has sizes "
                                "{sizes}", most=MAX_DRAWN_NEURONS, sizes=net.sizes))
        if not 0 <= int(input_row) < SIDE:
            raise ValueError(tr("input_row must be between 0 and 27, got {got}", got=input_row))
        c0, c1 = check_range(input_cols, "input_cols")
        self.net, self.input_row = net, int(input_row)
        self.input_index = self.input_row * SIDE + np.arange(c0, c1)
        if ax is None:
            fig = CompactFigure(figsize=figsize, facecolor=DIAGRAM_BG)
            ax = fig.add_axes((0, 0, 1, 1))
        self.fig, self.ax = ax.figure, ax
        ax.set_facecolor(DIAGRAM_BG)
        ax.set_axis_off()
        n_layers = len(net.sizes)
        shown = [len(self.input_index)] + net.sizes[1:]
        # Data units are inches of the default 10.5 × 5.6 figure: the picture on the left,
        # then one column per layer, each layer spread over at most 3.75 inches of height.
        ax.set_xlim(0, 10.5)
        ax.set_ylim(0, 5.6)
        ax.set_aspect("equal")
        self.xs = np.linspace(3.15, 8.45, n_layers)
        steps = [min(3.75 / (n - 1), 0.25) if n > 1 else 0.25 for n in shown]
        self.ys = [2.95 + s * ((n - 1) / 2 - np.arange(n)) for n, s in zip(shown, steps)]
        pts = 72 * _inches_per_unit(ax)
        self._sizes = [(0.8 * s * pts) ** 2 for s in steps]      # scatter size = diameter² in points²
        over_digit = self._draw_input(c0, c1)
        self._draw_connections()
        self._draw_neurons(shown)
        self._name_layers(title)
        self.highlight = None
        self.set_highlight(highlight)
        # everything drawn over the digit is redrawn with it, so the fast PNG keeps it on top
        self.dynamic = [self.picture, *over_digit, self._edit_lines, *self.dots, *self.out_labels, self.ring,
                        self.edit_ring] + ([self.title] if self.title is not None else [])
        self._fast = None
        self.update(x)

    def _draw_input(self, c0: int, c1: int) -> list:
        """The digit, the row of it shown as the input column (pink) and the lines that zoom into it.
        Returns the artists drawn over the digit."""
        ax = self.ax
        left, bottom, side = 0.15, 2.15, 2.2
        self.picture = ax.imshow(np.zeros((SIDE, SIDE)), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                                 extent=(left, left + side, bottom, bottom + side),
                                 interpolation="nearest", zorder=2)
        frame = ax.add_patch(Rectangle((left, bottom), side, side, fill=False, ec="#777777", lw=1, zorder=3))
        cell = side / SIDE
        row_y = bottom + side - (self.input_row + 1) * cell
        row_box = ax.add_patch(Rectangle((left + c0 * cell, row_y), (c1 - c0) * cell, cell, fill=False,
                                         ec=MARK_COLOUR, lw=1.8, zorder=4))
        x0, top, low = self.xs[0] - 0.2, self.ys[0][0], self.ys[0][-1]
        zoom = (ax.plot([left + c1 * cell, x0], [row_y + cell, top + 0.05], color=MARK_COLOUR, lw=0.9, alpha=0.7)
                + ax.plot([left + c1 * cell, x0], [row_y, low - 0.05], color=MARK_COLOUR, lw=0.9, alpha=0.7))
        for y, va in ((top + 0.12, "bottom"), (low - 0.12, "top")):
            ax.text(self.xs[0], y, "⋮", color="#aaaaaa", ha="center", va=va, fontsize=14)
        ax.text(left + side / 2, bottom - 0.15,
                tr("the image: 784 pixels\n= 784 input neurons\n(pink: {n} pixels of\nrow {row}, as circles)",
                   n=c1 - c0, row=self.input_row), color=DIAGRAM_TEXT, ha="center", va="top", fontsize=10)
        return [frame, row_box, *zoom]

    def _draw_connections(self):
        """Faint lines, one LineCollection per pair of layers, and the (empty) edited neuron's lines."""
        for l in range(len(self.xs) - 1):
            segs = [((self.xs[l], y0), (self.xs[l + 1], y1)) for y1 in self.ys[l + 1] for y0 in self.ys[l]]
            self.ax.add_collection(LineCollection(segs, colors="#a0a0a0", linewidths=0.5, alpha=0.22, zorder=1))
        self._edit_lines = self.ax.add_collection(LineCollection([], colors=EDIT_COLOUR, linewidths=0.9,
                                                                 alpha=0.8, zorder=1.5))

    def _draw_neurons(self, shown):
        """One scatter per layer, recoloured by set_array on update; the output's labels and rings."""
        ax, sizes = self.ax, self._sizes
        self.dots = [ax.scatter(np.full(n, x_), y_, s=size, c=np.zeros(n), cmap=DIGIT_CMAP,
                                vmin=0, vmax=1, edgecolors="#8c8c8c", linewidths=1.0, zorder=5)
                     for n, x_, y_, size in zip(shown, self.xs, self.ys, sizes)]
        out_y = self.ys[-1]
        self.out_labels = [ax.text(self.xs[-1] + 0.22, y, "", va="center", fontsize=12,
                                   family="DejaVu Sans Mono", zorder=6) for y in out_y]
        self.ring = ax.scatter([self.xs[-1]], [out_y[0]], s=sizes[-1] * 2.1, facecolors="none",
                               edgecolors=PREDICTION_COLOUR, linewidths=2.6, zorder=6)
        self.edit_ring = ax.scatter([], [], s=max(sizes[1:]) * 2.1, facecolors="none",
                                    edgecolors=EDIT_COLOUR, linewidths=2.6, zorder=6)

    def _name_layers(self, title: bool):
        """Each layer's name and size under it; the (empty) title line if wanted."""
        sizes = self.net.sizes
        names = ([tr("input layer\n784 neurons")]
                 + [tr("hidden layer {layer}\n{n} neurons", layer=l, n=n) for l, n in enumerate(sizes[1:-1], start=1)]
                 + [tr("output layer\n{n} neurons", n=sizes[-1])])
        for x_, name in zip(self.xs, names):
            self.ax.text(x_, 0.42, name, color=DIAGRAM_TEXT, ha="center", va="center", fontsize=10.5)
        self.title = self.ax.text(5.6, 5.4, "", color="white", ha="center", va="center", **FIGURE_TITLE) if title else None

    def png(self) -> bytes:
        """The current picture as PNG bytes, fast (only the neurons are redrawn)."""
        if self._fast is None:
            self._fast = FastPng(self.fig, self.dynamic, colours=256, compress_level=3)
        return self._fast.png()

    def set_highlight(self, highlight):
        """Ring neuron `n` of layer `l` (highlight=(l, n), l ≥ 1) and draw its incoming lines; None clears."""
        if highlight is None:
            self.edit_ring.set_offsets(np.empty((0, 2)))
            self._edit_lines.set_segments([])
            self.highlight = None
            return
        l, n = check_neuron(self.net, highlight)
        y = self.ys[l][n]
        self.edit_ring.set_offsets([[self.xs[l], y]])
        self._edit_lines.set_segments([((self.xs[l - 1], y0), (self.xs[l], y)) for y0 in self.ys[l - 1]])
        self.highlight = (l, n)

    def update(self, image=None, net=None):
        """Re-shade every neuron for `image` (and/or a changed `net`); returns all activations."""
        if net is not None:
            if list(net.sizes) != list(self.net.sizes):
                raise ValueError(tr("the diagram was drawn for sizes {drawn}, got {got}", drawn=self.net.sizes,
                                    got=net.sizes))
            self.net = net
        if image is not None:
            grid, self.x = as_network_input(self.net, image)
            self.picture.set_data(grid)
        acts = self.net.activations(self.x)
        self.activations = acts
        for dots, a in zip(self.dots, [acts[0][self.input_index]] + acts[1:]):
            dots.set_array(a)
        out = acts[-1]
        guess = int(np.argmax(out))
        for i, text in enumerate(self.out_labels):
            text.set_text(f"{i}  {out[i]:.2f}")
            text.set_color(PREDICTION_COLOUR if i == guess else "#b8b8b8")
            text.set_fontweight("bold" if i == guess else "normal")
        self.ring.set_offsets([[self.xs[-1], self.ys[-1][guess]]])
        if self.title is not None:
            self.title.set_text(tr("prediction: {guess}   (output neuron {guess} is the brightest, {a:.2f})",
                                   guess=guess, a=out[guess]))
        self.prediction = guess
        return acts


def _inches_per_unit(ax):
    """How many inches one data unit takes in `ax` (aspect equal), so circles fit their spacing."""
    fig = ax.figure
    w_in = fig.get_figwidth() * ax.get_position().width
    h_in = fig.get_figheight() * ax.get_position().height
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    return min(w_in / (x1 - x0), h_in / (y1 - y0))


def check_neuron(net, where):
    try:
        l, n = (int(v) for v in where)
    except (TypeError, ValueError):
        raise TypeError(tr("expected (layer, neuron), e.g. (1, 3), got {got}", got=repr(where))) from None
    if not 1 <= l < len(net.sizes):
        raise ValueError(tr("layer must be between 1 (first hidden layer) and {last} (output layer), got {got}",
                            last=len(net.sizes) - 1, got=l))
    if not 0 <= n < net.sizes[l]:
        raise ValueError(tr("layer {layer} has neurons 0–{last}, got neuron {got}", layer=l, last=net.sizes[l] - 1,
                            got=n))
    return l, n


class LayerBars:
    """The activations of every layer after the input as bar charts, one panel per layer.

    The output panel is labelled with digits and its tallest bar (the prediction) is amber.
    before=[a1, a2, ...] draws earlier activations as blue outlines behind the bars, so an
    edit's effect can be read off: outline = before, filled bar = now.
    """

    def __init__(self, activations, axes=None, before=None, figsize=(10.5, 2.6), dark=True):
        acts = [np.asarray(a, dtype=float) for a in activations[1:]]
        if not acts or any(a.ndim != 1 for a in acts):
            raise ValueError(tr("expected the activations of one image, as returned by net.activations(image): "
                                "[a0, a1, ..., aL], each 1-D"))
        self.sizes = [len(a) for a in acts]
        if axes is None:
            fig = Figure(figsize=figsize, layout="constrained", facecolor=DIAGRAM_BG if dark else "white")
            axes = fig.subplots(1, len(acts), width_ratios=[max(n, 6) for n in self.sizes])
        axes = list(np.atleast_1d(axes))
        if len(axes) != len(acts):
            raise ValueError(tr("need one axes per layer after the input ({n}), got {got}", n=len(acts),
                                got=len(axes)))
        self.fig, self.axes = axes[0].figure, axes
        fg = DIAGRAM_TEXT if dark else "black"
        self.ghosts, self.bars = [], []
        for l, (ax, n) in enumerate(zip(axes, self.sizes), start=1):
            is_output = l == len(acts)
            if dark:
                ax.set_facecolor(DIAGRAM_BG)
                for spine in ax.spines.values():
                    spine.set_color("#666666")
            x = np.arange(n)
            self.ghosts.append(ax.bar(x, np.zeros(n), width=0.8, fill=False, edgecolor=EDIT_COLOUR,
                                      linewidth=1.6, zorder=3))
            self.bars.append(ax.bar(x, np.zeros(n), width=0.62, color="#d9d9d9", zorder=2))
            ax.set_ylim(0, 1.05)
            ax.set_xlim(-0.6, n - 0.4)
            ax.set_yticks([0, 0.5, 1])
            ax.set_xticks(x)
            ax.tick_params(colors=fg, labelsize=11 if is_output else 8, length=2)
            ax.grid(axis="y", color=GUIDE_GREY if dark else "#dddddd", lw=0.6, zorder=0)
            ax.set_title(tr("output layer: digits 0–9") if is_output else
                         tr("hidden layer {layer}: neurons 0–{last}", layer=l, last=n - 1),
                         color=fg, **TITLE)
        axes[0].set_ylabel(tr("activation"), color=fg, fontsize=10)
        self.dynamic = [p for group in self.ghosts + self.bars for p in group]
        self._fast = None
        self.update(activations, before)

    def update(self, activations, before=None):
        acts = [np.asarray(a, dtype=float) for a in activations[1:]]
        if [len(a) for a in acts] != self.sizes:
            raise ValueError(tr("expected layers of sizes {sizes}, got {got}", sizes=self.sizes,
                                got=[len(a) for a in acts]))
        old = None if before is None else [np.asarray(a, dtype=float) for a in before[1:]]
        guess = int(np.argmax(acts[-1]))
        for l, (bars, ghosts, a) in enumerate(zip(self.bars, self.ghosts, acts)):
            last = l == len(acts) - 1
            for i, (bar, v) in enumerate(zip(bars, a)):
                bar.set_height(v)
                bar.set_color(PREDICTION_COLOUR if last and i == guess else "#d9d9d9")
            for i, ghost in enumerate(ghosts):
                ghost.set_visible(old is not None)
                if old is not None:
                    ghost.set_height(old[l][i])
        return guess

    def png(self) -> bytes:
        if self._fast is None:
            self._fast = FastPng(self.fig, self.dynamic, colours=256, compress_level=3)
        return self._fast.png()
