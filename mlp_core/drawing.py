"""Draw your own digit: a drawing pad, and pictures of what the pre-processing does to a drawing.

The pre-processing itself (crop, fit in 20×20, centre by mass: what makes a drawing look like
MNIST) is image maths and lives in `mlp_core.preprocess`.

`DrawingPad` is the canvas (an anywidget: the strokes are drawn by about 100 lines of JavaScript in
the browser, so drawing stays smooth even while Python is busy; the pixels are sent to
Python a few times a second). `DigitPad` puts the pad next to what the network makes of
it: the 28×28 image it receives, the ten output activations and the whole network
(the pictures of `mlp_core.diagram`).
"""

from __future__ import annotations

import io
import threading
import time
from importlib import resources

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from ipywidgets.widgets.trait_types import bytes_serialization
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from . import palette
from .access import helper
from .data import load_sample
from .describe import DescribedPng, describe_grid
from .i18n import tr
from .network import load_pretrained
from .network_picture import LayerBars, NetworkDiagram
from .preprocess import (
    BOX,
    CENTRE,
    PREPROCESSING,
    SIDE,
    VISIBLE_INK,
    EmptyDrawingError,
    Reading,
    as_grey,
    centre_of_mass,
    ink_box,
    network_input,
    read_digit,
    resize,
    visible_ink,
)
from .render import TITLE, Picture, error_html, not_updated_html, not_updated_png
from .style import DIGIT_CMAP, EDIT_COLOUR, MARK_COLOUR, plot_digit

__all__ = ["DrawingPad", "input_png", "LivePictures", "DigitPad", "plot_readings", "plot_steps", "plot_moved_digits"]

def _esm_path():
    return resources.files("mlp_core") / "drawing_pad.js"


class DrawingPad(anywidget.AnyWidget):
    """A black canvas to draw on with the mouse, a pen or a finger (white ink, like MNIST).

    The browser sends the drawing as `pixels`: size×size grey bytes (0 = black …
    255 = white), row after row, or b"" when nothing has been drawn. `strokes` counts
    finished strokes (and clears), so every pen-up is reported even when the pixels did not
    change. `brush` is the stroke width in screen pixels, `mode` is "draw" or "erase".
    Setting `pixels` from Python (or calling set_image / clear) repaints the canvas, and
    wakes the same observers as drawing does.
    """

    _esm = str(_esm_path())
    # a fixed size: a flex layout or an output area's max-width must never squash the pad
    _css = """
    .mlp-drawing-pad { flex: 0 0 auto; }
    .mlp-drawing-pad canvas { touch-action: none; cursor: crosshair; border-radius: 4px; display: block;
                              max-width: none !important; flex: none; }
    """

    pixels = traitlets.Bytes(b"").tag(sync=True, **bytes_serialization)
    size = traitlets.Int(140).tag(sync=True)
    width = traitlets.Int(280).tag(sync=True)
    strokes = traitlets.Int(0).tag(sync=True)
    brush = traitlets.Float(20.0).tag(sync=True)
    mode = traitlets.Enum(["draw", "erase"], default_value="draw").tag(sync=True)

    def __init__(self, size: int = 140, width: int = 280, **kwargs):
        if not (isinstance(size, (int, np.integer)) and SIDE <= size <= 1024):
            raise ValueError(f"size is the side of the grid sent to Python, {SIDE}–1024 pixels; got {size!r}")
        super().__init__(size=int(size), width=int(width), **kwargs)
        self.add_class("mlp-drawing-pad")

    @traitlets.validate("pixels")
    def _check_pixels(self, proposal):
        value = bytes(proposal["value"])
        if len(value) not in (0, self.size * self.size):
            raise ValueError(f"pixels must hold {self.size}×{self.size} = {self.size ** 2} bytes "
                                       f"(or none), got {len(value)}")
        return value

    @property
    def is_empty(self) -> bool:
        """True when the pad looks empty: no pixel is at least VISIBLE_INK (a quarter) white.

        Why a quarter: every stroke is pure white along its middle (the thinnest brush is two
        pixels of the grid wide), but erasing leaves a trace. Black ink painted over white
        with the same anti-aliasing leaves v·(1 − v) ≤ 1/4 of white in a pixel whose edge both
        strokes cover a fraction v of, and shrinking the canvas to the grid only averages that
        down. Such a trace is a hairline no darker than #404040 on the black pad, easy to miss
        and no digit; pre-processing would blow it up to a full-size stroke (a sliver at the
        edge read as a 4), so a pad with nothing brighter reads as empty.
        """
        return not self.pixels or max(self.pixels) < VISIBLE_INK * 255

    def image(self) -> np.ndarray:
        """The drawing as a (size, size) float array in 0–1 (all 0 when nothing is drawn)."""
        if not self.pixels:
            return np.zeros((self.size, self.size))
        return np.frombuffer(self.pixels, dtype=np.uint8).reshape(self.size, self.size) / 255.0

    def set_image(self, image) -> None:
        """Show a grey image (any size, e.g. a 28×28 MNIST digit) on the pad, as if drawn."""
        grey = as_grey(image)
        grey = resize(grey, (self.size, self.size)) if grey.shape != (self.size, self.size) else grey
        self.pixels = np.round(grey * 255).astype(np.uint8).tobytes()
        self.strokes += 1

    def clear(self) -> None:
        """Wipe the pad."""
        self.pixels = b""
        self.strokes += 1


# ---- what the network makes of it: pictures redrawn on every stroke ----------------------
def input_png(x, zoom: int = 6) -> DescribedPng:
    """The 784 activations the network receives as a 28×28 PNG, each pixel a zoom×zoom square."""
    grid = np.round(np.asarray(x, dtype=float).reshape(SIDE, SIDE) * 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(grid).resize((SIDE * zoom, SIDE * zoom), Image.NEAREST).save(buf, format="png")
    return DescribedPng(buf.getvalue(), describe_grid(x))


class LivePictures:
    """The pictures next to the pad: the network's input, its output bars and the whole network.

    The output bars and the network diagram (every neuron shaded by its activation, black 0
    … white 1) are the article notebooks' own pictures from `mlp_core.viz`; they keep their
    figures and only re-shade them, so a redraw stays in the tens of milliseconds.
    `show(reading)` returns the three PNGs: input, bars, network.
    """

    def __init__(self, network):

        if network.sizes[0] != SIDE * SIDE or network.sizes[-1] != 10:
            raise ValueError(tr("the drawing pad reads digits with a 784-…-10 network, got sizes {sizes}",
                                sizes=network.sizes))
        self.network = network
        blank = network.activations(np.zeros(SIDE * SIDE))
        self.diagram = NetworkDiagram(network, blank[0], title=False)
        self.bars = LayerBars([blank[0], blank[-1]], figsize=(4.6, 2.5))
        # number the hidden neurons, so a learner can name the one that reacts (exercises)
        for l in range(1, len(network.sizes) - 1):
            for k, y in enumerate(self.diagram.ys[l]):
                self.diagram.ax.text(self.diagram.xs[l] - 0.16, y, str(k), ha="right", va="center",
                                     fontsize=7.5, color="#9a9a9a", zorder=6)
        for fig in (self.diagram.fig, self.bars.fig):
            fig.set_dpi(self.DPI)   # drawn at the size shown: no pixels drawn only to be scaled away

    DPI = 80

    def show(self, reading: "Reading | None") -> tuple[bytes, bytes, bytes]:
        """The three PNGs for `reading`; for None (nothing drawn) every neuron dark and no guess."""
        if reading is None:
            if self._empty is None:
                self._empty = self._show_nothing()
            return self._empty
        self.diagram.ring.set_visible(True)
        self.diagram.update(reading.input)
        self.bars.update([reading.input, reading.output])
        return input_png(reading.input), self.bars.png(), self.diagram.png()

    _empty = None

    def _show_nothing(self):
        # Nothing drawn is not "a black image" (the network would still answer something):
        # show the pictures with no activation and no prediction at all.
        zeros = [np.zeros(n) for n in self.network.sizes]
        self.diagram.update(zeros[0])
        for dots in self.diagram.dots:
            dots.set_array(np.zeros(dots.get_offsets().shape[0]))
        for label in self.diagram.out_labels:
            label.set_text(label.get_text().split()[0])
            label.set_color("#b8b8b8")
            label.set_fontweight("normal")
        self.diagram.ring.set_visible(False)
        self.bars.update([zeros[0], zeros[-1]])
        for bar in self.bars.bars[-1]:
            bar.set_color("#d9d9d9")
        return input_png(zeros[0]), self.bars.png(), self.diagram.png()


# ---- the whole pad ------------------------------------------------------------------------
NO_SAMPLE = "—"


def _picture(width: str, caption: str = ""):
    """A Picture in a box with class mlp-figure (and an optional caption under it)."""
    image = Picture(layout=widgets.Layout(width=width, max_width="100%"))
    parts = [image] + ([widgets.HTML(f'<div style="font-size:12px;color:#666;text-align:center">{caption}</div>')]
                       if caption else [])
    box = widgets.VBox(parts, layout=widgets.Layout(align_items="center", margin="0 8px 0 0"))
    box.add_class("mlp-figure")
    return image, box


class DigitPad(widgets.VBox):
    """Draw a digit and watch the network read it, layer by layer, while you draw.

    The pad on the left; next to it the network's top guess and runner-up, the 28×28
    image it receives (after the chosen pre-processing) and its ten output activations as
    bars; below, the whole network with every neuron shaded by its activation. Controls:
    draw / erase, brush width, clear, a real sample digit to start from, and the
    pre-processing (to see what centring adds).

    `reading()` gives the network's current reading (None while the pad is empty), so
    exercises can check what a learner has drawn. `redraw_ms` keeps the kernel-side
    time of the last redraws.
    """

    def __init__(self, network=None, preprocessing: str = "mnist", size: int = 140):
        if network is None:
            network = load_pretrained()
        if preprocessing not in PREPROCESSING:
            raise ValueError(tr("preprocessing must be one of {choices}, got {got}", choices=sorted(PREPROCESSING),
                                got=repr(preprocessing)))
        self.network = network
        self.pictures = LivePictures(network)
        self._error_html = error_html
        self._lock = threading.Lock()  # widget callbacks may run on another thread than cells
        self._last_key = None
        self.redraw_ms: list[float] = []
        self._sample_images, self._sample_labels = load_sample()
        self._sample_next = {d: 0 for d in range(10)}

        self.pad = DrawingPad(size=size)
        self.mode = widgets.ToggleButtons(options=[(tr("✏ draw"), "draw"), (tr("⌫ erase"), "erase")], value="draw",
                                    style={"button_width": "82px"}, tooltips=[tr("white ink"), tr("paint black")])
        self.brush = widgets.IntSlider(value=20, min=4, max=40, description=tr("brush"),
                                 style={"description_width": "40px"}, layout=widgets.Layout(width="210px"))
        self.clear_button = widgets.Button(description=tr("clear"), icon="trash", layout=widgets.Layout(width="80px"))
        self.sample = widgets.Dropdown(options=[NO_SAMPLE] + list(range(10)), value=NO_SAMPLE,
                                 description=tr("put a real digit on the pad"), style={"description_width": "initial"},
                                 layout=widgets.Layout(width="250px"))
        self.preprocessing = widgets.Dropdown(options=[(tr(v), k) for k, v in PREPROCESSING.items()], value=preprocessing,
                                        description=tr("pre-processing"), style={"description_width": "110px"},
                                        layout=widgets.Layout(width="480px"))
        widgets.link((self.mode, "value"), (self.pad, "mode"))
        widgets.jslink((self.brush, "value"), (self.pad, "brush"))   # the pad follows the slider in the browser
        self.clear_button.on_click(lambda _: self.pad.clear())
        self.sample.observe(self._on_sample, names="value")

        self.tool = widgets.HTML()              # what the next stroke will do
        self.tool.add_class("mlp-readout")
        self.readout = widgets.HTML()           # what the network reads
        self.readout.add_class("mlp-readout")
        self.readout.add_class("mlp-drawing-reading")
        self.error = widgets.HTML()
        self.error.add_class("mlp-error")
        self.input_image, input_box = _picture("168px", tr("what the network receives (28×28)"))
        self.bars_image, bars_box = _picture(f"{4.6 * LivePictures.DPI:.0f}px")
        self.network_image, network_box = _picture(f"{10.5 * LivePictures.DPI:.0f}px")
        # the input and bars beside the pad, the whole network below it at full width
        self.results = [widgets.HBox([input_box, bars_box], layout=widgets.Layout(align_items="flex-start")), network_box]

        controls = widgets.HBox([self.mode, self.brush, self.clear_button, self.sample],
                          layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        left = widgets.VBox([self.pad, self.tool], layout=widgets.Layout(margin="0 12px 0 0", flex="0 0 auto",
                                                              width=f"{self.pad.width}px"))
        right = widgets.VBox([self.readout, self.results[0]])
        super().__init__([controls, widgets.HBox([left, right], layout=widgets.Layout(align_items="flex-start")),
                          self.results[1], self.preprocessing, self.error, helper()])
        self.add_class("mlp-widget")

        for control in (self.mode, self.brush):
            control.observe(self._show_tool, names="value")
        self._show_tool()
        self.pad.observe(self.update, names=["pixels", "strokes"])
        self.preprocessing.observe(self.update, names="value")
        self.update()

    def __repr__(self):
        # what a viewer without widgets (GitHub, nbviewer) shows instead of the pad
        return tr("DigitPad: a drawing pad with live prediction (open the notebook in JupyterLab to draw)")

    @property
    def is_empty(self) -> bool:
        """True while the pad looks empty (see DrawingPad.is_empty)."""
        return self.pad.is_empty

    def image(self) -> np.ndarray:
        """The drawing on the pad, as a grey image in 0–1 (see DrawingPad.image)."""
        return self.pad.image()

    def reading(self) -> "Reading | None":
        """The network's reading of the pad as it is now, or None when the pad looks empty."""
        if self.pad.is_empty:
            return None
        try:
            return read_digit(visible_ink(self.pad.image()), self.network, self.preprocessing.value)
        except EmptyDrawingError:
            return None

    def put_sample(self, digit: int) -> None:
        """Show the next real MNIST `digit` of the bundled sample on the pad."""
        candidates = np.flatnonzero(self._sample_labels == digit)
        if candidates.size == 0:
            raise ValueError(tr("digit must be one of 0–9, got {got}", got=repr(digit)))
        k = self._sample_next[digit] % candidates.size
        self._sample_next[digit] += 1
        self.pad.set_image(self._sample_images[candidates[k]].reshape(SIDE, SIDE).astype(float))

    def _on_sample(self, change):
        if change["new"] == NO_SAMPLE:
            return
        try:
            self.put_sample(change["new"])
        except Exception as err:
            self.error.value = self._error_html(err)
        self.sample.value = NO_SAMPLE   # so choosing the same digit again brings the next one

    def _show_tool(self, _change=None):
        what = tr("✏ white ink") if self.mode.value == "draw" else tr("⌫ erases (paints black)")
        self.tool.value = ('<div style="font-size:12px;color:#555;line-height:1.4">'
                           + tr("next stroke: {what}, {width} px wide", what=what, width=self.brush.value) + '</div>')

    def update(self, _change=None) -> None:
        """Read the pad and redraw (skipped when neither the drawing nor the settings changed)."""
        with self._lock:
            key = (self.pad.pixels, self.preprocessing.value)
            if key == self._last_key:
                return
            self._last_key = key
            start = time.perf_counter()
            try:
                reading = self.reading()
                self.readout.value = _readout_html(reading)
                # the pictures always stay in place (no layout jump under the pen), blank when empty
                pngs = self.pictures.show(reading)
                for image, png in zip((self.input_image, self.bars_image, self.network_image), pngs):
                    image.show(png)
                self.error.value = ""
            except Exception as err:  # shown in the widget, never lost in a log
                self._last_key = None
                self.error.value = self._error_html(err)
                # the pictures of the last reading stay, marked: they are not of this drawing
                for image in (self.input_image, self.bars_image, self.network_image):
                    if image.png:
                        image.show(not_updated_png(image.png, tr("see the message below")))
                self.readout.value = not_updated_html(self.readout.value)
            self.redraw_ms = (self.redraw_ms + [(time.perf_counter() - start) * 1000])[-50:]


def _readout_html(reading: "Reading | None") -> str:
    style = "font-size:15px;line-height:1.6;min-height:30px"
    if reading is None:
        return (f'<div style="{style}">'
                + tr("Draw a digit on the black pad with the mouse or a pen (or put a real digit on it with the menu "
                     "above).") + '</div>')
    o = reading.output
    g, r = reading.guess, reading.runner_up
    return (f'<div style="{style}">'
            + tr('The network reads <b style="font-size:22px">{guess}</b> (activation {a:.2f}) · runner-up '
                 '<b>{second}</b> ({a_second:.2f})', guess=g, a=o[g], second=r, a_second=o[r]) + '</div>')


# ---- pictures for notebook 08 ---------------------------------------------------------------
def _right_or_wrong(right: bool) -> tuple[str, str]:
    """(" ✔" or " ✘", the palette's ink colour for it): the mark says it without colour too."""
    colours = palette.current()
    return (" ✔", colours.positive_ink) if right else (" ✘", colours.negative_ink)


def plot_readings(network, images, titles, labels=None, size=2.1):
    """A row of 28×28 images, each with what the network reads in it under the picture.

    images: 28×28 grids or 784-vectors (what the network receives, as is). With labels,
    a right reading is marked ✔ in green and a wrong one ✘ in red (the palette's colours).
    """

    if len(titles) != len(images):
        raise ValueError(tr("need one title per image: {n_images} images, {n_titles} titles", n_images=len(images),
                            n_titles=len(titles)))
    fig = Figure(figsize=(size * len(images), size + 0.9), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(images)))
    for n, (ax, x, title) in enumerate(zip(axes, images, titles)):
        x = np.asarray(x, dtype=float).reshape(SIDE * SIDE)
        plot_digit(x, ax=ax, title=title)
        out = network.forward(x)
        guess = int(np.argmax(out))
        mark, colour = ("", "black") if labels is None else _right_or_wrong(guess == labels[n])
        ax.set_xlabel(tr("reads {guess}  ({a:.2f}){mark}", guess=guess, a=out[guess], mark=mark), color=colour,
                      fontsize=12)
    return fig


def plot_steps(steps, size=2.2):
    """The pre-processing steps side by side (from `preprocess_steps`), with what each one did:
    the ink's box on the drawing, the 20×20 box around the fitted ink, and the centre of mass
    (×) before and after centring, with the frame's centre (14, 14) as a cross-hair."""

    names = [("grey", tr("1. the drawing\n(grey, ink box in pink)")), ("cropped", tr("2. cropped to the ink")),
             ("fitted", tr("3. fitted in 20×20\n(the box dashed)")), ("framed", tr("4a. in 28×28,\nbox in the middle")),
             ("centred", tr("4b. centre of mass\nmoved to (14, 14)"))]
    fig = Figure(figsize=(size * len(names), size + 0.8), layout="constrained")
    axes = fig.subplots(1, len(names))
    for ax, (key, title) in zip(axes, names):
        img = steps[key]
        ax.imshow(img, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, **TITLE)
        ax.set_xlabel(f"{img.shape[0]}×{img.shape[1]}", fontsize=10)
    top, bottom, left, right = ink_box(steps["grey"])
    axes[0].add_patch(Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, fill=False,
                                ec=MARK_COLOUR, lw=1.5))
    h, w = steps["fitted"].shape
    x0, y0 = -0.5 + (w - BOX) / 2, -0.5 + (h - BOX) / 2       # the 20×20 box around the fitted ink
    axes[2].add_patch(Rectangle((x0, y0), BOX, BOX, fill=False, ec=EDIT_COLOUR, lw=1.2, ls="--"))
    axes[2].set_xlim(x0 - 0.3, x0 + BOX + 0.3)
    axes[2].set_ylim(y0 + BOX + 0.3, y0 - 0.3)
    for ax, key in ((axes[3], "framed"), (axes[4], "centred")):
        r, c = centre_of_mass(steps[key])
        ax.axhline(CENTRE[0], color=EDIT_COLOUR, lw=0.8)
        ax.axvline(CENTRE[1], color=EDIT_COLOUR, lw=0.8)
        ax.plot(c, r, marker="x", color="#ffb000", ms=10, mew=2.5)
    return fig


def plot_moved_digits(network, originals, moved, labels, n=8):
    """Rows of real digits: as MNIST has them, moved and rescaled as a learner might draw them,
    and the moved ones after pre-processing without and with the centre-of-mass step, each
    with the network's reading (✔ green right, ✘ red wrong: the palette's colours)."""

    rows = [(tr("real MNIST digit"), lambda k: originals[k]),
            (tr("moved and rescaled\n(as drawn)"), lambda k: moved[k]),
            (tr("crop + fit 20×20,\nbox in the middle"), lambda k: network_input(moved[k].reshape(SIDE, SIDE), "box")),
            (tr("crop + fit 20×20,\ncentre of mass"), lambda k: network_input(moved[k].reshape(SIDE, SIDE), "mnist"))]
    fig = Figure(figsize=(1.45 * n + 1.6, 1.75 * len(rows)), layout="constrained")
    axes = fig.subplots(len(rows), n)
    for i, (name, image) in enumerate(rows):
        for k in range(n):
            ax = axes[i, k]
            x = np.asarray(image(k), dtype=float).reshape(SIDE * SIDE)
            plot_digit(x, ax=ax)
            guess = network.predict(x)
            mark, colour = _right_or_wrong(guess == labels[k])
            ax.set_title(tr("reads {guess}{mark}", guess=guess, mark=mark), **TITLE, color=colour)
        axes[i, 0].set_ylabel(name, fontsize=10, rotation=0, ha="right", va="center")
    return fig
