"""The sign colours (mlp_core.palette): the colour-blind pair stays apart for every colour
vision (Machado et al. 2009 simulation, in numpy), every sign-coloured figure draws with the
palette in use, and switching back gives the article's pictures again, without warnings.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba

from mlp_core import chain, descent, diagram, drawing, load_pretrained, load_sample, matrix, palette, preprocess, viz
from mlp_core import training_views as tv
from mlp_core.train import backprop_one_example

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6), table of matrices at severity 1.0 (linear RGB).
MACHADO_2009 = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(srgb):
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(srgb, deficiency=None):
    """CIELAB (D65) of an sRGB colour in 0–1, as seen with `deficiency` (None = normal vision)."""
    rgb = _linear(srgb)
    if deficiency is not None:
        rgb = np.clip(MACHADO_2009[deficiency] @ rgb, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _apart(a, b, deficiency=None) -> float:
    """CIE76 colour difference ΔE between two colours (≈ 2.3 is just noticeable)."""
    return float(np.linalg.norm(_lab(to_rgb(a), deficiency) - _lab(to_rgb(b), deficiency)))


@pytest.fixture(autouse=True)
def article_palette_after_each_test():
    yield
    viz.use_palette("article")


# ==== the colours themselves ===================================================================

@pytest.mark.parametrize("deficiency", [None, *MACHADO_2009])
def test_colour_blind_pair_stays_far_apart_for_every_colour_vision(deficiency):
    cb = palette.PALETTES["colorblind"]
    assert _apart(cb.positive, cb.negative, deficiency) > 60
    assert _apart(cb.positive_ink, cb.negative_ink, deficiency) > 60
    # and so do + and − weights of the same size, all along the heat map
    for t in (0.0, 0.1, 0.2, 0.3):
        assert _apart(cb.cmap(t), cb.cmap(1 - t), deficiency) > 20 + 40 * (0.3 - t) / 0.3


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_the_article_pair_is_the_one_that_fails_red_green_colour_blindness(deficiency):
    # the reason for the switch: the article's green and red ink fade into one olive
    article = palette.PALETTES["article"]
    assert _apart(article.positive_ink, article.negative_ink) > 60
    assert _apart(article.positive_ink, article.negative_ink, deficiency) < 20


@pytest.mark.parametrize("name", list(palette.PALETTES))
def test_each_heat_map_is_black_at_zero_and_brightens_away_from_it(name):
    cmap = palette.PALETTES[name].cmap
    assert np.allclose(cmap(0.5)[:3], 0, atol=0.02)
    lightness = [_lab(cmap(t)[:3])[0] for t in np.linspace(0, 1, 21)]
    assert all(a > b for a, b in zip(lightness[:10], lightness[1:11])), "darker towards 0 from below"
    assert all(a < b for a, b in zip(lightness[10:], lightness[11:])), "brighter away from 0 above"


def test_colour_blind_heat_map_ends_are_equally_light():
    # equally big + and − weights look equally strong (CIELAB L*; test_viz checks the
    # article's map by its HLS lightness, as it was designed)
    cmap = palette.PALETTES["colorblind"].cmap
    assert abs(_lab(cmap(0.0)[:3])[0] - _lab(cmap(1.0)[:3])[0]) < 5


def test_an_unknown_palette_is_refused_with_the_names_that_exist():
    with pytest.raises(ValueError, match="'article', 'colorblind'.*'deuteranopia'"):
        viz.use_palette("deuteranopia")
    assert palette.current().name == "article"


# ==== every sign-coloured figure obeys the switch ==============================================

@pytest.fixture(scope="module")
def sample():
    images, labels = load_sample()
    return images[:10], labels[:10]


@pytest.fixture(scope="module")
def net():
    return load_pretrained()


def _same(a, b) -> bool:
    return np.allclose(to_rgba(a)[:3], to_rgba(b)[:3], atol=1 / 255)


def _weight_images(fig):
    """Every picture in `fig` drawn with a weight colour map (sign-coloured)."""
    return [im for ax in fig.axes for im in ax.get_images() if im.cmap.name.startswith("mlp_weights")]


def _sign_coloured_figures(net, sample):
    """(name, figure, the values whose signs its bars or texts show) for every kind of picture
    that colours by sign. Made inside the palette the test has switched to."""
    images, labels = sample
    w = np.zeros((28, 28))
    w[:, :14], w[:, 14:] = 1.0, -1.0       # ink on the left counts +, on the right −
    w = w.ravel()
    grad_W, grad_b = backprop_one_example(net, images[0], labels[0])
    region = viz.plot_region_sums(w, images, labels)
    sums = viz.update_region_sums(region, w)
    wrong = preprocess.off_centre(images[:4], seed=0)[0]
    return [
        ("weights", viz.plot_weights(w), None),
        ("weighted sum", viz.plot_weighted_sum(w, images[0]), None),
        ("region sums", region, sums),
        ("matrix form", matrix.plot_matrix_form(net.weights[0], images[0], net.biases[0], neuron=0), None),
        ("layer errors", chain.plot_layer_errors(grad_b), np.concatenate(grad_b)),
        ("gradient map", descent.plot_gradient_map(-grad_W[0][0], title="−gradient"), None),
        ("first-layer weights", diagram.plot_first_layer_weights(net), None),
        ("wanted input", tv.plot_wanted(images[:2], images[:2], ["a", "b"], ncols=2), None),
        ("moved digits", drawing.plot_moved_digits(net, images, wrong, labels, n=4), None),
    ]


@pytest.mark.parametrize("name", list(palette.PALETTES))
def test_every_sign_coloured_figure_uses_the_palette_in_use(name, net, sample):
    colours = viz.use_palette(name)
    other = next(p for p in palette.PALETTES.values() if p.name != name)
    for what, fig, signs in _sign_coloured_figures(net, sample):
        for im in _weight_images(fig):
            assert im.cmap is colours.cmap, f"{what}: heat map not in the {name} colours"
        labels = " ".join(ax.get_ylabel() + ax.get_xlabel() for ax in fig.axes)
        assert f"{other.positive_word} +" not in labels, f"{what}: a colour bar names the other palette"
        if what in ("region sums", "layer errors"):
            bars = [p for ax in fig.axes for p in ax.patches if p.get_height() != 0]
            heights = np.array([p.get_height() for p in bars])
            assert len(bars) == np.count_nonzero(signs) and np.sum(heights > 0) > 0 and np.sum(heights < 0) > 0
            for bar in bars:
                want = colours.positive if bar.get_height() > 0 else colours.negative
                assert _same(bar.get_facecolor(), want), f"{what}: a bar of the wrong sign colour"
        if what == "region sums":
            overlay = fig.mlp_parts["overlay"].get_array()
            tinted = overlay[..., 3] > 0
            assert any(np.allclose(px, to_rgb(colours.positive), atol=0.01) for px in overlay[tinted][:, :3])
            assert any(np.allclose(px, to_rgb(colours.negative), atol=0.01) for px in overlay[tinted][:, :3])
        if what == "moved digits":
            titles = [ax.title for ax in fig.axes if ax.get_title()]
            assert any(t.get_text().endswith("✘") for t in titles) and any(t.get_text().endswith("✔") for t in titles)
            for t in titles:
                want = colours.positive_ink if t.get_text().endswith("✔") else colours.negative_ink
                assert _same(t.get_color(), want), f"moved digits: {t.get_text()!r} in the wrong colour"
        if what not in ("moved digits",):
            assert _weight_images(fig) or signs is not None, f"{what}: nothing sign-coloured found"


def test_a_figure_keeps_the_palette_it_was_made_with(sample):
    images, labels = sample
    w = np.full(784, -0.01)
    fig = viz.plot_region_sums(w, images, labels)
    viz.use_palette("colorblind")
    viz.update_region_sums(fig, w)      # a widget's redraw does not switch half the picture
    assert all(_same(bar.get_facecolor(), palette.PALETTES["article"].negative) for bar in fig.mlp_parts["bars"])


def test_switching_back_gives_the_article_pictures_again_without_warnings(net, sample):
    def pixels(fig):
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        before = []
        for _, fig, _ in _sign_coloured_figures(net, sample):
            FigureCanvasAgg(fig)
            before.append(pixels(fig))
        viz.use_palette("colorblind")
        changed = []
        for _, fig, _ in _sign_coloured_figures(net, sample):
            FigureCanvasAgg(fig)
            changed.append(pixels(fig))
        viz.use_palette("article")
        after = []
        for _, fig, _ in _sign_coloured_figures(net, sample):
            FigureCanvasAgg(fig)
            after.append(pixels(fig))
    for b, c, a in zip(before, changed, after):
        assert np.array_equal(b, a)
        assert b.shape != c.shape or not np.array_equal(b, c)


def test_network_explorer_marks_a_wrong_answer_in_the_palettes_ink(net, sample):
    images, labels = sample
    wrong_labels = (np.asarray(labels) + 1) % 10          # every reading is now "wrong"
    viz.use_palette("colorblind")
    box = diagram.network_explorer(net, images, wrong_labels)
    assert "✘ wrong" in box.readout.value and palette.PALETTES["colorblind"].negative_ink in box.readout.value


# ---- MLP_CORE_PALETTE: the palette chosen without editing a cell -----------------------------

@pytest.mark.parametrize("value, name", [("", "article"), ("article", "article"), ("colorblind", "colorblind"),
                                         (" Colorblind ", "colorblind")])
def test_the_environment_names_the_starting_palette(value, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert palette.palette_from_environment({"MLP_CORE_PALETTE": value}) == name
    assert palette.palette_from_environment({}) == "article"


@pytest.mark.parametrize("value", ["colourblind", "color-blind", "dark"])
def test_an_unknown_palette_in_the_environment_warns_with_the_choices_and_keeps_the_article(value):
    with pytest.warns(UserWarning) as caught:
        assert palette.palette_from_environment({"MLP_CORE_PALETTE": value}) == "article"
    message = str(caught[0].message)
    assert "MLP_CORE_PALETTE" in message and repr(value) in message
    assert "'article'" in message and "'colorblind'" in message


def test_importing_the_palette_starts_with_the_one_the_environment_names():
    """A new Python (as a kernel is), the variable set, no use_palette call: the figures' colours follow."""
    import os
    import subprocess
    import sys

    code = ("from mlp_core import palette, viz; print(palette.current().name); "
            "print(palette.sign_colours([1, -1]))")
    env = {k: v for k, v in os.environ.items() if k not in ("MLP_CORE_LANGUAGE", "MLP_CORE_PALETTE")}

    def run(**extra):
        done = subprocess.run([sys.executable, "-W", "always", "-c", code], env=env | extra | {"MPLBACKEND": "Agg"},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    blind = palette.PALETTES["colorblind"]
    assert run(MLP_CORE_PALETTE="colorblind").stdout.split("\n")[:2] == [
        "colorblind", str([blind.positive, blind.negative])]
    unset = run()
    assert unset.stdout.startswith("article\n") and "MLP_CORE_PALETTE" not in unset.stderr
    wrong = run(MLP_CORE_PALETTE="colourblind")
    assert wrong.stdout.startswith("article\n") and "MLP_CORE_PALETTE='colourblind'" in wrong.stderr
    chinese = run(MLP_CORE_PALETTE="colourblind", MLP_CORE_LANGUAGE="zh-CN")
    assert "MLP_CORE_PALETTE='colourblind'" in chinese.stderr and "配色" in chinese.stderr
