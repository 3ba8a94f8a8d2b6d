"""The sigmoid and the bias of notebooks 04 and 05 (mlp_core.neuron): the pictures checked by what
their artists hold, the widgets driven from Python as a learner would move their controls, their
numbers checked against independent numpy computations.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import browser_renders, region_sums_by_hand

from mlp_core import digits, neuron


def test_sigmoid_explorer_is_fine_at_plus_minus_1000():
    box = neuron.sigmoid_explorer()
    box.controls["z_range"].value = "±1000"
    assert (box.controls["z"].min, box.controls["z"].max) == (-1000, 1000)
    box.controls["z"].value = -1000
    assert box.error.value == "" and box.state["activation"] == 0.0 and "≈ 0" in box.readout.value
    box.controls["z"].value = 1000
    assert box.state["activation"] == 1.0 and "≈ 1" in box.readout.value
    box.controls["z_range"].value = "±10"         # narrowing clamps z to the new range
    assert box.controls["z"].value == 10 and box.state["z"] == 10
    assert box.state["activation"] == pytest.approx(1 / (1 + np.exp(-10)))


def test_bias_explorer_computes_sigma_of_weighted_sum_plus_bias(sample, shown):
    images, labels = shown
    all_images, _ = sample
    box = neuron.bias_explorer(images, labels, all_images=all_images)
    before = box.image.png
    box.controls["bias"].value = -27.5
    sums = region_sums_by_hand(images, (5, 12), (9, 19))
    np.testing.assert_allclose(box.state["activations"], 1 / (1 + np.exp(-(sums - 27.5))), rtol=1e-9)
    share = np.mean(region_sums_by_hand(all_images, (5, 12), (9, 19)) > 27.5)
    assert box.state["share_on"] == pytest.approx(share)
    on = [str(l) for l, s in zip(labels, sums) if s > 27.5]
    assert f"{len(on)} of the 10" in box.readout.value and ", ".join(on) in box.readout.value
    assert box.image.png != before and box.error.value == ""


def test_sliders_start_where_they_were_asked_to_or_refuse(shown):
    images, labels = shown
    box = neuron.sigmoid_explorer(z=2.05)
    browser_renders(box.controls["z"])
    assert box.controls["z"].value == pytest.approx(2.05, rel=1e-12) and "z = 2.05" in box.readout.value
    box = neuron.bias_explorer(images, labels, bias=-10.3)
    browser_renders(box.controls["bias"])
    assert box.controls["bias"].value == pytest.approx(-10.3, rel=1e-12)
    # a slider would quietly put these at its end
    with pytest.raises(ValueError, match="z must lie between -10 and 10, got 50"):
        neuron.sigmoid_explorer(z=50)
    with pytest.raises(ValueError, match="bias b must lie between -60 and 10"):
        neuron.bias_explorer(images, labels, bias=-100.0)


def test_the_range_buttons_redraw_the_curve_at_once_and_the_readout_reads_well():
    """±1000 used to leave the plot at ±10 until z was dragged, and the readout said "σ(1000) = ≈ 1"."""
    box = neuron.sigmoid_explorer()
    fig = box.state["fig"]
    for name, (half, _) in neuron.Z_RANGES.items():
        before = box.image.value
        box.controls["z_range"].value = name
        assert fig.mlp_parts["ax"].get_xlim() == (-half, half)
        assert name == "±10" or box.image.value != before
    box.controls["z"].value = 1000
    assert "= ≈" not in box.readout.value and "≈ 1" in box.readout.value
    assert "= ≈" not in fig.mlp_parts["label"].get_text()


@pytest.mark.parametrize("share, shown", [(1995 / 2000, "99.8 %"), (1.0, "100 %"), (0.5, "50 %"), (1 / 500, "0.2 %"),
                                          (0.0, "0 %"), (1 / 20000, "< 0.1 %")])
def test_a_share_never_rounds_to_all_or_none_when_it_is_not(share, shown):
    assert neuron._percent(share) == shown


@pytest.mark.parametrize("z", [-1000.0, -3.5, 0.0, 2.0, 1000.0])
def test_sigmoid_picture_puts_the_point_on_the_curve(z):
    fig = neuron.plot_sigmoid(z)          # RuntimeWarnings are errors in this test suite
    x, y = fig.mlp_parts["point"].get_data()
    assert x[0] == z and y[0] == pytest.approx(1 / (1 + np.exp(-z)) if abs(z) < 700 else float(z > 0))
    lo, hi = fig.mlp_parts["ax"].get_xlim()
    assert lo < z < hi, "the z axis widens to show the point"
    assert fig.mlp_parts["step"].get_visible()


def test_sigmoid_readout_text_at_the_extremes():
    fig = neuron.plot_sigmoid(1000)
    assert fig.mlp_parts["label"].get_text() == "σ(1000) ≈ 1"
    neuron.update_sigmoid(fig, -30)
    assert "e-14" in fig.mlp_parts["label"].get_text()
    with pytest.raises(ValueError, match="finite"):
        neuron.update_sigmoid(fig, float("nan"))


def test_bias_neuron_figure_frames_the_digits_that_switch_it_on(shown):
    images, labels = shown
    w = digits.region_weights((5, 12), (9, 19))
    fig = neuron.plot_bias_neuron(w, -10, images, labels)
    z, act = neuron.update_bias_neuron(fig, w, -25)
    by_hand = region_sums_by_hand(images, (5, 12), (9, 19))
    np.testing.assert_allclose(z, by_hand, rtol=1e-6)
    np.testing.assert_allclose(act, 1 / (1 + np.exp(-(by_hand - 25))), rtol=1e-9)
    on = [f.get_linewidth() > 2 for f in fig.mlp_parts["frames"]]
    assert on == list(by_hand > 25) and 0 < sum(on) < len(on)
    assert fig.mlp_parts["thresholds"][0].get_xdata()[0] == 25
