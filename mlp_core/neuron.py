"""One neuron's activation, notebooks 04 and 05: the sigmoid σ(z), then the bias in σ(w·a + b).

Pictures (`plot_sigmoid`, `plot_bias_neuron`) and the widgets that show them
(`sigmoid_explorer`, `bias_explorer`). Each widget is a `render.panel` that keeps one figure
and only changes its data (the `update_*` functions), much faster than drawing a new figure
on every slider move; `box.state` holds what the widget last computed, for a notebook (or a
test) to read.

The range sliders show the first and last row (or column) painted, both included; the
functions take half-open ranges like numpy slices, so rows=(5, 12) is the slider at 5–11.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .checks import finite_number
from .digits import N_PIXELS, SIDE, as_image, region_weights
from .i18n import tr
from .network import sigmoid
from .render import TOGGLE_STYLE, half_open, kept_figure, panel, range_slider, slider
from .style import GUIDE_GREY, MARK_COLOUR, MOSAIC_CMAP, digit_mosaic, freeze_layout, images_with_labels

__all__ = ["format_activation", "activation_equation", "plot_sigmoid", "update_sigmoid", "plot_bias_neuron",
           "update_bias_neuron", "sigmoid_explorer", "bias_explorer"]

#: How strongly a neuron is on, for markers on a white background: light grey (0) → orange (1).
ON_CMAP = LinearSegmentedColormap.from_list("mlp_on", ["#ececec", "#ffc266", "#ff8c00"])
ON_COLOR = "#ff8c00"


# ==== the sigmoid and the bias as pictures ================================================

def format_activation(v: float) -> str:
    """σ values for people: 4 decimals, or scientific notation when they hug 0 or 1."""
    if v == 0 or v == 1:   # the true value is within e^-745 of it: too close for a float
        return f"≈ {v:.0f}"
    if v < 1e-4:
        return f"{v:.2e}"
    if v > 1 - 1e-4:
        return f"1 − {1 - v:.1e}"
    return f"{v:.4f}"


def activation_equation(v: float) -> str:
    """"= 0.8808", or "≈ 1" where the float is exactly 0 or 1: never "= ≈ 1"."""
    text = format_activation(v)
    return text if text.startswith("≈") else "= " + text


def _sigmoid_range(z, span=None) -> float:
    """Half-width of the z axis: `span` (the widget's range buttons) if given, else enough to show
    the curve's bend; always wide enough to show the point z."""
    return max(10.0 if span is None else float(span), 1.15 * abs(float(z)))


def plot_sigmoid(z=0.0, step=True, figsize=(7.5, 3.8), span=None):
    """The sigmoid σ(z) = 1/(1+e^(−z)) with a point at z, and (dashed) the hard step for comparison.

    The z axis widens to include z, so at z = ±1000 you see how, from far away, the
    sigmoid looks just like the step; `span` fixes the half-width of the z axis (±span) instead.
    Use `update_sigmoid(fig, z, span)` to move the point.
    """
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    curve, = ax.plot([], [], color="#1f5fbf", lw=3, label=tr("sigmoid σ(z)"))
    step_line, = ax.plot([], [], color="#888888", lw=2, ls="--", label=tr("hard step (0 below 0, 1 above)"))
    step_line.set_visible(bool(step))
    point, = ax.plot([], [], "o", ms=13, color=MARK_COLOUR, mec="black", zorder=5)
    guide, = ax.plot([], [], ":", color=MARK_COLOUR, lw=1.5)
    label = ax.text(0, 0, "", fontsize=12, fontweight="bold", color="#b0005a", va="center")
    ax.axhline(0, color="black", lw=0.8)
    ax.axhline(1, color="black", lw=0.8, alpha=0.4)
    ax.axvline(0, color="black", lw=0.8, alpha=0.4)
    ax.set_ylim(-0.08, 1.12)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel(tr("z  (the weighted sum)"), fontsize=11)
    ax.set_ylabel(tr("activation σ(z)"), fontsize=11)
    ax.tick_params(labelsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=10, framealpha=0.9)
    fig.mlp_parts = dict(ax=ax, curve=curve, step=step_line, point=point, guide=guide, label=label)
    update_sigmoid(fig, z, span)
    return freeze_layout(fig)


def update_sigmoid(fig, z, span=None):
    """Move the point of a `plot_sigmoid` figure to z (the z axis ±span if given); returns σ(z)."""
    z = finite_number(z, "z")
    p = fig.mlp_parts
    half = _sigmoid_range(z, span)
    zs = np.linspace(-half, half, 801)
    p["curve"].set_data(zs, sigmoid(zs))
    p["step"].set_data([-half, 0, 0, half], [0, 0, 1, 1])
    s = float(sigmoid(z))
    p["point"].set_data([z], [s])
    p["guide"].set_data([z, z, -half], [0, s, s])
    right_side = z < 0.55 * half
    p["label"].set_position((z + (0.04 if right_side else -0.04) * half, s - 0.06 if s > 0.5 else s + 0.07))
    p["label"].set_ha("left" if right_side else "right")
    p["label"].set_text(f"σ({z:g}) {activation_equation(s)}")
    p["ax"].set_xlim(-half, half)
    return s


def plot_bias_neuron(weights, bias, images, labels, bias_range=(-60, 10), figsize=(11, 5.0)):
    """The painted-weights neuron with a bias (the widget of notebook 05).

    Top left: the neuron's activation σ(z + b) against the weighted sum z; its middle (0.5)
    sits at z = −b, so moving the bias slides the threshold. Bottom left: each digit on its
    own line at its weighted sum z = w·a, filled by its activation (grey 0 … orange 1). Right: the
    digits, framed in orange when they switch the neuron on (activation > 0.5).
    The z axis covers the digits and every threshold −b for b in `bias_range` (the bias slider's
    range), so moving the bias slides the curve along an axis that stays put.
    `update_bias_neuron(fig, weights, bias)` changes weights or bias in place (fast, for widgets).
    """
    images = images_with_labels(images, labels)
    n = len(images)
    ncols = -(-n // 2)
    fig = Figure(figsize=figsize, layout="constrained")
    outer = fig.add_gridspec(1, 2, width_ratios=[1.25, 1])
    left = outer[0].subgridspec(2, 1, height_ratios=[1, 1.5])
    ax = fig.add_subplot(left[0])
    ax_strip = fig.add_subplot(left[1], sharex=ax)
    ax_digits = fig.add_subplot(outer[1])

    curve, = ax.plot([], [], color="#1f5fbf", lw=3, label=tr("activation σ(z + b)"))
    points = ax.scatter(np.zeros(n), np.zeros(n), s=60, c=np.zeros(n), cmap=ON_CMAP, vmin=0, vmax=1,
                        edgecolors="black", linewidths=1, zorder=5)
    thresholds = [a.axvline(0, color=MARK_COLOUR, lw=2, ls="--") for a in (ax, ax_strip)]
    threshold_text = ax.text(0, 1.02, "", color="#c0005a", fontsize=10, fontweight="bold",
                             transform=ax.get_xaxis_transform(), va="bottom", ha="center")
    ax.text(0.99, 0.3, tr("activation σ(z + b)"), color="#1f5fbf", fontsize=11, fontweight="bold",
            transform=ax.transAxes, ha="right", va="center", zorder=4,   # plain text: a legend
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85))  # costs more per redraw
    ax.axhline(0.5, color="black", lw=0.8, alpha=0.4)
    ax.set_ylim(-0.08, 1.1)
    ax.set_yticks([0, 0.5, 1])
    ax.set_ylabel(tr("activation"), fontsize=11)
    ax.tick_params(labelsize=10, labelbottom=False)
    ax.grid(alpha=0.3)

    dots = ax_strip.scatter(np.zeros(n), np.arange(n), s=150, c=np.zeros(n), cmap=ON_CMAP, vmin=0, vmax=1,
                            edgecolors="black", linewidths=1.2, zorder=5)
    values = [ax_strip.text(0, i, "", fontsize=10, va="center") for i in range(n)]
    ax_strip.set_yticks(range(n), [str(l) for l in labels], fontsize=11)
    ax_strip.set_ylim(n - 0.4, -0.6)
    ax_strip.set_ylabel(tr("digit"), fontsize=11)
    ax_strip.set_xlabel(tr("weighted sum z = w·a"), fontsize=11)
    ax_strip.tick_params(axis="x", labelsize=10)
    ax_strip.grid(axis="x", alpha=0.3)

    row_gap = 16                 # room above each digit for its "ON"/"off" title
    mosaic, origins = digit_mosaic(images, ncols=ncols, gap=6, row_gap=row_gap)
    ax_digits.imshow(mosaic, cmap=MOSAIC_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax_digits.set_xlim(-2.5, mosaic.shape[1] + 1.5)
    ax_digits.set_ylim(mosaic.shape[0] + 1.5, -row_gap + 0.5)
    ax_digits.set_axis_off()     # no ticks or spines to draw: keeps the widget's redraw fast
    titles = [ax_digits.text(x0 + SIDE / 2 - 0.5, y0 - 2.5, "", ha="center", va="bottom", fontsize=11)
              for x0, y0 in origins]
    frames = [ax_digits.add_patch(Rectangle((x0 - 1.5, y0 - 1.5), SIDE + 2, SIDE + 2, fill=False, zorder=5))
              for x0, y0 in origins]
    fig.mlp_parts = dict(ax=ax, curve=curve, points=points, thresholds=thresholds, bias_range=bias_range,
                         threshold_text=threshold_text, dots=dots,
                         values=values, frames=frames, titles=titles, images=images, labels=list(labels))
    update_bias_neuron(fig, weights, bias)
    return freeze_layout(fig)


def update_bias_neuron(fig, weights, bias):
    """New weights/bias for a `plot_bias_neuron` figure; returns (weighted sums, activations)."""
    p = fig.mlp_parts
    w = as_image(weights, "weights").reshape(N_PIXELS)
    b = finite_number(bias, "bias")
    z = p["images"] @ w
    act = sigmoid(z + b)
    # a fixed axis for all biases of the slider: the ticks stay, only the curve moves (and a
    # redraw that lays out no new tick labels is about twice as fast)
    lo = min(float(z.min()), -p["bias_range"][1], -b) - 4
    hi = max(float(z.max()), -p["bias_range"][0], -b) + 4
    hi += 0.08 * (hi - lo)                      # room for the value printed right of each dot
    xs = np.linspace(lo, hi, 400)
    p["curve"].set_data(xs, sigmoid(xs + b))
    p["points"].set_offsets(np.column_stack([z, act]))
    p["points"].set_array(act)
    for line in p["thresholds"]:
        line.set_xdata([-b, -b])
    p["threshold_text"].set_x(-b)
    p["threshold_text"].set_text(tr("threshold −b = {threshold:g}", threshold=-b))
    p["dots"].set_offsets(np.column_stack([z, np.arange(len(z))]))
    p["dots"].set_array(act)
    for text, zi, a in zip(p["values"], z, act):
        text.set_position((zi + 0.025 * (hi - lo), text.get_position()[1]))
        text.set_text(f"{a:.2f}")
    p["ax"].set_xlim(lo, hi)
    for frame, title, lab, a in zip(p["frames"], p["titles"], p["labels"], act):
        on = a > 0.5
        frame.set_edgecolor(ON_COLOR if on else "#bbbbbb")
        frame.set_linewidth(5 if on else 1)
        title.set_text(tr("{digit}: ON", digit=lab) if on else tr("{digit}: off", digit=lab))
        title.set_color("#c05800" if on else GUIDE_GREY)
        title.set_fontweight("bold" if on else "normal")
    return z, act


# ==== the widgets of notebooks 04 and 05 ==================================================

Z_RANGES = {"±10": (10.0, 0.1), "±100": (100.0, 1.0), "±1000": (1000.0, 10.0)}


def sigmoid_explorer(z: float = 2.0) -> widgets.Box:
    """A slider on z and the point σ(z) moving on the sigmoid, with the hard step for comparison.

    The range buttons widen the slider to ±100 or ±1000: far out, σ is 0 or 1 to the last
    digit a float can hold, and the curve looks like the step.
    """
    z_slider = slider(widgets.FloatSlider, z, name="z", lo=-10, hi=10, step=0.1, description="z",
                      readout_format=".1f", layout=widgets.Layout(width="520px"))
    z_range = widgets.ToggleButtons(options=list(Z_RANGES), value="±10", description=tr("slider range"),
                              style=TOGGLE_STYLE)

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
        return tr("z = {z:g} → σ(z) <b>{a}</b> · the hard step would say {step}", z=z, a=activation_equation(s),
                  step=step)

    def draw(z_range, z):
        span = Z_RANGES[z_range][0]         # the range buttons set the z axis too: ±1000 shows the step
        return kept_figure(state, lambda: plot_sigmoid(z, span=span), lambda fig: update_sigmoid(fig, z, span))

    box = panel(controls, draw, readout)
    box.state = state
    return box


BIAS_RANGE = (-60.0, 10.0)


def _dot(images, weights):
    """images @ weights without BLAS threads.

    After a multi-threaded BLAS call its threads spin for a while, taking the CPU from the
    figure being drawn right after; in a widget callback that doubled the redraw time. For
    2,000 digits numpy's own loop (einsum) is well under a millisecond anyway.
    """
    return np.einsum("ij,j->i", images, weights)


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
        "rows": range_slider(tr("rows"), rows),
        "cols": range_slider(tr("columns"), cols),
    }
    state = {}

    def compute(bias, rows, cols):
        weights = region_weights(half_open(rows), half_open(cols))
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
        return kept_figure(state,
                            lambda: plot_bias_neuron(state["weights"], bias, images, labels,
                                                         bias_range=BIAS_RANGE),
                            lambda fig: update_bias_neuron(fig, state["weights"], bias))

    box = panel(controls, draw, readout)
    box.state = state
    return box
