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


def slide_types(lab, name: str) -> list[str | None]:
    """Each cell's slide type, as the notebook file has it."""
    cells = json.loads((lab.root / name).read_text(encoding="utf-8"))["cells"]
    return [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells]


# The notebooks stepped through, as paths in the served folder (tools/labdriver.py): every
# notebook of both editions. A deck made elsewhere is checked by adding its path to this list.
NOTEBOOKS: list[str] = L.notebook_names()


def outside(fit: dict, state: dict, size: str, cut_off: list) -> None:
    """Add each measured cell that is not inside the window to `cut_off`."""
    for c in fit["cells"]:
        if not c["inside"]:
            cut_off.append(f"{size} slide {D.describe(state)}: cell {c['cell']} ({c['text']!r}) spans "
                           f"x {c['left']}–{c['right']}, y {c['top']}–{c['bottom']} ({c['height']} px)")


def measure(page, state: dict, sizes: list, tallest: dict, stem: str, cut_off: list) -> None:
    """Measure a new slide at each size in `sizes`, the window's own first (one resize, no way
    back: the caller reverses `sizes` for the next slide); screenshot it when it is the tallest yet."""
    for k, (width, h) in enumerate(sizes):
        if k:
            resize(page, width, h)
        height = page.evaluate(_HEIGHT_JS)
        if height > tallest[width, h]:
            tallest[width, h] = height
            page.screenshot(path=L.ARTIFACTS / "every-slide" / f"{stem}-tallest-{width}x{h}.png")
        outside(D.fit(page), state, f"{width}×{h}", cut_off)


def last_shown(kinds: list[str | None]) -> int:
    """The last cell the deck shows (not skipped, not a note): the deck's end."""
    return max(i for i, kind in enumerate(kinds) if kind not in ("skip", "notes"))


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[n.removesuffix(".ipynb") for n in NOTEBOOKS])
def test_every_slide_fits_and_answers_come_after_their_questions(lab, page, name):
    t0 = time.perf_counter()
    kinds = slide_types(lab, name)
    L.open_notebook(page, lab, name)
    opened = time.perf_counter()
    L.run_all(page)
    ran = time.perf_counter()
    title = page.evaluate("() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))"
                          ".findIndex(c => c.querySelector('.jp-RenderedMarkdown h1'))")
    assert title >= 0, f"{name}: no title cell"
    (L.ARTIFACTS / "every-slide").mkdir(parents=True, exist_ok=True)
    stem = name.replace("/", "-").removesuffix(".ipynb")
    end = last_shown(kinds)
    # A new slide is measured at the size the window has, then at the other: one resize per
    # slide, the sizes taken in turn (720, 1080 | 1080, 720 | ...), never a resize back.
    sizes = list(SIZES)
    D.start(page, title)
    try:
        states, cut_off, tallest, seen = [], [], dict.fromkeys(SIZES, 0.0), set()
        state = D.state(page)
        while state is not None:
            states.append(state)
            if tuple(state["cells"]) not in seen:
                seen.add(tuple(state["cells"]))
                measure(page, state, sizes, tallest, stem, cut_off)
                sizes.reverse()
            # the deck's last cell is on screen and active: Space would not move (no need to wait and see)
            if state["active"] >= end and end in state["cells"]:
                break
            state = D.step(page, state)
        D.stop(page)
    finally:
        if page.query_selector(D.PRESENTING):
            D.stop(page)
        if page.viewport_size != {"width": SIZES[0][0], "height": SIZES[0][1]}:
            resize(page, *SIZES[0])
        shutdown_kernels(lab)

    late = D.answers_too_early(kinds, states)
    SUMMARY[name] = {"slides": len(seen), "steps": len(states), "answers": kinds.count("fragment"),
                     "tallest_px": {f"{w}x{h}": round(t) for (w, h), t in tallest.items()},
                     "seconds": {"open": round(opened - t0, 1), "run_all": round(ran - opened, 1),
                                 "slides": round(time.perf_counter() - ran, 1)},
                     "cut_off": cut_off}
    print(f"{name}: {SUMMARY[name]}")
    assert end in states[-1]["cells"], f"{name}: the deck stopped before its last cell {end}: {D.describe(states[-1])}"
    assert not cut_off, f"{name}: {len(cut_off)} cells not inside the window:\n  " + "\n  ".join(cut_off)
    assert not late, f"{name}: " + "; ".join(late)
    assert not page.errors, page.errors
