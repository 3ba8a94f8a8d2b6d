"""MNIST-style pre-processing: what makes a drawing look like the digits the network learned from.

A digit in MNIST is not a raw scan. Each one went through the same steps, and the network
has only ever seen digits that went through them:

    1. grey-scale      white ink on black, anti-aliased: values 0–1 (0 = black, 1 = white)
    2. crop            cut away the empty border around the ink (its bounding box)
    3. fit in 20×20    scale the ink so its longer side is 20 pixels, keeping the aspect ratio
    4. centre          place it in a 28×28 frame so that its centre of mass sits at pixel (14, 14)

A drawing on the pad is none of that: it is big or small, anywhere on the pad, with thick or
thin strokes. `preprocess` applies the four steps, in plain numpy, so that a drawing reaches
the network looking like the digits it learned from; `read_digit` then reads it. Image maths
only: the pad and its pictures are in `mlp_core.drawing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import N_PIXELS, SIDE
from .i18n import N_, tr

__all__ = [
    "SIDE", "BOX", "CENTRE", "VISIBLE_INK", "EmptyDrawingError", "as_grey", "ink_box", "crop_to_ink", "resize",
    "resample_matrix", "fit_in_box", "centre_of_mass", "shift", "place_in_frame", "centre_by_mass",
    "preprocess", "preprocess_steps", "downsample", "visible_ink", "move_digit", "off_centre",
    "PREPROCESSING", "network_input", "Reading", "read_digit",
]

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
    arr = _grey_or_colour(_in_0_to_1(np.asarray(image)))
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


def _in_0_to_1(arr: np.ndarray) -> np.ndarray:
    """Floats as they are, uint8 divided by 255; any other dtype refused."""
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
    return arr


def _grey_or_colour(arr: np.ndarray) -> np.ndarray:
    """A 2-D grey image as it is; a colour image (height, width, 3 or 4) turned grey; else refused."""
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
    return arr


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
    return (steps["centred"] if centre else steps["framed"]).reshape(N_PIXELS)


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
                f"runner_up={self.runner_up} ({o[self.runner_up]:.2f}))")


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
