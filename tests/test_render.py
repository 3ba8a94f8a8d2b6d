"""PNG rendering and the one panel every widget is built on (mlp_core.render).
"""

from __future__ import annotations

import io

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.figure import Figure

from mlp_core import diagram, matrix, render, widgets
from helpers import css_classes, png_pixels, two_digits_with_different_predictions


def _views(net, images, i):
    edited = net.copy()
    edited.biases[1][3] = 9.0
    return {
        "diagram": (diagram.NetworkDiagram(net, images[i], highlight=(2, 4)), lambda v, x: v.update(x)),
        "edit view": (diagram.EditView(edited, images[i], highlight=(2, 3)),
                      lambda v, x: v.update(image=x, before=net.activations(x))),
        "matrix form": (matrix.MatrixForm(net.weights[0], images[i], net.biases[0], neuron=2),
                        lambda v, x: v.update(x, neuron=11)),
    }


@pytest.mark.parametrize("name", ["diagram", "edit view", "matrix form"])
def test_fast_png_matches_a_full_redraw(net, few_digits, name):
    images, _ = few_digits
    i, j = two_digits_with_different_predictions(net, images)
    view, change = _views(net, images, i)[name]
    first = png_pixels(view.png())
    change(view, images[j])
    fast = png_pixels(view.png())                   # background pasted back, changing parts redrawn
    assert (first != fast).any(axis=2).mean() > 0.001, "a new digit must change the picture"
    full = io.BytesIO()
    view.fig.savefig(full, format="png", facecolor=view.fig.get_facecolor())
    full = png_pixels(full.getvalue())
    assert full.shape == fast.shape
    # the fast PNG has 256 colours: small colour differences only, no missing or hidden parts
    different = np.abs(full - fast).max(axis=2) > 40
    assert not different.any(), f"{different.sum()} pixels differ from a full redraw"


def test_panel_parts_carry_the_css_classes_of_the_dom_contract():
    box = widgets.sigmoid_explorer()
    assert "mlp-widget" in css_classes(box)
    assert "mlp-readout" in css_classes(box.readout)
    assert "mlp-error" in css_classes(box.error)
    assert "mlp-figure" in css_classes(box.figure)
    assert isinstance(box.figure, W.Output) and box.image.value[:4] == b"\x89PNG"


def test_panel_shows_an_error_instead_of_raising():
    def draw(n):
        if n > 3:
            raise ValueError(f"n must be at most 3, got {n}")
        fig = Figure()
        fig.add_subplot().plot(range(n + 1))
        return fig

    slider = W.IntSlider(value=1, min=0, max=10)
    box = render.panel({"n": slider}, draw, readout=lambda n: f"n = {n}")
    first = box.image.value
    assert box.error.value == "" and first[:4] == b"\x89PNG"
    slider.value = 5                               # must not raise
    assert "n must be at most 3, got 5" in box.error.value
    assert box.readout.value == "n = 5"
    slider.value = 2
    assert box.error.value == "" and box.image.value != first
    assert box.last_redraw_ms > 0


def test_panel_marks_a_picture_it_could_not_update():
    def draw(n):
        if n > 3:
            raise ValueError(f"n must be at most 3, got {n}")
        fig = Figure(figsize=(4, 3))
        fig.add_subplot().plot(range(n + 1))
        return fig

    def readout(n):
        if n > 5:
            raise ValueError(f"n must be at most 5, got {n}")
        return f"n = {n}"

    slider = W.IntSlider(value=2, min=0, max=10)
    box = render.panel({"n": slider}, draw, readout)
    good = box.image.value
    slider.value = 4                    # the readout follows, the picture cannot
    assert box.readout.value == "n = 4"
    stamped = png_pixels(box.image.value)
    assert stamped.shape == png_pixels(good).shape
    lower = slice(stamped.shape[0] // 2, None)                             # below the band: faded
    assert stamped[lower].min() > png_pixels(good)[lower].min() + 100
    red = (stamped[..., 0] > 150) & (stamped[..., 1] < 60) & (stamped[..., 2] < 80)
    assert red.sum() > 500                                                 # a red band with the reason
    slider.value = 7                    # now the readout cannot follow either
    assert "not updated" in box.readout.value and "n = 4" in box.readout.value
    assert "at most 5, got 7" in box.error.value
    slider.value = 2
    assert box.error.value == "" and box.readout.value == "n = 2" and box.image.value == good
