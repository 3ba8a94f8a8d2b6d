"""The chain of single neurons of notebook 10 (mlp_core.chain): slopes, steps, picture, widget.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from helpers import browser_renders, css_classes, png_pixels

from mlp_core import Network, load_sample, sigmoid
from mlp_core import chain as chain_module
from mlp_core.chain import Chain


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
    parts = css_classes(box)
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


def test_the_chain_pictures_fast_png_equals_a_full_drawing():
    picture = chain_module.ChainPicture(Chain())
    for c in (Chain(), Chain(w1=-3.0, b2=2.5, y=0.2), Chain(a0=0.0)):
        fast = png_pixels(picture.png(c))
        fresh = chain_module.ChainPicture(c)
        buf = io.BytesIO()
        fresh.figure.savefig(buf, format="png")
        full = png_pixels(buf.getvalue())
        assert fast.shape == full.shape
        assert np.mean(np.any(np.abs(fast - full) > 40, axis=-1)) < 0.002


def test_chain_widget_sliders_hold_exactly_what_the_picture_shows():
    box = chain_module.chain_widget(Chain(a0=0.83, w1=1.2345, b1=-0.5, w2=-2.0, b2=1.0, y=1.0))
    readout = box.readout.value
    for control in box.controls.values():
        browser_renders(control)
    assert box.controls["w1"].value == pytest.approx(1.2345, rel=1e-12)
    assert box.controls["a0"].value == pytest.approx(0.83, rel=1e-12)
    assert box.readout.value == readout
    box.step_button.click()                      # the step lands on the sliders' grid: no second redraw
    stepped = box.readout.value
    for control in box.controls.values():
        browser_renders(control)
    assert box.readout.value == stepped
    with pytest.raises(ValueError, match="weight w¹ must lie between -6 and 6"):
        chain_module.chain_widget(Chain(w1=7.0))
