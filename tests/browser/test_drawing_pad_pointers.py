"""The drawing pad's script (mlp_core/drawing_pad.js) with more than one pointer, in headless Chromium.

On a tablet two fingers, or a palm resting beside the pen, are two pointers at once. The pad
follows the first one until it lifts and ignores the others: each stroke is one line, never the
filled band that joining the two pointers' points makes (read as an "8").

No JupyterLab here: a page served by Playwright's router loads the module (and DrawingPad's CSS,
which turns the browser's touch panning off) with a stand-in for the anywidget model, and
Chromium's DevTools protocol puts real touch points on the canvas (Input.dispatchTouchEvent),
so the browser itself makes the pointer events, ids and all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlp_core.drawing import DrawingPad

PAD_JS = Path(__file__).resolve().parents[2] / "mlp_core" / "drawing_pad.js"
ORIGIN = "http://pad.test"
PAGE = """<!doctype html><html><head><style>{css}</style></head><body style="margin:0">
<div id="pad" class="mlp-drawing-pad"></div>
<script type="module">
import pad from "/drawing_pad.js";
const values = {width: 280, size: 140, brush: 20, mode: "draw", strokes: 0, pixels: new DataView(new ArrayBuffer(0))};
const model = {
  get: (key) => values[key],
  set: (key, value) => { values[key] = value; },
  save_changes: () => {},
  on: () => {}, off: () => {},
};
pad.render({model, el: document.getElementById("pad")});
window.pad = {
  strokes: () => values.strokes,
  lit: () => new Uint8Array(values.pixels.buffer).filter((v) => v > 64).length,  // pixels with visible ink
};
</script></body></html>"""


@pytest.fixture
def pad(chromium):
    context = chromium.new_context(viewport={"width": 400, "height": 400}, device_scale_factor=1, has_touch=True)
    page = context.new_page()
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(body=PAGE.replace("{css}", DrawingPad._css), content_type="text/html"))
    page.route(f"{ORIGIN}/drawing_pad.js",
               lambda route: route.fulfill(body=PAD_JS.read_text(), content_type="text/javascript"))
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("() => window.pad !== undefined")
    yield page, context.new_cdp_session(page), errors
    context.close()


def touch(cdp, kind: str, points):
    cdp.send("Input.dispatchTouchEvent",
             {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in points]})


def draw_with_fingers(cdp, fingers, steps: int = 12):
    """Fingers down at once, moved together in `steps`, lifted at once.
    fingers: [(id, (x0, y0), (x1, y1))] in CSS pixels of the page."""
    def at(t):
        return [(i, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)) for i, (x0, y0), (x1, y1) in fingers]
    touch(cdp, "touchStart", at(0))
    for k in range(1, steps + 1):
        touch(cdp, "touchMove", at(k / steps))
    touch(cdp, "touchEnd", [])


def lit_after(page, strokes_before: int) -> int:
    page.wait_for_function(f"() => window.pad.strokes() > {strokes_before}")
    return page.evaluate("() => window.pad.lit()")


def test_one_finger_draws_one_line(pad):
    page, cdp, errors = pad
    draw_with_fingers(cdp, [(1, (60, 40), (60, 240))])
    one_line = lit_after(page, 0)
    assert one_line > 0, "a finger drew nothing"
    assert errors == []


def test_a_second_finger_does_not_fill_the_space_between(pad):
    page, cdp, errors = pad
    draw_with_fingers(cdp, [(1, (60, 40), (60, 240))])
    one_line = lit_after(page, 0)
    page.reload()                                   # a fresh pad for the two-finger stroke
    page.wait_for_function("() => window.pad !== undefined")
    draw_with_fingers(cdp, [(1, (60, 40), (60, 240)), (2, (220, 40), (220, 240))])
    two_fingers = lit_after(page, 0)
    # joined, the two fingers' points zig-zag across the 160 px between them: several times the ink
    assert two_fingers <= 1.2 * one_line, (
        f"two fingers lit {two_fingers} pixels, one finger {one_line}: the pad joined the two pointers")
    assert errors == []
