"""Interactive pieces for the notebooks, built on ipywidgets and mlp_core.viz.

Every control panel is made by `panel`: some controls, a function that draws a figure
from their values, and optionally a function that writes a one-line readout. The panel
redraws when a control moves, and if the drawing fails it shows the error in the panel
instead of going silently dead.

The panel's parts carry CSS classes so browser tests can find them in any notebook:
    mlp-widget    the whole panel          mlp-figure   the figure area
    mlp-readout   the text readout         mlp-error    the error message (empty when all is well)

Fast redraws: a widget keeps one figure and only changes its data (viz.update_*); the panel
renders it straight to PNG and swaps the bytes of one Image widget inside the figure area (no
cleared output, no flicker, and it works the same outside a kernel, e.g. in tests). A panel
remembers how long its last redraw took in `.last_redraw_ms` (kernel side: readout + draw + PNG).
"""

from __future__ import annotations

import base64
import html
import io
import time
from typing import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from . import viz
from .network import sigmoid

__all__ = ["panel", "show_figure", "figure_png", "image_output", "error_html",
           "first_of_each_digit", "region_weights", "edge_weights",
           "pixel_explorer", "region_explorer", "sigmoid_explorer", "bias_explorer"]

#: Resolution of widget figures: 11 inches → 880 pixels, sharp enough and quick to draw.
WIDGET_DPI = 80


def _kept_figure(state: dict, make: Callable, update: Callable):
    """The widget's figure: made by make() the first time, then changed in place by
    update(fig) — much faster than drawing a new figure on every slider move."""
    if "fig" not in state:
        state["fig"] = make()
        state["fig"].set_dpi(WIDGET_DPI)
    else:
        update(state["fig"])
    return state["fig"]


def error_html(err: BaseException) -> str:
    return (f'<div style="color:#b00020;font-weight:bold">⚠ {html.escape(type(err).__name__)}: '
            f'{html.escape(str(err))}</div>')


def figure_png(fig, dpi=None) -> bytes:
    """The figure as PNG bytes, drawn once.

    A figure that lays itself out (constrained layout, or frozen by viz.freeze_layout) is
    drawn straight to PNG; any other is cropped to its contents like the notebook does
    (which costs a second drawing pass). Light PNG compression: bigger file, faster widget.
    """
    if dpi is not None:
        fig.set_dpi(dpi)
    buf = io.BytesIO()
    if fig.get_layout_engine() is None and not getattr(fig, "mlp_frozen", False):
        fig.savefig(buf, format="png", bbox_inches="tight", pil_kwargs={"compress_level": 1})
    else:
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.print_png(buf, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def image_output(picture: W.Image) -> W.Output:
    """An Output area (class mlp-figure) that shows the Image widget `picture`.

    The output is set directly rather than captured with `with out:`, so it works from widget
    callbacks on any kernel thread and in plain Python.
    """
    out = W.Output()
    out.add_class("mlp-figure")
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"text/plain": "a picture (run the notebook to see it live)",
                             "application/vnd.jupyter.widget-view+json": {
                                 "model_id": picture.model_id, "version_major": 2, "version_minor": 0}}},)
    return out


def show_figure(out: W.Output, fig) -> None:
    """Replace what `out` shows by `fig` (closed in pyplot afterwards so figures don't pile up).

    Sets the output directly (see image_output), so it also works outside a kernel.
    """
    if fig is None:
        out.outputs = ()
        return
    png = base64.b64encode(figure_png(fig)).decode("ascii")
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"image/png": png, "text/plain": "<a figure>"}},)
    plt.close(fig)


def panel(controls: dict, draw: Callable | None = None, readout: Callable | None = None,
          controls_on_left: bool = False) -> W.Box:
    """A panel of `controls` that re-runs `draw(**values)` and `readout(**values)` on every change.

    controls  name -> ipywidget; values are passed to draw/readout by these names
    draw      returns a matplotlib Figure (or None to keep the figure area empty); it may
              return the same figure every time, updated in place (much faster)
    readout   returns a short HTML string shown above the figure

    The returned box has .controls, .readout, .error, .figure (the parts), .image (the
    Image widget in the figure area, its .value the PNG bytes), .update() to redraw by hand and
    .last_redraw_ms, the kernel-side time of the last redraw.
    """
    picture = W.Image(format="png")
    figure = image_output(picture)
    text = W.HTML()
    text.add_class("mlp-readout")
    error = W.HTML()
    error.add_class("mlp-error")
    made = {}   # the box, once it exists

    def update(_change=None):
        start = time.perf_counter()
        values = {name: control.value for name, control in controls.items()}
        try:
            if readout is not None:
                text.value = readout(**values)
            if draw is not None:
                fig = draw(**values)
                picture.value = figure_png(fig) if fig is not None else b""
                picture.layout.display = None if fig is not None else "none"
                if fig is not None:
                    plt.close(fig)     # a no-op for our pyplot-free figures; frees pyplot ones
            error.value = ""
        except Exception as err:  # shown to the learner, never swallowed
            error.value = error_html(err)
        if "box" in made:
            made["box"].last_redraw_ms = 1000 * (time.perf_counter() - start)

    for control in controls.values():
        control.observe(update, names="value")
    update()

    control_box = W.VBox(list(controls.values()))
    parts = [p for p, used in ((text, readout is not None), (error, True), (figure, draw is not None)) if used]
    if controls_on_left:
        box = W.HBox([control_box, W.VBox(parts)])
    else:
        box = W.VBox([control_box, *parts])
    box.add_class("mlp-widget")
    box.update = update  # lets a notebook (or a test) redraw after changing something else
    box.controls, box.readout, box.error, box.figure, box.image = controls, text, error, figure, picture
    box.last_redraw_ms = float("nan")
    made["box"] = box
    return box


# ==== the sample digits and the painted weights (notebooks 01, 03, 05) =====================

def first_of_each_digit(labels, start: int = 0) -> list[int]:
    """Indices of one example of each digit 0–9: the `start`-th of each in `labels`."""
    labels = np.asarray(labels)
    picks = []
    for d in range(10):
        where = np.flatnonzero(labels == d)
        if start >= len(where):
            raise ValueError(f"there are only {len(where)} examples of the digit {d}, "
                             f"so there is no example number {start}")
        picks.append(int(where[start]))
    return picks


def _inclusive(span, what):
    try:
        lo, hi = (int(v) for v in span)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected (first, last), two whole numbers 0–27, got {span!r}") from None
    if not 0 <= lo <= hi <= 27:
        raise ValueError(f"{what}: expected first ≤ last, both between 0 and 27, got ({lo}, {hi})")
    return lo, hi


def region_weights(rows, cols, value: float = 1.0) -> np.ndarray:
    """784 weights: `value` inside rows first–last and columns first–last (inclusive), 0 elsewhere."""
    (r0, r1), (c0, c1) = _inclusive(rows, "rows"), _inclusive(cols, "cols")
    w = np.zeros((28, 28))
    w[r0:r1 + 1, c0:c1 + 1] = value
    return w.reshape(784)


def edge_weights(rows, cols, border: int = 1) -> np.ndarray:
    """An edge detector: +1 inside the region, −1 on a ring `border` pixels wide around it.

    Its weighted sum is large when the region is bright AND its surroundings are dark,
    e.g. a short stroke lying right in the region. With border=1 the ring of a thin band
    has about as many pixels as the band, so a big blob of ink covering both cancels out.
    """
    (r0, r1), (c0, c1) = _inclusive(rows, "rows"), _inclusive(cols, "cols")
    if isinstance(border, bool) or not isinstance(border, (int, np.integer)) or border < 1:
        raise ValueError(f"border must be a whole number ≥ 1, got {border!r}")
    w = np.zeros((28, 28))
    w[max(r0 - border, 0):r1 + border + 1, max(c0 - border, 0):c1 + border + 1] = -1.0
    w[r0:r1 + 1, c0:c1 + 1] = 1.0
    return w.reshape(784)


#: Buttons as wide as their words (the default width cuts "edge: +1 centre, −1 surround").
_TOGGLE_STYLE = {"description_width": "initial", "button_width": "auto"}


def _dot(images, weights):
    """images @ weights without BLAS threads.

    After a multi-threaded BLAS call its threads spin for a while, taking the CPU from the
    figure being drawn right after; in a widget callback that doubled the redraw time. For
    2,000 digits numpy's own loop (einsum) is well under a millisecond anyway.
    """
    return np.einsum("ij,j->i", images, weights)


def _range_slider(description, value):
    return W.IntRangeSlider(value=value, min=0, max=27, step=1, description=description,
                            continuous_update=True, style={"description_width": "initial"},
                            layout=W.Layout(width="420px"))


# ==== notebook 01: pick a digit, pick a pixel ==============================================

def pixel_explorer(images, labels, digit: int = 5, example: int = 0, pixel=(7, 16)) -> W.Box:
    """Choose a digit from the sample and a pixel; see where it is and its activation."""
    images, labels = np.asarray(images), np.asarray(labels)
    counts = np.bincount(labels, minlength=10)
    controls = {
        "digit": W.Dropdown(options=list(range(10)), value=digit, description="digit"),
        "example": W.IntText(value=example, description="example",
                             tooltip=f"which one of the {counts.min()} or more examples of that digit"),
        "row": W.IntSlider(value=pixel[0], min=0, max=27, description="row"),
        "col": W.IntSlider(value=pixel[1], min=0, max=27, description="column"),
    }
    state = {}

    def pick(digit, example):
        where = np.flatnonzero(labels == digit)
        if isinstance(example, bool) or not 0 <= example < len(where):
            raise ValueError(f"example must be between 0 and {len(where) - 1} (the sample has "
                             f"{len(where)} examples of the digit {digit}), got {example}")
        return int(where[example])

    def readout(digit, example, row, col):
        index = pick(digit, example)
        value = float(images[index][row * 28 + col])
        state.update(index=index, activation=value, neuron=row * 28 + col)
        return (f"sample digit #{index} (a {digit}) · pixel (row {row}, column {col}) is neuron "
                f"<b>{row} × 28 + {col} = {row * 28 + col}</b> of the input layer · "
                f"activation <b>{value:.2f}</b> ({_brightness(value)})")

    def draw(digit, example, row, col):
        index = pick(digit, example)
        return _kept_figure(state, lambda: viz.plot_pixel(images[index], (row, col), digit),
                            lambda fig: viz.update_pixel(fig, images[index], (row, col), digit))

    box = panel(controls, draw, readout)
    box.state = state
    return box


def _brightness(v: float) -> str:
    if v == 0:
        return "black"
    if v >= 0.95:
        return "white"
    return "dark grey" if v < 0.35 else ("grey" if v < 0.65 else "light grey")


# ==== notebook 03: paint a region of weights, watch the weighted sums ======================

REGION_KINDS = {"region = 1, rest 0": "region", "edge: +1 centre, −1 surround": "edge"}


def region_explorer(images, labels, rows=(5, 11), cols=(9, 18), kind: str = "region") -> W.Box:
    """Paint a rectangle of weights (1 inside, 0 outside — or an edge detector) and watch the
    weighted sum Σ w·a of several digits change."""
    images = np.asarray(images, dtype=float)
    labels = list(np.asarray(labels))
    names = {v: k for k, v in REGION_KINDS.items()}
    if kind not in names:
        raise ValueError(f"kind must be one of {sorted(names)}, got {kind!r}")
    controls = {
        "rows": _range_slider("rows", rows),
        "cols": _range_slider("columns", cols),
        "kind": W.ToggleButtons(options=list(REGION_KINDS), value=names[kind], description="weights",
                                style=_TOGGLE_STYLE),
    }
    state = {}

    def compute(rows, cols, kind):
        maker = region_weights if REGION_KINDS[kind] == "region" else edge_weights
        weights = maker(rows, cols)
        weighted_sums = images @ weights          # one weighted sum per digit
        state.update(weights=weights, weighted_sums=weighted_sums)
        return weights, weighted_sums

    def readout(rows, cols, kind):
        weights, sums = compute(rows, cols, kind)
        best = int(np.argmax(sums))
        n_pos, n_neg = int((weights > 0).sum()), int((weights < 0).sum())
        return (f"{n_pos} weights are +1, {n_neg} are −1, {784 - n_pos - n_neg} are 0 · "
                f"largest weighted sum: <b>{sums[best]:.1f}</b> for the {labels[best]}, "
                f"smallest: <b>{sums.min():.1f}</b> for the {labels[int(np.argmin(sums))]}")

    def draw(rows, cols, kind):
        weights = state["weights"]
        return _kept_figure(state, lambda: viz.plot_region_sums(weights, images, labels),
                            lambda fig: viz.update_region_sums(fig, weights))

    box = panel(controls, draw, readout)
    box.state = state
    return box


# ==== notebook 04: the sigmoid =============================================================

Z_RANGES = {"±10": (10.0, 0.1), "±100": (100.0, 1.0), "±1000": (1000.0, 10.0)}


def sigmoid_explorer(z: float = 2.0) -> W.Box:
    """A slider on z and the point σ(z) moving on the sigmoid, with the hard step for comparison.

    The range buttons widen the slider to ±100 or ±1000: far out, σ is 0 or 1 to the last
    digit a float can hold, and the curve looks like the step.
    """
    z_slider = W.FloatSlider(value=z, min=-10, max=10, step=0.1, description="z",
                             readout_format=".1f", layout=W.Layout(width="520px"))
    z_range = W.ToggleButtons(options=list(Z_RANGES), value="±10", description="slider range",
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
        step = "1" if z > 0 else ("0" if z < 0 else "undecided (the step jumps here)")
        return (f"z = {z:g} → σ(z) = <b>{viz._fmt_activation(s)}</b> · the hard step would say {step}")

    def draw(z_range, z):
        return _kept_figure(state, lambda: viz.plot_sigmoid(z), lambda fig: viz.update_sigmoid(fig, z))

    box = panel(controls, draw, readout)
    box.state = state
    return box


# ==== notebook 05: the bias ================================================================

BIAS_RANGE = (-60.0, 10.0)

def bias_explorer(images, labels, all_images=None, bias: float = -10.0, rows=(5, 11), cols=(9, 18)) -> W.Box:
    """The painted-weights neuron with a bias slider: which digits switch it on (activation > 0.5)?

    images/labels: the digits shown; all_images (optional): a bigger set, e.g. the whole
    sample, for the readout's "on for N of them" count.
    """
    images = np.asarray(images, dtype=float)
    labels = list(np.asarray(labels))
    everything = images if all_images is None else np.asarray(all_images, dtype=float)
    controls = {
        "bias": W.FloatSlider(value=bias, min=BIAS_RANGE[0], max=BIAS_RANGE[1], step=0.5, description="bias b",
                              readout_format=".1f", layout=W.Layout(width="520px")),
        "rows": _range_slider("rows", rows),
        "cols": _range_slider("columns", cols),
    }
    state = {}

    def compute(bias, rows, cols):
        weights = region_weights(rows, cols)
        activations = sigmoid(images @ weights + bias)      # σ(w·a + b) for each digit
        share_on = float(np.mean(sigmoid(_dot(everything, weights) + bias) > 0.5))
        state.update(weights=weights, bias=bias, activations=activations, share_on=share_on)
        return activations, share_on

    def readout(bias, rows, cols):
        activations, share_on = compute(bias, rows, cols)
        on = [str(l) for l, a in zip(labels, activations) if a > 0.5]
        which = ", ".join(on) if on else "none"
        return (f"bias b = {bias:g}: the neuron lights up once the weighted sum passes <b>{-bias:g}</b> · "
                f"on for <b>{len(on)} of {len(labels)}</b> digits shown ({which}) · "
                f"on for {share_on:.0%} of all {len(everything):,} digits")

    def draw(bias, rows, cols):
        return _kept_figure(state,
                            lambda: viz.plot_bias_neuron(state["weights"], bias, images, labels,
                                                         bias_range=BIAS_RANGE),
                            lambda fig: viz.update_bias_neuron(fig, state["weights"], bias))

    box = panel(controls, draw, readout)
    box.state = state
    return box


# ==== widgets appended by other notebooks (each in its own section, marked with its notebook) ==

# ---- network views: digit chooser, matrix rows, live editing (notebooks 02, 06, 07) ---------
#
# These widgets keep one figure and re-shade it (viz.NetworkDiagram / viz.EditView), then
# show it as a PNG in an Image inside the mlp-figure Output: no new figure per move.

import numpy as np

from . import viz as _viz

__all__ += ["png_panel", "network_explorer", "matrix_row_explorer", "live_editor"]


def _parts(figure_widget=None):
    """The contract's readout, error and figure areas (the figure holds `figure_widget`)."""
    text = W.HTML()
    text.add_class("mlp-readout")
    error = W.HTML()
    error.add_class("mlp-error")
    figure = W.Output()
    figure.add_class("mlp-figure")
    if figure_widget is not None:
        # set the output directly: works in a kernel and in plain Python (tests)
        figure.outputs = ({"output_type": "display_data", "metadata": {},
                           "data": {"text/plain": repr(figure_widget),
                                    "application/vnd.jupyter.widget-view+json": {
                                        "model_id": figure_widget.model_id,
                                        "version_major": 2, "version_minor": 0}}},)
    return text, error, figure


def _check_images(images, labels=None):
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != _viz.N_PIXELS or len(images) == 0:
        raise ValueError(f"images: expected a batch of digits of shape (n, 784), got shape {images.shape}")
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),):
            raise ValueError(f"labels: expected one label per image, shape ({len(images)},), got {labels.shape}")
    return images, labels


def png_panel(controls: dict, render: Callable, controls_box=None) -> W.Box:
    """Like `panel`, for views that render themselves to PNG: `render(**values)` returns
    (png bytes, readout HTML). The picture is one Image widget whose bytes are replaced on
    every move (no new figure, no cleared output). Same parts, classes and attributes as panel.
    """
    picture = W.Image(format="png")
    text, error, figure = _parts(picture)
    box = W.VBox([controls_box or W.VBox(list(controls.values())), text, error, figure])
    box.add_class("mlp-widget")

    def update(_change=None):
        start = time.perf_counter()
        try:
            picture.value, text.value = render(**{name: c.value for name, c in controls.items()})
            error.value = ""
        except Exception as err:  # shown to the learner, never swallowed
            error.value = error_html(err)
        box.last_redraw_ms = 1000 * (time.perf_counter() - start)

    for control in controls.values():
        control.observe(update, names="value")
    box.controls, box.readout, box.error, box.figure, box.image = controls, text, error, figure, picture
    box.update = update
    update()
    return box


def network_explorer(net, images, labels=None, index=0, wrong_choice=False):
    """Choose a digit and watch the network light up: the diagram and a one-line readout.

    wrong_choice=True adds a switch to step through only the digits the network gets wrong.
    The box has .diagram (the viz.NetworkDiagram), .image (the PNG widget) and .controls.
    """
    images, labels = _check_images(images, labels)
    digit = W.IntSlider(value=index, min=0, max=len(images) - 1, description="digit #",
                        layout=W.Layout(width="420px"))
    controls = {"index": digit}
    wrong = None
    if wrong_choice:
        if labels is None:
            raise ValueError("wrong_choice=True needs the labels, to know which predictions are wrong")
        wrong = np.flatnonzero(net.predict(images) != labels)
        which = W.ToggleButtons(options=["every digit", f"only the {len(wrong)} wrong ones"],
                                description="show")

        def switch(_change):       # runs before the panel redraws: the slider now counts wrong ones
            digit.max = max((len(wrong) if which.index == 1 else len(images)) - 1, 0)
            digit.description = "wrong #" if which.index == 1 else "digit #"

        which.observe(switch, names="value")
        controls["which"] = which
    diagram = _viz.NetworkDiagram(net, images[index])
    diagram.fig.set_dpi(WIDGET_DPI)

    def render(index, which=None):
        i = int(wrong[min(index, len(wrong) - 1)]) if which is not None and controls["which"].index == 1 else int(index)
        out = diagram.update(images[i])[-1]
        guess = int(np.argmax(out))
        line = f"digit #{i}"
        if labels is not None:
            line += (f" — label <b>{labels[i]}</b>, prediction <b>{guess}</b> "
                     + ("✔" if guess == labels[i] else '<span style="color:#b00020">✘ wrong</span>'))
        else:
            line += f" — prediction <b>{guess}</b>"
        return diagram.png(), line + f" (output neuron {guess}: {out[guess]:.2f})"

    layout = W.HBox([controls["which"], digit]) if wrong is not None else None
    box = png_panel(controls, render, controls_box=layout)
    box.diagram = diagram
    return box


def matrix_row_explorer(net, images, layer=1, neuron=0, index=0):
    """Pick a neuron n of `layer` and a digit: row n of W, the weighted sum z[n] and σ(z[n]).

    Draws viz.MatrixForm for the layer's W, b and the previous layer's activations.
    """
    images, _ = _check_images(images)
    if not 1 <= layer < len(net.sizes):
        raise ValueError(f"layer must be between 1 and {len(net.sizes) - 1}, got {layer}")
    controls = {
        "neuron": W.IntSlider(value=neuron, min=0, max=net.sizes[layer] - 1, description="neuron n"),
        "index": W.IntSlider(value=index, min=0, max=len(images) - 1, description="digit #"),
    }
    W_, b = net.weights[layer - 1], net.biases[layer - 1]
    previous = net.activations(images)[layer - 1]       # the activations feeding the layer
    view = _viz.MatrixForm(W_, previous[index], b, neuron=neuron)
    view.fig.set_dpi(WIDGET_DPI)

    def render(neuron, index):
        a = previous[index]
        view.update(a, neuron)
        z = W_[neuron] @ a + b[neuron]
        return view.png(), (f"row {neuron} of W · a = {W_[neuron] @ a:.3f};  + b[{neuron}] = {b[neuron]:.3f}"
                            f"  →  z[{neuron}] = {z:.3f};  σ(z[{neuron}]) = <b>{_viz.sigmoid(z):.3f}</b>")

    box = png_panel(controls, render)
    box.view = view
    return box


def live_editor(net, images, labels=None, index=0, layer=1, neuron=0):
    """Edit any hidden neuron and watch every later layer and the prediction change at once.

    Controls: the digit, the layer and neuron to edit, its bias, a factor for its incoming
    weights (0 = cut it off from the layer before), "zero its weights" and "reset all".
    Edits to several neurons add up until "reset all". The original `net` is never changed;
    the edited copy is `box.edited`, the activations shown are `box.activations` and those of
    the original network `box.before`.
    """
    images, labels = _check_images(images, labels)
    hidden = list(range(1, len(net.sizes) - 1))
    if not hidden:
        raise ValueError(f"this network has no hidden layer to edit (sizes {net.sizes})")
    if layer not in hidden:
        raise ValueError(f"layer must be a hidden layer {hidden}, got {layer}")
    edited = net.copy()
    edits = {}                      # (layer, neuron) -> (bias, weight factor)
    b_max = max(10.0, float(np.ceil(max(np.abs(b).max() for b in net.biases[:-1]))) + 5.0)

    digit = W.IntSlider(value=index, min=0, max=len(images) - 1, description="digit #")
    layer_w = W.ToggleButtons(options=[(f"hidden layer {l}", l) for l in hidden], value=layer,
                              description="layer")
    neuron_w = W.IntSlider(value=neuron, min=0, max=net.sizes[layer] - 1, description="neuron")
    bias_w = W.FloatSlider(value=float(net.biases[layer - 1][neuron]), min=-b_max, max=b_max, step=0.1,
                           description="bias", readout_format=".2f")
    scale_w = W.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.05, description="weights ×",
                            readout_format=".2f")
    zero_b = W.Button(description="zero its weights", icon="ban")
    reset_b = W.Button(description="reset all", icon="undo")
    picture = W.Image(format="png")
    text, error, figure = _parts(picture)
    view = _viz.EditView(edited, images[index], highlight=(layer, neuron))
    view.fig.set_dpi(WIDGET_DPI)
    state = {"busy": False}

    def chosen():
        return int(layer_w.value), int(neuron_w.value)

    def redraw():
        l, n = chosen()
        x = images[digit.value]
        before = net.activations(x)
        acts = view.update(net=edited, image=x, before=before, highlight=(l, n))
        picture.value = view.png()
        box.activations, box.before = acts, before
        old, new = int(np.argmax(before[-1])), int(np.argmax(acts[-1]))
        label = f"label {labels[digit.value]}, " if labels is not None else ""
        changed = ('<b style="color:#b35900">changed!</b>' if new != old else "unchanged")
        summary = ", ".join(f"L{el}·n{en} (bias {eb:.2f}, weights ×{es:.2f})"
                            for (el, en), (eb, es) in sorted(edits.items())) or "none yet"
        text.value = (f"digit #{digit.value} ({label}before the edits: prediction {old}) → "
                      f"prediction now <b>{new}</b> {changed}; "
                      f"neuron {n} of hidden layer {l}: {before[l][n]:.3f} → <b>{acts[l][n]:.3f}</b>"
                      f"<br>edited neurons: {summary}")

    def guarded(fn):
        def handler(*args):
            if state["busy"]:
                return
            start = time.perf_counter()
            try:
                fn(*args)
                error.value = ""
            except Exception as err:  # shown to the learner, never swallowed
                error.value = error_html(err)
            box.last_redraw_ms = 1000 * (time.perf_counter() - start)
        return handler

    def show_neuron():
        """Put the chosen neuron's current bias and weight factor on the sliders (no redraw)."""
        l, n = chosen()
        state["busy"] = True
        try:
            neuron_w.max = net.sizes[l] - 1
            n = min(n, neuron_w.max)
            bias, factor = edits.get((l, n), (float(net.biases[l - 1][n]), 1.0))
            bias_w.value, scale_w.value = bias, factor
        finally:
            state["busy"] = False

    def apply_edit():
        l, n = chosen()
        bias, factor = float(bias_w.value), float(scale_w.value)
        edited.weights[l - 1][n] = net.weights[l - 1][n] * factor
        edited.biases[l - 1][n] = bias
        if bias == float(net.biases[l - 1][n]) and factor == 1.0:
            edits.pop((l, n), None)
        else:
            edits[(l, n)] = (bias, factor)

    @guarded
    def on_edit(_change):
        apply_edit()
        redraw()

    @guarded
    def on_choose(_change):
        show_neuron()
        redraw()

    @guarded
    def on_zero(_button):
        scale_w.value = 0.0       # the slider's observer applies the edit and redraws

    @guarded
    def on_reset(_button):
        for l in hidden:
            edited.weights[l - 1][:] = net.weights[l - 1]
            edited.biases[l - 1][:] = net.biases[l - 1]
        edits.clear()
        show_neuron()
        redraw()

    for w_ in (bias_w, scale_w):
        w_.observe(on_edit, names="value")
    for w_ in (digit, layer_w, neuron_w):
        w_.observe(on_choose, names="value")
    zero_b.on_click(on_zero)
    reset_b.on_click(on_reset)

    box = W.VBox([digit, layer_w, neuron_w, W.HBox([bias_w, scale_w]), W.HBox([zero_b, reset_b]),
                  text, error, figure])
    box.add_class("mlp-widget")
    box.edited, box.edits, box.view, box.image = edited, edits, view, picture
    box.controls = {"digit": digit, "layer": layer_w, "neuron": neuron_w, "bias": bias_w,
                    "scale": scale_w, "zero": zero_b, "reset": reset_b}
    box.readout, box.error, box.figure = text, error, figure
    box.update = guarded(redraw)      # redraw by hand, like panel's .update
    box.update()
    return box

