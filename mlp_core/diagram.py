"""The network as a picture (notebooks 02 and 07).

The pictures are `network_picture`'s NetworkDiagram (784-16-16-10 as columns of circles,
each shaded by its activation) and LayerBars (every layer's activations as bars), which 08's
drawing pad shows too; here `plot_network` and `plot_layer_bars` make them as Figures, and
EditView puts the two together for editing one neuron. Also here: the digits split into parts
(notebook 02), each neuron's average activation per digit and the first layer's weights as
heat maps (notebook 07), and the widgets built on these pictures (network_explorer, live_editor).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure

from . import palette
from .digits import N_PIXELS, SIDE, as_activations, check_images, digit_parts
from .i18n import tr
from .network_picture import DIAGRAM_BG, LayerBars, NetworkDiagram, as_network_input
from .render import FIGURE_TITLE, TITLE, WIDGET_DPI, CompactFigure, FastPng, panel, slider
from .style import (
    DIGIT_CMAP,
    EDIT_COLOUR,
    MARK_COLOUR,
    axes_grid,
    hide_ticks,
    plot_weights,
    robust_limit,
    weight_limit,
)

__all__ = ["NetworkDiagram", "plot_network", "LayerBars", "plot_layer_bars", "EditView", "plot_edit",
           "plot_mean_activations", "plot_digit_parts", "plot_first_layer_weights",
           "network_explorer", "live_editor"]


def plot_network(net, image, **kwargs):
    """The network lit up by `image`: a Figure (see NetworkDiagram for the options)."""
    return NetworkDiagram(net, image, **kwargs).fig


def plot_layer_bars(activations, before=None, **kwargs):
    """Bar charts of every layer's activations after the input (see LayerBars)."""
    return LayerBars(activations, before=before, **kwargs).fig


class EditView:
    """The diagram above the layer bars, for editing one neuron and seeing every layer react.

    update(net, image, before) shades the diagram for the edited `net` and draws the
    activations `before` the edit as outlines on the bars.
    """

    def __init__(self, net, image, highlight=None, figsize=(10.5, 8.4)):
        self.fig = CompactFigure(figsize=figsize, facecolor=DIAGRAM_BG)
        top = 5.6 / figsize[1]
        self.diagram = NetworkDiagram(net, image, ax=self.fig.add_axes((0, 1 - top, 1, top)),
                                      highlight=highlight)
        gs = self.fig.add_gridspec(1, len(net.sizes) - 1, left=0.07, right=0.98, bottom=0.06,
                                   top=1 - top - 0.05, wspace=0.12,
                                   width_ratios=[max(n, 6) for n in net.sizes[1:]])
        axes = [self.fig.add_subplot(g) for g in gs]
        self.bars = LayerBars(self.diagram.activations, axes=axes)
        self.fig.text(0.98, 1 - top - 0.005, tr("filled bar = now,  blue outline = before your edits"),
                      color=EDIT_COLOUR, ha="right", va="top", fontsize=10)
        self._fast = None

    def update(self, net=None, image=None, before=None, highlight="keep"):
        if highlight != "keep":
            self.diagram.set_highlight(highlight)
        acts = self.diagram.update(image, net=net)
        self.bars.update(acts, before)
        return acts

    def png(self) -> bytes:
        if self._fast is None:
            self._fast = FastPng(self.fig, self.diagram.dynamic + self.bars.dynamic, colours=256, compress_level=3)
        return self._fast.png()


def plot_edit(net, edited, image, highlight=None):
    """The edited network lit up by `image`, with bars comparing every layer to the original `net`."""
    view = EditView(edited, image, highlight=highlight)
    view.update(before=net.activations(as_network_input(net, image)[1]))
    return view.fig


def plot_mean_activations(net, images, labels, layer):
    """Each neuron's average activation of `layer` for each digit: rows 0–9, one column per neuron.

    A neuron that only lights up for some digits (say 0, 6, 8 and 9, the ones with a loop)
    shows as a column bright in those rows and dark in the others.
    """
    labels = np.asarray(labels)
    if not 1 <= layer < len(net.sizes):
        raise ValueError(tr("layer must be between 1 and {last}, got {got}", last=len(net.sizes) - 1, got=layer))
    acts = net.activations(images)[layer]
    digits = np.unique(labels)
    mean = np.array([acts[labels == d].mean(axis=0) for d in digits])
    fig = Figure(figsize=(0.42 * mean.shape[1] + 1.8, 0.36 * len(digits) + 1.3), layout="constrained")
    ax = fig.add_subplot()
    im = ax.imshow(mean, cmap=DIGIT_CMAP, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    for (i, j), v in np.ndenumerate(mean):
        ax.text(j, i, f"{v:.1f}"[1:] if v < 0.95 else "1", ha="center", va="center", fontsize=8,
                color="black" if v > 0.5 else "#bbbbbb")
    ax.set_xticks(range(mean.shape[1]))
    ax.set_yticks(range(len(digits)), [str(d) for d in digits])
    ax.set_xlabel(tr("neuron of the output layer") if layer == len(net.sizes) - 1 else
                  tr("neuron of hidden layer {layer}", layer=layer), fontsize=11)
    ax.set_ylabel(tr("digit shown"), fontsize=11)
    ax.set_title(tr("average activation over the {n:,} digits, per digit", n=len(labels)), **TITLE)
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01).set_label(tr("activation"), fontsize=10)
    return fig


# ---- digits made of parts (notebook 02) ------------------------------------------------

PART_COLOURS = {"stroke": MARK_COLOUR, "loop 1": "#ffb000", "loop 2": EDIT_COLOUR, "loop 3": "#3cf08a"}


def plot_digit_parts(images, labels=None, size=1.9):
    """Digits with their parts coloured: loops amber and blue, strokes pink (see digit_parts).

    Each title says what was found, e.g. "9: 1 loop + stroke"; brightness is the pixel's grey value.
    """
    images = np.asarray(images)
    if images.ndim == 1:
        images = images[None]
    n = len(images)
    if n == 0:
        raise ValueError(tr("plot_digit_parts needs at least one image"))
    fig = Figure(figsize=(size * n, size + 0.55), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n))
    for i, (ax, x) in enumerate(zip(axes, images)):
        a = as_activations(x, tr("image {i}", i=i))
        parts = digit_parts(a)
        rgb = np.zeros((SIDE, SIDE, 3))
        for name, mask in parts.items():
            colour = matplotlib.colors.to_rgb(PART_COLOURS.get(name, "#c080ff"))
            rgb[mask] = np.outer(a[mask], colour)
        faint = ~np.any(list(parts.values()), axis=0)       # anti-aliased edges below the ink level
        rgb[faint] = a[faint, None] * 0.5
        ax.imshow(rgb, interpolation="nearest")
        hide_ticks(ax)
        loops = sum(name.startswith("loop") for name in parts)
        found = (tr("no closed loop") if loops == 0 else tr("loop") if loops == 1 else
                 tr("{n} loops", n=loops))
        if loops and parts["stroke"].sum() >= 8:      # a few stray pixels are not a stroke
            found = tr("{parts} + stroke", parts=found)
        ax.set_title(found if labels is None else tr("{digit}: {parts}", digit=labels[i], parts=found), **TITLE)
    return fig


# ---- the first layer's weights (notebook 07) -------------------------------------------

def plot_first_layer_weights(net, ncols=8, size=1.55, title=None, robust=True):
    """Each first-hidden-layer neuron's 784 incoming weights as a 28×28 heat map.

    One shared colour scale so the maps can be compared: green positive, red negative,
    black ≈ 0 (plot_weights of notebook 03). robust=True sets the scale by the 99th
    percentile of |weight| (robust_limit) so a few large weights don't turn the rest black;
    the colour bar's pointed ends mean "this much or more".
    """
    W = np.asarray(net.weights[0])
    if W.shape[1] != N_PIXELS:
        raise ValueError(tr("the first layer's weights should have 784 columns (one per pixel), got {shape}",
                            shape=W.shape))
    n = W.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    limit = robust_limit(W) if robust else weight_limit(W)
    fig = CompactFigure(figsize=(size * ncols + 0.9, (size + 0.3) * nrows + (0.4 if title else 0)),
                        layout="constrained")
    axes = axes_grid(fig, n, ncols)
    for i, ax in enumerate(axes[:n]):
        plot_weights(W[i], ax=ax, limit=limit, colorbar=False, title=tr("neuron {n}", n=i))
    cb = fig.colorbar(axes[0].mlp_image, ax=list(axes), fraction=0.025, pad=0.01,
                      extend="both" if limit < weight_limit(W) else "neither")
    cb.set_label(palette.current().key(tr("weight")), fontsize=10)
    cb.ax.tick_params(labelsize=9)
    if title:
        fig.suptitle(title, **FIGURE_TITLE)
    return fig


# ---- widgets (notebooks 02, 07) ---------------------------------------------------------

def network_explorer(net, images, labels=None, index=0, wrong_choice=False):
    """Choose a digit and watch the network light up: the diagram and a one-line readout.

    wrong_choice=True adds a switch to step through only the digits the network gets wrong.
    The box has .diagram (the NetworkDiagram), .image (the PNG widget) and .controls.
    """
    images, labels = check_images(images, labels)
    digit = slider(widgets.IntSlider, index, name="index", lo=0, hi=len(images) - 1, step=1, description=tr("example #"),
                   layout=widgets.Layout(width="420px"))
    controls = {"index": digit}
    wrong = None
    if wrong_choice:
        if labels is None:
            raise ValueError(tr("wrong_choice=True needs the labels, to know which predictions are wrong"))
        wrong = np.flatnonzero(net.predict(images) != labels)
        which = widgets.ToggleButtons(options=[tr("every digit"), tr("only the {n} wrong ones", n=len(wrong))],
                                description=tr("show"))

        def switch(_change):       # runs before the panel redraws: the slider now counts wrong ones
            digit.max = max((len(wrong) if which.index == 1 else len(images)) - 1, 0)
            digit.description = tr("wrong #") if which.index == 1 else tr("example #")

        which.observe(switch, names="value")
        controls["which"] = which
    diagram = NetworkDiagram(net, images[index])
    diagram.fig.set_dpi(WIDGET_DPI)

    def readout(index, which=None):
        i = int(wrong[min(index, len(wrong) - 1)]) if which is not None and controls["which"].index == 1 else int(index)
        out = diagram.update(images[i])[-1]
        guess = int(np.argmax(out))
        if labels is None:
            return tr("example #{i} — prediction <b>{guess}</b> (output neuron {guess}: {a:.2f})", i=i, guess=guess,
                      a=out[guess])
        verdict = ("✔" if guess == labels[i] else
                   f'<span style="color:{palette.current().negative_ink}">{tr("✘ wrong")}</span>')
        return tr("example #{i} — label <b>{label}</b>, prediction <b>{guess}</b> {verdict} (output neuron {guess}: "
                  "{a:.2f})", i=i, label=labels[i], guess=guess, verdict=verdict, a=out[guess])

    def draw(index, which=None):
        return diagram.png()

    layout = widgets.HBox([controls["which"], digit]) if wrong is not None else None
    box = panel(controls, draw, readout, controls_box=layout)
    box.diagram = diagram
    return box


def _unless_moved(slider_value: float, real: float, step: float) -> float:
    """`real`, if the slider sits at the grid point nearest to it; else the slider's value.

    A slider holds only the values min + k·step, and the browser puts any other value on that
    grid and sends the rounded one back (a bias of 2.1485 comes back as 2.1). That rounding is
    not a change the learner made, so it must be neither recorded nor applied.
    """
    return real if abs(slider_value - real) <= step / 2 + 1e-9 else slider_value


def live_editor(net, images, labels=None, index=0, layer=1, neuron=0):
    """Edit any hidden neuron and watch every later layer and the prediction change at once.

    Controls: the digit, the layer and neuron to edit, its bias, a factor for its incoming
    weights (0 = cut it off from the layer before), "zero its weights" and "reset all".
    Edits to several neurons add up until "reset all". Only a move of the slider is an edit:
    the browser's rounding of a bias to the slider's 0.1 steps is not (see _unless_moved), and
    the readout gives the neuron's real bias. The original `net` is never changed;
    the edited copy is `box.edited`, the activations shown are `box.activations` and those of
    the original network `box.before`. Built on render.panel, like the other widgets.
    """
    images, labels = check_images(images, labels)
    hidden = list(range(1, len(net.sizes) - 1))
    if not hidden:
        raise ValueError(tr("this network has no hidden layer to edit (sizes {sizes})", sizes=net.sizes))
    if layer not in hidden:
        raise ValueError(tr("layer must be a hidden layer {hidden}, got {got}", hidden=hidden, got=layer))
    editor = _NeuronEdits(net, chosen=(layer, neuron))
    controls = _editor_controls(net, images, hidden, index, layer, neuron)
    view = EditView(editor.edited, images[index], highlight=(layer, neuron))
    view.fig.set_dpi(WIDGET_DPI)
    shown = {}                      # the activations drawn last, and the box once it exists

    def readout(digit, layer, neuron, bias, scale):
        if (layer, neuron) != editor.chosen:       # another neuron chosen: show its settings, edit nothing
            with shown["box"].holding():
                editor.put_on_sliders(controls, layer, neuron)
        else:
            editor.apply(layer, neuron, bias, scale, controls["bias"].step, controls["scale"].step)
        x = images[digit]
        before = net.activations(x)
        acts = view.update(net=editor.edited, image=x, before=before, highlight=editor.chosen)
        shown.update(activations=acts, before=before)
        if "box" in shown:
            shown["box"].activations, shown["box"].before = acts, before
        return _editor_readout(editor, digit, None if labels is None else labels[digit], before, acts)

    def draw(**_values):
        return view.png()

    def reset_all(_button):
        editor.reset()
        with box.holding():
            editor.put_on_sliders(controls, *editor.chosen)
        box.update()

    zero_b = widgets.Button(description=tr("zero its weights"), icon="ban")
    reset_b = widgets.Button(description=tr("reset all"), icon="undo")
    # four rows: which digit; which neuron (layer and number side by side); its edit; the buttons
    # (short enough that the editor and its picture fit a 1280 × 720 slide)
    layout = widgets.VBox([controls["digit"], widgets.HBox([controls["layer"], controls["neuron"]]),
                           widgets.HBox([controls["bias"], controls["scale"]]), widgets.HBox([zero_b, reset_b])])
    box = panel(controls, draw, readout, controls_box=layout)
    shown["box"] = box
    zero_b.on_click(lambda _button: setattr(controls["scale"], "value", 0.0))   # the slider's change redraws
    reset_b.on_click(reset_all)
    box.controls = {**controls, "zero": zero_b, "reset": reset_b}     # panel reads the values of `controls`
    box.edited, box.edits, box.view = editor.edited, editor.edits, view
    box.activations, box.before = shown["activations"], shown["before"]
    return box


class _NeuronEdits:
    """The live editor's edits: a copy of `net` with some hidden neurons' biases and weight
    factors changed, `edits` {(layer, neuron): (bias, factor)}, and the neuron now chosen."""

    def __init__(self, net, chosen):
        self.net, self.edited, self.edits, self.chosen = net, net.copy(), {}, chosen

    def settings(self, layer, neuron):
        """(bias, factor) of a neuron: its edit, or the original bias and 1."""
        return self.edits.get((layer, neuron), (float(self.net.biases[layer - 1][neuron]), 1.0))

    def apply(self, layer, neuron, bias, factor, bias_step, factor_step):
        """Set the neuron to the sliders' bias and factor; the browser's rounding of the
        original values to the slider grid is no edit (_unless_moved)."""
        original = float(self.net.biases[layer - 1][neuron])
        bias = _unless_moved(float(bias), original, bias_step)
        factor = _unless_moved(float(factor), 1.0, factor_step)
        self.edited.weights[layer - 1][neuron] = self.net.weights[layer - 1][neuron] * factor
        self.edited.biases[layer - 1][neuron] = bias
        if bias == original and factor == 1.0:
            self.edits.pop((layer, neuron), None)
        else:
            self.edits[(layer, neuron)] = (bias, factor)

    def put_on_sliders(self, controls, layer, neuron):
        """Choose the neuron and show its settings on the sliders (the caller holds the redraws)."""
        controls["neuron"].max = self.net.sizes[layer] - 1
        neuron = min(neuron, controls["neuron"].max)
        controls["neuron"].value = neuron
        controls["bias"].value, controls["scale"].value = self.settings(layer, neuron)
        self.chosen = (layer, neuron)

    def reset(self):
        for l in range(1, len(self.net.sizes) - 1):
            self.edited.weights[l - 1][:] = self.net.weights[l - 1]
            self.edited.biases[l - 1][:] = self.net.biases[l - 1]
        self.edits.clear()


def _editor_controls(net, images, hidden, index, layer, neuron) -> dict:
    """The live editor's sliders: digit, layer, neuron, its bias and its weight factor."""
    b_max = max(10.0, float(np.ceil(max(np.abs(b).max() for b in net.biases[:-1]))) + 5.0)
    return {
        "digit": slider(widgets.IntSlider, index, name="index", lo=0, hi=len(images) - 1, step=1,
                        description=tr("example #")),
        # no description: the buttons name the layer, and a description would take a line above them
        "layer": widgets.ToggleButtons(options=[(tr("hidden layer {layer}", layer=l), l) for l in hidden], value=layer),
        "neuron": slider(widgets.IntSlider, neuron, name="neuron", lo=0, hi=net.sizes[layer] - 1, step=1,
                         description=tr("neuron")),
        "bias": widgets.FloatSlider(value=float(net.biases[layer - 1][neuron]), min=-b_max, max=b_max, step=0.1,
                                    description=tr("bias"), readout_format=".2f"),
        "scale": widgets.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.05, description=tr("weights ×"),
                                     readout_format=".2f"),
    }


def _editor_readout(editor, digit, label, before, acts) -> str:
    """The live editor's line: the prediction before and after the edits, the chosen neuron, every edit."""
    l, n = editor.chosen
    old, new = int(np.argmax(before[-1])), int(np.argmax(acts[-1]))
    changed = (f'<b style="color:#b35900">{tr("changed!")}</b>' if new != old else tr("unchanged"))
    summary = tr(", ").join(tr("L{layer}·n{neuron} (bias {bias:.2f}, weights ×{factor:.2f})", layer=el, neuron=en,
                               bias=eb, factor=es)
                            for (el, en), (eb, es) in sorted(editor.edits.items())) or tr("none yet")
    bias, factor = editor.settings(l, n)
    fields = dict(i=digit, old=old, new=new, changed=changed, n=n, layer=l, bias=bias, factor=factor,
                  before=before[l][n], after=acts[l][n], summary=summary)
    if label is None:
        return tr("example #{i} (before the edits: prediction {old}) → prediction now <b>{new}</b> {changed}; "
                  "neuron {n} of hidden layer {layer} (bias {bias:.3f}, weights ×{factor:.2f}): {before:.3f} "
                  "→ <b>{after:.3f}</b><br>edited neurons: {summary}", **fields)
    return tr("example #{i} (label {label}, before the edits: prediction {old}) → prediction now <b>{new}</b> "
              "{changed}; neuron {n} of hidden layer {layer} (bias {bias:.3f}, weights ×{factor:.2f}): "
              "{before:.3f} → <b>{after:.3f}</b><br>edited neurons: {summary}", label=label, **fields)
