"""Tests for the series notebooks' own modules (09 gradient descent, 10 backpropagation,
11 training): the toy cost landscapes, the descent, its pictures and widgets, the checkers."""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest

from mlp_core import descent
from mlp_core.descent import ONE_KNOB, TWO_KNOBS, Curve, descend
from mlp_core import exercises as ex


def _png_pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


# ==== notebook 09: the toy costs and the descent ===============================================

@pytest.mark.parametrize("w", [-2.9, -1.4, -0.3, 0.0, 0.2, 0.7, 1.5, 2.9])
def test_slope_of_the_curve_is_the_derivative_of_its_cost(w):
    h = 1e-6
    numeric = (ONE_KNOB.cost(w + h) - ONE_KNOB.cost(w - h)) / (2 * h)
    assert ONE_KNOB.slope(w) == pytest.approx(numeric, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("x, y", [(-2.2, -1.2), (0.0, 0.0), (1.5, 2.5), (-2.9, 2.9), (0.8, -1.0)])
def test_gradient_of_the_surface_is_made_of_its_partial_derivatives(x, y):
    h = 1e-6
    dx = (TWO_KNOBS.cost(x + h, y) - TWO_KNOBS.cost(x - h, y)) / (2 * h)
    dy = (TWO_KNOBS.cost(x, y + h) - TWO_KNOBS.cost(x, y - h)) / (2 * h)
    assert TWO_KNOBS.gradient(x, y) == pytest.approx([dx, dy], rel=1e-5, abs=1e-7)
    assert TWO_KNOBS.gradient(np.array([x, y])) == pytest.approx([dx, dy], rel=1e-5, abs=1e-7)


def test_costs_work_on_arrays_as_well_as_numbers():
    ws = np.linspace(-3, 3, 7)
    assert np.allclose(ONE_KNOB.cost(ws), [ONE_KNOB.cost(float(w)) for w in ws])
    assert np.allclose(ONE_KNOB.slope(ws), [ONE_KNOB.slope(float(w)) for w in ws])
    X, Y = np.meshgrid(np.linspace(-3, 3, 4), np.linspace(-3, 3, 5))
    C = TWO_KNOBS.cost(X, Y)
    assert C.shape == (5, 4) and C[2, 1] == pytest.approx(TWO_KNOBS.cost(X[2, 1], Y[2, 1]))


def test_the_toy_costs_have_two_valleys_and_the_left_one_is_deeper():
    ws = np.linspace(-3, 3, 6001)
    c = ONE_KNOB.cost(ws)
    inner = (c[1:-1] < c[:-2]) & (c[1:-1] < c[2:])
    minima = ws[1:-1][inner]
    assert len(minima) == 2
    assert ONE_KNOB.cost(minima[0]) < ONE_KNOB.cost(minima[1])


@pytest.mark.parametrize("start", np.linspace(-2.9, 2.9, 13))
def test_the_ball_rolls_downhill_with_a_small_learning_rate(start):
    path = descend(ONE_KNOB, float(start), learning_rate=0.05, steps=200)
    assert not path.diverged
    assert np.all(np.diff(path.costs) <= 1e-12), "the cost went up on some step"
    assert abs(ONE_KNOB.slope(path.end[0])) < 1e-3, "after 200 steps it should sit in a valley"


def test_the_ball_rolls_downhill_on_the_landscape_too():
    for start in [(-2.2, -1.2), (2.5, 2.5), (-2.5, 2.0), (2.0, -2.5)]:
        path = descend(TWO_KNOBS, start, learning_rate=0.1, steps=300)
        assert not path.diverged
        assert np.all(np.diff(path.costs) <= 1e-12)
        assert np.linalg.norm(TWO_KNOBS.gradient(path.end)) < 1e-3


def test_which_valley_depends_on_the_start():
    left = descend(ONE_KNOB, -2.5, 0.1, 100).end[0]
    right = descend(ONE_KNOB, 2.5, 0.1, 100).end[0]
    assert left < 0 < right


def test_the_notebooks_loop_and_descend_take_the_same_steps():
    w = 2.5
    for _ in range(10):
        w = w - 0.1 * ONE_KNOB.slope(w)
    assert descend(ONE_KNOB, 2.5, 0.1, 10).end[0] == pytest.approx(w, rel=1e-12)


def test_too_large_a_learning_rate_flies_off():
    path = descend(ONE_KNOB, 2.5, learning_rate=1.5, steps=40)
    assert path.diverged and len(path.points) < 41
    assert "flew off" in path.verdict(ONE_KNOB)
    path2 = descend(TWO_KNOBS, (-2.2, -1.2), learning_rate=0.6, steps=40)
    assert path2.diverged
    # nearly every start flies off on the one-knob cost at η = 1.5
    flown = [descend(ONE_KNOB, float(s), 1.5, 60).diverged for s in np.linspace(-2.9, 2.9, 25)]
    assert sum(flown) >= 23


def test_between_the_good_and_the_too_large_rate_the_ball_zig_zags_but_settles():
    bowl = descent.BOWL
    path = descend(bowl, 1.0, learning_rate=0.8, steps=60)      # distance × (1 − 2η) = × −0.6
    moves = np.diff(path.points[:, 0])
    assert np.all(moves[:-1] * moves[1:] < 0), "every step should overshoot the bottom"
    assert path.end[0] == pytest.approx(3.0, abs=1e-6)
    assert "zig-zag" in descend(bowl, 1.0, 0.8, 5).verdict(bowl)


def test_on_a_bowl_eta_one_half_lands_on_the_bottom_in_one_step():
    bowl = descent.BOWL
    for start in (-2.0, 1.0, 2.9):
        assert descend(bowl, start, 0.5, 1).end[0] == pytest.approx(3.0)


def test_verdicts_describe_the_path():
    assert "at the start" in descend(ONE_KNOB, 2.5, 0.1, 0).verdict(ONE_KNOB)
    assert "settled" in descend(ONE_KNOB, 2.5, 0.3, 40).verdict(ONE_KNOB)
    assert "creeping" in descend(ONE_KNOB, 2.5, 0.005, 10).verdict(ONE_KNOB)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(learning_rate=0), ValueError, "learning_rate must be > 0"),
    (dict(learning_rate=-0.1), ValueError, "learning_rate must be > 0"),
    (dict(learning_rate=float("nan")), ValueError, "finite"),
    (dict(learning_rate="0.1"), TypeError, "learning_rate must be a number"),
    (dict(steps=-1), ValueError, "steps must lie between"),
    (dict(steps=2.5), ValueError, "whole number"),
    (dict(start=7.0), ValueError, "start must lie between -3 and 3"),
    (dict(start=True), TypeError, "start must be a number"),
])
def test_bad_input_to_descend_says_what_is_wrong(kwargs, error, words):
    args = dict(start=2.5, learning_rate=0.1, steps=3)
    args.update(kwargs)
    with pytest.raises(error, match=words):
        descend(ONE_KNOB, args["start"], args["learning_rate"], args["steps"])


def test_a_two_knob_start_must_be_a_point():
    with pytest.raises(TypeError, match=r"point \(x, y\)"):
        descend(TWO_KNOBS, 1.0, 0.1, 3)
    with pytest.raises(ValueError, match="start y"):
        descend(TWO_KNOBS, (0.0, 9.0), 0.1, 3)


# ==== notebook 09: pictures and widgets ========================================================

@pytest.mark.parametrize("landscape, start", [(ONE_KNOB, 2.5), (TWO_KNOBS, (-2.2, -1.2))])
def test_the_fast_png_shows_the_same_picture_as_a_full_drawing(landscape, start):
    """The widget draws only the moving parts over a kept background: it must look the same
    as drawing the whole figure afresh."""
    picture = descent.DescentPicture(landscape, max_steps=40)
    for steps in (0, 7, 3, 25):          # including going back, which must erase the old trail
        path = descend(landscape, start, 0.15, steps)
        fast = _png_pixels(picture.png(path))
        fresh = descent.DescentPicture(landscape, max_steps=40)
        fresh.update(path)
        buf = io.BytesIO()
        fresh.figure.savefig(buf, format="png")
        full = _png_pixels(buf.getvalue())
        assert fast.shape == full.shape
        differ = np.mean(np.any(np.abs(fast - full) > 40, axis=-1))
        assert differ < 0.002, f"{differ:.2%} of the pixels differ after {steps} steps"


def test_the_picture_changes_when_the_ball_moves():
    picture = descent.DescentPicture(ONE_KNOB)
    a = _png_pixels(picture.png(descend(ONE_KNOB, 2.5, 0.1, 0)))
    b = _png_pixels(picture.png(descend(ONE_KNOB, 2.5, 0.1, 5)))
    assert np.mean(np.any(a != b, axis=-1)) > 0.001


def test_compare_learning_rates_draws_one_panel_per_rate_and_says_which_flew_off():
    fig = descent.compare_learning_rates(ONE_KNOB, 2.5, (0.02, 0.3, 0.8, 1.5), steps=12,
                                         labels=["too small", "good", "large", "too large"], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 4
    assert "flew off" in titles[3] and "flew off" not in titles[1]
    with pytest.raises(ValueError, match="labels"):
        descent.compare_learning_rates(ONE_KNOB, 2.5, (0.1, 0.2), steps=3, labels=["one"])


def _classes(widget):
    found = {}

    def walk(w):
        for c in getattr(w, "_dom_classes", ()):
            found.setdefault(c, []).append(w)
        for child in getattr(w, "children", ()):
            walk(child)
    walk(widget)
    return found


@pytest.mark.parametrize("landscape", [ONE_KNOB, TWO_KNOBS])
def test_descent_widget_follows_the_css_contract_and_reacts(landscape):
    box = descent.descent_widget(landscape)
    parts = _classes(box)
    assert box in parts["mlp-widget"]
    (readout,), (error,), (figure,) = parts["mlp-readout"], parts["mlp-error"], parts["mlp-figure"]
    assert error.value == ""
    assert "step 0" in readout.value
    first = _png_pixels(box.image.value)
    before_text = readout.value
    box.controls["learning_rate"].value = 0.3
    box.controls["steps"].value = 5
    assert "step 5" in readout.value and readout.value != before_text
    last = _png_pixels(box.image.value)
    assert np.mean(np.any(first != last, axis=-1)) > 0.001, "the picture did not change"
    assert error.value == ""
    assert np.isfinite(box.last_redraw_ms)


def test_descent_widget_buttons_step_and_go_back():
    box = descent.descent_widget(ONE_KNOB, max_steps=3)
    one, back = box.buttons["one step"], box.buttons["back to start"]
    steps = box.controls["steps"]
    one.click()
    one.click()
    assert steps.value == 2 and "step 2" in box.readout.value
    one.click()
    one.click()                          # past the end: a message, not a crash
    assert steps.value == 3 and "last step" in box.error.value
    back.click()
    assert steps.value == 0 and "step 0" in box.readout.value


def test_descent_widget_shows_a_failure_in_the_widget():
    box = descent.descent_widget(ONE_KNOB)

    def broken(path):
        raise RuntimeError("the picture broke")
    box.picture.png = broken
    box.controls["steps"].value = 2
    assert "the picture broke" in box.error.value


def test_divergence_is_named_in_the_widget_readout():
    box = descent.descent_widget(ONE_KNOB, start=2.5, learning_rate=0.1)
    box.controls["learning_rate"].value = 1.5
    box.controls["steps"].value = 20
    assert "off the chart" in box.readout.value and "too large" in box.readout.value


def test_plot_helpers_refuse_bad_shapes():
    with pytest.raises(ValueError, match="same length"):
        descent.plot_cost_slice([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="10 output activations"):
        descent.plot_output_vs_wanted(np.zeros(9), 3)
    with pytest.raises(ValueError, match="label must lie between 0 and 9"):
        descent.plot_output_vs_wanted(np.zeros(10), 10)
    with pytest.raises(ValueError, match="at least one mini-batch size"):
        descent.plot_minibatch_gradients({})


def test_output_vs_wanted_title_states_the_cost():
    a = np.full(10, 0.5)
    fig = descent.plot_output_vs_wanted(a, 3)
    expected = 0.5 * (9 * 0.25 + 0.25)
    assert f"{expected:.3f}" in fig.axes[0].get_title()


# ==== the checkers ===========================================================================

def test_checkers_of_notebook_09_say_right_and_not_yet():
    assert ex.check_descent_step(1.4).ok
    assert not ex.check_descent_step(0.6).ok and "SUBTRACTS" in ex.check_descent_step(0.6).message
    assert not ex.check_descent_step(-4).ok and "slope" in ex.check_descent_step(-4).message
    assert not ex.check_descent_step(None).ok and "replace the ..." in ex.check_descent_step(...).message
    assert not ex.check_descent_step("x").ok
    assert ex.check_best_learning_rate(0.5).ok
    assert not ex.check_best_learning_rate(1.0).ok
    assert not ex.check_best_learning_rate(1.5).ok and "flies off" in ex.check_best_learning_rate(1.5).message
    assert ex.check_steps_per_epoch(6000).ok
    assert not ex.check_steps_per_epoch(10).ok and not ex.check_steps_per_epoch(True).ok


def test_the_checkers_answers_agree_with_descend():
    bowl = descent.BOWL
    assert ex.check_descent_step(float(descend(bowl, 1.0, 0.1, 1).end[0])).ok


# ==== notebook 10: the chain of single neurons ==================================================

from mlp_core import Network, load_sample, sigmoid
from mlp_core.chain import Chain
from mlp_core import chain as chain_module


def _chain_cost(c: Chain, **change):
    values = dict(a0=c.a0, w1=c.w1, b1=c.b1, w2=c.w2, b2=c.b2, y=c.y)
    values.update(change)
    a1 = sigmoid(values["w1"] * values["a0"] + values["b1"])
    a2 = sigmoid(values["w2"] * a1 + values["b2"])
    return 0.5 * float(a2 - values["y"]) ** 2


@pytest.mark.parametrize("chain", [Chain(), Chain(a0=0.3, w1=-2.0, b1=1.0, w2=3.0, b2=-1.5, y=0.0),
                                   Chain(a0=1.0, w1=5.0, b1=0.0, w2=0.5, b2=0.2, y=1.0)])
def test_the_chains_backward_slopes_match_nudging_each_knob(chain):
    g = chain.backward()
    h = 1e-6
    for k in ("w1", "b1", "w2", "b2"):
        v = getattr(chain, k)
        nudged = (_chain_cost(chain, **{k: v + h}) - _chain_cost(chain, **{k: v - h})) / (2 * h)
        assert g[k] == pytest.approx(nudged, rel=1e-6, abs=1e-10), k
    assert chain.forward()["C"] == pytest.approx(_chain_cost(chain))


def test_a_gradient_step_on_the_chain_lowers_its_cost():
    c = Chain()
    for _ in range(5):
        after = c.step(2.0)
        assert after.forward()["C"] < c.forward()["C"]
        c = after


def test_the_chain_refuses_bad_values():
    with pytest.raises(ValueError, match="a0 is an activation"):
        Chain(a0=1.5)
    with pytest.raises(TypeError, match="w1 must be a number"):
        Chain(w1="1")
    with pytest.raises(ValueError, match="finite"):
        Chain(b2=float("inf"))


def test_the_chain_picture_writes_the_numbers_it_is_given():
    c = Chain()
    fig = chain_module.plot_chain(c)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    g = c.backward()
    assert f"δ² = {g['delta2']:.4f}" in texts and f"{g['w1']:+.4f}" in texts
    assert f"{c.forward()['C']:.4f}" in texts


def test_chain_widget_redraws_and_its_step_button_lowers_the_cost():
    box = chain_module.chain_widget()
    parts = _classes(box)
    assert box in parts["mlp-widget"] and parts["mlp-readout"] and parts["mlp-error"] and parts["mlp-figure"]
    before = box.readout.value
    box.controls["w2"].value = 1.0
    assert box.readout.value != before and box.error.value == ""
    cost_before = Chain(**{k: c.value for k, c in box.controls.items()}).forward()["C"]
    box.step_button.click()
    cost_after = Chain(**{k: c.value for k, c in box.controls.items()}).forward()["C"]
    assert cost_after < cost_before
    assert f"{cost_after:.4f}" in box.readout.value


def test_chain_widget_says_when_a_step_would_leave_the_sliders():
    box = chain_module.chain_widget(Chain(w1=5.99, a0=1.0, b1=0.0, w2=-6.0, b2=6.0, y=0.0), learning_rate=2000.0)
    box.step_button.click()
    assert "past the slider" in box.error.value


def test_layer_errors_picture_has_one_panel_per_layer():
    net = Network([784, 16, 16, 10], seed=0)
    images, labels = load_sample()
    from mlp_core.train import gradients
    _, grad_b = gradients(net, images[:1], labels[:1])
    fig = chain_module.plot_layer_errors(grad_b)
    assert len(fig.axes) == 3 and "output" in fig.axes[-1].get_title()
    with pytest.raises(ValueError, match="1-D arrays"):
        chain_module.plot_layer_errors([np.zeros((2, 2))])


def test_checkers_of_notebook_10_say_right_and_not_yet():
    assert ex.check_output_delta(-0.032).ok
    assert "∂C/∂a" in ex.check_output_delta(-0.2).message
    images, _ = load_sample()
    black = int(np.sum(images[0] == 0))
    assert ex.check_zero_weight_gradients(black).ok
    assert not ex.check_zero_weight_gradients(784 - black).ok
    assert ex.check_bp2(lambda W, d, a: (W.T @ d) * a * (1 - a)).ok
    assert "∂C/∂a" in ex.check_bp2(lambda W, d, a: W.T @ d).message
    assert "transpose" in ex.check_bp2(lambda W, d, a: (W @ d) * a * (1 - a)).message
    assert "returns nothing" in ex.check_bp2(lambda W, d, a: ...).message


def test_zero_weight_gradients_really_are_the_black_pixels():
    """The checker's answer is what the notebook's learner would count."""
    from mlp_core.train import gradients
    images, labels = load_sample()
    grad_W, _ = gradients(Network([784, 16, 16, 10], seed=0), images[:1], labels[:1])
    assert ex.check_zero_weight_gradients(int(np.sum(grad_W[0][0] == 0))).ok


# ==== notebook 09/11: momentum on the toy landscape ==============================================

def test_momentum_zero_is_plain_gradient_descent_and_momentum_rolls_further_along_a_valley():
    plain = descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40)
    assert np.allclose(descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40, momentum=0.0).points, plain.points)
    heavy = descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40, momentum=0.8)
    assert heavy.costs[-1] < 0.5 * plain.costs[-1]
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        descend(TWO_KNOBS, (0, 0), 0.05, 3, momentum=1.0)
    fig = descent.compare_momentum(TWO_KNOBS, (-2.2, -1.2), 0.05, (0.0, 0.8), 40, labels=["plain", "heavy"])
    assert "μ = 0.8" in " ".join(ax.get_title() for ax in fig.axes)


# ==== notebook 11: the digits, the curves, the confusion matrix, what a neuron wants ==============

import socket
import time as _time

from mlp_core import training_views as tv
from mlp_core.train import train


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No MLP_CORE_DATA, an empty cache and no network at all."""
    monkeypatch.delenv("MLP_CORE_DATA", raising=False)
    monkeypatch.setenv("MLP_CORE_CACHE", str(tmp_path / "cache"))

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable (test)")
    monkeypatch.setattr(socket, "create_connection", no_network)


def test_offline_the_notebook_falls_back_to_the_sample_quickly_and_says_so(offline, tmp_path):
    start = _time.perf_counter()
    data = tv.notebook_digits(n_train=10_000)
    assert _time.perf_counter() - start < 2.0
    assert data.source == "sample"
    assert "No full MNIST here" in data.description and "can't be reached" in data.description
    assert len(data.train_labels) == 1600 and len(data.test_labels) == 400
    assert np.all(np.bincount(data.train_labels) == 160) and np.all(np.bincount(data.test_labels) == 40)
    assert not (tmp_path / "cache").exists(), "nothing may be downloaded or created"


def test_the_mirror_probe_gives_up_at_its_timeout_when_connections_hang(monkeypatch):
    def hang(address, timeout=None):
        _time.sleep(timeout)
        raise socket.timeout("timed out")
    monkeypatch.setattr(socket, "create_connection", hang)
    start = _time.perf_counter()
    assert tv.mirrors_reachable(timeout=0.3) is False
    assert _time.perf_counter() - start < 1.0


def test_a_wrong_mlp_core_data_falls_back_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("MLP_CORE_DATA", str(tmp_path))
    data = tv.notebook_digits()
    assert data.source == "sample" and "MLP_CORE_DATA" in data.description


def test_with_full_mnist_the_notebook_trains_on_a_fixed_subset(mnist_dir, monkeypatch):
    monkeypatch.setenv("MLP_CORE_DATA", str(mnist_dir))
    a = tv.notebook_digits(n_train=1000, seed=0)
    b = tv.notebook_digits(n_train=1000, seed=0)
    assert a.source == "MNIST" and len(a.train_labels) == 1000 and len(a.test_labels) == 10_000
    assert np.array_equal(a.train_images, b.train_images), "the subset must be the same every time"
    sample, _ = load_sample()
    # none of the bundled sample digits is among the training digits
    seen = {row.tobytes() for row in a.train_images}
    assert not any(row.tobytes() in seen for row in sample)
    assert "fixed 1,000" in a.description


def test_notebook_digits_refuses_a_silly_size():
    with pytest.raises(ValueError, match="n_train"):
        tv.notebook_digits(n_train=3)


def test_live_curves_record_every_epoch_and_redraw_the_picture():
    images, labels = load_sample()
    curves = tv.LiveCurves(epochs=3, show=False)
    pictures = []

    def both(history):
        curves(history)
        pictures.append(curves.image.value)
    net = Network([784, 16, 16, 10], seed=0)
    history = train(net, images[:300], labels[:300], epochs=3, seed=0, test=(images[300:400], labels[300:400]),
                    callback=both)
    assert curves.epochs_seen == [1, 2, 3] == history.epoch
    assert len(pictures) == 3 and len(set(pictures)) == 3, "the picture must change every epoch"
    assert _png_pixels(pictures[-1]).shape[2] == 3
    fig = tv.plot_history(history, title="t")
    assert "epoch 3" in fig.axes[1].get_title()


def test_live_curves_and_history_pictures_refuse_an_empty_history():
    from mlp_core.train import History
    with pytest.raises(ValueError, match="empty history"):
        tv.LiveCurves(show=False)(History())
    with pytest.raises(ValueError, match="no epochs"):
        tv.plot_history(History())


def test_confusion_matrix_counts_every_digit_once():
    labels = np.array([0, 1, 1, 2, 2, 2])
    said = np.array([0, 1, 2, 2, 2, 0])
    counts = tv.confusion_matrix(labels, said)
    assert counts.sum() == 6 and np.trace(counts) == 4
    assert counts[1, 2] == 1 and counts[2, 0] == 1
    with pytest.raises(ValueError, match="same length"):
        tv.confusion_matrix(labels, said[:3])
    fig = tv.plot_confusion(counts)
    assert "66.7% right" in fig.axes[0].get_title()


@pytest.mark.parametrize("layer, neuron", [(1, 3), (2, 5), (3, 7)])
def test_input_gradient_matches_nudging_pixels(layer, neuron):
    net = Network([784, 16, 16, 10], seed=1, init="scaled")
    x = load_sample()[0][5].astype(float)
    g = tv.input_gradient(net, x, layer, neuron)
    h = 1e-6
    for pixel in (100, 300, 406, 600):
        up, down = x.copy(), x.copy()
        up[pixel] += h
        down[pixel] -= h
        up, down = np.clip(up, 0, 1), np.clip(down, 0, 1)
        numeric = (net.activations(up)[layer][neuron] - net.activations(down)[layer][neuron]) / (up[pixel] - down[pixel])
        assert g[pixel] == pytest.approx(numeric, rel=1e-4, abs=1e-10)


def test_gradient_ascent_finds_what_a_first_layer_neuron_wants():
    net = load_pretrained_net()
    x, trace = tv.wanted_input(net, 1, 3, steps=100, step_size=0.05)
    assert trace[-1] > trace[0] and np.all((x >= 0) & (x <= 1))
    w = net.weights[0][3]
    agree = np.mean((x > 0.5) == (w > 0))
    assert agree > 0.95, "the favourite image of a first-layer neuron is white where its weights are positive"
    assert ex.check_favourite_image((x > 0.5).astype(float), net, 3).ok or agree < 1


def load_pretrained_net():
    from mlp_core import load_pretrained
    return load_pretrained()


def test_gradient_ascent_raises_every_output_neuron_from_the_average_digit():
    net = load_pretrained_net()
    average = load_sample()[0].mean(axis=0)
    for digit in range(10):
        _, trace = tv.wanted_input(net, 3, digit, steps=200, step_size=0.01, start=average)
        assert trace[-1] > 0.9 and trace[-1] >= trace[0]


@pytest.mark.parametrize("kwargs, words", [
    (dict(layer=0, neuron=0), "layer must be 1"),
    (dict(layer=2, neuron=16), "neurons 0 … 15"),
    (dict(layer=1, neuron=0, steps=-1), "steps"),
    (dict(layer=1, neuron=0, start=np.full(784, 2.0)), "start must be 784 activations"),
])
def test_wanted_input_refuses_bad_requests(kwargs, words):
    net = Network([784, 16, 16, 10], seed=0)
    with pytest.raises(ValueError, match=words):
        tv.wanted_input(net, **kwargs)


def test_wanted_input_widget_follows_the_contract_and_reacts():
    net = load_pretrained_net()
    average = load_sample()[0].mean(axis=0)
    box = tv.wanted_input_widget(net, {"the average digit": average, "black": np.zeros(784)})
    parts = _classes(box)
    assert box in parts["mlp-widget"] and parts["mlp-readout"] and parts["mlp-error"] and parts["mlp-figure"]
    first, text = box.image.value, box.readout.value
    box.controls["neuron"].value = 4
    assert box.image.value != first and box.readout.value != text and box.error.value == ""
    box.controls["layer"].value = 1
    assert box.controls["neuron"].max == 15
    box.controls["start"].value = "black"
    assert "at the start" in box.readout.value and box.error.value == ""
    with pytest.raises(ValueError, match="starts must name"):
        tv.wanted_input_widget(net, {})


def test_checkers_of_notebook_11_say_right_and_not_yet():
    counts = np.eye(10, dtype=int) * 90
    counts[4, 9], counts[4, 6], counts[9, 4] = 7, 3, 20
    assert ex.check_confused_with(9, counts).ok
    assert not ex.check_confused_with(4, counts).ok
    assert not ex.check_confused_with(6, counts).ok
    assert ex.check_momentum_step(lambda w, v, g, eta, mu: (w + (mu * v - eta * g), mu * v - eta * g)).ok
    assert "plain step" in ex.check_momentum_step(lambda w, v, g, eta, mu: (w - eta * g, v)).message
    assert "returns nothing" in ex.check_momentum_step(lambda w, v, g, eta, mu: ...).message
    net = load_pretrained_net()
    w = net.weights[0][3]
    assert ex.check_favourite_image((w > 0).astype(float), net, 3).ok
    assert "SMALL" in ex.check_favourite_image((w < 0).astype(float), net, 3).message
    assert not ex.check_favourite_image(w, net, 3).ok


def test_the_chain_pictures_fast_png_equals_a_full_drawing():
    picture = chain_module.ChainPicture(Chain())
    for c in (Chain(), Chain(w1=-3.0, b2=2.5, y=0.2), Chain(a0=0.0)):
        fast = _png_pixels(picture.png(c))
        fresh = chain_module.ChainPicture(c)
        buf = io.BytesIO()
        fresh.figure.savefig(buf, format="png")
        full = _png_pixels(buf.getvalue())
        assert fast.shape == full.shape
        assert np.mean(np.any(np.abs(fast - full) > 40, axis=-1)) < 0.002
