"""How fast do the notebooks' widgets answer? Browser and kernel side, per notebook.

    python benchmarks/bench_widgets.py [--repeats 6] [--notebooks DIR] [--skip-browser] [--skip-kernel]

Browser: JupyterLab on 127.0.0.1 in headless Chromium (tests/browser/labdriver.py). Each
notebook is opened and run (Run → Run All Cells); then in every `mlp-widget` group the first
slider is moved by keyboard (ArrowRight / ArrowLeft on its `.noUi-handle`), `repeats` times
(on a drawing pad a mouse stroke is drawn instead, timed from the mouse-up).
Two figures per move:
  dom     key press → last change of the group's figure/readout (DOM mutation or image
          decoded), seen by a MutationObserver in the page: what the learner waits for;
  shots   key press → the figure area's screenshot has changed and then stayed the same
          twice in a row (an upper bound: taking screenshots costs time itself).
Kernel: each notebook is executed with nbclient; then, in the same kernel, every control of
every panel (`mlp_core.render.panel`, or any group with .update) is moved to a neighbouring
value from Python and the synchronous redraw (observers → readout + figure + PNG) is timed.

Targets: ≤ 0.25 s in the browser, ≤ 80 ms kernel-side. This prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))   # labdriver and lab_controls, shared with tests/browser

import lab_controls as C  # noqa: E402
import labdriver as L  # noqa: E402

BROWSER_TARGET_S, KERNEL_TARGET_MS = 0.25, 80.0

_OBSERVE_JS = """group => {
    const w = window.__mlpBench = {t0: 0, last: 0};
    if (window.__mlpObs) window.__mlpObs.disconnect();
    const obs = window.__mlpObs = new MutationObserver(() => { w.last = performance.now(); });
    for (const t of group.querySelectorAll('.mlp-figure, .mlp-readout'))
        obs.observe(t, {subtree: true, childList: true, attributes: true, characterData: true});
    group.addEventListener('load', e => { if (e.target.tagName === 'IMG') w.last = performance.now(); }, true);
}"""


def browser_latencies(notebooks: Path, repeats: int, artifacts: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        lab = L.start_lab(notebooks, Path(tmp))
        print(f"JupyterLab start to /api/status 200: {lab.started_in:.2f} s")
        browser = L.launch_chromium(p)
        try:
            for name in sorted(x.name for x in notebooks.glob("*.ipynb")):
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                page = context.new_page()
                opened = L.open_notebook(page, lab, name)
                ran = L.run_all(page)
                page.wait_for_timeout(500)
                print(f"{name}: open → idle kernel {opened:.2f} s, run all {ran:.2f} s", flush=True)
                for g in C.find_groups(page):
                    canvases = [c for c in g["controls"] if c.kind == "canvas"]
                    sliders = [c for c in g["controls"] if c.kind == "slider"]
                    if canvases:     # a drawing pad: what matters is stroke → reading
                        rows.append(stroke_latency(page, name, g["group"], canvases[0], repeats, artifacts))
                    elif sliders:
                        rows.append(slider_latency(page, name, g["group"], sliders[0], repeats, artifacts))
                context.close()
                _shutdown_kernels(lab)
        finally:
            browser.close()
            lab.stop()
    return rows


def _at_minimum(handle) -> bool:
    try:
        return float(handle.get_attribute("aria-valuenow")) <= float(handle.get_attribute("aria-valuemin"))
    except (TypeError, ValueError):
        return False


def slider_latency(page, name, i, control, repeats, artifacts) -> dict:
    group = C.group_locator(page, i)
    handle = page.locator(control.selector)
    group.evaluate(_OBSERVE_JS)
    dom, shots = [], []
    for r in range(repeats):
        L.settle(group)
        before = L.group_state(group)
        # alternate directions so the slider stays near where the notebook put it
        # (but never push a slider that sits at its minimum further left: nothing would change)
        toward = C.slider_direction(handle)
        away = "ArrowLeft" if toward == "ArrowRight" else "ArrowRight"
        key = away if r % 2 and not _at_minimum(handle) else toward
        # 1) DOM timing: nothing else runs in the page while we wait
        page.evaluate("() => { __mlpBench.last = 0; __mlpBench.t0 = performance.now(); }")
        handle.press(key)
        page.wait_for_function("() => __mlpBench.last > 0 && performance.now() - __mlpBench.last > 400",
                               timeout=15_000, polling=50)
        dom.append(page.evaluate("() => (__mlpBench.last - __mlpBench.t0) / 1000"))
        after = L.group_state(group)
        if not after.differs_from(before):
            raise RuntimeError(f"{name} group {i}: {control} moved ({key}) but nothing changed")
        # 2) screenshot timing: move back and watch the pictures
        before = after
        back = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        handle.press(back)
        _, seconds = L.wait_for_change(group, before)
        if seconds is not None:
            shots.append(seconds)
    (artifacts / name.removesuffix(".ipynb")).mkdir(parents=True, exist_ok=True)
    group.screenshot(path=artifacts / name.removesuffix(".ipynb") / f"bench-group{i}.png")
    return {"notebook": name, "group": i, "control": str(control),
            "dom_median_s": statistics.median(dom), "dom_max_s": max(dom),
            "shots_median_s": statistics.median(shots) if shots else float("nan")}


def stroke_latency(page, name, i, control, repeats, artifacts) -> dict:
    """Mouse up at the end of a stroke on the drawing pad → the reading and pictures redrawn."""
    group = C.group_locator(page, i)
    canvas = page.locator(control.selector)
    group.evaluate(_OBSERVE_JS)
    dom = []
    for r in range(repeats):
        clear = group.locator("button", has_text="clear")
        if clear.count():
            clear.first.dispatch_event("click")
            page.wait_for_timeout(600)
        C.activate_cell_of(page, canvas)
        box = L.settle(canvas)
        x0, y0 = box["x"] + box["width"] * (0.3 + 0.05 * r), box["y"] + box["height"] * 0.2
        page.mouse.move(x0, y0)
        page.mouse.down()
        for k in range(1, 15):
            page.mouse.move(x0 + k * box["width"] * 0.015, y0 + k * box["height"] * 0.045)
        page.evaluate("() => { __mlpBench.last = 0; __mlpBench.t0 = performance.now(); }")
        page.mouse.up()
        page.wait_for_function("() => __mlpBench.last > 0 && performance.now() - __mlpBench.last > 400",
                               timeout=15_000, polling=50)
        dom.append(page.evaluate("() => (__mlpBench.last - __mlpBench.t0) / 1000"))
    (artifacts / name.removesuffix(".ipynb")).mkdir(parents=True, exist_ok=True)
    group.screenshot(path=artifacts / name.removesuffix(".ipynb") / f"bench-group{i}.png")
    return {"notebook": name, "group": i, "control": "pad stroke (mouse up)",
            "dom_median_s": statistics.median(dom), "dom_max_s": max(dom), "shots_median_s": float("nan")}


# Runs inside the notebook's kernel after the notebook itself: time every control's redraw.
_KERNEL_SNIPPET = r'''
import json as _json, statistics as _st, time as _time
import ipywidgets as _W
from ipywidgets.widgets.widget import _instances as _all_widgets

def _neighbour(c):
    """A value next to the control's current one (or None: not a control we can move)."""
    v = getattr(c, "value", None)
    if isinstance(c, (_W.IntRangeSlider, _W.FloatRangeSlider)):
        lo, hi = v
        return (lo + c.step, hi + c.step) if hi + c.step <= c.max else (lo - c.step, hi - c.step)
    if isinstance(v, bool):
        return not v
    if isinstance(c, _W.widgets.widget_selection._Selection) and len(c.options) > 1:
        return ("index", (c.index + 1) % len(c.options))
    if isinstance(v, (int, float)) and hasattr(c, "max"):
        step = getattr(c, "step", None) or 1
        return v + step if v + step <= c.max else v - step
    return None

def _set(c, v):
    if isinstance(v, tuple) and len(v) == 2 and v[0] == "index":
        c.index = v[1]
    else:
        c.value = v

_rows = []
for _box in [w for w in list(_all_widgets.values()) if "mlp-widget" in getattr(w, "_dom_classes", ())]:
    _controls = getattr(_box, "controls", None)
    if isinstance(_controls, dict):
        for _name, _c in _controls.items():
            _there = _neighbour(_c)
            if _there is None:
                continue
            _back = ("index", _c.index) if isinstance(_there, tuple) and _there[0] == "index" else _c.value
            _ms = []
            for _ in range(REPEATS):
                for _v in (_there, _back):
                    _t = _time.perf_counter(); _set(_c, _v); _ms.append(1000 * (_time.perf_counter() - _t))
            _rows.append({"group": type(_box).__name__, "control": _name, "median_ms": _st.median(_ms),
                          "max_ms": max(_ms), "last_redraw_ms": getattr(_box, "last_redraw_ms", None)})
    elif callable(getattr(_box, "put_sample", None)):
        # the drawing pad: a new drawing arrives (a real digit put on the pad) → read + redraw
        _ms = []
        for _d in range(2 * REPEATS):
            _t = _time.perf_counter(); _box.put_sample(_d % 10); _ms.append(1000 * (_time.perf_counter() - _t))
        _rows.append({"group": type(_box).__name__, "control": "new drawing", "median_ms": _st.median(_ms),
                      "max_ms": max(_ms), "last_redraw_ms": None})
    elif callable(getattr(_box, "update", None)):
        _ms = []
        for _ in range(REPEATS):
            _t = _time.perf_counter(); _box.update(); _ms.append(1000 * (_time.perf_counter() - _t))
        _rows.append({"group": type(_box).__name__, "control": "update()", "median_ms": _st.median(_ms),
                      "max_ms": max(_ms), "last_redraw_ms": None})
print("MLP-BENCH " + _json.dumps(_rows))
'''


def kernel_times(notebooks: Path, repeats: int) -> list[dict]:
    import nbformat
    from nbclient import NotebookClient
    rows = []
    for path in sorted(notebooks.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(_KERNEL_SNIPPET.replace("REPEATS", str(repeats))))
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(notebooks)}})
        client.execute()
        found = [o.text for o in nb.cells[-1].outputs if o.get("name") == "stdout"]
        line = next(l for l in "".join(found).splitlines() if l.startswith("MLP-BENCH "))
        for row in json.loads(line.removeprefix("MLP-BENCH ")):
            rows.append({"notebook": path.name, **row})
        print(f"{path.name}: kernel timings done", flush=True)
    return rows


def _shutdown_kernels(lab) -> None:
    import urllib.request
    with urllib.request.urlopen(lab.url("api/sessions"), timeout=10) as r:
        for s in json.load(r):
            urllib.request.urlopen(urllib.request.Request(lab.url(f"api/sessions/{s['id']}"),
                                                          method="DELETE"), timeout=30).close()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=6)
    ap.add_argument("--notebooks", type=Path, default=L.NOTEBOOKS)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-kernel", action="store_true")
    args = ap.parse_args(argv)
    notebooks = args.notebooks.resolve()
    artifacts = L.ARTIFACTS

    if not args.skip_kernel:
        krows = kernel_times(notebooks, args.repeats)
        print(f"\nKernel side: control moved from Python → readout + figure redrawn "
              f"(median / max of {2 * args.repeats}; target ≤ {KERNEL_TARGET_MS:.0f} ms)")
        print(f"{'notebook':38} {'group':10} {'control':14} {'median':>9} {'max':>9}")
        for r in krows:
            flag = "" if r["median_ms"] <= KERNEL_TARGET_MS else "  ← over target"
            print(f"{r['notebook']:38} {r['group']:10} {r['control']:14} "
                  f"{r['median_ms']:7.1f}ms {r['max_ms']:7.1f}ms{flag}")

    if not args.skip_browser:
        reason = L.missing_requirements()
        if reason:
            print(f"\nBrowser side skipped: {reason}")
            return
        brows = browser_latencies(notebooks, args.repeats, artifacts)
        print(f"\nBrowser: slider key press → figure/readout re-rendered "
              f"(target ≤ {BROWSER_TARGET_S} s)")
        print(f"{'notebook':38} {'group':>5} {'control':22} {'dom median':>10} {'dom max':>8} {'shots median':>12}")
        for r in brows:
            flag = "" if r["dom_median_s"] <= BROWSER_TARGET_S else "  ← over target"
            shots = "-" if r["shots_median_s"] != r["shots_median_s"] else f"{r['shots_median_s']:.3f}s"
            print(f"{r['notebook']:38} {r['group']:>5} {r['control'][:22]:22} {r['dom_median_s']:9.3f}s "
                  f"{r['dom_max_s']:7.3f}s {shots:>12}{flag}")


if __name__ == "__main__":
    main()
