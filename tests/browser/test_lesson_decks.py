"""The lesson decks (tools/lesson_deck.py) given as a teacher gives them, and timed: open the deck
in JupyterLab at 1280 × 720, Run All once (one kernel for every notebook's sections), start the
deck at its title and press Space to the end. At each step: no error output, every cell shown
fits the window once scrolled to, and each ★ answer comes on a later Space than its question.

The run is also the deck's measured machine time (docs/teaching.md, "One 90-minute lesson"):
Run All, and each step from the Space to the slide drawn (the screenshots and fit checks between
steps not counted). Written, with the load average, to artifacts/browser/lesson-decks/summary.json;
a screenshot of every new slide goes beside it.
"""

from __future__ import annotations

import json
import os
import time

import deckdriver as D
import labdriver as L
import lesson_deck
import pytest

from conftest import shutdown_kernels

SIZE = (1280, 720)
SUMMARY: dict[str, dict] = {}
LESSONS = list(lesson_deck.ROUTES)
# In CI each lesson once and each edition once: lesson 1 in English, lesson 2 in Chinese (the decks
# are the notebooks' cells, whose fit every-slide checks in both editions; tests/test_lesson_deck.py
# runs the decks' code). MLP_LESSON_DECKS=all: all four, to measure them (docs/teaching.md).
DECKS = [f"{lesson_deck.DECK_FOLDER}/{LESSONS[0]}.ipynb", f"zh-CN/{lesson_deck.DECK_FOLDER}/{LESSONS[1]}.ipynb"]
if os.environ.get("MLP_LESSON_DECKS") == "all":
    DECKS = [f"{edition}{lesson_deck.DECK_FOLDER}/{name}.ipynb" for name in LESSONS for edition in ("", "zh-CN/")]


@pytest.fixture(scope="module")
def page(lab, chromium):
    context = chromium.new_context(viewport={"width": SIZE[0], "height": SIZE[1]}, device_scale_factor=1)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
    yield page
    context.close()
    if SUMMARY:
        folder = L.ARTIFACTS / "lesson-decks"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "summary.json").write_text(json.dumps(SUMMARY, indent=1, ensure_ascii=False))


@pytest.mark.parametrize("name", DECKS, ids=[d.removesuffix(".ipynb") for d in DECKS])
def test_a_lesson_deck_runs_in_one_kernel_and_every_slide_fits(lab, page, name):
    cells = json.loads((lab.root / name).read_text(encoding="utf-8"))["cells"]
    kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells]
    L.open_notebook(page, lab, name)
    run_all_s = L.run_all(page, timeout=300)
    errors = L.error_outputs(page)
    assert not errors, f"{name}: Run All left errors: {errors}"
    shots = L.ARTIFACTS / "lesson-decks" / name.replace("/", "-").removesuffix(".ipynb")
    shots.mkdir(parents=True, exist_ok=True)
    steps, cut_off, seen = [], [], set()
    D.start(page, 0)
    try:
        state, t0 = D.state(page), time.perf_counter()
        states = []
        while state is not None:
            states.append(state)
            if tuple(state["cells"]) not in seen:
                seen.add(tuple(state["cells"]))
                page.screenshot(path=shots / f"{len(seen):03d}.png")
                for c in D.fit(page)["cells"]:
                    if not c["inside"]:
                        origin = cells[c["cell"]].get("metadata", {}).get(lesson_deck.KEY, {}).get("notebook", "")
                        cut_off.append(
                            f"slide {D.describe(state)}: cell {c['cell']} of {origin} ({c['text']!r}) "
                            f"spans y {c['top']}–{c['bottom']}")
            t = time.perf_counter()
            state = D.step(page, state)
            if state is not None:
                steps.append(round(time.perf_counter() - t, 3))
        deck_s = time.perf_counter() - t0
        D.stop(page)
    finally:
        if page.query_selector(D.PRESENTING):
            D.stop(page)
        shutdown_kernels(lab)
    SUMMARY[name] = {"cells": len(cells), "run_all_s": round(run_all_s, 1), "slides": len(seen), "steps": len(steps) + 1,
                     "steps_s": round(sum(steps), 1), "step_s_median": sorted(steps)[len(steps) // 2] if steps else None,
                     "step_s_max": max(steps, default=None), "deck_s_with_checks": round(deck_s, 1),
                     "load_average": [round(x, 2) for x in os.getloadavg()]}
    print(f"{name}: {SUMMARY[name]}")
    late = D.answers_too_early(kinds, states)
    assert len(seen) > len(lesson_deck.ROUTES[name.split("/")[-1].removesuffix(".ipynb")]), \
        f"{name}: only {len(seen)} slides"
    assert not cut_off, f"{name}: {len(cut_off)} cells not inside the window:\n  " + "\n  ".join(cut_off)
    assert not late, f"{name}: " + "; ".join(late)
    assert not page.errors, page.errors
