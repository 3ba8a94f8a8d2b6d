"""Drive jupyterlab-slideshow's deck in a Playwright page, as a teacher does: start it at a cell,
press Space to step, look at what the slide shows, and leave it.

Shared by the slideshow browser tests (tests/browser/test_slideshow_in_lab.py and
test_every_slide.py). Every step waits for the state it needs (the deck's attribute on <body>,
the active cell moved, the cell shown), never for a fixed time.
"""

from __future__ import annotations

import json

PRESENTING = "body[data-jp-deck-mode='presenting']"
CELLS = ".jp-Notebook .jp-Cell"
VISIBLE = ".jp-Notebook .jp-Cell.jp-deck-mod-visible"

# What the deck shows now: the active cell, the cells shown, their headings.
STATE_JS = r"""() => {
    const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
    const shown = cells.map((c, i) => [i, c]).filter(([i, c]) => c.classList.contains('jp-deck-mod-visible'));
    return {
        active: cells.findIndex(c => c.classList.contains('jp-mod-active')),
        cells: shown.map(([i]) => i),
        headings: shown.map(([i, c]) => (c.querySelector('h1, h2, h3') || {}).textContent || '')
                       .filter(t => t).map(t => t.replace(/¶$/, '').trim()),
        widgets: shown.filter(([i, c]) => c.querySelector('.mlp-widget .noUi-handle')).map(([i]) => i),
        pictures: shown.filter(([i, c]) => c.querySelector('.jp-OutputArea-output img')).map(([i]) => i),
        text: shown.map(([i, c]) => c.textContent).join(' '),
    };
}"""

# For every cell shown: scroll it into view the way the mouse wheel would (the nearest edge),
# then measure it against the window. A cell "fits" when, so scrolled, it lies inside the window.
FIT_JS = r"""() => {
    const W = window.innerWidth, H = window.innerHeight, slack = 2;
    const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
    const out = [];
    cells.forEach((c, i) => {
        if (!c.classList.contains('jp-deck-mod-visible')) return;
        const before = c.getBoundingClientRect();
        c.scrollIntoView({block: before.height > H ? 'start' : 'nearest', inline: 'nearest'});
        const r = c.getBoundingClientRect();
        out.push({cell: i, top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left),
                  right: Math.round(r.right), height: Math.round(r.height),
                  inside: r.top >= -slack && r.bottom <= H + slack && r.left >= -slack && r.right <= W + slack,
                  text: (c.textContent || '').trim().slice(0, 60)});
    });
    return {width: W, height: H, cells: out};
}"""


def state(page) -> dict:
    return page.evaluate(STATE_JS)


def start(page, index: int, timeout: float = 30) -> None:
    """Start the deck at cell `index` of the open notebook: make it the active cell (a click on
    its rendered text or its input, not on the collapser bar at its left edge), leave edit mode,
    press the notebook toolbar's deck button, and wait until that cell is on the slide."""
    cell = page.locator(CELLS).nth(index)
    cell.scroll_into_view_if_needed()
    target = cell.locator(".jp-RenderedMarkdown:visible, .jp-InputArea-editor:visible").first
    target.click(position={"x": 40, "y": 6})
    page.wait_for_function("c => c.classList.contains('jp-mod-active')", arg=cell.element_handle(),
                           timeout=timeout * 1000)
    page.keyboard.press("Escape")
    page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']").first.click()
    page.wait_for_selector(PRESENTING, state="attached", timeout=timeout * 1000)
    page.wait_for_function("c => c.classList.contains('jp-deck-mod-visible')", arg=cell.element_handle(),
                           timeout=timeout * 1000)
    focus_deck(page)


def focus_deck(page) -> None:
    """Give the keys to the deck: the notebook must hold the focus (after a click on a widget or a
    fresh start it may not, and then Space and Esc do nothing)."""
    page.evaluate("""() => { const nb = document.querySelector('.jp-Deck .jp-Notebook');
                             if (nb && !nb.contains(document.activeElement)) nb.focus(); }""")
    page.wait_for_function("() => { const nb = document.querySelector('.jp-Deck .jp-Notebook');"
                           " return !nb || nb.contains(document.activeElement); }", timeout=10_000)


def step(page, before: dict, timeout: float = 10) -> dict | None:
    """Press Space once; return the new state, or None when the deck did not move (its end).

    Waits for the deck to take the step (the active cell or the cells shown change) before
    returning, so a second press never races the first."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.keyboard.press("Space")
    try:
        page.wait_for_function(f"""([active, cells]) => {{ const s = ({STATE_JS})();
            return s.active !== active || JSON.stringify(s.cells) !== JSON.stringify(cells); }}""",
                               arg=[before["active"], before["cells"]], timeout=timeout * 1000)
    except PlaywrightTimeout:
        return None
    return state(page)


def fit(page) -> dict:
    """Every shown cell scrolled into view and measured (see FIT_JS)."""
    return page.evaluate(FIT_JS)


def stop(page, timeout: float = 30) -> None:
    """Leave the deck with Esc (the notebook given the keys first, so no click is needed); the
    remote's Exit button if Esc did not do it. The deck's on/off is a saved setting every later
    page would inherit, so it is always left."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    if not page.query_selector(PRESENTING):
        return
    focus_deck(page)
    page.keyboard.press("Escape")
    try:
        page.wait_for_function("(sel) => !document.querySelector(sel)", arg=PRESENTING, timeout=5_000)
    except PlaywrightTimeout:
        page.locator(".jp-Deck-Remote .jp-deck-mod-stop").first.click(timeout=10_000)
        page.wait_for_function("(sel) => !document.querySelector(sel)", arg=PRESENTING, timeout=timeout * 1000)


def describe(s: dict) -> str:
    return json.dumps({k: s[k] for k in ("active", "cells", "headings")}, ensure_ascii=False)


def answers_too_early(kinds: list[str | None], states: list[dict]) -> list[str]:
    """Each ★ answer (a fragment) must first be shown on a later step than a slide that showed
    the cell before it (the question) without it; what is not so, as messages."""
    late = []
    for k, kind in enumerate(kinds):
        if kind != "fragment":
            continue
        before = max(i for i in range(k) if kinds[i] not in ("skip", "notes"))
        shown = [n for n, s in enumerate(states) if k in s["cells"]]
        if not shown:
            late.append(f"the answer cell {k} was never shown")
        elif not any(before in s["cells"] and k not in s["cells"] for s in states[:shown[0]]):
            late.append(f"the answer cell {k} came with its question (cell {before}): {describe(states[shown[0]])}")
    return late
