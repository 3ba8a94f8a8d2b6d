"""The chain rule on the smallest network: one neuron per layer (notebook 10).

    a⁰ ──(w¹, b¹)──▶ z¹ = w¹a⁰ + b¹ ──σ──▶ a¹ ──(w², b²)──▶ z² = w²a¹ + b² ──σ──▶ a² ──▶ C = ½ (a² − y)²

Backpropagation walks this chain from the cost back to the input. Each link multiplies
by its own local slope, and δ, "how much the cost moves per unit of weighted sum", is
passed backwards:

    δ² = ∂C/∂z² = (a² − y) · σ'(z²)                  the output error
    ∂C/∂w² = δ² · a¹        ∂C/∂b² = δ²               (z² = w²a¹ + b²)
    δ¹ = ∂C/∂z¹ = w² · δ² · σ'(z¹)                    one link further back
    ∂C/∂w¹ = δ¹ · a⁰        ∂C/∂b¹ = δ¹

with σ'(z) = σ(z)(1 − σ(z)) = a(1 − a). The full network does the same with vectors
and matrices (mlp_core.train); here every number fits in a picture.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from . import palette
from .checks import finite_number
from .i18n import N_, tr
from .network import sigmoid
from .render import FIGURE_TITLE, TITLE, FastPng, error_html, on_grid, panel, slider
from .style import GREEN, label_with_scale

__all__ = ["Chain", "ChainPicture", "plot_chain", "chain_widget", "plot_layer_errors"]

KNOBS = ("w1", "b1", "w2", "b2")
SUPERSCRIPT = {"w1": "w¹", "b1": "b¹", "w2": "w²", "b2": "b²"}


@dataclass(frozen=True)
class Chain:
    """Input activation a0, the two weights and biases, and the wanted output y."""

    a0: float = 0.8
    w1: float = 1.5
    b1: float = -0.5
    w2: float = -2.0
    b2: float = 1.0
    y: float = 1.0

    def __post_init__(self):
        for name in ("a0", "w1", "b1", "w2", "b2", "y"):
            finite_number(getattr(self, name), name)
        if not 0 <= self.a0 <= 1:
            raise ValueError(tr("a0 is an activation, between 0 and 1; got {got}", got=self.a0))
        if not 0 <= self.y <= 1:
            raise ValueError(tr("y is the wanted output activation, between 0 and 1; got {got}", got=self.y))

    def forward(self) -> dict:
        """z1, a1, z2, a2 and the cost C, left to right."""
        z1 = self.w1 * self.a0 + self.b1
        a1 = float(sigmoid(z1))
        z2 = self.w2 * a1 + self.b2
        a2 = float(sigmoid(z2))
        return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "C": 0.5 * (a2 - self.y) ** 2}

    def backward(self) -> dict:
        """The δ's and the four slopes ∂C/∂w1, ∂C/∂b1, ∂C/∂w2, ∂C/∂b2, right to left."""
        f = self.forward()
        a1, a2 = f["a1"], f["a2"]
        delta2 = (a2 - self.y) * a2 * (1 - a2)
        delta1 = self.w2 * delta2 * a1 * (1 - a1)
        return {"dC_da2": a2 - self.y, "delta2": delta2, "w2": delta2 * a1, "b2": delta2,
                "dC_da1": self.w2 * delta2, "delta1": delta1, "w1": delta1 * self.a0, "b1": delta1}

    def step(self, learning_rate: float) -> "Chain":
        """The chain after one step of gradient descent on its four knobs."""
        eta = finite_number(learning_rate, "learning_rate")
        g = self.backward()
        return replace(self, **{k: getattr(self, k) - eta * g[k] for k in KNOBS})


# ==== the picture ==============================================================================

FORWARD = "#1f4e99"
BACKWARD = "#c0392b"
KNOB = GREEN


class ChainPicture:
    """The chain as a row of nodes: forward values in blue above, backward slopes in red below.

    Build once, then `update(chain)` rewrites the numbers (the layout stays), so a widget
    redraws quickly.
    """

    #: x positions of the row of nodes
    X = {"a0": 0.0, "z1": 2.4, "a1": 4.4, "z2": 6.8, "a2": 8.8, "C": 10.8}

    def __init__(self, chain: Chain | None = None, figsize=(12.5, 5.0)):
        fig = Figure(figsize=figsize, layout="constrained")
        ax = fig.add_subplot()
        ax.set_xlim(-0.9, 11.8)
        ax.set_ylim(-3.3, 2.75)
        ax.set_axis_off()
        self.figure, self.ax = fig, ax
        X = self.X
        names = {"a0": "a⁰", "z1": "z¹", "a1": "a¹", "z2": "z²", "a2": "a²", "C": "C"}
        shapes = {"a0": "o", "z1": "s", "a1": "o", "z2": "s", "a2": "o", "C": "D"}
        for key, x in X.items():
            ax.plot([x], [0], shapes[key], ms=46, mfc="white", mec="black", mew=2, zorder=3)
            ax.text(x, 0, names[key], ha="center", va="center", fontsize=17, zorder=4)
        # forward links, with what each one does
        links = [("a0", "z1", "× w¹ + b¹"), ("z1", "a1", "σ"), ("a1", "z2", "× w² + b²"), ("z2", "a2", "σ"),
                 ("a2", "C", "½(a² − y)²")]
        for left, right, what in links:
            self._arrow(X[left] + 0.45, 0.0, X[right] - 0.45, 0.0, FORWARD)
            ax.text((X[left] + X[right]) / 2, 0.18, what, ha="center", va="bottom", fontsize=12, color=FORWARD)
        # the knobs, above their weighted sums
        self._knob_text = {}
        for key, x, target in (("w1", X["z1"] - 0.75, "z1"), ("b1", X["z1"] + 0.75, "z1"),
                               ("w2", X["z2"] - 0.75, "z2"), ("b2", X["z2"] + 0.75, "z2")):
            self._arrow(x, 1.55, X[target] + (x - X[target]) * 0.3, 0.5, KNOB, lw=1.6)
            self._knob_text[key] = ax.text(x, 1.65, "", ha="center", va="bottom", fontsize=13, color=KNOB,
                                           weight="bold")
        self._arrow(X["C"], 1.55, X["C"], 0.55, KNOB, lw=1.6)
        self._y_text = ax.text(X["C"], 1.65, "", ha="center", va="bottom", fontsize=13, color=KNOB, weight="bold")
        # forward values, under each node
        self._value = {key: ax.text(x, -0.62, "", ha="center", va="top", fontsize=13, color=FORWARD)
                       for key, x in X.items()}
        # backward: the local slope of each link and ∂C/∂(node) under it
        ax.text(2.6, 2.7, tr("forward (blue): the values, left to right"), ha="center", va="top", fontsize=12.5,
                color=FORWARD, style="italic")
        ax.text(8.2, 2.7, tr("backward (red): the slopes, right to left"), ha="center", va="top", fontsize=12.5,
                color=BACKWARD, style="italic")
        for left, right in (("a1", "z2"), ("z1", "a1"), ("z2", "a2"), ("a2", "C")):
            self._arrow(X[right] - 0.45, -1.45, X[left] + 0.45, -1.45, BACKWARD, lw=1.6)
        self._local = {pair: ax.text((X[pair[0]] + X[pair[1]]) / 2, -1.3, "", ha="center", va="bottom",
                                     fontsize=11, color=BACKWARD)
                       for pair in (("z1", "a1"), ("a1", "z2"), ("z2", "a2"), ("a2", "C"))}
        self._back = {key: ax.text(X[key], -1.75, "", ha="center", va="top", fontsize=12.5, color=BACKWARD)
                      for key in ("z1", "a1", "z2", "a2")}
        self._grads = ax.text(5.4, -3.2, "", ha="center", va="bottom", fontsize=13, color=BACKWARD,
                              bbox=dict(facecolor="#fbeeee", edgecolor=BACKWARD, boxstyle="round,pad=0.4"))
        self._moving = [*self._knob_text.values(), self._y_text, *self._value.values(), *self._local.values(),
                        *self._back.values(), self._grads]
        self._fast = FastPng(fig, self._moving)
        if chain is not None:
            self.update(chain)

    def _arrow(self, x0, y0, x1, y1, colour, lw=2.0):
        self.ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=16,
                                          color=colour, lw=lw, zorder=2))

    def update(self, chain: Chain):
        f, g = chain.forward(), chain.backward()
        for key in KNOBS:
            self._knob_text[key].set_text(f"{SUPERSCRIPT[key]} = {getattr(chain, key):.2f}")
        self._y_text.set_text(f"y = {chain.y:g}")
        self._value["a0"].set_text(f"{chain.a0:.2f}")
        for key in ("z1", "a1", "z2", "a2"):
            self._value[key].set_text(f"{f[key]:.3f}")
        self._value["C"].set_text(f"{f['C']:.4f}")
        a1, a2 = f["a1"], f["a2"]
        self._local[("a2", "C")].set_text(f"a² − y = {g['dC_da2']:.3f}")
        self._local[("z2", "a2")].set_text(f"× σ'(z²) = {a2 * (1 - a2):.3f}")
        self._local[("a1", "z2")].set_text(f"× w² = {chain.w2:.2f}")
        self._local[("z1", "a1")].set_text(f"× σ'(z¹) = {a1 * (1 - a1):.3f}")
        self._back["a2"].set_text(f"∂C/∂a² = {g['dC_da2']:.3f}")
        self._back["z2"].set_text(f"δ² = {g['delta2']:.4f}")
        self._back["a1"].set_text(f"∂C/∂a¹ = {g['dC_da1']:.4f}")
        self._back["z1"].set_text(f"δ¹ = {g['delta1']:.4f}")
        self._grads.set_text(f"∂C/∂w¹ = δ¹·a⁰ = {g['w1']:+.4f}    ∂C/∂b¹ = δ¹ = {g['b1']:+.4f}    "
                             f"∂C/∂w² = δ²·a¹ = {g['w2']:+.4f}    ∂C/∂b² = δ² = {g['b2']:+.4f}")
        return self.figure


    def png(self, chain: Chain) -> bytes:
        """The picture of `chain` as PNG bytes, fast: the nodes and arrows are drawn once and
        kept as a background; only the numbers are drawn again."""
        self.update(chain)
        return self._fast.png()


def plot_chain(chain: Chain | None = None):
    """The chain with all its forward values and backward slopes written on it."""
    return ChainPicture(chain if chain is not None else Chain()).figure


def chain_widget(chain: Chain | None = None, learning_rate: float = 2.0):
    """Sliders for the chain's knobs (and its input and wanted output); the picture shows
    every forward value and backward slope. "one gradient descent step" moves the four
    knobs by −η ∂C/∂knob and the cost goes down."""
    chain = chain if chain is not None else Chain()
    eta = finite_number(learning_rate, "learning_rate")
    style = {"description_width": "11em"}
    layout = widgets.Layout(width="32em")
    knobs = (("a0", N_("input a⁰"), 0, 1, 0.05), ("w1", N_("weight w¹"), -6, 6, 0.001),
             ("b1", N_("bias b¹"), -6, 6, 0.001), ("w2", N_("weight w²"), -6, 6, 0.001),
             ("b2", N_("bias b²"), -6, 6, 0.001), ("y", N_("wanted output y"), 0, 1, 0.05))
    controls = {}
    for key, what, lo, hi, step in knobs:    # each grid runs through the chain's value: the browser keeps it
        controls[key] = slider(widgets.FloatSlider, getattr(chain, key), name=tr(what), lo=lo, hi=hi, step=step,
                               description=tr(what), style=style, layout=layout, continuous_update=False)
    picture = ChainPicture(chain)

    def readout(**values):
        c = Chain(**values)
        f, g = c.forward(), c.backward()
        return tr("cost C = <b>{cost:.4f}</b> (output a² = {a2:.3f}, wanted {y:g}); gradient: {gradient}", cost=f["C"],
                  a2=f["a2"], y=c.y, gradient=", ".join(f"∂C/∂{SUPERSCRIPT[k]} = {g[k]:+.4f}" for k in KNOBS))

    def draw(**values):
        return picture.png(Chain(**values))

    step = widgets.Button(description=tr("one gradient descent step (η = {eta:g})", eta=eta), layout=widgets.Layout(width="22em"))
    box = panel(controls, draw, readout, controls_box=widgets.VBox([*controls.values(), step]))

    def on_step(_):
        try:
            new = Chain(**{name: c.value for name, c in controls.items()}).step(eta)
            for k in KNOBS:
                s = controls[k]
                if not s.min <= getattr(new, k) <= s.max:
                    raise ValueError(tr("the step would move {knob} to {value:.2f}, past the slider's end ({lo:g} … "
                                        "{hi:g})", knob=k, value=getattr(new, k), lo=s.min, hi=s.max))
        except Exception as err:      # shown in the widget, never swallowed
            box.error.value = error_html(err)
            return
        # move the four sliders at once, then redraw once (not four times)
        for k in KNOBS:
            controls[k].unobserve(box.update, names="value")
        try:
            for k in KNOBS:
                controls[k].value = on_grid(controls[k], getattr(new, k))   # as the browser will show it
        finally:
            for k in KNOBS:
                controls[k].observe(box.update, names="value")
        box.update()

    step.on_click(on_step)
    box.picture, box.step_button = picture, step
    return box


# ==== the full network: every layer's error δ (notebook 10) ======================================

def plot_layer_errors(deltas, title=None, figsize=(12, 3.6)):
    """Bars of δ = ∂C/∂z for every neuron of every layer after the input (one panel per
    layer, output on the right: backpropagation fills them in from right to left), in the
    sign colours of every other picture: green δ > 0, red δ < 0 (see `palette`)."""
    deltas = [np.asarray(d, dtype=float) for d in deltas]
    if not deltas or any(d.ndim != 1 or d.size == 0 for d in deltas):
        raise ValueError(tr("deltas must be a list of 1-D arrays, one per layer after the input"))
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, len(deltas), width_ratios=[len(d) for d in deltas], sharey=True)
    axes = np.atleast_1d(axes)
    top = max(float(np.max(np.abs(d))) for d in deltas) or 1.0
    for l, (ax, d) in enumerate(zip(axes, deltas), start=1):
        ax.bar(np.arange(len(d)), d, color=palette.sign_colours(d), edgecolor="black", linewidth=0.6)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylim(-1.1 * top, 1.1 * top)
        ax.set_xticks(np.arange(len(d)) if len(d) <= 10 else np.arange(0, len(d), 5))
        ax.set_xlabel(tr("neuron"), fontsize=12)
        last = l == len(deltas)
        ax.set_title(tr("δ of the output layer") if last else tr("δ of hidden layer {layer}", layer=l), **TITLE)
        ax.tick_params(labelsize=10)
        ax.grid(axis="y", alpha=0.3)
    colours = palette.current()
    key = tr("δ = ∂C/∂z\n({negative} −, {positive} +)", negative=tr(colours.negative_word),
             positive=tr(colours.positive_word))
    label_with_scale(axes[0].yaxis, key, top, fontsize=12)
    if title:
        fig.suptitle(title, **FIGURE_TITLE)
    return fig
