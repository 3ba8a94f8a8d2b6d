"""A notebook presented as slides in JupyterLab, as a teacher would at a 1280 × 720 projector.

Opens notebook 01 in JupyterLab, runs it, starts jupyterlab-slideshow's deck mode (the slide
metadata comes from tools/slides.py), and checks: the presenter zoom is on, skipped cells
(navigation links, setup) stay off the slides, Space moves to the next slide, and
a slide with a widget shows it rendered, the widget answers a slider key press while the
deck stays on that slide, and after a click on the slide's text Space moves on, down into the
exercises' sub-slides. Then notebook 08's drawing pad on its slide: under the deck's zoom the
ink lands under the pen and the network reads it. Esc leaves the deck each time (its on/off is a
saved setting that every later page would inherit). Screenshots of a figure slide, a widget
slide and the pad at 1280 × 720 go to artifacts/browser/slides/ (docs/teaching.md says what
they showed).
"""

from __future__ import annotations

import io
import json
import urllib.request

import deckdriver as D
import labdriver as L
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

NAME = "01-pixels-as-neurons.ipynb"
PAD_NOTEBOOK = "08-draw-your-own-digit.ipynb"
VIEWPORT = {"width": 1280, "height": 720}
PRESENTING = "body[data-jp-deck-mode='presenting']"
VISIBLE = ".jp-Notebook .jp-Cell.jp-deck-mod-visible"

# Index and heading of every visible cell, and whether a rendered mlp-widget is among them.
_SLIDE_JS = r"""(sel) => {
    const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
    const shown = cells.map((c, i) => [i, c]).filter(([i, c]) => c.matches(sel));
    return {
        cells: shown.map(([i]) => i),
        headings: shown.map(([i, c]) => (c.querySelector('h1, h2') || {}).textContent || '')
                       .filter(t => t).map(t => t.replace(/¶$/, '').trim()),
        widgets: shown.filter(([i, c]) => c.querySelector('.mlp-widget .noUi-handle')).map(([i]) => i),
        pictures: shown.filter(([i, c]) => c.querySelector('.jp-OutputArea-output img')).map(([i]) => i),
        text: shown.map(([i, c]) => c.textContent).join(' '),
    };
}"""


# The size body text is drawn at: its font size times every zoom on the way up (the
# presenter style zooms an ancestor of the cells, and zooms multiply).
_TEXT_PX_JS = r"""(sel) => {
    const p = document.querySelector(sel);
    let zoom = 1;
    for (let el = p; el; el = el.parentElement) zoom *= parseFloat(getComputedStyle(el).zoom) || 1;
    return parseFloat(getComputedStyle(p).fontSize) * zoom;
}"""


def slide(page) -> dict:
    return page.evaluate(_SLIDE_JS, VISIBLE)


# Index of the active cell: the deck moves it on every step, even one that shows the same cells.
_ACTIVE_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
    .findIndex(c => c.classList.contains('jp-mod-active'))"""


def next_slide(page, before: dict, presses: int = 12) -> dict:
    """Press Space until the deck shows another set of cells (Space also steps within a slide,
    and goes down into sub-slides, which → skips: docs/teaching.md tells teachers to use Space).

    After each press, wait for the deck to take the step (the active cell or the cells shown
    change) before looking, and before pressing again: a second press while the first is still
    on its way would skip a slide on a slow machine."""
    for _ in range(presses):
        active = page.evaluate(_ACTIVE_JS)
        page.keyboard.press("Space")
        try:
            page.wait_for_function(f"""([active, cells]) => ({_ACTIVE_JS})() !== active
                || JSON.stringify(({_SLIDE_JS})({json.dumps(VISIBLE)}).cells) !== JSON.stringify(cells)""",
                                   arg=[active, before["cells"]], timeout=10_000)
        except PlaywrightTimeout:
            pass            # no step taken: press again, as a teacher would
        now = slide(page)
        if now["cells"] and now["cells"] != before["cells"]:
            return now
    raise AssertionError(f"Space pressed {presses} times, the deck still shows cells {before['cells']}")


def start_deck(page, lab, name: str, heading: str) -> None:
    """Open and run `name`, then start the deck at the cell with `heading`, as a teacher who clicks
    that cell's text first (the deck starts at the selected cell)."""
    L.open_notebook(page, lab, name)
    L.run_all(page)
    index = page.evaluate("""(h) => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
        .findIndex(c => ((c.querySelector('h1, h2') || {}).textContent || '').startsWith(h))""", heading)
    assert index >= 0, f"{name}: no cell with the heading {heading!r}"
    D.start(page, index)


def stop_deck(page) -> None:
    """Leave the deck with Esc, the notebook given the keys first (tools/deckdriver.py); the deck's
    on/off is a saved JupyterLab setting, so a deck left on would greet the next page."""
    D.stop(page)


def stop_kernels(lab) -> None:
    with urllib.request.urlopen(lab.url("api/sessions"), timeout=10) as r:
        for s in json.load(r):
            urllib.request.urlopen(urllib.request.Request(lab.url(f"api/sessions/{s['id']}"), method="DELETE"),
                                   timeout=30).close()


@pytest.fixture(scope="module")
def artifacts():
    folder = L.ARTIFACTS / "slides"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def deck(lab, chromium, artifacts):
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    start_deck(page, lab, NAME, "01 · Pixels as neurons")          # the title
    yield page, errors, artifacts
    stop_deck(page)
    context.close()
    stop_kernels(lab)


def test_deck_starts_on_the_title_with_the_presenter_zoom(deck):
    page, errors, _ = deck
    first = slide(page)
    assert first["headings"] == ["01 · Pixels as neurons"], first
    assert 0 not in first["cells"], "the navigation links should be skipped"
    px = page.evaluate(_TEXT_PX_JS, VISIBLE + " p")
    assert px >= 18, f"body text is {px:.1f} px on a 1280 × 720 screen: too small for the back of a room"
    assert not errors, errors


def test_arrows_move_through_the_slides_to_a_figure_and_a_live_widget(deck):
    page, errors, artifacts = deck
    seen, now = [], slide(page)
    figure_shot = widget_at = None
    for _ in range(20):     # the ★ answers (fragments) are steps of their own
        now = next_slide(page, now)
        seen.append(now["headings"])
        setup = page.locator(".jp-Notebook .jp-CodeCell", has_text="import ").first   # setup: skipped
        assert "jp-deck-mod-visible" not in (setup.get_attribute("class") or ""), "setup cell on a slide"
        if now["pictures"] and figure_shot is None:
            figure_shot = artifacts / "figure-slide-1280x720.png"
            page.screenshot(path=figure_shot)
        if now["widgets"]:
            widget_at = now
            break
    assert seen[0] == ["You read these instantly. Could you write down the rule?"], seen
    assert figure_shot is not None, f"no slide with a picture on the way: {seen}"
    assert widget_at is not None, f"no slide with a widget after {len(seen)} slides: {seen}"

    L.wait_widgets_drawn(page)
    page.screenshot(path=artifacts / "widget-slide-1280x720.png")
    cell = page.locator(".jp-Notebook .jp-Cell").nth(widget_at["widgets"][0])
    group = cell.locator(".mlp-widget").first
    assert L.mlp_errors(page) == []
    placeholders = [t for t in cell.all_text_contents() if any(p in t for p in L.WIDGET_PLACEHOLDERS)]
    assert not placeholders, placeholders

    before = L.group_state(group)
    handle = group.locator(".noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    after, seconds = L.wait_for_change(group, before)
    assert after.differs_from(before), "the widget did not answer the slider inside the slideshow"
    assert not any(after.errors), after.errors
    assert slide(page)["cells"] == widget_at["cells"], "moving the slider moved the deck off the slide"
    page.screenshot(path=artifacts / "widget-slide-after-move-1280x720.png")

    # docs/teaching.md: "click the slide's text to give the keys back to the deck"
    page.locator(".jp-Notebook .jp-MarkdownCell.jp-deck-mod-visible .jp-RenderedMarkdown p").first.click()
    after_widget = next_slide(page, slide(page))
    assert after_widget["headings"] == ["Takeaway"], after_widget
    # Space goes on into the sub-slides: the Exercises slide, then exercise 2 on a sub-slide of its own
    exercises = next_slide(page, after_widget)
    assert exercises["headings"] == ["Exercises"], exercises["headings"]
    second = next_slide(page, exercises)
    assert "check_neuron_number" in second["text"] and "check_pixel_activation" not in second["text"], second
    print(f"slides passed: {seen + [after_widget['headings'], exercises['headings']]} and exercise 2; "
          f"widget answered in {seconds:.2f} s")
    assert not errors, errors


def test_esc_leaves_a_deck_that_opened_on_without_a_click(lab, chromium, deck):
    """JupyterLab remembers that the deck was on: reopened (as `make lab` reopens the last
    workspace), the notebook comes back as slides with the keys on the page, not the notebook,
    and the deck's own Esc (bound inside the notebook) did nothing until a click on the slide.
    jupyterlab-settings/overrides.json binds Esc to "stop the deck" on the whole page while presenting.
    (Reopening a workspace with the deck on raises two page errors "Cannot read properties of null
    (reading 'observe')" in JupyterLab's own code, with or without that binding: only errors after
    the Esc count here.)"""
    assert deck[0].query_selector(D.PRESENTING), "the deck should still be on from the tests before"
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    try:
        page.goto(lab.url("lab"), wait_until="domcontentloaded")
        page.wait_for_selector(D.VISIBLE, state="attached", timeout=60_000)
        page.wait_for_selector(D.PRESENTING, state="attached", timeout=60_000)
        L.wait_kernel_idle(page)
        focus = page.evaluate("() => document.activeElement === document.body")
        opened_with = list(errors)
        page.keyboard.press("Escape")
        page.wait_for_function("(sel) => !document.querySelector(sel)", arg=D.PRESENTING, timeout=10_000)
        print(f"Esc left the reopened deck; the keys were on the page's body: {focus}; errors on opening: {opened_with}; "
              f"after Esc: {errors[len(opened_with):]}")
    finally:
        context.close()
    assert not errors[len(opened_with):], errors


def test_the_drawing_pad_draws_under_the_pen_on_a_zoomed_slide(lab, chromium, artifacts, deck):
    """Notebook 08's pad (a canvas) inside the deck's 1.4× zoom: the ink lands where the mouse went,
    and the network reads the drawing."""
    if not (L.NOTEBOOKS / PAD_NOTEBOOK).exists():
        pytest.skip(f"{PAD_NOTEBOOK} is not in {L.NOTEBOOKS}")
    stop_deck(deck[0])     # notebook 01's deck: its on/off is one setting for every page
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    try:
        start_deck(page, lab, PAD_NOTEBOOK, "Your turn: draw")
        pad = page.locator(VISIBLE + " .mlp-widget:has(.mlp-drawing-pad)").first
        canvas = pad.locator("canvas").first
        canvas.scroll_into_view_if_needed()
        reading = pad.locator(".mlp-readout.mlp-drawing-reading")
        before = reading.inner_text().strip()
        box = L.settle(canvas)
        x, top, bottom = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2, box["y"] + box["height"] * 0.8
        page.mouse.move(x, top)
        page.mouse.down()
        for k in range(1, 13):                      # a vertical stroke down the middle
            page.mouse.move(x, top + (bottom - top) * k / 12)
        page.mouse.up()
        page.wait_for_function("([el, old]) => el.innerText.trim() !== old", arg=[reading.element_handle(), before],
                               timeout=30_000)   # a kernel round-trip on a loaded machine
        page.screenshot(path=artifacts / "drawing-pad-slide-1280x720.png")
        shot = Image.open(io.BytesIO(canvas.screenshot())).convert("L")
        w, h = shot.size
        under_pen = [shot.getpixel((w // 2, int(h * f))) for f in (0.3, 0.5, 0.7)]
        beside = [shot.getpixel((int(w * 0.15), int(h * f))) for f in (0.3, 0.5, 0.7)]
        assert min(under_pen) > 200 and max(beside) < 60, (
            f"the ink is not under the pen on the zoomed slide: under {under_pen}, beside {beside}")
        assert "reads" in reading.inner_text(), reading.inner_text()
        stop_deck(page)
    finally:
        context.close()
        stop_kernels(lab)
