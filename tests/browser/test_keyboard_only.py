"""Notebooks 01, 04 and 08 with the keyboard only, read the way a screen reader reads them.

A learner who cannot use a mouse: after Run All (the suite's set-up), Esc to command mode,
↑/↓ to the widget's cell, Tab to a control, move it with keys, and hear the new readout, which
a screen reader announces because it sits in a polite live region (role=status). No click, no
mouse move, no focus set by script: only key presses. Each step waits for the state it
asserts (the focused element, the live region's new text), never for a fixed time.

Also checked on each page, where a screen reader starts: every picture has a description
(alt), every slider handle a name, every readout is a live region, no label says "null".
"""

from __future__ import annotations

import labdriver as L
import pytest

# (notebook, the panel to use: a CSS selector, the key route: what to Tab to and which key moves it)
CASES = {
    "01-pixels-as-neurons.ipynb": (".mlp-widget", ".noUi-handle", "ArrowRight"),
    "04-sigmoid.ipynb": (".mlp-widget", ".noUi-handle", "ArrowRight"),
    # the pad takes no keyboard focus: its menu of real digits is the keyboard route (typing a digit)
    "08-draw-your-own-digit.ipynb": (".mlp-widget:has(.mlp-drawing-pad)", ".widget-dropdown select", "3"),
}

_ACTIVE_CELL_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
    .findIndex(c => c.classList.contains('jp-mod-active'))"""


@pytest.fixture(scope="module", params=sorted(CASES), ids=lambda n: n[:2])
def session(request, lab, chromium):
    name = request.param
    if not (L.NOTEBOOKS / name).exists():
        pytest.skip(f"{name} is not in {L.NOTEBOOKS}")
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    L.open_notebook(page, lab, name)
    L.run_all(page)
    yield name, page
    context.close()
    from conftest import shutdown_kernels
    shutdown_kernels(lab)


def go_to_cell(page, index: int) -> None:
    """Command mode (Esc), then ↑ / ↓ until cell `index` is the active one."""
    page.keyboard.press("Escape")
    for _ in range(200):
        active = page.evaluate(_ACTIVE_CELL_JS)
        if active == index:
            return
        page.keyboard.press("ArrowUp" if active > index else "ArrowDown")
        page.wait_for_function(f"i => ({_ACTIVE_CELL_JS})() !== i", arg=active, timeout=30_000)
    raise AssertionError(f"the arrow keys did not reach cell {index}")


def tab_to(page, group, target: str, most: int = 40) -> int:
    """Press Tab until the focus is on `target` inside `group`; return how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if group.evaluate("(g, sel) => { const e = document.activeElement; "
                          "return !!e && g.contains(e) && e.matches(sel); }", target):
            return presses
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def test_keyboard_reaches_moves_and_hears_the_readout(session):
    name, page = session
    panel, target, key = CASES[name]
    group = page.locator(panel).first
    cell = page.evaluate("""sel => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
        .findIndex(c => c.querySelector(sel))""", panel)
    assert cell >= 0, f"{name}: no {panel}"
    go_to_cell(page, cell)
    presses = tab_to(page, group, target)
    focused = page.evaluate("""() => { const e = document.activeElement;
        const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
            || (e.closest('.widget-inline-hbox')?.querySelector('.widget-label')?.textContent) || '';
        return {label: label.trim(), value: e.getAttribute('aria-valuenow') ?? e.value}; }""")
    assert focused["label"], f"{name}: the control reached by Tab ({presses} presses) has no name"

    # the live region: the group's reading, role=status, polite
    live = group.locator('[role="status"][aria-live="polite"].mlp-readout').last
    if "drawing" in panel:
        live = group.locator('[role="status"].mlp-drawing-reading')
    assert live.count() == 1, f"{name}: the readout is not a live region"
    before = live.inner_text().strip()
    page.keyboard.press(key)
    page.wait_for_function("([el, old]) => el.innerText.trim() !== old && el.innerText.trim() !== ''",
                           arg=[live.element_handle(), before], timeout=30_000)
    L.wait_kernel_idle(page)
    after = live.inner_text().strip()
    now = page.evaluate("() => { const e = document.activeElement; return e.getAttribute('aria-valuenow') ?? e.value; }")
    # (the pad's menu goes back to "—" once it has put the digit on the pad: the reading says what it did)
    assert now != focused["value"] or "drawing" in panel, f"{name}: {key} did not move the control ({now})"
    assert page.evaluate("sel => document.activeElement.matches(sel)", target), f"{name}: the focus left the control"
    assert after != before and L.mlp_errors(page) == []
    L.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:   # for a person to look at; never a reason to fail
        group.screenshot(path=L.ARTIFACTS / f"keyboard-only-{name[:2]}.png", animations="disabled")
    except Exception:
        pass
    if "drawing" in panel:
        assert "3" in after, f"{name}: the pad with a real 3 reads {after!r}"


def test_what_a_screen_reader_finds(session):
    name, page = session
    found = page.evaluate("""() => {
        const imgs = Array.from(document.querySelectorAll('.jp-OutputArea-output img'));
        const handles = Array.from(document.querySelectorAll('.noUi-handle[role=slider]'));
        const readouts = Array.from(document.querySelectorAll('.mlp-readout'));
        return {
            images: imgs.length,
            undescribed: imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src.slice(0, 40)),
            handles: handles.length,
            unnamed: handles.filter(h => !(h.getAttribute('aria-label') || '').trim()).length,
            readouts: readouts.length,
            silent: readouts.filter(r => r.getAttribute('role') !== 'status' || r.getAttribute('aria-live') !== 'polite').length,
            null_titles: document.querySelectorAll('[title="null"]').length,
            toggles_without_state: Array.from(document.querySelectorAll('button.widget-toggle-button'))
                .filter(b => !['true', 'false'].includes(b.getAttribute('aria-pressed'))).length,
        }; }""")
    assert found["images"] and not found["undescribed"], f"{name}: {found}"
    assert found["handles"] == 0 or found["unnamed"] == 0, f"{name}: {found}"
    assert found["readouts"] and found["silent"] == 0, f"{name}: {found}"
    assert found["null_titles"] == 0 and found["toggles_without_state"] == 0, f"{name}: {found}"
    # and in the accessibility tree Chromium builds for assistive technology
    tree = page.locator(".mlp-widget").first.aria_snapshot()
    assert "status" in tree, tree[:500]
