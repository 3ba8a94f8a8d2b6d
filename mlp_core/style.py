"""The picture helpers every topic module shares: colour maps, the named colours, colour-scale
limits, axes without ticks, a grid of axes, one digit and one neuron's weights as pictures, many
digits in one picture (the mosaic the widgets of 03 and 05 redraw).

Below the topic modules (viz, neuron, diagram, matrix, drawing, descent, chain, training_views):
each builds its pictures on these, `render`, `network_picture` and the core, never on another
topic module (tests/test_package_layout.py).
"""

from __future__ import annotations

import matplotlib
import matplotlib.ticker
import numpy as np
from matplotlib.figure import Figure

from . import palette
from .digits import N_PIXELS, SIDE, as_activations, as_image
from .i18n import a_digit, tr
from .render import TITLE

# ==== colours ==============================================================================

#: What is wanted or right: the target output y, the test accuracy, the knobs of the chain (10).
GREEN = "#1a7f37"
#: Guides and secondary text: dashed tangents, axis lines, labels beside a picture.
GUIDE_GREY = "#555555"
#: Edited neurons and values in blue (07's live editor); also guide lines drawn over a digit (08).
EDIT_COLOUR = "#4ea8ff"


def weight_cmap():
    """The weight colours of the palette in use: negative → black (0) → positive (by default
    the article's red → black → green). Read when a picture is drawn, so use_palette works."""
    return palette.current().cmap


#: Digits: 0 = black, 1 = white, as in the article.
DIGIT_CMAP = matplotlib.colormaps["gray"]

#: The prediction (the brightest output neuron) and the neuron in question are marked in amber.
PREDICTION_COLOUR = "#ffb000"
#: The pixel, row or point being looked at is marked in pink.
MARK_COLOUR = "#ff2e88"


def weight_limit(weights) -> float:
    """The colour scale's half-width: the largest |weight| (1 if all are 0), so 0 sits in the middle."""
    w = np.asarray(weights, dtype=float)
    m = float(np.max(np.abs(w))) if w.size else 0.0
    return m if m > 0 else 1.0


def robust_limit(weights, q=0.99) -> float:
    """A colour-scale half-width that a few extreme weights can't dominate: the q-quantile of |w|.

    Trained weights have a handful of large values; scaled to the largest, everything else
    looks black. Weights beyond the limit are drawn at full colour (the colour bar says so).
    """
    w = np.abs(np.asarray(weights, dtype=float)).ravel()
    m = float(np.quantile(w, q)) if w.size else 0.0
    return m if m > 0 else weight_limit(weights)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def label_with_scale(axis, label: str, limit: float, fontsize=None):
    """Label `axis` (e.g. a colour bar's cb.ax.yaxis) whose numbers reach ±`limit`.

    For tiny or huge numbers matplotlib writes a multiplier such as "1e−3" in a corner of the
    axis, where it is easily missed or hidden under a title. Here the ticks show the numbers
    divided by 10^k and the label says so: "weight  (×10⁻³)". Returns k (0: left alone).
    """
    k = int(np.floor(np.log10(limit))) if limit > 0 and np.isfinite(limit) else 0
    if -2 <= k <= 3:
        k = 0
    else:
        scale = 10.0 ** k
        axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v / scale:.3g}".replace("-", "−")))
        first, *rest = label.split("\n", 1)
        label = "\n".join([f"{first}  (×10{str(k).translate(_SUPERSCRIPT)})", *rest])
    axis.set_label_text(label, **({} if fontsize is None else {"fontsize": fontsize}))
    return k


def hide_ticks(ax):
    ax.set_xticks([])
    ax.set_yticks([])


def plot_digit(x, label=None, ax=None, title=None, figsize=(2.6, 2.8)):
    """One digit as a small grey picture (0 = black, 1 = white)."""
    a = as_activations(x)
    fig = ax.figure if ax is not None else Figure(figsize=figsize, layout="constrained")
    ax = ax if ax is not None else fig.add_subplot()
    ax.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    hide_ticks(ax)
    if title is None and label is not None:
        title = a_digit(label)
    if title:
        ax.set_title(title, **TITLE)
    return fig


def axes_grid(fig, n: int, ncols: int):
    """n axes in rows of `ncols` on `fig` (all of them, as a flat array); the ones after the
    first n, which fill up the last row, are switched off."""
    axes = np.atleast_1d(fig.subplots(-(-n // ncols), ncols)).ravel()
    for ax in axes[n:]:
        ax.set_axis_off()
    return axes


def plot_weights(weights, ax=None, title=None, limit=None, colorbar=True, figsize=(4.6, 3.9),
                 values=False, colorbar_label=None):
    """784 weights of one neuron as a 28×28 heat map: green positive, red negative, dark ≈ 0
    (the palette's colours: see `use_palette`).

    The colour scale is symmetric around 0 (from −limit to +limit, by default the largest
    |weight|), so black always means 0, and a colour bar shows the numbers.
    values=True also prints each weight on its cell (for small, hand-made weights).
    """
    w = as_image(weights, "weights")
    limit = weight_limit(w) if limit is None else float(limit)
    if not limit > 0:
        raise ValueError(tr("limit must be a positive number, got {got}", got=limit))
    fig = ax.figure if ax is not None else Figure(figsize=figsize, layout="constrained")
    ax = ax if ax is not None else fig.add_subplot()
    im = ax.imshow(w, cmap=weight_cmap(), vmin=-limit, vmax=limit, interpolation="nearest")
    hide_ticks(ax)
    ax.set_facecolor("black")
    if title:
        ax.set_title(title, **TITLE)
    if values:
        for (i, j), v in np.ndenumerate(w):
            if v != 0:
                ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=6, color="white")
    if colorbar:
        cb = fig.colorbar(im, ax=ax, fraction=0.06, pad=0.03)
        cb.set_ticks([-limit, -limit / 2, 0, limit / 2, limit])
        cb.ax.tick_params(labelsize=9)
        label_with_scale(cb.ax.yaxis, colorbar_label or palette.current().key(tr("weight")), limit, fontsize=9)
    ax.mlp_image = im
    return fig


# ==== many digits in one picture (the widgets of 03 and 05) ================================

def images_with_labels(images, labels) -> np.ndarray:
    """images as a float array (n, 784), after checking there is one label per image."""
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] != N_PIXELS:
        raise ValueError(tr("images: expected shape (n, 784), got {shape}", shape=images.shape))
    if len(labels) != len(images):
        raise ValueError(tr("got {n_images} images but {n_labels} labels", n_images=len(images),
                            n_labels=len(labels)))
    return images


def digit_mosaic(images, ncols, gap=4, row_gap=None):
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
        out[y0:y0 + SIDE, x0:x0 + SIDE] = as_activations(img, tr("image {i}", i=i))
        origins.append((x0, y0))
    return out, origins


#: The digit colours with the gaps of a mosaic drawn white, like the page around them.
MOSAIC_CMAP = DIGIT_CMAP.with_extremes(bad="white")


def freeze_layout(fig):
    """Lay the figure out once, then keep the axes where they are.

    Constrained layout is re-solved on every draw, which costs more than the drawing itself;
    a widget figure whose parts only change their data can skip it after the first draw.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig
