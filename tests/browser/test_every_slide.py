"""Every slide of every notebook, in both editions, presented as a teacher would: Run All, start
the deck at the title, press Space to the end. At each new slide, at 1280 × 720 and at 1920 × 1080
(one page, its viewport resized), every cell shown must fit the window once scrolled to (what
Space or the mouse wheel does): a cell taller than the window, or wider, has a part the class
never sees. And each ★ question's answer (a fragment, set by tools/slides.py from
docs/teaching.md) must come on a later Space than the slide that asks it.

One JupyterLab, one browser, one page; each notebook runs once. A screenshot of each notebook's
tallest slide at both sizes goes to artifacts/browser/every-slide/ (look at them).
"""

from __future__ import annotations

import json
import time

import deckdriver as D
import labdriver as L
import pytest

from conftest import shutdown_kernels

SIZES = ((1280, 720), (1920, 1080))
SUMMARY: dict[str, dict] = {}

# The visible cells' summed height and the window's, without scrolling anything.
_HEIGHT_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell.jp-deck-mod-visible'))
    .reduce((h, c) => h + c.getBoundingClientRect().height, 0)"""
# Two frames: JupyterLab's panels follow a resize in the frame after it.
_FRAMES_JS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"""


@pytest.fixture(scope="module")
def page(lab, chromium):
    context = chromium.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]}, device_scale_factor=1)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.errors = errors
    yield page
    context.close()
    if SUMMARY:
        folder = L.ARTIFACTS / "every-slide"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "summary.json").write_text(json.dumps(SUMMARY, indent=1, ensure_ascii=False))


def resize(page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("([w, h]) => window.innerWidth === w && window.innerHeight === h", arg=[width, height])
    page.evaluate(_FRAMES_JS)


def slide_types(lab, name: str) -> tuple[list[str | None], list[str]]:
    """Each cell's slide type and source, as the notebook file has them."""
    cells = json.loads((lab.root / name).read_text(encoding="utf-8"))["cells"]
    return ([c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells],
            ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells])


# 09-12 (the "how it learns" part): a first run with the cells zoomed found cells taller than a
# 1280 x 720 window (training curves and long derivations); not yet fitted (issue 17). Reported,
# not failed, until they are: an XPASS here means the mark can go.
NOT_YET_FITTED = ("09-", "10-", "11-", "12-")
# Cells known to be taller than the window (866 px at 1280 x 720, 1186 px at 1920 x 1080): 07's live
# editor (controls and three pictures stacked). Listed in the summary, not failed, until fitted.
KNOWN_TOO_TALL = ("live_editor(",)


def _params():
    for name in L.notebook_names():
        known = name.split("/")[-1].startswith(NOT_YET_FITTED)
        marks = [pytest.mark.xfail(reason="issue 17: cells taller than the window, not yet fitted", strict=False)] \
            if known else []
        yield pytest.param(name, marks=marks, id=name.removesuffix(".ipynb"))


def outside(fit: dict, state: dict, sources: list[str], size: str, cut_off: list, known: list) -> None:
    """Add each measured cell that is not inside the window to `known` (a KNOWN_TOO_TALL cell) or `cut_off`."""
    for c in fit["cells"]:
        if c["inside"]:
            continue
        where = (f"{size} slide {D.describe(state)}: cell {c['cell']} ({c['text']!r}) spans "
                 f"x {c['left']}–{c['right']}, y {c['top']}–{c['bottom']} ({c['height']} px)")
        lines = [line.lstrip() for line in sources[c["cell"]].splitlines()]
        (known if any(line.startswith(KNOWN_TOO_TALL) for line in lines) else cut_off).append(where)


@pytest.mark.parametrize("name", list(_params()))
def test_every_slide_fits_and_answers_come_after_their_questions(lab, page, name):
    t0 = time.perf_counter()
    kinds, sources = slide_types(lab, name)
    L.open_notebook(page, lab, name)
    L.run_all(page)
    title = page.evaluate("() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))"
                          ".findIndex(c => c.querySelector('.jp-RenderedMarkdown h1'))")
    assert title >= 0, f"{name}: no title cell"
    shots = L.ARTIFACTS / "every-slide"
    shots.mkdir(parents=True, exist_ok=True)
    stem = name.replace("/", "-").removesuffix(".ipynb")
    D.start(page, title)
    try:
        states, cut_off, known, tallest, seen = [], [], [], 0.0, set()
        state = D.state(page)
        while state is not None:
            states.append(state)
            if tuple(state["cells"]) not in seen:
                seen.add(tuple(state["cells"]))
                height = page.evaluate(_HEIGHT_JS)
                if height > tallest:
                    tallest = height
                    page.screenshot(path=shots / f"{stem}-tallest-1280x720.png")
                for width, h in SIZES:
                    if (width, h) != SIZES[0]:
                        resize(page, width, h)
                        if height >= tallest:
                            page.screenshot(path=shots / f"{stem}-tallest-{width}x{h}.png")
                    outside(D.fit(page), state, sources, f"{width}×{h}", cut_off, known)
                resize(page, *SIZES[0])
            state = D.step(page, state)
        D.stop(page)
    finally:
        if page.query_selector(D.PRESENTING):
            D.stop(page)
        shutdown_kernels(lab)

    # Each ★ answer (a fragment) is first shown on a later step than a slide that showed the cell
    # before it (the question) without it.
    late = []
    for k, kind in enumerate(kinds):
        if kind != "fragment":
            continue
        before = max(i for i in range(k) if kinds[i] not in ("skip", "notes"))
        shown = [n for n, s in enumerate(states) if k in s["cells"]]
        if not shown:
            late.append(f"the answer cell {k} was never shown")
        elif not any(before in s["cells"] and k not in s["cells"] for s in states[:shown[0]]):
            late.append(f"the answer cell {k} came with its question (cell {before}): {D.describe(states[shown[0]])}")
    SUMMARY[name] = {"slides": len(seen), "steps": len(states), "answers": kinds.count("fragment"),
                     "tallest_px_1280x720": round(tallest), "known_too_tall": known,
                     "seconds": round(time.perf_counter() - t0, 1)}
    print(f"{name}: {SUMMARY[name]}")
    assert not cut_off, f"{name}: {len(cut_off)} cells not inside the window:\n  " + "\n  ".join(cut_off)
    assert not late, f"{name}: " + "; ".join(late)
    assert not page.errors, page.errors
