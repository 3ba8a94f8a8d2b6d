"""Every figure and every widget picture carries a real description, in the learner's language.

The picture functions each topic module defines are found by name (plot_*, compare_*,
*_explorer, *_widget, live_editor, DigitPad); each needs a recipe below, so a new picture
function without one fails here until it is tried. Each is drawn in English and in Chinese:
  - a figure: `describe(fig)` is what the notebook's HTML output puts in <img alt>;
  - a widget: its Picture's <img> carries that alt, and the picture still shows PNG bytes.
A "real" description names numbers the picture shows, is not nbconvert's filler, and in
Chinese is Chinese (none of the description's English words left).
"""

from __future__ import annotations

import html
import importlib
import re

import numpy as np
import pytest

import mlp_core
from mlp_core import chain as chain_module
from mlp_core import descent, diagram, drawing, load_sample, matrix, neuron, viz
from mlp_core import training_views as tv
from mlp_core.describe import DescribedPng, describe, describe_grid, img_html, png_size
from mlp_core.i18n import use_language
from mlp_core.render import Picture
from mlp_core.train import History, backprop_one_example

TOPIC_MODULES = ("style", "network_picture", "viz", "neuron", "diagram", "matrix", "descent", "chain", "training_views", "drawing")
FILLER = ("No description has been provided", "a picture (run the notebook", "an empty figure")
# words of the description templates: none may be left in a Chinese description
ENGLISH_WORDS = re.compile(r"\b(grid|values|brightest|largest|negative|panels?|curves?|bars|points|lines|labels|"
                           r"axis|from|over|receives|pixels above)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def world():
    images, labels = load_sample()
    net = mlp_core.Network([784, 16, 16, 10], seed=0)
    x = images[0]
    history = History(epoch=[1, 2], train_loss=[0.3, 0.2], train_accuracy=[0.8, 0.9], test_accuracy=[0.8, 0.85])
    grad_W, grad_b = backprop_one_example(net, x, labels[0])
    return dict(images=images, labels=labels, net=net, x=x, history=history, grad_W=grad_W, grad_b=grad_b)


def _recipes(w):
    images, labels, net, x = w["images"], w["labels"], w["net"], w["x"]
    edited = net.copy() if hasattr(net, "copy") else mlp_core.Network([784, 16, 16, 10], seed=1)
    rng = np.random.default_rng(0)
    return {
        "plot_digit": lambda: viz.plot_digit(x, labels[0]),
        "plot_digit_grid": lambda: viz.plot_digit_grid(x, labels[0], rows=(5, 12), cols=(9, 19)),
        "plot_digits": lambda: viz.plot_digits(images[:10], labels[:10]),
        "plot_unrolled": lambda: viz.plot_unrolled(x, labels[0]),
        "plot_pixel": lambda: viz.plot_pixel(x, (7, 16), labels[0]),
        "plot_weights": lambda: viz.plot_weights(net.weights[0][0]),
        "plot_weighted_sum": lambda: viz.plot_weighted_sum(net.weights[0][0], x, labels[0]),
        "plot_region_sums": lambda: viz.plot_region_sums(images[1], images[:3], labels[:3]),
        "plot_sigmoid": lambda: neuron.plot_sigmoid(2.0),
        "plot_bias_neuron": lambda: neuron.plot_bias_neuron(images[1], -10.0, images[:3], labels[:3]),
        "plot_network": lambda: diagram.plot_network(net, x),
        "plot_layer_bars": lambda: diagram.plot_layer_bars(net.activations(x)),
        "plot_edit": lambda: diagram.plot_edit(net, edited, x),
        "plot_mean_activations": lambda: diagram.plot_mean_activations(net, images[:200], labels[:200], 1),
        "plot_digit_parts": lambda: diagram.plot_digit_parts(images[:3], labels[:3]),
        "plot_first_layer_weights": lambda: diagram.plot_first_layer_weights(net, title="W¹"),
        "plot_matrix_form": lambda: matrix.plot_matrix_form(net.weights[0], x, net.biases[0]),
        "compare_learning_rates": lambda: descent.compare_learning_rates(descent.ONE_KNOB, 2.5, (0.1, 0.3), steps=3),
        "compare_momentum": lambda: descent.compare_momentum(descent.TWO_KNOBS, (-2.2, -1.2), 0.1, (0.0, 0.9), 5),
        "plot_cost_slice": lambda: descent.plot_cost_slice(np.linspace(-1, 1, 9), np.linspace(-1, 1, 9) ** 2, now=0.5),
        "plot_minibatch_gradients": lambda: descent.plot_minibatch_gradients({10: rng.uniform(0, 1, 20),
                                                                              100: rng.uniform(0.5, 1, 20)}),
        "plot_output_vs_wanted": lambda: descent.plot_output_vs_wanted(net.forward(x), labels[0]),
        "plot_costs": lambda: descent.plot_costs([3, 2, 1.5, 1]),
        "plot_gradient_map": lambda: descent.plot_gradient_map(-w["grad_W"][0][0], title="g"),
        "plot_chain": lambda: chain_module.plot_chain(),
        "plot_layer_errors": lambda: chain_module.plot_layer_errors(w["grad_b"], title="δ"),
        "plot_history": lambda: tv.plot_history(w["history"], title="A"),
        "plot_confusion": lambda: tv.plot_confusion(np.eye(10, dtype=int) * 5),
        "plot_wanted": lambda: tv.plot_wanted(images[:2], images[2:4], ["a", "b"]),
        "plot_weighted_sums": lambda: tv.plot_weighted_sums({"N(0, 1)": rng.normal(0, 8, 500),
                                                              "scaled": rng.normal(0, 1, 500)}),
        "plot_recipes": lambda: tv.plot_recipes({"a": w["history"], "b": w["history"]}),
        "plot_readings": lambda: drawing.plot_readings(net, images[:3], ["a", "b", "c"]),
        "plot_steps": lambda: drawing.plot_steps(mlp_core.preprocess.preprocess_steps(x.reshape(28, 28))),
        "plot_moved_digits": lambda: drawing.plot_moved_digits(net, images, images[:2], labels, n=2),
        # widgets: their picture
        "pixel_explorer": lambda: viz.pixel_explorer(images, labels),
        "region_explorer": lambda: viz.region_explorer(images[:50], labels[:50]),
        "sigmoid_explorer": lambda: neuron.sigmoid_explorer(),
        "bias_explorer": lambda: neuron.bias_explorer(images[:50], labels[:50]),
        "network_explorer": lambda: diagram.network_explorer(net, images[:5], labels[:5]),
        "live_editor": lambda: diagram.live_editor(net, images[:5], labels[:5]),
        "matrix_row_explorer": lambda: matrix.matrix_row_explorer(net, images[:5]),
        "descent_widget": lambda: descent.descent_widget(descent.TWO_KNOBS),
        "chain_widget": lambda: chain_module.chain_widget(),
        "wanted_input_widget": lambda: tv.wanted_input_widget(net, {"a 5": images[0], "grey": np.full(784, 0.5)},
                                                              steps=5),
        "DigitPad": lambda: drawing.DigitPad(net),
    }


def _public_picture_functions() -> list[str]:
    found = []
    for name in TOPIC_MODULES:
        module = importlib.import_module(f"mlp_core.{name}")
        defined = [n for n, f in vars(module).items() if callable(f) and getattr(f, "__module__", "") == module.__name__]
        found += [n for n in defined if n.startswith(("plot_", "compare_"))
                  or n.endswith(("_explorer", "_widget", "_editor")) or n == "DigitPad"]
    return found


def test_every_public_picture_function_has_a_recipe_here(world):
    missing = sorted(set(_public_picture_functions()) - set(_recipes(world)))
    assert not missing, f"new picture functions: add a recipe for {missing} to tests/test_describe.py"


def _pictures_of(made) -> list[tuple[str, bytes]]:
    """(alt, png) of every picture a widget shows; checks each <img> carries its own alt."""
    found = []
    stack = [made]
    while stack:
        w = stack.pop()
        if isinstance(w, Picture) and w.png:
            alt = re.search(r'<img alt="([^"]*)"', w.value)
            assert alt and html.unescape(alt.group(1)) == w.alt, w.value[:200]
            found.append((w.alt, w.png))
        stack += list(getattr(w, "children", ()))
        stack += [getattr(w, a) for a in ("image", "input_image", "bars_image", "network_image") if hasattr(w, a)]
    return found


def _check_real(text: str, where: str, language: str) -> None:
    assert text.strip(), f"{where}: no description"
    assert not any(f in text for f in FILLER), f"{where}: filler {text!r}"
    assert re.search(r"\d", text), f"{where}: names no number of what it shows: {text!r}"
    assert len(text) <= 2000, f"{where}: {len(text)} characters is too long to listen to"
    if language == "zh-CN":
        assert CJK.search(text), f"{where}: not in Chinese: {text!r}"
        left = ENGLISH_WORDS.findall(text)
        assert not left, f"{where}: English words {left} in the Chinese description {text!r}"


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_figure_and_widget_picture_is_described(world, language):
    with use_language(language):
        for name, make in _recipes(world).items():
            made = make()
            if hasattr(made, "axes") and hasattr(made, "savefig"):
                _check_real(describe(made), name, language)
            else:
                pictures = _pictures_of(made)
                assert pictures, f"{name}: shows no picture"
                for alt, png in pictures:
                    _check_real(alt, name, language)
                    assert png[:4] == b"\x89PNG"
                assert not getattr(made, "error", None) or made.error.value == "", f"{name}: {made.error.value}"


def test_a_description_says_what_the_digit_shows(sample):
    images, labels = sample
    fig = viz.plot_digit(images[0], labels[0])
    brightest = int(images[0].reshape(28, 28).sum(axis=1).argmax())
    text = describe(fig)
    assert "28×28 grid of 784 values; from 0 to 1" in text and f"brightest row {brightest}" in text
    with use_language("zh-CN"):
        assert f"最亮的是第 {brightest} 行" in describe(viz.plot_digit(images[0], labels[0]))


def test_a_moved_slider_changes_the_widget_description(sample):
    images, labels = sample
    box = neuron.sigmoid_explorer(z=2.0)
    before = box.image.alt
    box.controls["z"].value = -3.0 if "z" in box.controls else before
    assert box.image.alt != before and "σ(-3) = 0.0474" in box.image.alt


def test_described_pictures_refuse_an_empty_description():
    png = drawing.input_png(np.zeros(784))
    assert isinstance(png, DescribedPng) and "all 0" in png.alt
    with pytest.raises(ValueError, match="description"):
        img_html(bytes(png), "  ")
    with pytest.raises(ValueError, match="PNG"):
        png_size(b"GIF89a" + bytes(30))
    assert png_size(png) == (168, 168)
    assert "brightest row" in describe_grid(np.eye(28))


def test_notebook_display_of_a_figure_is_an_img_with_alt_and_a_png(sample):
    """What a notebook stores: text/html <img alt> (JupyterLab and nbconvert pick it) and image/png."""
    from IPython.core.interactiveshell import InteractiveShell

    import mlp_core.render as render

    shell = InteractiveShell.instance()
    render._show_figures_in_notebooks()
    images, labels = sample
    fig = viz.plot_digit(images[0], labels[0])
    data, _ = shell.display_formatter.format(fig)
    assert data["image/png"][:4] == b"\x89PNG" if isinstance(data["image/png"], bytes) else data["image/png"]
    alt = re.search(r'<img alt="([^"]*)"', data["text/html"]).group(1)
    assert html.unescape(alt) == describe(fig)
    assert "data:image/png;base64," in data["text/html"]
