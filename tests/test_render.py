"""PNG rendering and the one panel every widget is built on (mlp_core.render).
"""

from __future__ import annotations

import io

import ipywidgets
import numpy as np
import pytest
from helpers import css_classes, png_pixels, two_digits_with_different_predictions
from matplotlib.figure import Figure

from mlp_core import diagram, matrix, neuron, render


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
    box = neuron.sigmoid_explorer()
    assert "mlp-widget" in css_classes(box)
    assert "mlp-readout" in css_classes(box.readout)
    assert "mlp-error" in css_classes(box.error)
    assert "mlp-figure" in css_classes(box.figure)
    assert isinstance(box.figure, ipywidgets.Output) and box.image.png[:4] == b"\x89PNG"


def test_panel_shows_an_error_instead_of_raising():
    def draw(n):
        if n > 3:
            raise ValueError(f"n must be at most 3, got {n}")
        fig = Figure()
        fig.add_subplot().plot(range(n + 1))
        return fig

    slider = ipywidgets.IntSlider(value=1, min=0, max=10)
    box = render.panel({"n": slider}, draw, readout=lambda n: f"n = {n}")
    first = box.image.png
    assert box.error.value == "" and first[:4] == b"\x89PNG"
    slider.value = 5                               # must not raise
    assert "n must be at most 3, got 5" in box.error.value
    assert box.readout.value == "n = 5"
    slider.value = 2
    assert box.error.value == "" and box.image.png != first
    assert box.last_redraw_ms > 0


def test_every_notebook_figure_titles_in_one_style():
    """Panel titles in render.TITLE, figure titles in render.FIGURE_TITLE, in every topic module."""
    from mlp_core import chain, descent, diagram, drawing, load_pretrained, load_sample, matrix, preprocess, viz
    from mlp_core import training_views as tv
    from mlp_core.render import FIGURE_TITLE, TITLE
    from mlp_core.train import History, backprop_one_example

    images, labels = load_sample()
    net = load_pretrained()
    x = images[4]
    history = History(epoch=[1, 2], train_loss=[0.3, 0.2], train_accuracy=[0.8, 0.9], test_accuracy=[0.8, 0.85])
    grad_W, grad_b = backprop_one_example(net, x, labels[4])
    figures = [
        viz.plot_digits(images[:4], labels[:4]), viz.plot_unrolled(x), viz.plot_weighted_sum(images[0], x, 9),
        viz.plot_region_sums(images[0], images[:3], labels[:3]), viz.plot_digit_grid(x, 9),
        diagram.plot_layer_bars(net.activations(x)), diagram.plot_digit_parts(images[:3], labels[:3]),
        diagram.plot_first_layer_weights(net, title="first layer"),
        matrix.plot_matrix_form(net.weights[0], x, net.biases[0]),
        drawing.plot_steps(preprocess.preprocess_steps(x.reshape(28, 28))),
        drawing.plot_moved_digits(net, images, images[:2], labels, n=2),
        descent.compare_learning_rates(descent.ONE_KNOB, start=2.5, rates=(0.1, 0.3), steps=3, labels=["a", "b"]),
        descent.plot_output_vs_wanted(net.forward(x), 9), descent.plot_costs([3, 2, 1]),
        chain.plot_layer_errors(grad_b, title="δ"), descent.plot_gradient_map(-grad_W[0][0], title="g"),
        tv.plot_history(history, title="curves"), tv.plot_confusion(np.eye(10, dtype=int)),
        tv.plot_wanted(images[:2], images[2:4], ["a", "b"]),
    ]
    for fig in figures:
        titles = [ax.title for ax in fig.axes if ax.get_title()]
        assert titles or fig._suptitle is not None
        for t in titles:
            assert (t.get_fontsize(), t.get_fontweight()) == (TITLE["fontsize"], TITLE["fontweight"]), t.get_text()
        if fig._suptitle is not None:
            s = fig._suptitle
            assert (s.get_fontsize(), s.get_fontweight()) == (FIGURE_TITLE["fontsize"], FIGURE_TITLE["fontweight"])


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

    slider = ipywidgets.IntSlider(value=2, min=0, max=10)
    box = render.panel({"n": slider}, draw, readout)
    good = box.image.png
    slider.value = 4                    # the readout follows, the picture cannot
    assert box.readout.value == "n = 4"
    stamped = png_pixels(box.image.png)
    assert stamped.shape == png_pixels(good).shape
    lower = slice(stamped.shape[0] // 2, None)                             # below the band: faded
    assert stamped[lower].min() > png_pixels(good)[lower].min() + 100
    red = (stamped[..., 0] > 150) & (stamped[..., 1] < 60) & (stamped[..., 2] < 80)
    assert red.sum() > 500                                                 # a red band with the reason
    slider.value = 7                    # now the readout cannot follow either
    assert "not updated" in box.readout.value and "n = 4" in box.readout.value
    assert "at most 5, got 7" in box.error.value
    slider.value = 2
    assert box.error.value == "" and box.readout.value == "n = 2" and box.image.png == good
