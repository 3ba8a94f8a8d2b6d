"""Fixtures for the browser tests: one JupyterLab and one headless Chromium per test session.

JupyterLab serves a temporary copy of notebooks/ on 127.0.0.1 and is stopped through its own
REST API (then by PID if it hangs, never by name). Without /usr/bin/chromium or playwright
every test that needs them is skipped with the reason, and the rest of the suite still runs.

MLP_NOTEBOOKS_DIR=path points the suite at another folder of notebooks (see tools/labdriver.py).
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

# labdriver and lab_controls live in tools/, where benchmarks/bench_widgets.py imports them too
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import labdriver as L  # noqa: E402

NOTEBOOKS, ARTIFACTS, TIMINGS, notebook_names = L.NOTEBOOKS, L.ARTIFACTS, L.TIMINGS, L.notebook_names


def pytest_generate_tests(metafunc):
    # Every notebook that exists is covered, so a new notebook is tested without a code change.
    if "notebook_name" in metafunc.fixturenames:
        names = notebook_names()
        metafunc.parametrize("notebook_name", names, ids=[n.removesuffix(".ipynb") for n in names],
                             scope="module")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    reason = L.missing_requirements()
    if reason:
        pytest.skip(reason)
    lab = L.start_lab(NOTEBOOKS, tmp_path_factory.mktemp("jupyterlab"))
    TIMINGS["lab_start_s"] = round(lab.started_in, 2)
    yield lab
    lab.stop()
    assert lab.proc.returncode is not None, "JupyterLab did not stop"


@pytest.fixture(scope="session")
def chromium():
    reason = L.missing_requirements()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = L.launch_chromium(p)
        yield browser
        browser.close()


def shutdown_kernels(lab: L.Lab) -> None:
    """Stop the kernels of every open session, so finished notebooks don't pile up."""
    with urllib.request.urlopen(lab.url("api/sessions"), timeout=10) as r:
        sessions = json.load(r)
    for s in sessions:
        req = urllib.request.Request(lab.url(f"api/sessions/{s['id']}"), method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()


class RunNotebook:
    """A notebook opened in JupyterLab and run top to bottom (Run → Run All Cells)."""

    def __init__(self, lab, chromium, name: str):
        self.name = name
        self.lab = lab
        self.context = chromium.new_context(viewport={"width": 1366, "height": 900},
                                            device_scale_factor=1)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.artifacts = ARTIFACTS / name.removesuffix(".ipynb")
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.open_s = L.open_notebook(self.page, lab, name)
        try:
            self.run_all_s = L.run_all(self.page)
        except Exception as err:
            self.page.screenshot(path=self.artifacts / "run-all-failed.png")
            raise AssertionError(
                f"{name}: Run All did not finish ({type(err).__name__}); status bar: "
                f"{L.status_text(self.page)!r}; prompts: {L.code_cell_prompts(self.page)}; "
                f"errors: {L.error_outputs(self.page)}") from err
        self.page.screenshot(path=self.artifacts / "after-run-all.png", full_page=True)
        TIMINGS["notebooks"][name] = {"open_to_idle_s": round(self.open_s, 2),
                                      "run_all_s": round(self.run_all_s, 2)}

    def shot(self, locator, filename: str) -> None:
        try:
            locator.screenshot(path=self.artifacts / filename, animations="disabled")
        except Exception:  # an artefact is a help, never a reason to fail
            pass

    def close(self) -> None:
        (self.artifacts / "console-errors.txt").write_text("\n".join(self.console_errors))
        self.context.close()
        shutdown_kernels(self.lab)


@pytest.fixture(scope="module")
def notebook(lab, chromium, notebook_name):
    nb = RunNotebook(lab, chromium, notebook_name)
    yield nb
    nb.close()


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS["notebooks"] and not TIMINGS.get("offline_s"):
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(TIMINGS, indent=1))
    tr = terminalreporter
    tr.section("notebook timings (browser: JupyterLab in headless Chromium; offline: nbclient in unshare -n)")
    if TIMINGS["lab_start_s"] is not None:
        tr.write_line(f"JupyterLab start to /api/status 200: {TIMINGS['lab_start_s']} s")
    offline = TIMINGS.get("offline_s", {})
    tr.write_line(f"{'notebook':40} {'open→idle':>10} {'run all':>9} {'slider key→redrawn':>21} {'offline':>9}")
    for name in sorted(set(TIMINGS["notebooks"]) | set(offline)):
        t = TIMINGS["notebooks"].get(name, {})
        lat = t.get("slider_key_latency_s")
        lat = f"{max(lat):.2f} s (max of {len(lat)})" if lat else "-"
        cols = [f"{t[k]:.2f} s" if k in t else "-" for k in ("open_to_idle_s", "run_all_s")]
        off = f"{offline[name]:.1f} s" if name in offline else "-"
        tr.write_line(f"{name:40} {cols[0]:>10} {cols[1]:>9} {lat:>21} {off:>9}")
    tr.write_line("(slider latency here is measured by polling screenshots: an upper bound; "
                  "benchmarks/bench_widgets.py measures it precisely)")
