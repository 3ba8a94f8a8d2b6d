"""Small helpers the unit tests share: independent recomputations and ways to look inside
a picture or a widget. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image


def forward_by_hand(weights, biases, x):
    """Every layer's activations, one neuron at a time (not the library's matrix code)."""
    layers = [np.asarray(x, dtype=float)]
    for W, b in zip(weights, biases):
        a = layers[-1]
        layers.append(np.array([1 / (1 + np.exp(-(sum(W[n, k] * a[k] for k in np.flatnonzero(a))
                                                  + b[n]))) for n in range(W.shape[0])]))
    return layers


def two_digits_with_different_predictions(net, images):
    guesses = net.predict(images)
    i = 0
    j = int(np.flatnonzero(guesses != guesses[0])[0])
    return i, j


def png_pixels(png: bytes) -> np.ndarray:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def css_classes(widget) -> dict[str, list]:
    """{CSS class: [the widgets carrying it]} for `widget` and everything inside it."""
    found = {}

    def walk(w):
        for c in getattr(w, "_dom_classes", ()):
            found.setdefault(c, []).append(w)
        for child in getattr(w, "children", ()):
            walk(child)
    walk(widget)
    return found


def region_sums_by_hand(images, rows, cols):
    """The ink in rows start…stop−1 and columns start…stop−1 (half-open) of each image, no weights used."""
    grids = images.reshape(len(images), 28, 28).astype(float)
    return np.array([g[r, c] for g in grids for r in range(*rows) for c in range(*cols)]).reshape(len(images), -1).sum(axis=1)


def load_pretrained_net():
    from mlp_core import load_pretrained
    return load_pretrained()


def browser_renders(slider) -> None:
    """Do to `slider` what its view in the browser does when it is drawn or its value is set.

    ipywidgets' slider view (noUiSlider) puts the value on the slider's grid, min + k·step (for
    a FloatLogSlider: the exponent on min + k·step), and sends that back to the kernel as the
    new value. A value between two grid points therefore comes back rounded, although nobody
    touched the slider.
    """
    import math

    import ipywidgets as widgets

    if isinstance(slider, widgets.FloatLogSlider):
        exponent = math.log(slider.value, slider.base)
        k = round((exponent - slider.min) / slider.step)
        snapped = slider.base ** (slider.min + k * slider.step)
    else:
        k = round((slider.value - slider.min) / slider.step)
        snapped = type(slider.value)(slider.min + k * slider.step)
    if snapped != slider.value:
        slider.value = snapped


def load_tool(name: str):
    """The script tools/<name>.py as a module (tools/ is not a package)."""
    path = Path(__file__).resolve().parent.parent / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
