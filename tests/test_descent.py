"""The toy cost landscapes, gradient descent, its pictures and widget (mlp_core.descent, notebook 09).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from helpers import browser_renders, css_classes, png_pixels

from mlp_core import descent
from mlp_core.descent import ONE_KNOB, TWO_KNOBS, descend


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


@pytest.mark.parametrize("landscape, start", [(ONE_KNOB, 2.5), (TWO_KNOBS, (-2.2, -1.2))])
def test_the_fast_png_shows_the_same_picture_as_a_full_drawing(landscape, start):
    """The widget draws only the moving parts over a kept background: it must look the same
    as drawing the whole figure afresh."""
    picture = descent.DescentPicture(landscape, max_steps=40)
    for steps in (0, 7, 3, 25):          # including going back, which must erase the old trail
        path = descend(landscape, start, 0.15, steps)
        fast = png_pixels(picture.png(path))
        fresh = descent.DescentPicture(landscape, max_steps=40)
        fresh.update(path)
        buf = io.BytesIO()
        fresh.figure.savefig(buf, format="png")
        full = png_pixels(buf.getvalue())
        assert fast.shape == full.shape
        differ = np.mean(np.any(np.abs(fast - full) > 40, axis=-1))
        assert differ < 0.002, f"{differ:.2%} of the pixels differ after {steps} steps"


def test_the_picture_changes_when_the_ball_moves():
    picture = descent.DescentPicture(ONE_KNOB)
    a = png_pixels(picture.png(descend(ONE_KNOB, 2.5, 0.1, 0)))
    b = png_pixels(picture.png(descend(ONE_KNOB, 2.5, 0.1, 5)))
    assert np.mean(np.any(a != b, axis=-1)) > 0.001


def test_compare_learning_rates_draws_one_panel_per_rate_and_says_which_flew_off():
    fig = descent.compare_learning_rates(ONE_KNOB, 2.5, (0.02, 0.3, 0.8, 1.5), steps=12,
                                         labels=["too small", "good", "large", "too large"], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 4
    assert "flew off" in titles[3] and "flew off" not in titles[1]
    with pytest.raises(ValueError, match="labels"):
        descent.compare_learning_rates(ONE_KNOB, 2.5, (0.1, 0.2), steps=3, labels=["one"])


@pytest.mark.parametrize("landscape", [ONE_KNOB, TWO_KNOBS])
def test_descent_widget_follows_the_css_contract_and_reacts(landscape):
    box = descent.descent_widget(landscape)
    parts = css_classes(box)
    assert box in parts["mlp-widget"]
    (readout,), (error,), (_figure,) = parts["mlp-readout"], parts["mlp-error"], parts["mlp-figure"]
    assert error.value == ""
    assert "step 0" in readout.value
    first = png_pixels(box.image.png)
    before_text = readout.value
    box.controls["learning_rate"].value = 0.3
    box.controls["steps"].value = 5
    assert "step 5" in readout.value and readout.value != before_text
    last = png_pixels(box.image.png)
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


def test_momentum_zero_is_plain_gradient_descent_and_momentum_rolls_further_along_a_valley():
    plain = descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40)
    assert np.allclose(descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40, momentum=0.0).points, plain.points)
    heavy = descend(TWO_KNOBS, (-2.2, -1.2), 0.05, 40, momentum=0.8)
    assert heavy.costs[-1] < 0.5 * plain.costs[-1]
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        descend(TWO_KNOBS, (0, 0), 0.05, 3, momentum=1.0)
    fig = descent.compare_momentum(TWO_KNOBS, (-2.2, -1.2), 0.05, (0.0, 0.8), 40, labels=["plain", "heavy"])
    assert "μ = 0.8" in " ".join(ax.get_title() for ax in fig.axes)


def test_descent_widget_keeps_the_learning_rate_it_was_given():
    # The η slider is logarithmic in steps of 0.05 from 10^-2.5: 0.15 lies between two of
    # its positions, and the browser put it on 0.158 and sent that back (notebook 09 asks
    # for 0.15, the rate its comparison calls "good").
    box = descent.descent_widget(TWO_KNOBS, start=(-2.2, -1.2), learning_rate=0.15)
    readout, png = box.readout.value, box.image.png
    for control in box.controls.values():
        browser_renders(control)
    assert box.controls["learning_rate"].value == pytest.approx(0.15, rel=1e-12)
    assert box.readout.value == readout and box.image.png == png
    box = descent.descent_widget(ONE_KNOB, start=1.234, learning_rate=0.1)
    browser_renders(box.controls["start"])
    assert box.controls["start"].value == pytest.approx(1.234, rel=1e-12)
    # out of the sliders' reach: refused with a message, not moved to the end of the slider
    with pytest.raises(ValueError, match="learning_rate must lie between"):
        descent.descent_widget(ONE_KNOB, learning_rate=5.0)
    with pytest.raises(ValueError, match="start w must lie between -3 and 3"):
        descent.descent_widget(ONE_KNOB, start=4.0)
