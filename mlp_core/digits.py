"""Image maths on 28×28 digits: checking an image, regions of weights, parts of a digit.

Pure numpy, below the pictures: `viz`, the widgets and `exercises` all compute with these,
none of them draws anything.

Row and column ranges are half-open, as numpy slices: rows=(5, 12) means rows 5, 6, …, 11,
the same squares as `image[5:12]`.
"""

from __future__ import annotations

import numpy as np

from .checks import activation_problem
from .data import N_PIXELS, SIDE
from .i18n import tr

__all__ = ["SIDE", "N_PIXELS", "as_image", "as_activations", "check_range", "check_images", "first_of_each_digit",
           "region_weights", "edge_weights", "digit_parts"]


def as_image(x, what: str = "image") -> np.ndarray:
    """x as a 28×28 float grid, from 784 values or a 28×28 array; a clear error otherwise."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(tr("{what}: expected 784 numbers or a 28×28 array, got {kind}", what=what,
                           kind=type(x).__name__))
    a = np.asarray(x)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise TypeError(tr("{what}: expected numbers, got dtype {dtype}", what=what, dtype=a.dtype))
    a = a.astype(float)
    if a.shape == (N_PIXELS,):
        a = a.reshape(SIDE, SIDE)
    elif a.shape != (SIDE, SIDE):
        raise ValueError(tr("{what}: expected 784 values or a 28×28 grid, got shape {shape}", what=what, shape=a.shape))
    if not np.all(np.isfinite(a)):
        raise ValueError(tr("{what}: contains NaN or infinite values", what=what))
    return a


def as_activations(x, what: str = "digit") -> np.ndarray:
    """as_image(x), checked to be activations: every value in [0, 1] (0 = black, 1 = white)."""
    a = as_image(x, what)
    problem = activation_problem(a)
    if problem:
        raise ValueError(tr("{what}: {problem}", what=what, problem=problem))
    return a


def check_range(span, what: str) -> tuple[int, int]:
    """A half-open (start, stop) range of rows or columns, 0 ≤ start < stop ≤ 28, as two ints."""
    try:
        start, stop = span
    except (TypeError, ValueError):
        raise TypeError(_range_error(what, span)) from None
    if any(isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) for v in (start, stop)):
        raise TypeError(tr("{what}: expected (start, stop) with 0 ≤ start < stop ≤ 28 (stop excluded, as in a "
                           "slice), two whole numbers, got {got}", what=what, got=repr(span)))
    if not 0 <= start < stop <= SIDE:
        raise ValueError(_range_error(what, span))
    return int(start), int(stop)


def _range_error(what, span) -> str:
    return tr("{what}: expected (start, stop) with 0 ≤ start < stop ≤ 28 (stop excluded, as in a slice), got {got}",
              what=what, got=repr(span))


def check_images(images, labels=None):
    """A batch of digits (n, 784), n ≥ 1, and optionally one label for each; a clear error otherwise."""
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != N_PIXELS or len(images) == 0:
        raise ValueError(tr("images: expected a batch of digits of shape (n, 784), got shape {shape}",
                            shape=images.shape))
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),):
            raise ValueError(tr("labels: expected one label per image, shape ({n},), got {shape}", n=len(images),
                                shape=labels.shape))
    return images, labels


def first_of_each_digit(labels, start: int = 0) -> list[int]:
    """Indices of one example of each digit 0–9: the `start`-th of each in `labels`."""
    labels = np.asarray(labels)
    picks = []
    for d in range(10):
        where = np.flatnonzero(labels == d)
        if start >= len(where):
            raise ValueError(tr("there are only {n} examples of the digit {digit}, so there is no example number "
                                "{start}", n=len(where), digit=d, start=start))
        picks.append(int(where[start]))
    return picks


def region_weights(rows, cols, value: float = 1.0) -> np.ndarray:
    """784 weights: `value` on the rectangle image[r0:r1, c0:c1] (half-open ranges), 0 elsewhere."""
    (r0, r1), (c0, c1) = check_range(rows, "rows"), check_range(cols, "cols")
    w = np.zeros((SIDE, SIDE))
    w[r0:r1, c0:c1] = value
    return w.reshape(N_PIXELS)


def edge_weights(rows, cols, border: int = 1) -> np.ndarray:
    """An edge detector: +1 on image[r0:r1, c0:c1], −1 on a ring `border` pixels wide around it.

    Its weighted sum is large when the region is bright AND its surroundings are dark,
    e.g. a short stroke lying right in the region. With border=1 the ring of a thin band
    has about as many pixels as the band, so a big blob of ink covering both cancels out.
    """
    (r0, r1), (c0, c1) = check_range(rows, "rows"), check_range(cols, "cols")
    if isinstance(border, bool) or not isinstance(border, (int, np.integer)) or border < 1:
        raise ValueError(tr("border must be a whole number ≥ 1, got {got}", got=repr(border)))
    w = np.zeros((SIDE, SIDE))
    w[max(r0 - border, 0):r1 + border, max(c0 - border, 0):c1 + border] = -1.0
    w[r0:r1, c0:c1] = 1.0
    return w.reshape(N_PIXELS)


# ---- digits made of parts (notebook 02) ------------------------------------------------

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

    Returns a dict of boolean 28×28 masks: "loop 1", "loop 2", … (largest hole first), "stroke".
    """
    a = as_activations(image)
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
