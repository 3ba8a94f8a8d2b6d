"""What a picture shows, in words: the alt text of every figure and widget picture.

A learner who cannot see the picture hears its description instead, so it is computed from
what the figure holds at the moment it is shown, never written by hand beside it (a slider
moves the picture; a fixed caption would go stale):

    title           the figure's title, then each panel's title (or "panel k")
    image           a 28×28 grid of 784 values; from 0 to 1; brightest row 7
    curves          each named curve: "cost: y from 0.12 to 2.3 over x 0–40"
    bars            10 bars, highest "7" (0.93)
    marks           scatter points, lines, annotations counted

Rows and columns are counted from 0, as in numpy and in the notebooks. Every word goes
through `tr`, and the titles and labels are the figure's own (already in the learner's
language), so a Chinese figure gets a Chinese description.

    describe(fig)          the description of a matplotlib Figure
    describe_grid(x)       the description of a digit's 784 activations shown as a picture
    DescribedPng(png, alt) PNG bytes that carry their description (FastPng makes them)
    img_html(png, alt)     an <img alt="…"> carrying PNG bytes, for HTML outputs and HTML widgets
"""

from __future__ import annotations

import base64
import html
import struct

import numpy as np
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage

from .i18n import tr

__all__ = ["describe", "describe_grid", "DescribedPng", "img_html", "png_size"]

#: A description longer than this is cut at a panel boundary: a screen reader reads it all at once.
MOST_PANELS = 8
MOST_CURVES = 4


def _num(v: float) -> str:
    """A number as a reader says it: 3 significant digits, no '-0'."""
    v = float(v)
    if not np.isfinite(v):
        return str(v)
    text = f"{v:.3g}"
    return "0" if text in ("-0", "0") else text


def _join(parts) -> str:
    return tr("; ").join(p for p in parts if p)


def _title(ax) -> str:
    return " ".join(t for t in (ax.get_title("left"), ax.get_title("center"), ax.get_title("right")) if t.strip())


def _image(im: AxesImage) -> tuple[str, str]:
    """(what kind of grid it is, where it is brightest): panels of one kind share the first part."""
    values = np.ma.masked_invalid(np.asarray(im.get_array(), dtype=float))
    if values.ndim == 3:
        return tr("a colour picture of {h}×{w} pixels", h=values.shape[0], w=values.shape[1]), ""
    h, w = values.shape
    if values.count() == 0:
        return tr("an empty {h}×{w} grid", h=h, w=w), ""
    lo, hi = values.min(), values.max()
    kind = tr("a {h}×{w} grid of {n} values", h=h, w=w, n=h * w)
    where = [tr("from {lo} to {hi}", lo=_num(lo), hi=_num(hi))]
    if h > 1 and w > 1 and hi > lo:
        where.append(tr("brightest row {row}", row=int(values.sum(axis=1).argmax())))
    if lo < 0 < hi:
        (r, c), (r2, c2) = (np.unravel_index(int(i), values.shape) for i in (values.argmax(), values.argmin()))
        where.append(tr("largest at (row {r}, column {c}), most negative at (row {r2}, column {c2})",
                        r=int(r), c=int(c), r2=int(r2), c2=int(c2)))
    return kind, _join(where)


def _curves(lines: list) -> list[str]:
    named = [ln for ln in lines if not ln.get_label().startswith("_")]
    parts = []
    for line in (named or lines)[:MOST_CURVES]:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            continue
        x, y = x[ok], y[ok]
        name = line.get_label() if not line.get_label().startswith("_") else tr("a curve")
        if len(x) == 1:
            parts.append(tr("{name}: a point at ({x}, {y})", name=name, x=_num(x[0]), y=_num(y[0])))
        else:
            parts.append(tr("{name}: y from {lo} to {hi} over x {x0}–{x1}", name=name, lo=_num(y.min()),
                            hi=_num(y.max()), x0=_num(x.min()), x1=_num(x.max())))
    if len(named or lines) > MOST_CURVES:
        parts.append(tr("and {k} more curves", k=len(named or lines) - MOST_CURVES))
    return parts


def _bars(ax, container: BarContainer) -> str:
    horizontal = getattr(container, "orientation", "vertical") == "horizontal"
    heights = np.array([p.get_width() if horizontal else p.get_height() for p in container.patches], dtype=float)
    if len(heights) == 0 or not np.isfinite(heights).any():
        return ""
    k = int(np.nanargmax(heights))
    patch = container.patches[k]
    where = patch.get_y() + patch.get_height() / 2 if horizontal else patch.get_x() + patch.get_width() / 2
    ticks = ax.get_yticks() if horizontal else ax.get_xticks()
    labels = [t.get_text() for t in (ax.get_yticklabels() if horizontal else ax.get_xticklabels())]
    name = ""
    if len(ticks) and len(labels) == len(ticks):
        j = int(np.argmin(np.abs(np.asarray(ticks) - where)))
        if abs(ticks[j] - where) < 0.5:
            name = labels[j]
    return tr("{n} bars, the longest {name} ({value})", n=len(heights), name=name or str(k), value=_num(heights[k]))


def _axes(ax) -> tuple[str, str]:
    """One panel in words: (the kind of its first image or '', the rest); both '' for an empty frame."""
    parts, kinds = [], []
    for im in ax.images:
        if im.get_visible():
            kind, where = _image(im)
            kinds.append(kind)
            parts.append(where)
    bar_patches = set()
    for container in ax.containers:
        if isinstance(container, BarContainer):
            parts.append(_bars(ax, container))
            bar_patches.update(container.patches)
    lines = [ln for ln in ax.get_lines() if ln.get_visible() and len(np.atleast_1d(ln.get_xdata()))]
    parts += _curves(lines)
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection) and c.get_visible())
    if points:
        parts.append(tr("{n} points", n=points))
    segments = sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection) and c.get_visible())
    if segments:
        parts.append(tr("{n} lines", n=segments))
    surfaces = [c for c in ax.collections if isinstance(c, PolyCollection) and c.get_visible() and c.get_label()
                and not c.get_label().startswith("_")]
    parts += [tr("shaded area: {name}", name=c.get_label()) for c in surfaces[:2]]
    words = [t.get_text().strip() for t in ax.texts if t.get_visible() and t.get_text().strip()]
    if words:
        shown = words[:6]
        parts.append(tr("labels: {words}", words=tr(", ").join(shown) + (" …" if len(words) > len(shown) else "")))
    labels = [(tr("x axis"), ax.get_xlabel()), (tr("y axis"), ax.get_ylabel())]
    parts += [tr("{name}: {body}", name=axis, body=label) for axis, label in labels if label.strip() and ax.axison]
    return _join(kinds[:1]), _join(kinds[1:] + parts)


def describe(fig) -> str:
    """The alt text of a matplotlib Figure, in the current language: its titles and what each panel holds.

    Colour bars are left out (their axes have the label '<colorbar>'); a figure with more than
    MOST_PANELS described panels names the first ones and says how many more there are.
    """
    head = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_visible() and suptitle.get_text().strip():
        head.append(suptitle.get_text().strip())
    head += [t.get_text().strip() for t in fig.texts
             if t is not suptitle and t.get_visible() and t.get_text().strip()][:3]
    panels = []
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>" or not ax.get_visible():
            continue
        title, (kind, rest) = _title(ax), _axes(ax)
        if title or kind or rest:
            panels.append((title, kind, rest))
    kinds = {kind for _, kind, _ in panels}
    shared = len(panels) > 2 and len(kinds) == 1 and "" not in kinds   # e.g. ten digits: say "28×28" once
    if len(panels) > 1:
        head.append(tr("{n} panels, each {kind}", n=len(panels), kind=kinds.pop()) if shared
                    else tr("{n} panels", n=len(panels)))
    described = []
    for k, (title, kind, rest) in enumerate(panels[:MOST_PANELS]):
        body = rest if shared else _join([kind, rest])
        name = title or (tr("panel {k}", k=k + 1) if len(panels) > 1 else "")
        described.append(tr("{name}: {body}", name=name, body=body) if name and body else name or body)
    if len(panels) > MOST_PANELS:
        described.append(tr("and {k} more panels", k=len(panels) - MOST_PANELS))
    text = _join(head + described)
    return text.replace("\n", " ").strip() or tr("an empty figure")


def describe_grid(x) -> str:
    """A digit's activations (784 values, or a 28×28 grid) as the network receives them, in words."""
    grid = np.asarray(x, dtype=float)
    side = int(round(np.sqrt(grid.size)))
    if grid.ndim != 2:
        if side * side != grid.size:
            raise ValueError(f"expected a square grid of activations, got {grid.size} values")
        grid = grid.reshape(side, side)
    if not np.any(grid):
        return tr("what the network receives: {n} activations, all 0 (nothing drawn)", n=grid.size)
    kind = _join([tr("a {h}×{w} grid of {n} values", h=grid.shape[0], w=grid.shape[1], n=grid.size),
                  tr("from {lo} to {hi}", lo=_num(grid.min()), hi=_num(grid.max()))])
    return tr("what the network receives: {kind}; brightest row {row}, {lit} pixels above 0.5", kind=kind,
              row=int(grid.sum(axis=1).argmax()), lit=int((grid > 0.5).sum()))


class DescribedPng(bytes):
    """PNG bytes with their description in .alt: a picture function returns both in one value."""

    def __new__(cls, png: bytes, alt: str):
        made = super().__new__(cls, png)
        made.alt = alt
        return made


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) of PNG bytes, read from its header (the IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError(f"expected PNG bytes, got {png[:16]!r}")
    return struct.unpack(">II", png[16:24])


def img_html(png: bytes, alt: str, style: str = "max-width:100%;height:auto") -> str:
    """An <img> holding `png` inline, with `alt` as its description and its own size (no jump while it loads)."""
    if not alt.strip():
        raise ValueError("an image needs a description (alt text), got an empty one")
    width, height = png_size(png)
    return (f'<img alt="{html.escape(alt, quote=True)}" width="{width}" height="{height}" style="{style}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">')
