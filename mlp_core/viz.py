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
    "plot_digit", "plot_digit_grid", "plot_digits", "plot_unrolled",
    "plot_weights",
]

SIDE = 28
N_PIXELS = SIDE * SIDE


# ==== colours ==============================================================================

#: The article's weight colours: red (negative) → black (0) → green (positive).
#: The two ends have the same lightness so + and − of the same size look equally strong;
#: the green leans a little to blue and the red to orange, which helps red-green colour-blind
#: viewers tell them apart, and both stay bright enough to read on a classroom projector.
WEIGHT_CMAP = LinearSegmentedColormap.from_list(
    "mlp_weights",
    [(0.0, "#ff5a36"), (0.25, "#a3301a"), (0.5, "#000000"), (0.75, "#1a8f55"), (1.0, "#3cf08a")],
)
WEIGHT_CMAP.set_bad("#808080")

#: Digits: 0 = black, 1 = white, as in the article.
DIGIT_CMAP = matplotlib.colormaps["gray"]


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
    if ax is None:
        fig = Figure(figsize=(w * cell_inches + 0.8, h * cell_inches + 0.8), layout="constrained")
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
    ax.set_xticks(range(c0, c1, 2 if w > 14 else 1))
    ax.set_yticks(range(r0, r1, 2 if h > 14 else 1))
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
    fig = Figure(figsize=figsize, layout="constrained")
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
                 values=False):
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
        cb.set_label("weight  (red −, green +)", fontsize=9)
    ax.mlp_image = im
    return fig


# ==== weighted sums (notebooks 03, 05) ======================================================


# ==== sigmoid and bias (notebooks 04, 05) ===================================================


# ==== network diagram and layer activations (notebooks 02, 06, 07: engineer B) ============


# ==== sections appended by other notebooks (each marked with its notebook) ==================
