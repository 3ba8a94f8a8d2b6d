"""Pictures for the notebooks: plain matplotlib, one function per picture, each returning a Figure.

Colours follow the article:
  * a digit is grey values, 0 = black … 1 = white (the activation is the pixel's brightness);
  * weights are green where positive, red where negative and dark near 0, on a colour
    scale symmetric around 0 (so equal-sized + and − weights look equally bright).

Figures are made with `matplotlib.figure.Figure` rather than `pyplot`, so a notebook cell
that returns one shows it exactly once and nothing piles up in pyplot's list of open
figures. Widgets redraw fast by updating the artists of a figure they keep
(the `update_*` functions) instead of building a new one on every slider move.

Sections (other notebooks append their own section at the end, marked like these):
  colours · digits as pictures · weights as heat maps · weighted sums · sigmoid and bias ·
  network diagram and layer activations (notebooks 02, 06, 07)
"""

from __future__ import annotations

import numpy as np
import matplotlib
import matplotlib.pyplot  # noqa: F401  (registers the notebook's figure display hooks)
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.figure import Figure

from .network import sigmoid

__all__ = [
    "WEIGHT_CMAP", "DIGIT_CMAP", "weight_limit",
    "plot_digit", "plot_digit_grid", "plot_digits", "plot_unrolled", "plot_pixel", "update_pixel",
    "freeze_layout", "plot_weights", "plot_weighted_sum", "plot_region_sums", "update_region_sums",
    "plot_sigmoid", "update_sigmoid", "sigmoid_range", "plot_bias_neuron", "update_bias_neuron",
]

SIDE = 28
N_PIXELS = SIDE * SIDE


def _show_figures_in_notebooks():
    """Let a notebook cell that returns a Figure show it as a picture.

    pyplot's inline backend does this only once pyplot has made a figure itself; our
    figures are made without pyplot, so we register the same PNG display for them here.
    """
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    try:
        png.lookup_by_type(Figure)        # the inline backend got there first: keep its settings
    except KeyError:
        png.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))


_show_figures_in_notebooks()


# ==== colours ==============================================================================

#: The article's weight colours: red (negative) → black (0) → green (positive).
#: The two ends have the same lightness so + and − of the same size look equally strong;
#: the green leans a little to blue and the red to orange, which helps red-green colour-blind
#: viewers tell them apart, and both stay bright enough to read on a classroom projector.
WEIGHT_CMAP = LinearSegmentedColormap.from_list(
    "mlp_weights",
    [(0.0, "#ff5a36"), (0.25, "#a3301a"), (0.5, "#000000"), (0.75, "#1a8f55"), (1.0, "#3cf08a")],
).with_extremes(bad="#808080")

#: Digits: 0 = black, 1 = white, as in the article.
DIGIT_CMAP = matplotlib.colormaps["gray"]

#: How strongly a neuron is on, for markers on a white background: light grey (0) → orange (1).
ON_CMAP = LinearSegmentedColormap.from_list("mlp_on", ["#ececec", "#ffc266", "#ff8c00"])
ON_COLOR = "#ff8c00"


def weight_limit(weights) -> float:
    """The colour scale's half-width: the largest |weight| (1 if all are 0), so 0 sits in the middle."""
    w = np.asarray(weights, dtype=float)
    m = float(np.max(np.abs(w))) if w.size else 0.0
    return m if m > 0 else 1.0


# ==== checking what we are given ===========================================================

def as_image(x, what: str = "image") -> np.ndarray:
    """x as a 28×28 float grid, from 784 values or a 28×28 array; a clear error otherwise."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{what}: expected 784 numbers or a 28×28 array, got {type(x).__name__}")
    a = np.asarray(x)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise TypeError(f"{what}: expected numbers, got dtype {a.dtype}")
    a = a.astype(float)
    if a.shape == (N_PIXELS,):
        a = a.reshape(SIDE, SIDE)
    elif a.shape != (SIDE, SIDE):
        raise ValueError(f"{what}: expected 784 values or a 28×28 grid, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what}: contains NaN or infinite values")
    return a


def _as_activations(x, what: str = "digit") -> np.ndarray:
    a = as_image(x, what)
    if a.min() < 0 or a.max() > 1:
        hint = " Divide a 0–255 image by 255." if a.max() <= 255 and a.min() >= 0 else ""
        raise ValueError(f"{what}: activations must lie in [0, 1] (0 = black, 1 = white), "
                         f"got values from {a.min():g} to {a.max():g}.{hint}")
    return a


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])


# ==== digits as pictures (notebook 01) =====================================================

def plot_digit(x, label=None, ax=None, title=None, figsize=(2.6, 2.8)):
    """One digit as a small grey picture (0 = black, 1 = white)."""
    a = _as_activations(x)
    fig = ax.figure if ax is not None else Figure(figsize=figsize, layout="constrained")
    ax = ax if ax is not None else fig.add_subplot()
    ax.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    _bare(ax)
    if title is None and label is not None:
        title = f"a {label}"
    if title:
        ax.set_title(title, fontsize=12)
    return fig


def plot_digits(images, labels=None, titles=None, ncols=None, size=1.5, fontsize=12, highlight=None):
    """Several digits side by side (in rows of `ncols`), each titled by its label.

    highlight: optional list of booleans; highlighted digits get a bright frame.
    """
    images = np.asarray(images)
    if images.ndim == 1 or images.shape == (SIDE, SIDE):
        images = images[None]
    n = len(images)
    if n == 0:
        raise ValueError("plot_digits needs at least one image")
    if titles is None:
        titles = [str(l) for l in labels] if labels is not None else [""] * n
    if len(titles) != n:
        raise ValueError(f"got {n} images but {len(titles)} labels/titles")
    ncols = min(n, ncols or 10)
    nrows = -(-n // ncols)
    fig = Figure(figsize=(size * ncols, (size + 0.3) * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for i, ax in enumerate(axes):
        if i >= n:
            ax.set_axis_off()
            continue
        ax.imshow(_as_activations(images[i], f"image {i}"), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                  interpolation="nearest")
        _bare(ax)
        ax.set_title(titles[i], fontsize=fontsize)
        if highlight is not None and highlight[i]:
            for spine in ax.spines.values():
                spine.set_edgecolor("#ffb000")
                spine.set_linewidth(4)
    return fig


def plot_digit_grid(x, label=None, rows=(0, SIDE), cols=(0, SIDE), pixel=None, ax=None,
                    cell_inches=0.34, fontsize=None):
    """A digit as its grid of grey values, each cell showing its activation (0 black … 1 white).

    rows, cols: the half-open ranges to show (e.g. rows=(4, 24) to zoom in); the axes are
    labelled with the real row and column numbers. pixel=(row, col) outlines one cell.
    Values print as 0, 1 or two decimals (".37"); text is black on bright cells, white on dark.
    """
    a = _as_activations(x)
    (r0, r1), (c0, c1) = _check_range(rows, "rows"), _check_range(cols, "cols")
    part = a[r0:r1, c0:c1]
    h, w = part.shape
    if ax is None:     # 784 printed numbers: a 256-colour PNG looks the same at a fifth of the size
        fig = CompactFigure(figsize=(w * cell_inches + 0.8, h * cell_inches + 0.8), layout="constrained")
        ax = fig.add_subplot()
    fig = ax.figure
    ax.imshow(part, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest",
              extent=(c0 - 0.5, c1 - 0.5, r1 - 0.5, r0 - 0.5))
    fontsize = fontsize or max(5.0, cell_inches * 72 * 0.36)
    for i in range(h):
        for j in range(w):
            v = part[i, j]
            ax.text(c0 + j, r0 + i, _short(v), ha="center", va="center", fontsize=fontsize,
                    color="black" if v > 0.5 else ("#9a9a9a" if v == 0 else "white"))
    every = 1 if cell_inches >= 0.3 else 2       # number every row and column when there is room
    ax.set_xticks(range(c0, c1, every if w > 14 else 1))
    ax.set_yticks(range(r0, r1, every if h > 14 else 1))
    ax.tick_params(labelsize=8, length=2)
    ax.set_xlabel("column", fontsize=9)
    ax.set_ylabel("row", fontsize=9)
    if pixel is not None:
        r, c = pixel
        _outline_cell(ax, r, c)
    if label is not None:
        ax.set_title(f"a {label}: {h}×{w} grey values (0 = black, 1 = white)", fontsize=11)
    return fig


def _short(v: float) -> str:
    if v == 0:
        return "0"
    if v == 1:
        return "1"
    s = f"{v:.2f}"
    return "1" if s == "1.00" else s[1:]   # ".37": the leading 0 only crowds the cell


def _outline_cell(ax, r, c, color="#ff2e88", lw=3):
    from matplotlib.patches import Rectangle
    patch = Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=color, linewidth=lw, zorder=5)
    ax.add_patch(patch)
    return patch


def _check_range(rng, what):
    try:
        lo, hi = (int(v) for v in rng)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected (start, stop) with 0 ≤ start < stop ≤ 28, got {rng!r}") from None
    if not 0 <= lo < hi <= SIDE:
        raise ValueError(f"{what}: expected (start, stop) with 0 ≤ start < stop ≤ 28, got {rng!r}")
    return lo, hi


def plot_pixel(x, pixel, label=None, window=7, figsize=(8.4, 4.0)):
    """One pixel of a digit: where it is (left) and its neighbourhood's grey values (right).

    Left: the whole digit with the pixel outlined. Right: the `window`×`window` cells around
    it with their activations printed. `update_pixel(fig, x, pixel, label)` redraws in place.
    """
    fig = Figure(figsize=figsize, layout="constrained")
    ax_img, ax_zoom = fig.subplots(1, 2, width_ratios=[1, 1])
    blank = np.zeros((SIDE, SIDE))
    img = ax_img.imshow(blank, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    _bare(ax_img)
    title = ax_img.set_title(" ", fontsize=12)
    box = _outline_cell(ax_img, 0, 0, lw=2.5)
    zoom_box = _outline_cell(ax_img, 0, 0, color="#ffb000", lw=1.5)
    zoom = ax_zoom.imshow(np.zeros((window, window)), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                          interpolation="nearest", extent=(-0.5, window - 0.5, window - 0.5, -0.5))
    texts = [[ax_zoom.text(j, i, "", ha="center", va="center", fontsize=12) for j in range(window)]
             for i in range(window)]
    centre = _outline_cell(ax_zoom, 0, 0, lw=4)
    ax_zoom.set_xticks(range(window))
    ax_zoom.set_yticks(range(window))
    ax_zoom.tick_params(labelsize=10, length=2)
    ax_zoom.set_xlabel("column", fontsize=10)
    ax_zoom.set_ylabel("row", fontsize=10)
    zoom_title = ax_zoom.set_title(" ", fontsize=12)
    for spine in ax_zoom.spines.values():
        spine.set_edgecolor("#ffb000")
        spine.set_linewidth(2)
    fig.mlp_parts = dict(img=img, title=title, box=box, zoom_box=zoom_box, zoom=zoom, texts=texts,
                         centre=centre, ax_zoom=ax_zoom, zoom_title=zoom_title, window=window)
    update_pixel(fig, x, pixel, label)
    return freeze_layout(fig)


def update_pixel(fig, x, pixel, label=None):
    """Show digit x and pixel (row, col) on a `plot_pixel` figure; returns the pixel's activation."""
    p = fig.mlp_parts
    a = _as_activations(x)
    r, c = _check_pixel(pixel)
    k = p["window"]
    r0 = min(max(r - k // 2, 0), SIDE - k)      # the window stays inside the image
    c0 = min(max(c - k // 2, 0), SIDE - k)
    part = a[r0:r0 + k, c0:c0 + k]
    p["img"].set_data(a)
    p["title"].set_text(("a " + str(label) + ": " if label is not None else "") + f"pixel (row {r}, column {c})")
    p["box"].set_xy((c - 0.5, r - 0.5))
    p["zoom_box"].set_xy((c0 - 0.5, r0 - 0.5))
    p["zoom_box"].set_width(k)
    p["zoom_box"].set_height(k)
    p["zoom"].set_data(part)
    for i in range(k):
        for j in range(k):
            v = part[i, j]
            t = p["texts"][i][j]
            t.set_text(f"{v:.2f}")
            t.set_color("black" if v > 0.5 else "white")
            t.set_fontweight("bold" if (r0 + i, c0 + j) == (r, c) else "normal")
    p["centre"].set_xy((c - c0 - 0.5, r - r0 - 0.5))
    ax = p["ax_zoom"]
    ax.set_xticks(range(k), [str(c0 + j) for j in range(k)])
    ax.set_yticks(range(k), [str(r0 + i) for i in range(k)])
    p["zoom_title"].set_text(f"activation of the pixel: {a[r, c]:.2f}")
    return float(a[r, c])


def _check_pixel(pixel):
    try:
        r, c = (int(v) for v in pixel)
    except (TypeError, ValueError):
        raise TypeError(f"pixel: expected (row, column), two whole numbers 0–27, got {pixel!r}") from None
    if not (0 <= r < SIDE and 0 <= c < SIDE):
        raise ValueError(f"pixel: row and column must be between 0 and 27, got (row {r}, column {c})")
    return r, c


def plot_unrolled(x, label=None, row=None, zoom=12, figsize=(9, 6.5)):
    """The digit unrolled into the 784-long column the network sees.

    Left: the 28×28 picture. Middle: all 784 activations in one column, row 0 on top, then
    row 1, …; row `row` (by default the one with the most ink) is marked on both. Right:
    `zoom` neurons of that row drawn as circles with their activation printed.
    """
    a = _as_activations(x)
    column = a.reshape(N_PIXELS)
    if row is None:
        row = int(np.argmax(a.sum(axis=1)))
    if not 0 <= int(row) < SIDE:
        raise ValueError(f"row must be between 0 and 27, got {row}")
    row = int(row)
    fig = CompactFigure(figsize=figsize, layout="constrained")
    gs = fig.add_gridspec(1, 3, width_ratios=[3.2, 1.1, 2.2])
    ax_img, ax_col, ax_zoom = fig.add_subplot(gs[0]), fig.add_subplot(gs[1]), fig.add_subplot(gs[2])

    ax_img.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    _bare(ax_img)
    from matplotlib.patches import Rectangle
    ax_img.add_patch(Rectangle((-0.5, row - 0.5), SIDE, 1, fill=False, edgecolor="#ff2e88", lw=2.5))
    ax_img.set_title(("a " + str(label) + ": " if label is not None else "") + "28 × 28 pixels", fontsize=12)
    ax_img.set_xlabel(f"row {row} is marked in pink", fontsize=10)

    # the column: 784 tall, drawn 40 px wide so it can be seen
    ax_col.imshow(column[:, None], cmap=DIGIT_CMAP, vmin=0, vmax=1, aspect="auto",
                  interpolation="nearest", extent=(0, 1, N_PIXELS - 0.5, -0.5))
    ax_col.set_xticks([])
    ax_col.set_yticks([0, 196, 392, 588, 783])
    ax_col.tick_params(labelsize=9)
    ax_col.set_ylabel("neuron number (0–783)", fontsize=10)
    ax_col.add_patch(Rectangle((-0.15, row * SIDE - 0.5), 1.3, SIDE, fill=False, edgecolor="#ff2e88",
                               lw=2.5, clip_on=False))
    ax_col.set_title("784 activations\nin one column", fontsize=11)

    # a zoom into the marked row: neurons as circles filled with their brightness
    first = row * SIDE + max(0, min(SIDE - zoom, int(np.argmax(a[row])) - zoom // 2))
    idx = np.arange(first, first + zoom)
    ax_zoom.scatter(np.zeros(zoom), idx, s=620, c=column[idx], cmap=DIGIT_CMAP, vmin=0, vmax=1,
                    edgecolors="#ff2e88", linewidths=1.5)
    for i in idx:
        ax_zoom.text(0.09, i, f"neuron {i}:  {column[i]:.2f}", va="center", fontsize=10)
    ax_zoom.set_xlim(-0.08, 0.55)
    ax_zoom.set_ylim(first + zoom - 0.4, first - 0.6)
    ax_zoom.set_axis_off()
    ax_zoom.set_title(f"zoom: neurons {first}–{first + zoom - 1}\n(row {row}, columns "
                      f"{first - row * SIDE}–{first - row * SIDE + zoom - 1})", fontsize=11)
    return fig


# ==== weights as heat maps (notebooks 03, 05) ==============================================

def plot_weights(weights, ax=None, title=None, limit=None, colorbar=True, figsize=(4.6, 3.9),
                 values=False, colorbar_label="weight  (red −, green +)"):
    """784 weights of one neuron as a 28×28 heat map: green positive, red negative, dark ≈ 0.

    The colour scale is symmetric around 0 (from −limit to +limit, by default the largest
    |weight|), so black always means 0, and a colour bar shows the numbers.
    values=True also prints each weight on its cell (for small, hand-made weights).
    """
    w = as_image(weights, "weights")
    limit = weight_limit(w) if limit is None else float(limit)
    if not limit > 0:
        raise ValueError(f"limit must be a positive number, got {limit}")
    fig = ax.figure if ax is not None else Figure(figsize=figsize, layout="constrained")
    ax = ax if ax is not None else fig.add_subplot()
    im = ax.imshow(w, cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit, interpolation="nearest")
    _bare(ax)
    ax.set_facecolor("black")
    if title:
        ax.set_title(title, fontsize=12)
    if values:
        for (i, j), v in np.ndenumerate(w):
            if v != 0:
                ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=6, color="white")
    if colorbar:
        cb = fig.colorbar(im, ax=ax, fraction=0.06, pad=0.03)
        cb.set_ticks([-limit, -limit / 2, 0, limit / 2, limit])
        cb.ax.tick_params(labelsize=9)
        cb.set_label(colorbar_label, fontsize=9)
    ax.mlp_image = im
    return fig


# ==== weighted sums (notebooks 03, 05) ======================================================

def _overlay(weights) -> np.ndarray:
    """An RGBA layer that tints a digit green where the weight is positive, red where negative."""
    w = as_image(weights, "weights")
    limit = weight_limit(w)
    rgba = np.zeros((SIDE, SIDE, 4))
    rgba[..., :3] = WEIGHT_CMAP(0.5 + 0.5 * np.sign(w))[..., :3]
    rgba[..., 3] = 0.55 * np.abs(w) / limit
    return rgba


def _mosaic(images, ncols, gap=4, row_gap=None):
    """Digits in one array, in rows of `ncols`, NaN (drawn white) between them (`gap` columns
    between digits, `row_gap` rows between rows of digits; default the same).

    One image for many digits: a widget redraws one picture instead of one per digit.
    Returns (array, [(x0, y0) of each digit's top-left cell]).
    """
    n = len(images)
    nrows = -(-n // ncols)
    row_gap = gap if row_gap is None else row_gap
    out = np.full((nrows * SIDE + (nrows - 1) * row_gap, ncols * SIDE + (ncols - 1) * gap), np.nan)
    origins = []
    for i, img in enumerate(images):
        y0, x0 = (i // ncols) * (SIDE + row_gap), (i % ncols) * (SIDE + gap)
        out[y0:y0 + SIDE, x0:x0 + SIDE] = _as_activations(img, f"image {i}")
        origins.append((x0, y0))
    return out, origins


def _tile(layer, shape, origins):
    """Copy a 28×28(×k) layer onto every digit of a mosaic of `shape` (transparent elsewhere)."""
    out = np.zeros(shape + layer.shape[2:])
    for x0, y0 in origins:
        out[y0:y0 + SIDE, x0:x0 + SIDE] = layer
    return out


#: The digit colours with the gaps of a mosaic drawn white, like the page around them.
_MOSAIC_CMAP = DIGIT_CMAP.with_extremes(bad="white")


def plot_weighted_sum(weights, x, label=None, figsize=(10, 3.6)):
    """The weighted sum of one digit, in three pictures: activations a, weights w, products w·a.

    The weighted sum w₁a₁ + … + w₇₈₄a₇₈₄ is the total of the third picture: only pixels that
    are bright AND carry a weight contribute.
    """
    a = _as_activations(x)
    w = as_image(weights, "weights")
    products = w * a
    total = float(products.sum())
    fig = Figure(figsize=figsize, layout="constrained")
    ax_a, ax_w, ax_p = fig.subplots(1, 3)
    ax_a.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    _bare(ax_a)
    ax_a.set_title(("a " + str(label) + ": " if label is not None else "") + "activations a", fontsize=12)
    limit = weight_limit(w)
    plot_weights(w, ax=ax_w, title="weights w", limit=limit)
    plot_weights(products, ax=ax_p, title=f"w·a, pixel by pixel\nsum = weighted sum = {total:.2f}",
                 limit=limit, colorbar_label="w·a  (red −, green +)")
    return fig


def freeze_layout(fig):
    """Lay the figure out once, then keep the axes where they are.

    Constrained layout is re-solved on every draw, which costs more than the drawing itself;
    a widget figure whose parts only change their data can skip it after the first draw.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


def _images_with_labels(images, labels) -> np.ndarray:
    """images as a float array (n, 784), after checking there is one label per image."""
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] != N_PIXELS:
        raise ValueError(f"images: expected shape (n, 784), got {images.shape}")
    if len(labels) != len(images):
        raise ValueError(f"got {len(images)} images but {len(labels)} labels")
    return images


def plot_region_sums(weights, images, labels, figsize=(11, 5.2)):
    """The painted-weights neuron looking at several digits (the widget of notebook 03).

    Top left: the weights as a heat map. Top right: each digit's weighted sum Σ w·a as a
    bar. Bottom: the digits with the weights laid over them (green tint = positive weight,
    red = negative), so you can see which bright pixels count.
    `update_region_sums(fig, weights)` changes the weights in place (fast, for widgets).
    """
    images = _images_with_labels(images, labels)
    n = len(images)
    fig = Figure(figsize=figsize, layout="constrained")
    outer = fig.add_gridspec(2, 1, height_ratios=[2.3, 1])
    top = outer[0].subgridspec(1, 2, width_ratios=[1, 2.2])
    ax_w = fig.add_subplot(top[0])
    ax_bar = fig.add_subplot(top[1])
    ax_digits = fig.add_subplot(outer[1])

    plot_weights(weights, ax=ax_w, title="weights of the neuron", limit=1.0)
    mosaic, origins = _mosaic(images, ncols=n)
    ax_digits.imshow(mosaic, cmap=_MOSAIC_CMAP, vmin=0, vmax=1, interpolation="nearest")
    overlay = ax_digits.imshow(_tile(_overlay(weights), mosaic.shape, origins), interpolation="nearest")
    ax_digits.set_axis_off()   # no ticks or spines to draw: keeps the widget's redraw fast
    for (x0, _), lab in zip(origins, labels):
        ax_digits.text(x0 + SIDE / 2 - 0.5, SIDE + 0.5, str(lab), ha="center", va="top", fontsize=12)
    bars = ax_bar.bar(range(n), np.zeros(n), color="#3cf08a", edgecolor="black", width=0.65)
    ax_bar.axhline(0, color="black", lw=1)
    ax_bar.set_xticks(range(n), [str(l) for l in labels], fontsize=12)
    ax_bar.set_xlim(-0.5, n - 0.5)
    ax_bar.set_xlabel("digit", fontsize=10)
    ax_bar.set_title("weighted sum  Σ w·a  of each digit below", fontsize=12)
    ax_bar.set_yticks([])      # the sums are printed on the bars; a moving y scale costs redraw time
    for side in ("left", "right", "top"):
        ax_bar.spines[side].set_visible(False)
    sums_text = [ax_bar.annotate("", (i, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                                 fontsize=11, fontweight="bold") for i in range(n)]
    fig.mlp_parts = dict(weight_image=ax_w.mlp_image, overlay=overlay, origins=origins, mosaic_shape=mosaic.shape,
                         bars=bars, ax_bar=ax_bar, sums_text=sums_text, images=images)
    update_region_sums(fig, weights)
    return freeze_layout(fig)


def update_region_sums(fig, weights):
    """Show new weights on a figure made by `plot_region_sums`; returns the weighted sums."""
    parts = fig.mlp_parts
    w = as_image(weights, "weights")
    sums = parts["images"] @ w.reshape(N_PIXELS)
    limit = weight_limit(w)
    parts["weight_image"].set_data(w)
    parts["weight_image"].set_clim(-limit, limit)
    parts["overlay"].set_data(_tile(_overlay(w), parts["mosaic_shape"], parts["origins"]))
    hi, lo = max(0.0, float(sums.max())), min(0.0, float(sums.min()))
    pad = 0.15 * max(hi - lo, 1.0)
    for bar, text, s in zip(parts["bars"], parts["sums_text"], sums):
        bar.set_height(s)
        bar.set_facecolor("#3cf08a" if s >= 0 else "#ff5a36")
        text.set_text(f"{s:.1f}")
        text.xy = (text.xy[0], s)
        text.set_position((0, 3 if s >= 0 else -3))     # points above (below) the bar's end
        text.set_va("bottom" if s >= 0 else "top")
    parts["ax_bar"].set_ylim(lo - (pad if lo < 0 else 0), hi + pad)
    return sums


# ==== sigmoid and bias (notebooks 04, 05) ===================================================

def _fmt_activation(v: float) -> str:
    """σ values for people: 4 decimals, or scientific notation when they hug 0 or 1."""
    if v == 0 or v == 1:   # the true value is within e^-745 of it: too close for a float
        return f"≈ {v:.0f}"
    if v < 1e-4:
        return f"{v:.2e}"
    if v > 1 - 1e-4:
        return f"1 − {1 - v:.1e}"
    return f"{v:.4f}"


def sigmoid_range(z) -> float:
    """Half-width of the z axis that shows both the curve's bend and the point z."""
    return max(10.0, 1.15 * abs(float(z)))


def plot_sigmoid(z=0.0, step=True, figsize=(7.5, 3.8)):
    """The sigmoid σ(z) = 1/(1+e^(−z)) with a point at z, and (dashed) the hard step for comparison.

    The z axis widens to include z, so at z = ±1000 you see how, from far away, the
    sigmoid looks just like the step. Use `update_sigmoid(fig, z)` to move the point.
    """
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    curve, = ax.plot([], [], color="#1f5fbf", lw=3, label="sigmoid σ(z)")
    step_line, = ax.plot([], [], color="#888888", lw=2, ls="--", label="hard step (0 below 0, 1 above)")
    step_line.set_visible(bool(step))
    point, = ax.plot([], [], "o", ms=13, color="#ff2e88", mec="black", zorder=5)
    guide, = ax.plot([], [], ":", color="#ff2e88", lw=1.5)
    label = ax.text(0, 0, "", fontsize=12, fontweight="bold", color="#b0005a", va="center")
    ax.axhline(0, color="black", lw=0.8)
    ax.axhline(1, color="black", lw=0.8, alpha=0.4)
    ax.axvline(0, color="black", lw=0.8, alpha=0.4)
    ax.set_ylim(-0.08, 1.12)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("z  (the weighted sum)", fontsize=11)
    ax.set_ylabel("activation σ(z)", fontsize=11)
    ax.tick_params(labelsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=10, framealpha=0.9)
    fig.mlp_parts = dict(ax=ax, curve=curve, step=step_line, point=point, guide=guide, label=label)
    update_sigmoid(fig, z)
    return freeze_layout(fig)


def update_sigmoid(fig, z):
    """Move the point of a `plot_sigmoid` figure to z; returns σ(z)."""
    z = _finite_number(z, "z")
    p = fig.mlp_parts
    half = sigmoid_range(z)
    zs = np.linspace(-half, half, 801)
    p["curve"].set_data(zs, sigmoid(zs))
    p["step"].set_data([-half, 0, 0, half], [0, 0, 1, 1])
    s = float(sigmoid(z))
    p["point"].set_data([z], [s])
    p["guide"].set_data([z, z, -half], [0, s, s])
    right_side = z < 0.55 * half
    p["label"].set_position((z + (0.04 if right_side else -0.04) * half, s - 0.06 if s > 0.5 else s + 0.07))
    p["label"].set_ha("left" if right_side else "right")
    p["label"].set_text(f"σ({z:g}) = {_fmt_activation(s)}")
    p["ax"].set_xlim(-half, half)
    return s


def _finite_number(v, what):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number, got {type(v).__name__} {v!r}")
    v = float(v)
    if not np.isfinite(v):
        raise ValueError(f"{what} must be a finite number, got {v}")
    return v


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
    images = _images_with_labels(images, labels)
    n = len(images)
    ncols = -(-n // 2)
    fig = Figure(figsize=figsize, layout="constrained")
    outer = fig.add_gridspec(1, 2, width_ratios=[1.25, 1])
    left = outer[0].subgridspec(2, 1, height_ratios=[1, 1.5])
    ax = fig.add_subplot(left[0])
    ax_strip = fig.add_subplot(left[1], sharex=ax)
    ax_digits = fig.add_subplot(outer[1])

    curve, = ax.plot([], [], color="#1f5fbf", lw=3, label="activation σ(z + b)")
    points = ax.scatter(np.zeros(n), np.zeros(n), s=60, c=np.zeros(n), cmap=ON_CMAP, vmin=0, vmax=1,
                        edgecolors="black", linewidths=1, zorder=5)
    thresholds = [a.axvline(0, color="#ff2e88", lw=2, ls="--") for a in (ax, ax_strip)]
    threshold_text = ax.text(0, 1.02, "", color="#c0005a", fontsize=10, fontweight="bold",
                             transform=ax.get_xaxis_transform(), va="bottom", ha="center")
    ax.text(0.99, 0.3, "activation σ(z + b)", color="#1f5fbf", fontsize=11, fontweight="bold",
            transform=ax.transAxes, ha="right", va="center", zorder=4,   # plain text: a legend
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85))  # costs more per redraw
    ax.axhline(0.5, color="black", lw=0.8, alpha=0.4)
    ax.set_ylim(-0.08, 1.1)
    ax.set_yticks([0, 0.5, 1])
    ax.set_ylabel("activation", fontsize=11)
    ax.tick_params(labelsize=10, labelbottom=False)
    ax.grid(alpha=0.3)

    dots = ax_strip.scatter(np.zeros(n), np.arange(n), s=150, c=np.zeros(n), cmap=ON_CMAP, vmin=0, vmax=1,
                            edgecolors="black", linewidths=1.2, zorder=5)
    values = [ax_strip.text(0, i, "", fontsize=10, va="center") for i in range(n)]
    ax_strip.set_yticks(range(n), [str(l) for l in labels], fontsize=11)
    ax_strip.set_ylim(n - 0.4, -0.6)
    ax_strip.set_ylabel("digit", fontsize=11)
    ax_strip.set_xlabel("weighted sum z = w·a", fontsize=11)
    ax_strip.tick_params(axis="x", labelsize=10)
    ax_strip.grid(axis="x", alpha=0.3)

    from matplotlib.patches import Rectangle
    row_gap = 16                 # room above each digit for its "ON"/"off" title
    mosaic, origins = _mosaic(images, ncols=ncols, gap=6, row_gap=row_gap)
    ax_digits.imshow(mosaic, cmap=_MOSAIC_CMAP, vmin=0, vmax=1, interpolation="nearest")
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
    b = _finite_number(bias, "bias")
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
    p["threshold_text"].set_text(f"threshold −b = {-b:g}")
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
        title.set_text(f"{lab}: {'ON' if on else 'off'}")
        title.set_color("#c05800" if on else "#555555")
        title.set_fontweight("bold" if on else "normal")
    return z, act


# ==== network diagram and layer activations (notebooks 02, 06, 07: engineer B) ============

# Engineer B's section: the 784-16-16-10 picture (3Blue1Brown-style), layer activations as
# bars, digits split into parts, the first layer's weights, and the matrix form W a + b.
#
# The diagram is a class that keeps its artists, so a widget (or the drawing pad of notebook
# 08) can re-shade it for a new image or an edited network in a few tens of milliseconds:
#     view = NetworkDiagram(net, image);  view.fig            # the Figure
#     view.update(other_image)                                 # re-shade, same figure
#     png = view.png()                                         # fast PNG for a widget

import io

from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

__all__ += ["NetworkDiagram", "plot_network", "draw_network", "LayerBars", "plot_layer_bars", "plot_edit",
            "plot_mean_activations",
            "EditView", "digit_parts", "plot_digit_parts", "plot_first_layer_weights",
            "MatrixForm", "plot_matrix_form", "update_matrix_form", "robust_limit", "CompactFigure",
            "PREDICTION_COLOUR"]

#: Dark background: a neuron's brightness is its activation, as in the article and the video.
DIAGRAM_BG = "#111111"
DIAGRAM_TEXT = "#e6e6e6"
#: The prediction (brightest output neuron) and edited neurons are marked in amber.
PREDICTION_COLOUR = "#ffb000"
EDIT_COLOUR = "#4ea8ff"
ROW_COLOUR = "#ff2e88"        # the pink A's plot_unrolled uses for "this row of the picture"
MAX_DRAWN_NEURONS = 40        # wider layers cannot be told apart on a projector


def _png_256(fig, **savefig_kwargs) -> bytes:
    """The figure as a 256-colour PNG: looks the same here, and is about 4× smaller."""
    from PIL import Image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=fig.get_facecolor(), **savefig_kwargs)
    picture = Image.open(buf).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    picture.save(out, format="png", optimize=True)
    return out.getvalue()


class CompactFigure(Figure):
    """A Figure that a notebook shows as a 256-colour PNG (cropped like any inline figure).

    The network pictures are mostly thousands of faint anti-aliased lines, which full-colour
    PNG compresses badly (≈ 300 kB each); in 256 colours they look the same at ≈ 70 kB, so the
    notebooks stored with their outputs stay light enough to read on GitHub.
    """


def _show_compact_figures_in_notebooks():
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:      # a printer for the subclass wins over pyplot's one for Figure
        shell.display_formatter.formatters["image/png"].for_type(
            CompactFigure, lambda fig: _png_256(fig, bbox_inches="tight"))


_show_compact_figures_in_notebooks()


class _Blitter:
    """Renders a figure to PNG fast when only a few of its artists change.

    The first call draws everything except the `dynamic` artists and keeps that picture;
    later calls paste it back, draw only the dynamic artists on top and encode the pixels
    as a fast, small PNG. About 3× faster than savefig for the network diagram.
    """

    def __init__(self, fig, dynamic):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        self.fig, self.dynamic = fig, list(dynamic)
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self.background = None

    def png(self) -> bytes:
        from PIL import Image
        if self.background is None:
            shown = [a.get_visible() for a in self.dynamic]
            for a in self.dynamic:
                a.set_visible(False)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
            for a, v in zip(self.dynamic, shown):
                a.set_visible(v)
        self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()
        for a in sorted(self.dynamic, key=lambda a: a.get_zorder()):
            if a.get_visible():
                a.draw(renderer)
        # 256 colours are plenty for these pictures and make the PNG 4× smaller (≈ 70 kB)
        picture = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        buf = io.BytesIO()
        picture.quantize(256, method=Image.Quantize.FASTOCTREE).save(buf, format="png", compress_level=3)
        return buf.getvalue()


def _as_network_input(net, image):
    a = _as_activations(image)          # 784 values or 28×28 grid, in [0, 1]
    if net.sizes[0] != N_PIXELS:
        raise ValueError(f"the diagram draws networks whose input is a 28×28 digit (784 neurons); "
                         f"this one has sizes {net.sizes}")
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
        _, x = _as_network_input(net, image)
        if any(n > MAX_DRAWN_NEURONS for n in net.sizes[1:]):
            raise ValueError(f"layers wider than {MAX_DRAWN_NEURONS} neurons can't be drawn legibly; "
                             f"this network has sizes {net.sizes}")
        if not 0 <= int(input_row) < SIDE:
            raise ValueError(f"input_row must be between 0 and 27, got {input_row}")
        c0, c1 = _check_range(input_cols, "input_cols")
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
        sizes = [(0.8 * s * pts) ** 2 for s in steps]      # scatter size = diameter² in points²
        self._sizes = sizes

        # the digit, and the row of it shown as the input column
        left, bottom, side = 0.15, 2.15, 2.2
        self.picture = ax.imshow(np.zeros((SIDE, SIDE)), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                                 extent=(left, left + side, bottom, bottom + side),
                                 interpolation="nearest", zorder=2)
        frame = ax.add_patch(Rectangle((left, bottom), side, side, fill=False, ec="#777777", lw=1, zorder=3))
        cell = side / SIDE
        row_y = bottom + side - (self.input_row + 1) * cell
        row_box = ax.add_patch(Rectangle((left + c0 * cell, row_y), (c1 - c0) * cell, cell, fill=False,
                                         ec=ROW_COLOUR, lw=1.8, zorder=4))
        x0, top, low = self.xs[0] - 0.2, self.ys[0][0], self.ys[0][-1]
        zoom = (ax.plot([left + c1 * cell, x0], [row_y + cell, top + 0.05], color=ROW_COLOUR, lw=0.9, alpha=0.7)
                + ax.plot([left + c1 * cell, x0], [row_y, low - 0.05], color=ROW_COLOUR, lw=0.9, alpha=0.7))
        for y, va in ((top + 0.12, "bottom"), (low - 0.12, "top")):
            ax.text(self.xs[0], y, "⋮", color="#aaaaaa", ha="center", va=va, fontsize=14)
        ax.text(left + side / 2, bottom - 0.15,
                f"the image: 784 pixels\n= 784 input neurons\n(pink: {c1 - c0} pixels of\n"
                f"row {self.input_row}, as circles)", color=DIAGRAM_TEXT, ha="center", va="top", fontsize=10)

        # connections: faint, one LineCollection per pair of layers
        for l in range(n_layers - 1):
            segs = [((self.xs[l], y0), (self.xs[l + 1], y1)) for y1 in self.ys[l + 1] for y0 in self.ys[l]]
            ax.add_collection(LineCollection(segs, colors="#a0a0a0", linewidths=0.5, alpha=0.22, zorder=1))
        self._edit_lines = ax.add_collection(LineCollection([], colors=EDIT_COLOUR, linewidths=0.9,
                                                            alpha=0.8, zorder=1.5))

        # neurons: one scatter per layer, recoloured by set_array on update
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
        names = (["input layer\n784 neurons"]
                 + [f"hidden layer {l}\n{n} neurons" for l, n in enumerate(net.sizes[1:-1], start=1)]
                 + [f"output layer\n{net.sizes[-1]} neurons"])
        for x_, name in zip(self.xs, names):
            ax.text(x_, 0.42, name, color=DIAGRAM_TEXT, ha="center", va="center", fontsize=10.5)
        self.title = ax.text(5.6, 5.4, "", color="white", ha="center", va="center", fontsize=14) if title else None
        self.highlight = None
        self.set_highlight(highlight)
        # everything drawn over the digit is redrawn with it, so the fast PNG keeps it on top
        self.dynamic = [self.picture, frame, row_box, *zoom, self._edit_lines, *self.dots, *self.out_labels, self.ring,
                        self.edit_ring] + ([self.title] if self.title is not None else [])
        self._blitter = None
        self.update(x)

    def png(self) -> bytes:
        """The current picture as PNG bytes, fast (only the neurons are redrawn)."""
        if self._blitter is None:
            self._blitter = _Blitter(self.fig, self.dynamic)
        return self._blitter.png()

    def set_highlight(self, highlight):
        """Ring neuron `n` of layer `l` (highlight=(l, n), l ≥ 1) and draw its incoming lines; None clears."""
        if highlight is None:
            self.edit_ring.set_offsets(np.empty((0, 2)))
            self._edit_lines.set_segments([])
            self.highlight = None
            return
        l, n = _check_neuron(self.net, highlight)
        y = self.ys[l][n]
        self.edit_ring.set_offsets([[self.xs[l], y]])
        self._edit_lines.set_segments([((self.xs[l - 1], y0), (self.xs[l], y)) for y0 in self.ys[l - 1]])
        self.highlight = (l, n)

    def update(self, image=None, net=None):
        """Re-shade every neuron for `image` (and/or a changed `net`); returns all activations."""
        if net is not None:
            if list(net.sizes) != list(self.net.sizes):
                raise ValueError(f"the diagram was drawn for sizes {self.net.sizes}, got {net.sizes}")
            self.net = net
        if image is not None:
            grid, self.x = _as_network_input(self.net, image)
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
            self.title.set_text(f"prediction: {guess}   (output neuron {guess} is the brightest, {out[guess]:.2f})")
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


def _check_neuron(net, where):
    try:
        l, n = (int(v) for v in where)
    except (TypeError, ValueError):
        raise TypeError(f"expected (layer, neuron), e.g. (1, 3), got {where!r}") from None
    if not 1 <= l < len(net.sizes):
        raise ValueError(f"layer must be between 1 (first hidden layer) and {len(net.sizes) - 1} "
                         f"(output layer), got {l}")
    if not 0 <= n < net.sizes[l]:
        raise ValueError(f"layer {l} has neurons 0–{net.sizes[l] - 1}, got neuron {n}")
    return l, n


def plot_network(net, image, **kwargs):
    """The network lit up by `image`: a Figure (see NetworkDiagram for the options)."""
    return NetworkDiagram(net, image, **kwargs).fig


draw_network = plot_network    # the name notebook 08's issue uses


# ---- layer activations as bars ---------------------------------------------------------

class LayerBars:
    """The activations of every layer after the input as bar charts, one panel per layer.

    The output panel is labelled with digits and its tallest bar (the prediction) is amber.
    before=[a1, a2, ...] draws earlier activations as blue outlines behind the bars, so an
    edit's effect can be read off: outline = before, filled bar = now.
    """

    def __init__(self, activations, axes=None, before=None, figsize=(10.5, 2.6), dark=True):
        acts = [np.asarray(a, dtype=float) for a in activations[1:]]
        if not acts or any(a.ndim != 1 for a in acts):
            raise ValueError("expected the activations of one image, as returned by "
                             "net.activations(image): [a0, a1, ..., aL], each 1-D")
        self.sizes = [len(a) for a in acts]
        if axes is None:
            fig = Figure(figsize=figsize, layout="constrained", facecolor=DIAGRAM_BG if dark else "white")
            axes = fig.subplots(1, len(acts), width_ratios=[max(n, 6) for n in self.sizes])
        axes = list(np.atleast_1d(axes))
        if len(axes) != len(acts):
            raise ValueError(f"need one axes per layer after the input ({len(acts)}), got {len(axes)}")
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
            ax.grid(axis="y", color="#555555" if dark else "#dddddd", lw=0.6, zorder=0)
            ax.set_title("output layer: digits 0–9" if is_output else f"hidden layer {l}: neurons 0–{n - 1}",
                         color=fg, fontsize=11)
        axes[0].set_ylabel("activation", color=fg, fontsize=10)
        self.dynamic = [p for group in self.ghosts + self.bars for p in group]
        self._blitter = None
        self.update(activations, before)

    def update(self, activations, before=None):
        acts = [np.asarray(a, dtype=float) for a in activations[1:]]
        if [len(a) for a in acts] != self.sizes:
            raise ValueError(f"expected layers of sizes {self.sizes}, got {[len(a) for a in acts]}")
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
        if self._blitter is None:
            self._blitter = _Blitter(self.fig, self.dynamic)
        return self._blitter.png()


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
        self.fig.text(0.98, 1 - top - 0.005, "filled bar = now,  blue outline = before your edits",
                      color=EDIT_COLOUR, ha="right", va="top", fontsize=10)
        self._blitter = None

    def update(self, net=None, image=None, before=None, highlight="keep"):
        if highlight != "keep":
            self.diagram.set_highlight(highlight)
        acts = self.diagram.update(image, net=net)
        self.bars.update(acts, before)
        return acts

    def png(self) -> bytes:
        if self._blitter is None:
            self._blitter = _Blitter(self.fig, self.diagram.dynamic + self.bars.dynamic)
        return self._blitter.png()


def plot_edit(net, edited, image, highlight=None):
    """The edited network lit up by `image`, with bars comparing every layer to the original `net`."""
    view = EditView(edited, image, highlight=highlight)
    view.update(before=net.activations(_as_network_input(net, image)[1]))
    return view.fig


def plot_mean_activations(net, images, labels, layer):
    """Each neuron's average activation of `layer` for each digit: rows 0–9, one column per neuron.

    A neuron that only lights up for some digits (say 0, 6, 8 and 9, the ones with a loop)
    shows as a column bright in those rows and dark in the others.
    """
    labels = np.asarray(labels)
    if not 1 <= layer < len(net.sizes):
        raise ValueError(f"layer must be between 1 and {len(net.sizes) - 1}, got {layer}")
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
    ax.set_xlabel(f"neuron of {'the output layer' if layer == len(net.sizes) - 1 else f'hidden layer {layer}'}",
                  fontsize=11)
    ax.set_ylabel("digit shown", fontsize=11)
    ax.set_title(f"average activation over the {len(labels):,} digits, per digit", fontsize=12)
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01).set_label("activation", fontsize=10)
    return fig


# ---- digits made of parts (notebook 02) ------------------------------------------------

PART_COLOURS = {"stroke": "#ff2e88", "loop 1": "#ffb000", "loop 2": "#4ea8ff", "loop 3": "#3cf08a"}


def _grow(mask):
    """mask grown by one pixel in all 8 directions."""
    m = np.pad(mask, 1)
    out = np.zeros_like(mask)
    for dr in (0, 1, 2):
        for dc in (0, 1, 2):
            out |= m[dr:dr + SIDE, dc:dc + SIDE]
    return out


def _components(mask):
    """Label the 4-connected regions of a boolean 28×28 mask: 1, 2, … (0 = outside the mask)."""
    labels = np.zeros(mask.shape, dtype=int)
    count = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        todo = [start]
        while todo:
            r, c = todo.pop()
            for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= rr < SIDE and 0 <= cc < SIDE and mask[rr, cc] and not labels[rr, cc]:
                    labels[rr, cc] = count
                    todo.append((rr, cc))
    return labels, count


def digit_parts(image, ink=0.35, min_hole=3, reach=2):
    """Split a digit into loops and strokes, the parts of the article (9 = loop + stroke, 8 = two loops).

    A loop is found where the ink closes around a hole: dark pixels that can't be reached
    from the border without crossing ink. The ink within `reach` pixels of a hole is that
    loop; the rest of the ink is stroke. A loop the writer didn't close is not found.

    Returns a dict of boolean 28×28 masks: "stroke", "loop 1", "loop 2", … (largest hole first).
    """
    a = _as_activations(image)
    inked = a > ink
    background = ~inked
    outside = np.zeros_like(inked)
    outside[0, :], outside[-1, :], outside[:, 0], outside[:, -1] = (
        background[0, :], background[-1, :], background[:, 0], background[:, -1])
    while True:        # flood the background from the border, 4 neighbours at a time
        m = np.pad(outside, 1)
        grown = (outside | m[:-2, 1:-1] | m[2:, 1:-1] | m[1:-1, :-2] | m[1:-1, 2:]) & background
        if (grown == outside).all():
            break
        outside = grown
    labels, count = _components(background & ~outside)
    holes = [labels == k for k in range(1, count + 1)]
    holes = sorted((h for h in holes if h.sum() >= min_hole), key=lambda h: -h.sum())
    taken = np.zeros_like(inked)
    parts = {}
    for k, hole in enumerate(holes, start=1):
        near = hole.copy()
        for _ in range(reach):
            near = _grow(near)
        loop = near & inked & ~taken
        parts[f"loop {k}"] = loop
        taken |= loop
    parts["stroke"] = inked & ~taken
    return parts


def plot_digit_parts(images, labels=None, size=1.9):
    """Digits with their parts coloured: loops amber and blue, strokes pink (see digit_parts).

    Each title says what was found, e.g. "9: 1 loop + stroke"; brightness is the pixel's grey value.
    """
    images = np.asarray(images)
    if images.ndim == 1:
        images = images[None]
    n = len(images)
    if n == 0:
        raise ValueError("plot_digit_parts needs at least one image")
    fig = Figure(figsize=(size * n, size + 0.55), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n))
    for i, (ax, x) in enumerate(zip(axes, images)):
        a = _as_activations(x, f"image {i}")
        parts = digit_parts(a)
        rgb = np.zeros((SIDE, SIDE, 3))
        for name, mask in parts.items():
            colour = matplotlib.colors.to_rgb(PART_COLOURS.get(name, "#c080ff"))
            rgb[mask] = np.outer(a[mask], colour)
        faint = ~np.any(list(parts.values()), axis=0)       # anti-aliased edges below the ink level
        rgb[faint] = a[faint, None] * 0.5
        ax.imshow(rgb, interpolation="nearest")
        _bare(ax)
        loops = sum(name.startswith("loop") for name in parts)
        found = {0: "no closed loop", 1: "loop"}.get(loops, f"{loops} loops")
        if loops and parts["stroke"].sum() >= 8:      # a few stray pixels are not a stroke
            found += " + stroke"
        head = f"{labels[i]}: " if labels is not None else ""
        ax.set_title(head + found, fontsize=11)
    return fig


# ---- the first layer's weights, and the matrix form (notebooks 06, 07) ------------------

def plot_first_layer_weights(net, ncols=8, size=1.55, title=None, robust=True):
    """Each first-hidden-layer neuron's 784 incoming weights as a 28×28 heat map.

    One shared colour scale so the maps can be compared: green positive, red negative,
    black ≈ 0 (plot_weights of notebook 03). robust=True sets the scale by the 99th
    percentile of |weight| (robust_limit) so a few large weights don't turn the rest black;
    the colour bar's pointed ends mean "this much or more".
    """
    W = np.asarray(net.weights[0])
    if W.shape[1] != N_PIXELS:
        raise ValueError(f"the first layer's weights should have 784 columns (one per pixel), got {W.shape}")
    n = W.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    limit = robust_limit(W) if robust else weight_limit(W)
    fig = CompactFigure(figsize=(size * ncols + 0.9, (size + 0.3) * nrows + (0.4 if title else 0)),
                        layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for i, ax in enumerate(axes):
        if i >= n:
            ax.set_axis_off()
            continue
        plot_weights(W[i], ax=ax, limit=limit, colorbar=False, title=f"neuron {i}")
    cb = fig.colorbar(axes[0].mlp_image, ax=list(axes), fraction=0.025, pad=0.01,
                      extend="both" if limit < weight_limit(W) else "neither")
    cb.set_label("weight  (red −, green +)", fontsize=10)
    cb.ax.tick_params(labelsize=9)
    if title:
        fig.suptitle(title, fontsize=13)
    return fig


def robust_limit(weights, q=0.99) -> float:
    """A colour-scale half-width that a few extreme weights can't dominate: the q-quantile of |w|.

    Trained weights have a handful of large values; scaled to the largest, everything else
    looks black. Weights beyond the limit are drawn at full colour (the colour bar says so).
    """
    w = np.abs(np.asarray(weights, dtype=float)).ravel()
    m = float(np.quantile(w, q)) if w.size else 0.0
    return m if m > 0 else weight_limit(weights)


class MatrixForm:
    """The layer as one equation, drawn to shape: W (n_out × n_in) · a (n_in) + b = z, a′ = σ(z).

    W and the biases and weighted sums use the weight colours (green +, red −); the
    activations a and a′ are grey (black 0 … white 1). neuron=n outlines row n of W and
    entry n of b, z and a′ — the weighted sum of neuron n uses exactly that row — and
    spells out its numbers underneath. update(a, neuron) redraws in place.
    """

    def __init__(self, W, a, b, neuron=None, figsize=(10.5, 3.9)):
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.ndim != 2:
            raise ValueError(f"W must be a matrix (n_out, n_in), got shape {W.shape}")
        n_out, n_in = W.shape
        if b.shape != (n_out,):
            raise ValueError(f"b must have one bias per row of W: shape ({n_out},), got {b.shape}")
        self.W, self.b = W, b
        fig = self.fig = Figure(figsize=figsize)
        fig.mlp_frozen = True                   # laid out by hand: no cropping pass needed
        fig.mlp_matrix = self
        mid_h = 2.2 / figsize[1]                 # height of the n_out-row pieces
        y0 = (1 - mid_h) / 2 - 0.04

        def box(x_in, w_in, full=False):
            return fig.add_axes((x_in / figsize[0], 0.1 if full else y0, w_in / figsize[0],
                                 0.74 if full else mid_h))
        specs = [  # (x, width, full height, colours, colour limit, title)
            (1.0, 3.7, False, WEIGHT_CMAP, robust_limit(W), f"W   {n_out} × {n_in}\nrow n = weights into neuron n"),
            (5.05, 0.28, True, DIGIT_CMAP, None, f"a\n{n_in}"),
            (6.0, 0.34, False, WEIGHT_CMAP, weight_limit(b), f"b\n{n_out}"),
            (7.05, 0.34, False, WEIGHT_CMAP, None, f"z = Wa + b\n{n_out}"),
            (8.55, 0.34, False, DIGIT_CMAP, None, f"a′ = σ(z)\n{n_out}"),
        ]
        self.axes, self.images = [], []
        for (x_in, w_in, full, cmap, lim, title), data in zip(
                specs, [W, np.zeros((n_in, 1)), b[:, None], np.zeros((n_out, 1)), np.zeros((n_out, 1))]):
            ax = box(x_in, w_in, full)
            vmin, vmax = (0, 1) if lim is None else (-lim, lim)
            self.images.append(ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto",
                                         interpolation="nearest"))
            _bare(ax)
            ax.set_facecolor("black")
            ax.set_title(title, fontsize=12)
            self.axes.append(ax)
        for x_in, sym in ((4.85, "·"), (5.68, "+"), (6.67, "="), (7.97, "→ σ →")):
            fig.text(x_in / figsize[0], y0 + mid_h / 2, sym, fontsize=26 if sym == "·" else 18,
                     ha="center", va="center")
        self.marks = [self.axes[0].add_patch(Rectangle((-0.5, -0.5), n_in, 1, fill=False,
                                                       ec=PREDICTION_COLOUR, lw=1.8))]
        self.marks += [ax.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=PREDICTION_COLOUR, lw=1.8))
                       for ax in self.axes[2:]]
        self.row_label = self.axes[0].text(-0.01, 0, "", transform=self.axes[0].get_yaxis_transform(),
                                           ha="right", va="center", fontsize=11, color="#b36b00")
        self.sums = fig.text(0.5, 0.02, "", ha="center", fontsize=12.5)
        self.dynamic = [self.images[1], self.images[3], self.images[4], *self.marks, self.row_label, self.sums,
                        *(spine for ax in self.axes for spine in ax.spines.values())]   # frames lie on top
        self._blitter = None
        self.update(a, neuron)

    def png(self) -> bytes:
        """The current picture as PNG bytes, fast (W and b are not redrawn)."""
        if self._blitter is None:
            self._blitter = _Blitter(self.fig, self.dynamic)
        return self._blitter.png()

    def update(self, a=None, neuron="keep"):
        n_out, n_in = self.W.shape
        if a is not None:
            a = np.asarray(a, dtype=float)
            if a.shape != (n_in,):
                raise ValueError(f"a must have one activation per column of W: shape ({n_in},), got {a.shape}")
            self.a = a
        if neuron != "keep":
            if neuron is not None and not 0 <= int(neuron) < n_out:
                raise ValueError(f"neuron must be between 0 and {n_out - 1}, got {neuron}")
            self.neuron = None if neuron is None else int(neuron)
        z = self.W @ self.a + self.b
        a_next = sigmoid(z)
        self.z, self.a_next = z, a_next
        self.images[1].set_data(self.a[:, None])
        self.images[3].set_data(z[:, None])
        self.images[3].set_clim(-weight_limit(z), weight_limit(z))
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
            self.row_label.set_text(f"row {n} →")
            self.row_label.set_y(n)
            self.sums.set_text(f"neuron {n}:  z[{n}] = W[{n}] · a + b[{n}] = {self.W[n] @ self.a:.2f} "
                               f"+ {self.b[n]:.2f} = {z[n]:.2f},   a′[{n}] = σ({z[n]:.2f}) = {a_next[n]:.3f}")
        return a_next


def plot_matrix_form(W, a, b, neuron=None, **kwargs):
    """A layer's W · a + b = z and a′ = σ(z) drawn to shape (see MatrixForm)."""
    return MatrixForm(W, a, b, neuron=neuron, **kwargs).fig


def update_matrix_form(fig, a=None, neuron="keep"):
    """Redraw a plot_matrix_form figure for new activations `a` and/or another `neuron`."""
    return fig.mlp_matrix.update(a, neuron)


# ==== sections appended by other notebooks (each marked with its notebook) ==================
