"""Draw your own digit: a drawing pad, and the pre-processing that makes a drawing look like MNIST.

A digit in MNIST is not a raw scan. Each one went through the same steps, and the network
has only ever seen digits that went through them:

    1. grey-scale      white ink on black, anti-aliased: values 0–1 (0 = black, 1 = white)
    2. crop            cut away the empty border around the ink (its bounding box)
    3. fit in 20×20    scale the ink so its longer side is 20 pixels, keeping the aspect ratio
    4. centre          place it in a 28×28 frame so that its centre of mass sits at pixel (14, 14)

A drawing on the pad is none of that: it is big or small, anywhere on the pad, with
thick or thin strokes. `preprocess` applies the four steps, in plain numpy, so that a
drawing reaches the network looking like the digits it learned from.

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
from dataclasses import dataclass
from importlib import resources

import anywidget
import ipywidgets as W
import numpy as np
import traitlets
from ipywidgets.widgets.trait_types import bytes_serialization
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from . import palette
from .data import load_sample
from .diagram import LayerBars, NetworkDiagram
from .i18n import N_, tr
from .network import load_pretrained
from .render import TITLE, error_html, not_updated_html, not_updated_png
from .viz import DIGIT_CMAP, MARK_COLOUR, plot_digit

__all__ = [
    "VISIBLE_INK", "EmptyDrawingError", "as_grey", "ink_box", "crop_to_ink", "resize", "resample_matrix",
    "fit_in_box", "centre_of_mass", "shift", "place_in_frame", "centre_by_mass",
    "preprocess", "preprocess_steps", "downsample", "visible_ink", "move_digit", "off_centre",
    "PREPROCESSING", "network_input", "Reading", "read_digit", "DrawingPad", "input_png", "LivePictures",
    "DigitPad", "plot_readings", "plot_steps", "plot_moved_digits",
]

SIDE = 28            # MNIST images are 28×28
BOX = 20             # ... with the ink fitted into 20×20
CENTRE = (14.0, 14.0)  # ... and its centre of mass at row 14, column 14 (measured: every
#                        digit of the bundled sample has its centre of mass within half a
#                        pixel of (14, 14) — MNIST shifted by whole pixels)


#: A pixel of the pad is ink when it is at least this white (see DrawingPad.is_empty).
VISIBLE_INK = 0.25


class EmptyDrawingError(ValueError):
    """There is no ink to read: nothing has been drawn yet."""


# ---- 1. grey-scale ----------------------------------------------------------------------
def as_grey(image) -> np.ndarray:
    """A 2-D float array of grey values in 0–1 (0 = black, 1 = white ink).

    Accepts a 2-D image of floats in 0–1 or of uint8 in 0–255 (divided by 255), or a
    colour image (height, width, 3 or 4) of either kind, turned grey with the usual
    luminance weights  grey = 0.299 R + 0.587 G + 0.114 B  (an alpha channel multiplies
    the grey, i.e. transparent = black background). Anything else is refused with an error
    saying what was expected; nothing is silently reinterpreted.
    """
    if image is None or isinstance(image, (str, bytes)):
        raise TypeError(tr("expected an image as a numpy array, got {kind}", kind=type(image).__name__))
    arr = np.asarray(image)
    if arr.dtype == bool:
        raise TypeError(tr("expected grey values (floats in 0–1 or uint8 in 0–255), got a boolean array; convert it "
                           "with image.astype(float)"))
    if arr.dtype == np.uint8:
        arr = arr / 255.0
    elif np.issubdtype(arr.dtype, np.integer):
        raise TypeError(tr("expected floats in 0–1 or uint8 in 0–255, got dtype {dtype}; use image.astype(np.uint8) "
                           "for 0–255 values or image / 255 for floats", dtype=arr.dtype))
    elif not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(tr("expected an image of floats in 0–1 or uint8 in 0–255, got dtype {dtype}", dtype=arr.dtype))
    if arr.ndim == 1:
        side = int(round(arr.size ** 0.5))
        if side * side == arr.size and side > 1:
            raise ValueError(tr("expected a 2-D image (height, width), got a 1-D array of shape {shape}; reshape it "
                                "first, e.g. x.reshape({side}, {side})", shape=arr.shape, side=side))
        raise ValueError(tr("expected a 2-D image (height, width), got a 1-D array of shape {shape}", shape=arr.shape))
    if arr.ndim == 3 and arr.shape[2] in (3, 4):
        grey = arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114
        arr = grey * arr[..., 3] if arr.shape[2] == 4 else grey
    elif arr.ndim != 2:
        raise ValueError(tr("expected a 2-D grey image (height, width) or a colour image (height, width, 3 or 4), got "
                            "shape {shape}", shape=arr.shape))
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(tr("the image is empty: shape {shape}", shape=arr.shape))
    if not np.all(np.isfinite(arr)):
        raise ValueError(tr("the image contains NaN or infinite values"))
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0 or hi > 1:
        if 1 < hi <= 255 and lo >= 0:
            raise ValueError(tr("grey values must lie in 0–1, got values from {low:g} to {high:g}. Divide a 0–255 "
                                "image by 255, or pass it as uint8.", low=lo, high=hi))
        raise ValueError(tr("grey values must lie in 0–1, got values from {low:g} to {high:g}.", low=lo, high=hi))
    return arr.astype(float)


# ---- 2. crop to the ink -----------------------------------------------------------------
def ink_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the smallest box holding every pixel with ink (> 0).

    bottom and right are exclusive, like Python slices: grey[top:bottom, left:right].
    Raises EmptyDrawingError when there is no ink at all.
    """
    rows = np.flatnonzero(grey.max(axis=1) > 0)
    cols = np.flatnonzero(grey.max(axis=0) > 0)
    if rows.size == 0:
        raise EmptyDrawingError(tr("nothing drawn yet: the image has no ink (every pixel is 0)"))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def crop_to_ink(grey: np.ndarray) -> np.ndarray:
    """The image cut down to its ink's bounding box."""
    top, bottom, left, right = ink_box(grey)
    return grey[top:bottom, left:right]


# ---- 3. fit in 20×20 --------------------------------------------------------------------
def resample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """The (n_out, n_in) matrix R that resizes a row of n_in pixels to n_out pixels: out = R @ row.

    Shrinking (n_out ≤ n_in) averages areas: output pixel i covers the stretch
    [i·s, (i+1)·s) of the input, s = n_in / n_out, and takes the mean of the input over it,

        R[i, j] = |[j, j+1) ∩ [i·s, (i+1)·s)| / s          (each row sums to 1),

    so no ink is lost or invented — a thin stroke becomes a fainter grey, as in MNIST.
    Growing (n_out > n_in) interpolates linearly between the two nearest input pixel
    centres (x = (i + ½)·s − ½ in input coordinates), which stays smooth where area
    averaging would make blocks.
    """
    if n_in < 1 or n_out < 1:
        raise ValueError(f"sizes must be at least 1, got n_in={n_in}, n_out={n_out}")
    s = n_in / n_out
    i = np.arange(n_out)[:, None]
    j = np.arange(n_in)[None, :]
    if n_out <= n_in:
        overlap = np.minimum(j + 1, (i + 1) * s) - np.maximum(j, i * s)
        return np.clip(overlap, 0, None) / s
    x = np.clip((np.arange(n_out) + 0.5) * s - 0.5, 0, n_in - 1)
    left = np.floor(x).astype(int)
    right = np.minimum(left + 1, n_in - 1)
    frac = x - left
    R = np.zeros((n_out, n_in))
    R[np.arange(n_out), left] += 1 - frac
    R[np.arange(n_out), right] += frac
    return R


def resize(grey: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D image to shape (height, width): out = R_rows @ image @ R_colsᵀ.

    Resizing separates into rows and columns, so it is two matrix products with the
    matrices of `resample_matrix`. Values stay in 0–1: every output pixel is a weighted
    mean of input pixels.
    """
    h, w = grey.shape
    out = resample_matrix(h, shape[0]) @ grey @ resample_matrix(w, shape[1]).T
    return np.clip(out, 0.0, 1.0)  # only floating-point rounding can leave 0–1


def fit_in_box(cropped: np.ndarray, box: int = BOX) -> np.ndarray:
    """Scale the ink so its longer side is `box` pixels, keeping the aspect ratio.

    A tall h×w digit becomes box × round(box·w/h) (at least 1 pixel wide): a "1" stays
    thin, it is not stretched into a square.
    """
    h, w = cropped.shape
    scale = box / max(h, w)
    return resize(cropped, (max(1, round(h * scale)), max(1, round(w * scale))))


# ---- 4. centre by centre of mass --------------------------------------------------------
def centre_of_mass(grey: np.ndarray) -> tuple[float, float]:
    """(row, column) of the ink's centre of mass, each pixel weighted by its grey value:

        row = Σ r·g(r, c) / Σ g(r, c),   column = Σ c·g(r, c) / Σ g(r, c)
    """
    mass = grey.sum()
    if mass <= 0:
        raise EmptyDrawingError(tr("nothing drawn yet: the image has no ink, so it has no centre of mass"))
    rows, cols = np.arange(grey.shape[0]), np.arange(grey.shape[1])
    return float(grey.sum(axis=1) @ rows / mass), float(grey.sum(axis=0) @ cols / mass)


def shift(grey: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Move the image down by `rows` and right by `cols` whole pixels (negative: up, left).

    What moves past the edge is lost and the uncovered border is black (unlike np.roll,
    which would wrap it round to the other side).
    """
    out = np.zeros_like(grey)
    h, w = grey.shape
    if abs(rows) >= h or abs(cols) >= w:
        return out
    src_r, dst_r = slice(max(0, -rows), h - max(0, rows)), slice(max(0, rows), h - max(0, -rows))
    src_c, dst_c = slice(max(0, -cols), w - max(0, cols)), slice(max(0, cols), w - max(0, -cols))
    out[dst_r, dst_c] = grey[src_r, src_c]
    return out


def place_in_frame(fitted: np.ndarray, side: int = SIDE) -> np.ndarray:
    """Paste the fitted ink in the middle of a black side×side frame (its box, not its mass, centred)."""
    h, w = fitted.shape
    if h > side or w > side:
        raise ValueError(tr("a {h}×{w} image does not fit in a {side}×{side} frame", h=h, w=w, side=side))
    frame = np.zeros((side, side))
    top, left = (side - h) // 2, (side - w) // 2
    frame[top:top + h, left:left + w] = fitted
    return frame


def centre_by_mass(framed: np.ndarray, centre: tuple[float, float] = CENTRE) -> np.ndarray:
    """Shift by whole pixels so the centre of mass lands within half a pixel of `centre`:

        shift = round(centre − centre of mass)     (rows and columns separately)

    Whole pixels, as MNIST did, so the strokes stay as sharp as they were.
    """
    r, c = centre_of_mass(framed)
    return shift(framed, int(np.round(centre[0] - r)), int(np.round(centre[1] - c)))


# ---- all steps --------------------------------------------------------------------------
def preprocess_steps(image) -> dict[str, np.ndarray]:
    """Every intermediate image of `preprocess`, in order, to look at:

    "grey" (the drawing), "cropped" (its ink box), "fitted" (longer side 20),
    "framed" (in 28×28, box centred), "centred" (in 28×28, mass centred).
    """
    grey = as_grey(image)
    cropped = crop_to_ink(grey)
    fitted = fit_in_box(cropped)
    framed = place_in_frame(fitted)
    return {"grey": grey, "cropped": cropped, "fitted": fitted, "framed": framed,
            "centred": centre_by_mass(framed)}


def preprocess(image, centre: bool = True) -> np.ndarray:
    """The 784 activations the network should see for a drawing (or any grey image).

    grey-scale → crop to the ink → fit in 20×20 → centre of mass to (14, 14) in 28×28,
    then unrolled row by row. With centre=False the last step only centres the ink's box
    (to show what the centre-of-mass step adds). Raises EmptyDrawingError when there is
    no ink.
    """
    steps = preprocess_steps(image)
    return (steps["centred"] if centre else steps["framed"]).reshape(SIDE * SIDE)


def downsample(image, side: int = SIDE) -> np.ndarray:
    """No pre-processing: the whole image shrunk to side×side as it is, unrolled (side²,).

    What the network would see if the drawing were just made smaller: the digit keeps
    its size and place on the pad.
    """
    return resize(as_grey(image), (side, side)).reshape(side * side)


# ---- learner-style digits: real MNIST digits moved and rescaled -----------------------
def move_digit(image, scale: float = 1.0, offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A real digit as a learner might draw it: its ink rescaled by `scale` and moved by `offset`.

    The ink box is resized about its own middle and moved `offset` = (rows down,
    columns right) whole pixels. Returns a 28×28 image; raises ValueError if the moved
    ink would leave the frame (nothing is silently cut off).
    """
    grey = as_grey(image)
    if grey.shape != (SIDE, SIDE):
        raise ValueError(tr("expected a {side}×{side} digit, got shape {shape}", side=SIDE, shape=grey.shape))
    if not scale > 0:
        raise ValueError(tr("scale must be positive, got {got}", got=scale))
    top, bottom, left, right = ink_box(grey)
    h, w = max(1, round((bottom - top) * scale)), max(1, round((right - left) * scale))
    ink = resize(grey[top:bottom, left:right], (h, w))
    new_top = int(round((top + bottom - h) / 2)) + int(offset[0])
    new_left = int(round((left + right - w) / 2)) + int(offset[1])
    if new_top < 0 or new_left < 0 or new_top + h > SIDE or new_left + w > SIDE:
        raise ValueError(tr("moved by {offset} at scale {scale}, the {h}×{w} ink would leave the {side}×{side} frame "
                            "(it would start at row {top}, column {left})", offset=tuple(offset), scale=scale, h=h,
                            w=w, side=SIDE, top=new_top, left=new_left))
    out = np.zeros((SIDE, SIDE))
    out[new_top:new_top + h, new_left:new_left + w] = ink
    return out


def off_centre(images, seed: int = 0, scales: tuple[float, float] = (0.5, 1.3)):
    """Each digit rescaled by a random factor in `scales` and moved to a random place where it fits.

    images: (n, 784) real digits. Returns (moved (n, 784), parameters (n, 3) of
    scale, rows moved, columns moved). Seeded, so the same seed gives the same digits.
    The scale is drawn uniformly; the place uniformly among all whole-pixel positions
    that keep the ink inside the 28×28 frame.
    """
    rng = np.random.default_rng(seed)
    images = np.asarray(images)
    moved = np.zeros((len(images), SIDE * SIDE))
    params = np.zeros((len(images), 3))
    for n, x in enumerate(images):
        grey = x.reshape(SIDE, SIDE)
        top, bottom, left, right = ink_box(grey)
        longest = max(bottom - top, right - left)
        scale = rng.uniform(scales[0], min(scales[1], SIDE / longest))
        h, w = max(1, round((bottom - top) * scale)), max(1, round((right - left) * scale))
        start_top, start_left = int(round((top + bottom - h) / 2)), int(round((left + right - w) / 2))
        dr = int(rng.integers(-start_top, SIDE - h - start_top + 1))
        dc = int(rng.integers(-start_left, SIDE - w - start_left + 1))
        moved[n] = move_digit(grey, scale, (dr, dc)).reshape(-1)
        params[n] = scale, dr, dc
    return moved, params


# ---- reading a drawing ------------------------------------------------------------------
PREPROCESSING = {
    "mnist": N_("MNIST-style: crop, fit in 20×20, centre of mass"),
    "box": N_("crop and fit in 20×20, box in the middle (no centre of mass)"),
    "none": N_("none: the whole pad shrunk to 28×28"),
}


def network_input(image, preprocessing: str = "mnist") -> np.ndarray:
    """The 784 activations handed to the network, by one of the PREPROCESSING methods."""
    if preprocessing == "mnist":
        return preprocess(image, centre=True)
    if preprocessing == "box":
        return preprocess(image, centre=False)
    if preprocessing == "none":
        x = downsample(image)
        if not x.any():
            raise EmptyDrawingError(tr("nothing drawn yet: the image has no ink (every pixel is 0)"))
        return x
    raise ValueError(tr("preprocessing must be one of {choices}, got {got}", choices=sorted(PREPROCESSING),
                        got=repr(preprocessing)))


@dataclass(frozen=True)
class Reading:
    """What the network makes of one drawing.

    activations: every layer's activations [input (784), hidden 1, hidden 2, output (10)].
    """

    activations: list

    @property
    def input(self) -> np.ndarray:
        return self.activations[0]

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    @property
    def ranking(self) -> np.ndarray:
        """The digits from most to least activated output neuron."""
        return np.argsort(-self.output, kind="stable")

    @property
    def guess(self) -> int:
        return int(self.ranking[0])

    @property
    def runner_up(self) -> int:
        return int(self.ranking[1])

    def __repr__(self):
        o = self.output
        return (f"Reading(guess={self.guess} ({o[self.guess]:.2f}), "
                f"runner-up={self.runner_up} ({o[self.runner_up]:.2f}))")


def visible_ink(grey: np.ndarray) -> np.ndarray:
    """The drawing without the faint patches that touch no visible ink (erase traces).

    A pixel at least VISIBLE_INK white is visible ink; so is fainter ink connected to it
    (8-neighbours, through any ink): the soft edge of a stroke. A faint patch that reaches
    no visible pixel is what erasing leaves (see DrawingPad.is_empty): it would stretch the
    box that pre-processing crops to and shrink the real digit into a corner, so it goes.
    """
    ink = grey > 0
    keep = grey >= VISIBLE_INK
    while True:                 # grow the visible ink through the ink it touches, until it stops
        grown = keep.copy()
        grown[1:] |= keep[:-1]
        grown[:-1] |= keep[1:]
        across = grown.copy()
        grown[:, 1:] |= across[:, :-1]
        grown[:, :-1] |= across[:, 1:]
        grown &= ink
        if np.array_equal(grown, keep):
            return np.where(keep, grey, 0.0)
        keep = grown


def read_digit(image, network, preprocessing: str = "mnist") -> Reading:
    """Pre-process a drawing and run it through the network (raises EmptyDrawingError if blank)."""
    return Reading(network.activations(network_input(image, preprocessing)))


# ---- the drawing pad --------------------------------------------------------------------
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
def input_png(x, zoom: int = 6) -> bytes:
    """The 784 activations the network receives as a 28×28 PNG, each pixel a zoom×zoom square."""
    grid = np.round(np.asarray(x, dtype=float).reshape(SIDE, SIDE) * 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(grid).resize((SIDE * zoom, SIDE * zoom), Image.NEAREST).save(buf, format="png")
    return buf.getvalue()


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
    """An Image in a box with class mlp-figure (and an optional caption under it)."""
    image = W.Image(format="png", layout=W.Layout(width=width, max_width="100%"))
    parts = [image] + ([W.HTML(f'<div style="font-size:12px;color:#666;text-align:center">{caption}</div>')]
                       if caption else [])
    box = W.VBox(parts, layout=W.Layout(align_items="center", margin="0 8px 0 0"))
    box.add_class("mlp-figure")
    return image, box


class DigitPad(W.VBox):
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
        self.mode = W.ToggleButtons(options=[(tr("✏ draw"), "draw"), (tr("⌫ erase"), "erase")], value="draw",
                                    style={"button_width": "82px"}, tooltips=[tr("white ink"), tr("paint black")])
        self.brush = W.IntSlider(value=20, min=4, max=40, description=tr("brush"),
                                 style={"description_width": "40px"}, layout=W.Layout(width="210px"))
        self.clear_button = W.Button(description=tr("clear"), icon="trash", layout=W.Layout(width="80px"))
        self.sample = W.Dropdown(options=[NO_SAMPLE] + list(range(10)), value=NO_SAMPLE,
                                 description=tr("put a real digit on the pad"), style={"description_width": "initial"},
                                 layout=W.Layout(width="250px"))
        self.preprocessing = W.Dropdown(options=[(tr(v), k) for k, v in PREPROCESSING.items()], value=preprocessing,
                                        description=tr("pre-processing"), style={"description_width": "110px"},
                                        layout=W.Layout(width="480px"))
        W.link((self.mode, "value"), (self.pad, "mode"))
        W.jslink((self.brush, "value"), (self.pad, "brush"))   # the pad follows the slider in the browser
        self.clear_button.on_click(lambda _: self.pad.clear())
        self.sample.observe(self._on_sample, names="value")

        self.tool = W.HTML()              # what the next stroke will do
        self.tool.add_class("mlp-readout")
        self.readout = W.HTML()           # what the network reads
        self.readout.add_class("mlp-readout")
        self.readout.add_class("mlp-drawing-reading")
        self.error = W.HTML()
        self.error.add_class("mlp-error")
        self.input_image, input_box = _picture("168px", tr("what the network receives (28×28)"))
        self.bars_image, bars_box = _picture(f"{4.6 * LivePictures.DPI:.0f}px")
        self.network_image, network_box = _picture(f"{10.5 * LivePictures.DPI:.0f}px")
        # the input and bars beside the pad, the whole network below it at full width
        self.results = [W.HBox([input_box, bars_box], layout=W.Layout(align_items="flex-start")), network_box]

        controls = W.HBox([self.mode, self.brush, self.clear_button, self.sample],
                          layout=W.Layout(flex_flow="row wrap", align_items="center"))
        left = W.VBox([self.pad, self.tool], layout=W.Layout(margin="0 12px 0 0", flex="0 0 auto",
                                                              width=f"{self.pad.width}px"))
        right = W.VBox([self.readout, self.results[0]])
        super().__init__([controls, W.HBox([left, right], layout=W.Layout(align_items="flex-start")),
                          self.results[1], self.preprocessing, self.error])
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
                self.input_image.value, self.bars_image.value, self.network_image.value = pngs
                self.error.value = ""
            except Exception as err:  # shown in the widget, never lost in a log
                self._last_key = None
                self.error.value = self._error_html(err)
                # the pictures of the last reading stay, marked: they are not of this drawing
                for image in (self.input_image, self.bars_image, self.network_image):
                    if image.value:
                        image.value = not_updated_png(bytes(image.value), tr("see the message below"))
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
    axes[2].add_patch(Rectangle((x0, y0), BOX, BOX, fill=False, ec="#4ea8ff", lw=1.2, ls="--"))
    axes[2].set_xlim(x0 - 0.3, x0 + BOX + 0.3)
    axes[2].set_ylim(y0 + BOX + 0.3, y0 - 0.3)
    for ax, key in ((axes[3], "framed"), (axes[4], "centred")):
        r, c = centre_of_mass(steps[key])
        ax.axhline(CENTRE[0], color="#4ea8ff", lw=0.8)
        ax.axvline(CENTRE[1], color="#4ea8ff", lw=0.8)
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
