"""Pictures for the notebooks: plain matplotlib, one function per picture, each returning a Figure.

Colours follow the article:
  * a digit is grey values, 0 = black … 1 = white (the activation is the pixel's brightness);
  * weights are green where positive, red where negative and dark near 0, on a colour
    scale symmetric around 0 (so equal-sized + and − weights look equally bright).
    `use_palette("colorblind")` makes them blue (+) and orange (−) in every picture drawn
    afterwards (see `palette`).

Figures are made with `matplotlib.figure.Figure` rather than `pyplot`, so a notebook cell
that returns one shows it exactly once and nothing piles up in pyplot's list of open
figures (`render` registers their display). Widgets redraw fast by updating the artists of
a figure they keep (the `update_*` functions) instead of building a new one on every slider move.
Each widget is a `render.panel`: controls, a one-line readout and a picture; `box.state` holds
what the widget last computed, for a notebook (or a test) to read.

Row and column ranges are half-open, as numpy slices (see `digits`). The range sliders show
the first and last row (or column) painted, both included: rows=(5, 12) is the slider at 5–11.

Sections: digits as pictures (notebook 01) · weighted sums (notebook 03) · the widgets of
notebooks 01 and 03. The sigmoid and the bias of notebooks 04 and 05 are in `neuron`, the
network diagram of notebooks 02 and 07 in `diagram`, the matrix form of notebook 06 in `matrix`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import palette
from .checks import finite_number, number_from_text
from .digits import N_PIXELS, SIDE, as_activations, as_image, check_range, edge_weights, region_weights
from .i18n import N_, a_digit, tr
from .palette import use_palette
from .render import TITLE, TOGGLE_STYLE, CompactFigure, half_open, kept_figure, panel, range_slider
from .style import (
    DIGIT_CMAP,
    MARK_COLOUR,
    MOSAIC_CMAP,
    PREDICTION_COLOUR,
    axes_grid,
    digit_mosaic,
    freeze_layout,
    hide_ticks,
    images_with_labels,
    label_with_scale,
    plot_digit,
    plot_weights,
    robust_limit,
    weight_cmap,
    weight_limit,
)

__all__ = [
    "use_palette", "weight_cmap", "DIGIT_CMAP", "PREDICTION_COLOUR", "MARK_COLOUR", "weight_limit", "robust_limit", "axes_grid",
    "label_with_scale", "plot_digit", "plot_digit_grid", "plot_digits", "plot_unrolled", "plot_pixel", "update_pixel",
    "freeze_layout", "plot_weights", "plot_weighted_sum", "plot_region_sums", "update_region_sums",
    "pixel_explorer", "region_explorer",
]

# ==== digits as pictures (notebook 01) =====================================================

def plot_digits(images, labels=None, titles=None, ncols=None, size=1.5, fontsize=None, highlight=None):
    """Several digits side by side (in rows of `ncols`), each titled by its label.

    highlight: optional list of booleans; highlighted digits get a bright frame.
    """
    images = np.asarray(images)
    if images.ndim == 1 or images.shape == (SIDE, SIDE):
        images = images[None]
    n = len(images)
    if n == 0:
        raise ValueError(tr("plot_digits needs at least one image"))
    if titles is None:
        titles = [str(l) for l in labels] if labels is not None else [""] * n
    if len(titles) != n:
        raise ValueError(tr("got {n} images but {n_titles} labels/titles", n=n, n_titles=len(titles)))
    ncols = min(n, ncols or 10)
    nrows = -(-n // ncols)
    fig = Figure(figsize=(size * ncols, (size + 0.3) * nrows), layout="constrained")
    for i, ax in enumerate(axes_grid(fig, n, ncols)[:n]):
        ax.imshow(as_activations(images[i], tr("image {i}", i=i)), cmap=DIGIT_CMAP, vmin=0, vmax=1,
                  interpolation="nearest")
        hide_ticks(ax)
        ax.set_title(titles[i], **{**TITLE, "fontsize": fontsize or TITLE["fontsize"]})
        if highlight is not None and highlight[i]:
            for spine in ax.spines.values():
                spine.set_edgecolor(PREDICTION_COLOUR)
                spine.set_linewidth(4)
    return fig


def plot_digit_grid(x, label=None, rows=(0, SIDE), cols=(0, SIDE), pixel=None, ax=None,
                    cell_inches=0.34, fontsize=None):
    """A digit as its grid of grey values, each cell showing its activation (0 black … 1 white).

    rows, cols: the half-open ranges to show (e.g. rows=(4, 24) to zoom in); the axes are
    labelled with the real row and column numbers. pixel=(row, col) outlines one cell.
    Values print as 0, 1 or two decimals (".37"); text is black on bright cells, white on dark.
    """
    a = as_activations(x)
    (r0, r1), (c0, c1) = check_range(rows, "rows"), check_range(cols, "cols")
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
    ax.set_xlabel(tr("column"), fontsize=9)
    ax.set_ylabel(tr("row"), fontsize=9)
    if pixel is not None:
        r, c = pixel
        _outline_cell(ax, r, c)
    if label is not None:
        ax.set_title(tr("{a_digit}: {h}×{w} grey values (0 = black, 1 = white)", a_digit=a_digit(label), h=h, w=w), **TITLE)
    return fig


def _short(v: float) -> str:
    if v == 0:
        return "0"
    if v == 1:
        return "1"
    s = f"{v:.2f}"
    return "1" if s == "1.00" else s[1:]   # ".37": the leading 0 only crowds the cell


def _outline_cell(ax, r, c, color=MARK_COLOUR, lw=3):
    patch = Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=color, linewidth=lw, zorder=5)
    ax.add_patch(patch)
    return patch


def plot_pixel(x, pixel, label=None, window=7, figsize=(8.4, 4.0)):
    """One pixel of a digit: where it is (left) and its neighbourhood's grey values (right).

    Left: the whole digit with the pixel outlined. Right: the `window`×`window` cells around
    it with their activations printed. `update_pixel(fig, x, pixel, label)` redraws in place.
    """
    fig = Figure(figsize=figsize, layout="constrained")
    ax_img, ax_zoom = fig.subplots(1, 2, width_ratios=[1, 1])
    blank = np.zeros((SIDE, SIDE))
    img = ax_img.imshow(blank, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    hide_ticks(ax_img)
    title = ax_img.set_title(" ", **TITLE)
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
    ax_zoom.set_xlabel(tr("column"), fontsize=10)
    ax_zoom.set_ylabel(tr("row"), fontsize=10)
    zoom_title = ax_zoom.set_title(" ", **TITLE)
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
    a = as_activations(x)
    r, c = _check_pixel(pixel)
    k = p["window"]
    r0 = min(max(r - k // 2, 0), SIDE - k)      # the window stays inside the image
    c0 = min(max(c - k // 2, 0), SIDE - k)
    part = a[r0:r0 + k, c0:c0 + k]
    p["img"].set_data(a)
    p["title"].set_text(tr("pixel (row {row}, column {col})", row=r, col=c) if label is None else
                        tr("{a_digit}: pixel (row {row}, column {col})", a_digit=a_digit(label), row=r, col=c))
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
    p["zoom_title"].set_text(tr("activation of the pixel: {a:.2f}", a=a[r, c]))
    return float(a[r, c])


def _check_pixel(pixel):
    try:
        r, c = (int(v) for v in pixel)
    except (TypeError, ValueError):
        raise TypeError(tr("pixel: expected (row, column), two whole numbers 0–27, got {got}",
                           got=repr(pixel))) from None
    if not (0 <= r < SIDE and 0 <= c < SIDE):
        raise ValueError(tr("pixel: row and column must be between 0 and 27, got (row {row}, column {col})",
                            row=r, col=c))
    return r, c


def plot_unrolled(x, label=None, row=None, zoom=12, figsize=(9, 6.5)):
    """The digit unrolled into the 784-long column the network sees.

    Left: the 28×28 picture. Middle: all 784 activations in one column, row 0 on top, then
    row 1, …; row `row` (by default the one with the most ink) is marked on both. Right:
    `zoom` neurons of that row drawn as circles with their activation printed.
    """
    a = as_activations(x)
    column = a.reshape(N_PIXELS)
    if row is None:
        row = int(np.argmax(a.sum(axis=1)))
    if not 0 <= int(row) < SIDE:
        raise ValueError(tr("row must be between 0 and 27, got {got}", got=row))
    row = int(row)
    fig = CompactFigure(figsize=figsize, layout="constrained")
    gs = fig.add_gridspec(1, 3, width_ratios=[3.2, 1.1, 2.2])
    ax_img, ax_col, ax_zoom = fig.add_subplot(gs[0]), fig.add_subplot(gs[1]), fig.add_subplot(gs[2])

    ax_img.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    hide_ticks(ax_img)
    ax_img.add_patch(Rectangle((-0.5, row - 0.5), SIDE, 1, fill=False, edgecolor=MARK_COLOUR, lw=2.5))
    ax_img.set_title(tr("28 × 28 pixels") if label is None else tr("{a_digit}: 28 × 28 pixels", a_digit=a_digit(label)),
                     **TITLE)
    ax_img.set_xlabel(tr("row {row} is marked in pink", row=row), fontsize=10)

    # the column: 784 tall, drawn 40 px wide so it can be seen
    ax_col.imshow(column[:, None], cmap=DIGIT_CMAP, vmin=0, vmax=1, aspect="auto",
                  interpolation="nearest", extent=(0, 1, N_PIXELS - 0.5, -0.5))
    ax_col.set_xticks([])
    ax_col.set_yticks([0, 196, 392, 588, 783])
    ax_col.tick_params(labelsize=9)
    ax_col.set_ylabel(tr("neuron number (0–783)"), fontsize=10)
    ax_col.add_patch(Rectangle((-0.15, row * SIDE - 0.5), 1.3, SIDE, fill=False, edgecolor=MARK_COLOUR,
                               lw=2.5, clip_on=False))
    ax_col.set_title(tr("784 activations\nin one column"), **TITLE)

    # a zoom into the marked row: neurons as circles filled with their brightness
    first = row * SIDE + max(0, min(SIDE - zoom, int(np.argmax(a[row])) - zoom // 2))
    idx = np.arange(first, first + zoom)
    ax_zoom.scatter(np.zeros(zoom), idx, s=620, c=column[idx], cmap=DIGIT_CMAP, vmin=0, vmax=1,
                    edgecolors=MARK_COLOUR, linewidths=1.5)
    for i in idx:
        ax_zoom.text(0.09, i, tr("neuron {n}:  {a:.2f}", n=i, a=column[i]), va="center", fontsize=10)
    ax_zoom.set_xlim(-0.08, 0.55)
    ax_zoom.set_ylim(first + zoom - 0.4, first - 0.6)
    ax_zoom.set_axis_off()
    ax_zoom.set_title(tr("zoom: neurons {first}–{last}\n(row {row}, columns {first_col}–{last_col})", first=first,
                         last=first + zoom - 1, row=row, first_col=first - row * SIDE,
                         last_col=first - row * SIDE + zoom - 1), **TITLE)
    return fig


# ==== weighted sums (notebook 03) ==========================================================

def _overlay(weights, colours) -> np.ndarray:
    """An RGBA layer that tints a digit green where the weight is positive, red where negative
    (in the colours of the palette `colours`)."""
    w = as_image(weights, "weights")
    limit = weight_limit(w)
    rgba = np.zeros((SIDE, SIDE, 4))
    rgba[..., :3] = colours.cmap(0.5 + 0.5 * np.sign(w))[..., :3]
    rgba[..., 3] = 0.55 * np.abs(w) / limit
    return rgba


def _tile(layer, shape, origins):
    """Copy a 28×28(×k) layer onto every digit of a mosaic of `shape` (transparent elsewhere)."""
    out = np.zeros(shape + layer.shape[2:])
    for x0, y0 in origins:
        out[y0:y0 + SIDE, x0:x0 + SIDE] = layer
    return out


def plot_weighted_sum(weights, x, label=None, figsize=(10, 3.6)):
    """The weighted sum of one digit, in three pictures: activations a, weights w, products w·a.

    The weighted sum w₁a₁ + … + w₇₈₄a₇₈₄ is the total of the third picture: only pixels that
    are bright AND carry a weight contribute.
    """
    a = as_activations(x)
    w = as_image(weights, "weights")
    products = w * a
    total = float(products.sum())
    fig = Figure(figsize=figsize, layout="constrained")
    ax_a, ax_w, ax_p = fig.subplots(1, 3)
    ax_a.imshow(a, cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    hide_ticks(ax_a)
    ax_a.set_title(tr("activations a") if label is None else tr("{a_digit}: activations a", a_digit=a_digit(label)), **TITLE)
    limit = weight_limit(w)
    plot_weights(w, ax=ax_w, title=tr("weights w"), limit=limit)
    plot_weights(products, ax=ax_p, title=tr("w·a, pixel by pixel\nsum = weighted sum = {total:.2f}", total=total),
                 limit=limit, colorbar_label=palette.current().key("w·a"))
    return fig


def plot_region_sums(weights, images, labels, figsize=(11, 5.2)):
    """The painted-weights neuron looking at several digits (the widget of notebook 03).

    Top left: the weights as a heat map. Top right: each digit's weighted sum Σ w·a as a
    bar. Bottom: the digits with the weights laid over them (green tint = positive weight,
    red = negative), so you can see which bright pixels count.
    `update_region_sums(fig, weights)` changes the weights in place (fast, for widgets).
    """
    images = images_with_labels(images, labels)
    n = len(images)
    fig = Figure(figsize=figsize, layout="constrained")
    outer = fig.add_gridspec(2, 1, height_ratios=[2.3, 1])
    top = outer[0].subgridspec(1, 2, width_ratios=[1, 2.2])
    ax_w = fig.add_subplot(top[0])
    ax_bar = fig.add_subplot(top[1])
    ax_digits = fig.add_subplot(outer[1])

    plot_weights(weights, ax=ax_w, title=tr("weights of the neuron"), limit=1.0)
    mosaic, origins = digit_mosaic(images, ncols=n)
    ax_digits.imshow(mosaic, cmap=MOSAIC_CMAP, vmin=0, vmax=1, interpolation="nearest")
    colours = palette.current()     # the figure keeps the palette it was made with
    overlay = ax_digits.imshow(_tile(_overlay(weights, colours), mosaic.shape, origins), interpolation="nearest")
    ax_digits.set_axis_off()   # no ticks or spines to draw: keeps the widget's redraw fast
    for (x0, _), lab in zip(origins, labels):
        ax_digits.text(x0 + SIDE / 2 - 0.5, SIDE + 0.5, str(lab), ha="center", va="top", fontsize=12)
    bars = ax_bar.bar(range(n), np.zeros(n), color=colours.positive, edgecolor="black", width=0.65)
    ax_bar.axhline(0, color="black", lw=1)
    ax_bar.set_xticks(range(n), [str(l) for l in labels], fontsize=12)
    ax_bar.set_xlim(-0.5, n - 0.5)
    ax_bar.set_xlabel(tr("digit"), fontsize=10)
    ax_bar.set_title(tr("weighted sum  w₁a₁ + w₂a₂ + …  of each digit below"), **TITLE)
    ax_bar.set_yticks([])      # the sums are printed on the bars; a moving y scale costs redraw time
    for side in ("left", "right", "top"):
        ax_bar.spines[side].set_visible(False)
    sums_text = [ax_bar.annotate("", (i, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                                 fontsize=11, fontweight="bold") for i in range(n)]
    fig.mlp_parts = dict(palette=colours, weight_image=ax_w.mlp_image, overlay=overlay, origins=origins, mosaic_shape=mosaic.shape,
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
    parts["overlay"].set_data(_tile(_overlay(w, parts["palette"]), parts["mosaic_shape"], parts["origins"]))
    hi, lo = max(0.0, float(sums.max())), min(0.0, float(sums.min()))
    pad = 0.15 * max(hi - lo, 1.0)
    colours = [parts["palette"].positive if s >= 0 else parts["palette"].negative for s in sums]
    for bar, text, s, colour in zip(parts["bars"], parts["sums_text"], sums, colours):
        bar.set_height(s)
        bar.set_facecolor(colour)
        text.set_text(f"{s:.1f}")
        text.xy = (text.xy[0], s)
        text.set_position((0, 3 if s >= 0 else -3))     # points above (below) the bar's end
        text.set_va("bottom" if s >= 0 else "top")
    parts["ax_bar"].set_ylim(lo - (pad if lo < 0 else 0), hi + pad)
    return sums


# ==== the widgets of notebooks 01 and 03 ==================================================

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
        return kept_figure(state, lambda: plot_pixel(images[index], (row, col), digit),
                            lambda fig: update_pixel(fig, images[index], (row, col), digit))

    box = panel(controls, draw, readout)
    box.state = state
    return box


def _brightness(v: float) -> str:
    if v == 0:
        return tr("black")
    if v >= 0.95:
        return tr("white")
    return tr("dark grey") if v < 0.35 else (tr("grey") if v < 0.65 else tr("light grey"))


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
        "rows": range_slider(tr("rows"), rows),
        "cols": range_slider(tr("columns"), cols),
        "kind": widgets.ToggleButtons(options=[(tr(label), label) for label in REGION_KINDS], value=names[kind],
                                description=tr("weights"),
                                style=TOGGLE_STYLE),
    }
    state = {}

    def compute(rows, cols, kind):
        maker = region_weights if REGION_KINDS[kind] == "region" else edge_weights
        weights = maker(half_open(rows), half_open(cols))
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
        return kept_figure(state, lambda: plot_region_sums(weights, images, labels),
                            lambda fig: update_region_sums(fig, weights))

    box = panel(controls, draw, readout)
    box.state = state
    return box
