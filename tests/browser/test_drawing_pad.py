"""The drawing pad of notebook 08, in JupyterLab in a real (headless) browser.

A learner's session: run the notebook, draw a 7 with the mouse (pointer down, moves, up),
see the network's reading appear while the pen is still down, then the 28×28 preview and
the prediction; add a stroke and see both change; clear and see the pad empty again.
Uses the suite's `lab` and `chromium` fixtures (tests/browser/conftest.py) and its driver.
Screenshots and timings go to artifacts/browser/08-draw-your-own-digit/.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.request

import lab_controls as C
import labdriver as L
import pytest

NAME = "08-draw-your-own-digit.ipynb"
PAD = ".mlp-widget:has(.mlp-drawing-pad)"


@pytest.fixture(scope="module")
def page(lab, chromium):
    if not (L.NOTEBOOKS / NAME).exists():
        pytest.skip(f"{NAME} is not in {L.NOTEBOOKS}")
    context = chromium.new_context(viewport={"width": 1366, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda e: page.console_errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    L.open_notebook(page, lab, NAME)
    L.run_all(page)
    yield page
    context.close()
    with urllib.request.urlopen(lab.url("api/sessions"), timeout=10) as r:   # stop our kernel
        for s in json.load(r):
            urllib.request.urlopen(urllib.request.Request(lab.url(f"api/sessions/{s['id']}"),
                                                          method="DELETE"), timeout=30).close()


@pytest.fixture(scope="module")
def shots():
    folder = L.ARTIFACTS / NAME.removesuffix(".ipynb")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def readout(group) -> str:
    """The network's reading (the pad's other readout says what the next stroke does)."""
    return group.locator(".mlp-readout.mlp-drawing-reading").inner_text().strip()


def preview_hash(group) -> str:
    """SHA-1 of the 28×28 preview's picture: its PNG as the page holds it (a data: URL).

    Read from the attribute, not the pixels: the preview is an HTML widget (mlp_core.render.Picture)
    whose <img> is replaced at every redraw, so an element held between a look and a screenshot
    can be gone; the same picture always gives the same PNG bytes."""
    src = group.locator(".mlp-figure img").first.get_attribute("src", timeout=30_000)
    assert src and src.startswith("data:image/png;base64,"), f"the preview is no PNG: {str(src)[:60]!r}"
    return hashlib.sha1(src.encode()).hexdigest()


def wait_until(condition, timeout: float = 30, every: float = 0.05):
    """Poll `condition()` until it returns something truthy; return (value, seconds) or (None, None)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        value = condition()
        if value:
            return value, time.perf_counter() - t0
        time.sleep(every)
    return None, None


def end_of_stroke(page, group, looks: int = 3):
    """(preview hash, reading) once the pen-up update has landed: the kernel idle and both
    unchanged over `looks` looks (the pad sends the last pixels when the pen lifts, and the
    readout comes before the pictures), so the second stroke is compared with the first one's
    final picture, not with one still on its way."""
    last, same = None, 0

    def settled():
        nonlocal last, same
        now = (preview_hash(group), readout(group))
        same = same + 1 if now == last and L.kernel_idle(page) else 0
        last = now
        return same >= looks

    wait_until(settled, every=0.1)
    return last


def stroke(page, box, points, pause: float = 0.03, lift: bool = True):
    """Press at points[0], move through the rest (fractions of the pad), release if `lift`."""
    at = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for x, y in at[1:]:
        page.mouse.move(x, y, steps=3)
        time.sleep(pause)
    if lift:
        page.mouse.up()


def line(p, q, n=12):
    return [(p[0] + (q[0] - p[0]) * k / n, p[1] + (q[1] - p[1]) * k / n) for k in range(n + 1)]


def test_the_notebook_ran_cleanly(page):
    assert not L.error_outputs(page), L.error_outputs(page)
    assert not L.widget_placeholders(page), L.widget_placeholders(page)
    assert not L.mlp_errors(page)


def test_drawing_with_the_mouse_updates_preview_and_prediction(page, shots):
    group = page.locator(PAD).first
    canvas = group.locator(".mlp-drawing-pad canvas")
    C.activate_cell_of(page, canvas)              # JupyterLab renders the cells in view
    L.settle(canvas)
    assert "Draw a digit" in readout(group)
    blank = preview_hash(group)                   # nothing drawn: a black preview
    group.screenshot(path=shots / "pad-empty.png")
    # screenshots scroll the page: draw only once the pad stands still
    box = L.settle(canvas)
    assert box and box["width"] > 100, f"the drawing pad is not visible: {box}"
    offset_in_group = box["y"] - group.bounding_box()["y"]

    # a 7: the top bar, then the stem, in one stroke; hold the pen down at the end
    t0 = time.perf_counter()
    stroke(page, box, line((0.28, 0.22), (0.72, 0.22)) + line((0.72, 0.22), (0.42, 0.85)), lift=False)
    live, live_s = wait_until(lambda: "reads" in readout(group) and readout(group))
    drawing_s = time.perf_counter() - t0
    group.screenshot(path=shots / "pad-while-drawing.png")
    page.mouse.up()
    assert live, "no prediction appeared while the pen was still down (the pad sends while drawing)"

    drawn, _ = wait_until(lambda: preview_hash(group) != blank)
    assert drawn, "the 28×28 preview did not show the stroke"
    first, first_text = end_of_stroke(page, group)
    assert "reads" in first_text and "runner-up" in first_text
    group.screenshot(path=shots / "pad-seven.png")

    # a second stroke: a bar across the stem; the preview and the reading both change.
    # Screenshots scroll the page, so wait for the pad to stand still again; inside its
    # widget it must not have moved (the pictures beside it never push it around).
    box = L.settle(canvas)
    assert box["y"] - group.bounding_box()["y"] == offset_in_group, "the pictures pushed the pad"
    stroke(page, box, line((0.35, 0.55), (0.75, 0.55)))
    changed, up_to_change_s = wait_until(lambda: preview_hash(group) != first and readout(group) != first_text)
    assert changed, f"after a second stroke the preview or the reading did not change ({readout(group)!r})"
    group.screenshot(path=shots / "pad-two-strokes.png")
    assert not L.mlp_errors(page)

    # clear (a dispatched click: a real click would select the cell and scroll)
    group.locator("button", has_text="clear").dispatch_event("click")
    cleared, _ = wait_until(lambda: "Draw a digit" in readout(group))
    assert cleared, f"clear did not empty the pad: {readout(group)!r}"
    back, _ = wait_until(lambda: preview_hash(group) == blank)
    assert back, "after clear the preview is not blank again"

    timings = {"first_reading_while_drawing_s": round(drawing_s, 2),
               "first_reading_after_pen_still_s": round(live_s, 2),
               "pen_up_to_changed_picture_s": round(up_to_change_s, 2)}
    (shots / "drawing-timings.json").write_text(json.dumps(timings, indent=1))
    print("drawing pad:", timings)


def test_no_browser_errors(page):
    errors = [e for e in page.console_errors if "anywidget" in e.lower() or "pageerror" in e]
    assert not errors, errors
