"""The widgets of notebooks 01–05 (mlp_core.widgets), driven from Python as a learner would
move their controls, their numbers checked against independent numpy computations.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import browser_renders, region_sums_by_hand

from mlp_core import widgets


def test_pixel_explorer_reads_the_chosen_pixel(sample):
    images, labels = sample
    box = widgets.pixel_explorer(images, labels)
    before = box.image.png
    box.controls["digit"].value = 3
    box.controls["example"].value = "7"          # a text box: what the learner typed
    box.controls["row"].value = 14
    box.controls["col"].value = 12
    index = int(np.flatnonzero(labels == 3)[7])
    value = images[index].reshape(28, 28)[14, 12]
    assert box.state["index"] == index
    assert box.state["activation"] == pytest.approx(value)
    assert f"{value:.2f}" in box.readout.value and "= 404" in box.readout.value   # 14·28 + 12
    assert box.error.value == "" and box.image.png != before


def test_pixel_explorer_says_what_is_wrong_with_a_bad_example_number(sample):
    images, labels = sample
    box = widgets.pixel_explorer(images, labels)
    box.controls["example"].value = "500"
    assert "between 0 and 199" in box.error.value and "500" in box.error.value
    box.controls["example"].value = "2"
    assert box.error.value == ""


@pytest.mark.parametrize("typed", ["3.7", "1e9", "abc", "", "-1", "200", "2 5", "७"])
def test_pixel_explorer_never_reads_a_typed_example_as_another_number(sample, typed):
    # An IntText box dropped "." and "e" in the browser: 3.7 became 37 and 1e9 became 19,
    # without a word. The box now passes on exactly what was typed, and a picture that
    # cannot follow its controls says so on itself.
    images, labels = sample
    box = widgets.pixel_explorer(images, labels, digit=3, example=4)
    good_png, good_index = box.image.png, box.state["index"]
    box.controls["example"].value = typed
    assert "example must be a whole number between 0 and 199" in box.error.value
    assert repr(typed) in box.error.value.replace("&#x27;", "'")
    assert box.state["index"] == good_index
    assert box.image.png != good_png and "not updated" in box.readout.value
    box.controls["row"].value = 20          # the other controls move, the picture still says why it cannot
    assert "example must be" in box.error.value and box.image.png != good_png
    box.controls["row"].value = 7
    box.controls["example"].value = " 4 "
    assert box.error.value == "" and box.image.png == good_png and "not updated" not in box.readout.value
    with pytest.raises(ValueError, match="example must be a whole number"):
        widgets.pixel_explorer(images, labels, example=3.7)
    with pytest.raises(ValueError, match="pixel"):
        widgets.pixel_explorer(images, labels, pixel=(30, 2))


def test_region_explorer_sum_equals_the_ink_in_the_region(shown):
    images, labels = shown
    box = widgets.region_explorer(images, labels)
    before = box.image.png
    box.controls["rows"].value = (3, 20)
    box.controls["cols"].value = (12, 15)
    np.testing.assert_allclose(box.state["weighted_sums"], region_sums_by_hand(images, (3, 21), (12, 16)),
                               rtol=1e-6)
    heights = [bar.get_height() for bar in box.state["fig"].mlp_parts["bars"]]
    np.testing.assert_allclose(heights, box.state["weighted_sums"])
    assert box.image.png != before and box.error.value == ""
    best = int(np.argmax(box.state["weighted_sums"]))
    assert f"for the {labels[best]}" in box.readout.value


def test_region_explorer_edge_detector_is_centre_minus_surround(shown):
    images, labels = shown
    box = widgets.region_explorer(images, labels, rows=(5, 8), cols=(8, 21))
    assert box.controls["rows"].value == (5, 7)      # the slider shows first and last, both painted
    box.controls["kind"].value = "edge: +1 centre, −1 surround"
    inside = region_sums_by_hand(images, (5, 8), (8, 21))
    frame = region_sums_by_hand(images, (4, 9), (7, 22)) - inside
    np.testing.assert_allclose(box.state["weighted_sums"], inside - frame, rtol=1e-6, atol=1e-9)
    assert "39 weights are +1, 36 are −1" in box.readout.value


def test_sigmoid_explorer_is_fine_at_plus_minus_1000():
    box = widgets.sigmoid_explorer()
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
    box = widgets.bias_explorer(images, labels, all_images=all_images)
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
    box = widgets.sigmoid_explorer(z=2.05)
    browser_renders(box.controls["z"])
    assert box.controls["z"].value == pytest.approx(2.05, rel=1e-12) and "z = 2.05" in box.readout.value
    box = widgets.bias_explorer(images, labels, bias=-10.3)
    browser_renders(box.controls["bias"])
    assert box.controls["bias"].value == pytest.approx(-10.3, rel=1e-12)
    # a slider would quietly put these at its end
    with pytest.raises(ValueError, match="z must lie between -10 and 10, got 50"):
        widgets.sigmoid_explorer(z=50)
    with pytest.raises(ValueError, match="bias b must lie between -60 and 10"):
        widgets.bias_explorer(images, labels, bias=-100.0)


def test_the_range_buttons_redraw_the_curve_at_once_and_the_readout_reads_well():
    """±1000 used to leave the plot at ±10 until z was dragged, and the readout said "σ(1000) = ≈ 1"."""
    box = widgets.sigmoid_explorer()
    fig = box.state["fig"]
    for name, (half, _) in widgets.Z_RANGES.items():
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
    assert widgets._percent(share) == shown
