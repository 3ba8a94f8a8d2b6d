"""The widgets of notebooks 01–05: a pixel, a painted region of weights, the sigmoid, the bias.

Each is a `render.panel`: controls, a one-line readout and a picture. A widget keeps one
figure and only changes its data (the `viz.update_*` functions), which is much faster than
drawing a new figure on every slider move. `box.state` holds what the widget last computed,
for a notebook (or a test) to read.

The range sliders show the first and last row (or column) painted, both included; the
functions take half-open ranges like numpy slices, so rows=(5, 12) is the slider at 5–11.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets
import numpy as np

from . import viz
from .checks import finite_number, number_from_text
from .digits import N_PIXELS, SIDE, check_range, edge_weights, region_weights
from .i18n import N_, a_digit, tr
from .network import sigmoid
from .render import WIDGET_DPI, panel, slider

__all__ = ["pixel_explorer", "region_explorer", "sigmoid_explorer", "bias_explorer"]


def _kept_figure(state: dict, make: Callable, update: Callable):
    """The widget's figure: made by make() the first time, then changed in place by
    update(fig) — much faster than drawing a new figure on every slider move."""
    if "fig" not in state:
        state["fig"] = make()
        state["fig"].set_dpi(WIDGET_DPI)
    else:
        update(state["fig"])
    return state["fig"]


#: Buttons as wide as their words (the default width cuts "edge: +1 centre, −1 surround").
_TOGGLE_STYLE = {"description_width": "initial", "button_width": "auto"}


def _dot(images, weights):
    """images @ weights without BLAS threads.

    After a multi-threaded BLAS call its threads spin for a while, taking the CPU from the
    figure being drawn right after; in a widget callback that doubled the redraw time. For
    2,000 digits numpy's own loop (einsum) is well under a millisecond anyway.
    """
    return np.einsum("ij,j->i", images, weights)


def _range_slider(description, span):
    """A slider over rows or columns 0–27 showing the half-open `span` as its first and last, both included."""
    start, stop = check_range(span, description)
    return widgets.IntRangeSlider(value=(start, stop - 1), min=0, max=SIDE - 1, step=1, description=description,
                            continuous_update=True, style={"description_width": "initial"},
                            layout=widgets.Layout(width="420px"))


def _half_open(first_last):
    """A range slider's (first, last) as the half-open (start, stop) the functions take."""
    first, last = first_last
    return first, last + 1


# ==== notebook 01: pick a digit, pick a pixel ==============================================

def pixel_explorer(images, labels, digit: int = 5, example: int = 0, pixel=(7, 16)) -> widgets.Box:
    """Choose a digit from the sample and a pixel; see where it is and its activation.

    The example number is typed into a plain text box and read exactly as typed
    (checks.number_from_text): ipywidgets' IntText drops "." and "e" as they are typed, so
    3.7 became example 37 and 1e9 example 19 without a word.
    """
    images, labels = np.asarray(images), np.asarray(labels)
    counts = np.bincount(labels, minlength=10)
    example = finite_number(example, tr("example"), lo=0, hi=counts[digit] - 1, integer=True)
    row, col = (finite_number(v, name, lo=0, hi=SIDE - 1, integer=True)
                for v, name in zip(pixel, (tr("pixel row"), tr("pixel column"))))
    controls = {
        "digit": widgets.Dropdown(options=list(range(10)), value=digit, description=tr("digit")),
        "example": widgets.Text(value=str(example), description=tr("example"), continuous_update=True,
                          layout=widgets.Layout(width="220px"),
                          tooltip=tr("which one of the {n} or more examples of that digit", n=counts.min())),
        "row": widgets.IntSlider(value=row, min=0, max=SIDE - 1, description=tr("row")),
        "col": widgets.IntSlider(value=col, min=0, max=SIDE - 1, description=tr("column")),
    }
    state = {}

    def pick(digit, example):
        where = np.flatnonzero(labels == digit)
        number = number_from_text(example, tr("example"), lo=0, hi=len(where) - 1, integer=True)
        return int(where[number])

    def readout(digit, example, row, col):
        index = pick(digit, example)
        value = float(images[index][row * SIDE + col])
        state.update(index=index, activation=value, neuron=row * SIDE + col)
        return tr("example #{index} of the sample ({a_digit}) · pixel (row {row}, column {col}) is neuron <b>{row} × 28 + "
                  "{col} = {neuron}</b> of the input layer · activation <b>{a:.2f}</b> ({brightness})", index=index,
                  a_digit=a_digit(digit), row=row, col=col, neuron=row * SIDE + col, a=value, brightness=_brightness(value))

    def draw(digit, example, row, col):
        index = pick(digit, example)
        return _kept_figure(state, lambda: viz.plot_pixel(images[index], (row, col), digit),
                            lambda fig: viz.update_pixel(fig, images[index], (row, col), digit))

    box = panel(controls, draw, readout)
    box.state = state
    return box


def _brightness(v: float) -> str:
    if v == 0:
        return tr("black")
    if v >= 0.95:
        return tr("white")
    return tr("dark grey") if v < 0.35 else (tr("grey") if v < 0.65 else tr("light grey"))


# ==== notebook 03: paint a region of weights, watch the weighted sums ======================

#: The buttons' labels (shown translated; the widget's value stays the English label).
REGION_KINDS = {N_("region = 1, rest 0"): "region", N_("edge: +1 centre, −1 surround"): "edge"}


def region_explorer(images, labels, rows=(5, 12), cols=(9, 19), kind: str = "region") -> widgets.Box:
    """Paint a rectangle of weights (1 inside, 0 outside — or an edge detector) and watch the
    weighted sum Σ w·a of several digits change. rows, cols: half-open ranges, as in region_weights."""
    images = np.asarray(images, dtype=float)
    labels = list(np.asarray(labels))
    names = {v: k for k, v in REGION_KINDS.items()}
    if kind not in names:
        raise ValueError(tr("kind must be one of {choices}, got {got}", choices=sorted(names), got=repr(kind)))
    controls = {
        "rows": _range_slider(tr("rows"), rows),
        "cols": _range_slider(tr("columns"), cols),
        "kind": widgets.ToggleButtons(options=[(tr(label), label) for label in REGION_KINDS], value=names[kind],
                                description=tr("weights"),
                                style=_TOGGLE_STYLE),
    }
    state = {}

    def compute(rows, cols, kind):
        maker = region_weights if REGION_KINDS[kind] == "region" else edge_weights
        weights = maker(_half_open(rows), _half_open(cols))
        weighted_sums = images @ weights          # one weighted sum per digit
        state.update(weights=weights, weighted_sums=weighted_sums)
        return weights, weighted_sums

    def readout(rows, cols, kind):
        weights, sums = compute(rows, cols, kind)
        best = int(np.argmax(sums))
        n_pos, n_neg = int((weights > 0).sum()), int((weights < 0).sum())
        return tr("{n_pos} weights are +1, {n_neg} are −1, {n_zero} are 0 · largest weighted sum: <b>{largest:.1f}</b> "
                  "for the {largest_digit}, smallest: <b>{smallest:.1f}</b> for the {smallest_digit}", n_pos=n_pos,
                  n_neg=n_neg, n_zero=N_PIXELS - n_pos - n_neg, largest=sums[best], largest_digit=labels[best],
                  smallest=sums.min(), smallest_digit=labels[int(np.argmin(sums))])

    def draw(rows, cols, kind):
        weights = state["weights"]
        return _kept_figure(state, lambda: viz.plot_region_sums(weights, images, labels),
                            lambda fig: viz.update_region_sums(fig, weights))

    box = panel(controls, draw, readout)
    box.state = state
    return box


# ==== notebook 04: the sigmoid =============================================================

Z_RANGES = {"±10": (10.0, 0.1), "±100": (100.0, 1.0), "±1000": (1000.0, 10.0)}


def sigmoid_explorer(z: float = 2.0) -> widgets.Box:
    """A slider on z and the point σ(z) moving on the sigmoid, with the hard step for comparison.

    The range buttons widen the slider to ±100 or ±1000: far out, σ is 0 or 1 to the last
    digit a float can hold, and the curve looks like the step.
    """
    z_slider = slider(widgets.FloatSlider, z, name="z", lo=-10, hi=10, step=0.1, description="z",
                      readout_format=".1f", layout=widgets.Layout(width="520px"))
    z_range = widgets.ToggleButtons(options=list(Z_RANGES), value="±10", description=tr("slider range"),
                              style=_TOGGLE_STYLE)

    def widen(change):
        half, step = Z_RANGES[change["new"]]
        z_slider.step = step
        z_slider.min, z_slider.max = -half, half
        z_slider.readout_format = ".1f" if step < 1 else ".0f"

    z_range.observe(widen, names="value")       # registered first: runs before the redraw
    controls = {"z_range": z_range, "z": z_slider}
    state = {}

    def readout(z_range, z):
        s = float(sigmoid(z))
        state.update(z=z, activation=s)
        step = "1" if z > 0 else ("0" if z < 0 else tr("undecided (the step jumps here)"))
        return tr("z = {z:g} → σ(z) <b>{a}</b> · the hard step would say {step}", z=z, a=viz.activation_equation(s),
                  step=step)

    def draw(z_range, z):
        span = Z_RANGES[z_range][0]         # the range buttons set the z axis too: ±1000 shows the step
        return _kept_figure(state, lambda: viz.plot_sigmoid(z, span=span), lambda fig: viz.update_sigmoid(fig, z, span))

    box = panel(controls, draw, readout)
    box.state = state
    return box


# ==== notebook 05: the bias ================================================================

BIAS_RANGE = (-60.0, 10.0)


def _percent(share: float) -> str:
    """A share as a whole percentage, with a decimal where rounding would say 0 % or 100 % of what is not
    none or all (1,995 of 2,000 is 99.8 %, not 100 %)."""
    text = f"{share:.0%}"
    if 0 < share < 1 and text in ("0%", "100%"):
        text = f"{share:.1%}" if 0.001 <= share <= 0.999 else ("< 0.1%" if share < 0.5 else "> 99.9%")
    return text.replace("%", " %")


def bias_explorer(images, labels, all_images=None, bias: float = -10.0, rows=(5, 12), cols=(9, 19)) -> widgets.Box:
    """The painted-weights neuron with a bias slider: which digits switch it on (activation > 0.5)?

    images/labels: the digits shown; all_images (optional): a bigger set, e.g. the whole
    sample, for the readout's "on for N of them" count.
    """
    images = np.asarray(images, dtype=float)
    labels = list(np.asarray(labels))
    everything = images if all_images is None else np.asarray(all_images, dtype=float)
    controls = {
        "bias": slider(widgets.FloatSlider, bias, name="bias b", lo=BIAS_RANGE[0], hi=BIAS_RANGE[1], step=0.5,
                       description=tr("bias b"), readout_format=".1f", layout=widgets.Layout(width="520px")),
        "rows": _range_slider(tr("rows"), rows),
        "cols": _range_slider(tr("columns"), cols),
    }
    state = {}

    def compute(bias, rows, cols):
        weights = region_weights(_half_open(rows), _half_open(cols))
        activations = sigmoid(images @ weights + bias)      # σ(w·a + b) for each digit
        share_on = float(np.mean(sigmoid(_dot(everything, weights) + bias) > 0.5))
        state.update(weights=weights, bias=bias, activations=activations, share_on=share_on)
        return activations, share_on

    def readout(bias, rows, cols):
        activations, share_on = compute(bias, rows, cols)
        on = [str(l) for l, a in zip(labels, activations) if a > 0.5]
        which = tr(", ").join(on) if on else tr("none")
        n_all = len(everything)
        return tr("bias b = {bias:g}: the neuron lights up once the weighted sum passes <b>{threshold:g}</b> · "
                  "<b>{n_on} of the {n} digits shown</b> switch it on ({which}) · {count:,} of all {n_all:,} "
                  "digits ({share})", bias=bias, threshold=-bias, n_on=len(on), n=len(labels), which=which,
                  count=round(share_on * n_all), n_all=n_all, share=_percent(share_on))

    def draw(bias, rows, cols):
        return _kept_figure(state,
                            lambda: viz.plot_bias_neuron(state["weights"], bias, images, labels,
                                                         bias_range=BIAS_RANGE),
                            lambda fig: viz.update_bias_neuron(fig, state["weights"], bias))

    box = panel(controls, draw, readout)
    box.state = state
    return box
