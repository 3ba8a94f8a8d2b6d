"""Run JupyterLab on loopback and drive it with headless Chromium, as a learner would.

Shared by the browser tests (tests/browser/) and benchmarks/bench_widgets.py, so it lives
here in tools/ where both import it. What works on
these machines, and why each flag is here, is in the project's browser-testing notes:
Debian's /usr/bin/chromium driven by the Python `playwright` package (never a browser
download), JupyterLab 4 on 127.0.0.1 with a fixed token, on a temporary copy of notebooks/.

The widget DOM contract (mlp_core/render.py): every interactive group is an element with
class `mlp-widget`; inside it `mlp-readout` text changes with the controls, `mlp-figure` is
the figure area and `mlp-error` holds an error message (empty when all is well).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# MLP_NOTEBOOKS_DIR=path points the suite at another folder of notebooks (to try it on a
# scratch notebook, or on a deliberately broken copy).
NOTEBOOKS = Path(os.environ.get("MLP_NOTEBOOKS_DIR") or REPO / "notebooks").resolve()
ARTIFACTS = REPO / "artifacts" / "browser"

CHROMIUM = "/usr/bin/chromium"
# Quiet on a closed network: no sandbox (we are root), no GPU, no background fetches.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "mlp-notebooks-browser-tests"
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"

# Selectors (JupyterLab 4, ipywidgets 8).
CODE_CELL = ".jp-Notebook .jp-CodeCell"
ERROR_OUTPUTS = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                 '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], '
                 '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')
WIDGET_PLACEHOLDERS = ("Loading widget...", "Error displaying widget", "model not found")
SLIDER_HANDLE = ".noUi-handle"

# Timings gathered during a test session, printed at its end and saved in artifacts/.
TIMINGS: dict = {"lab_start_s": None, "notebooks": {}}


def missing_requirements() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return (f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) "
                "to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    return None


EDITION_FOLDERS = ("", "zh-CN/")    # English, then the 简体中文 edition (notebooks/zh-CN/)


def notebook_names(folder: Path | None = None) -> list[str]:
    """Every notebook there is in every edition, as paths relative to the notebooks folder
    ("04-sigmoid.ipynb", "zh-CN/04-sigmoid.ipynb"), so a new one is tested without a code change."""
    folder = NOTEBOOKS if folder is None else Path(folder)
    return [f"{edition}{p.name}" for edition in EDITION_FOLDERS
            for p in sorted((folder / edition).glob("*.ipynb"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A JupyterLab server we started, and how to reach and stop it."""
    root: Path
    port: int
    proc: subprocess.Popen
    log: Path
    token: str = TOKEN
    started_in: float = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def stop(self, timeout: float = 20) -> None:
        """Shut down through the REST API (which also stops its kernels), then wait.

        Only if the server hangs is its own process terminated, then killed — by PID.
        """
        if self.proc.poll() is None:
            try:
                req = urllib.request.Request(self.url("api/shutdown"), method="POST", data=b"")
                urllib.request.urlopen(req, timeout=5).close()
            except (urllib.error.URLError, OSError):
                pass
            for signal_it in (None, self.proc.terminate, self.proc.kill):
                if signal_it is not None:
                    signal_it()
                try:
                    self.proc.wait(timeout=timeout)
                    break
                except subprocess.TimeoutExpired:
                    continue

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def start_lab(notebooks: Path, workdir: Path, port: int | None = None, timeout: float = 90,
              env: dict | None = None) -> Lab:
    """Copy `notebooks` into `workdir` and serve the copy with JupyterLab on 127.0.0.1.

    Uses the jupyter of the running Python (so `make test`'s .venv serves its own kernel),
    with config, data and runtime folders of its own so nothing on the machine leaks in.
    """
    workdir = Path(workdir)
    root = workdir / "notebooks"
    shutil.copytree(notebooks, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    jupyter = workdir / "jupyter"
    config = jupyter / "config"
    (config / "labconfig").mkdir(parents=True)
    # Without this a "Jupyter news?" toast covers the page.
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    env = dict(os.environ if env is None else env)
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(jupyter / "data"),
               JUPYTER_RUNTIME_DIR=str(jupyter / "runtime"), JUPYTER_PLATFORM_DIRS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    port = port or free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--ServerApp.allow_root=True",
           "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           # the classroom's shipped settings, as `make lab` passes them (Esc leaves a reopened deck)
           f"--LabApp.app_settings_dir={REPO / 'jupyterlab-settings'}"]
    log = workdir / "lab.log"
    t0 = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root,
                                stdin=subprocess.DEVNULL)
    lab = Lab(root=root, port=port, proc=proc, log=log)
    deadline = t0 + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n{lab.log_tail()}")
        try:
            with urllib.request.urlopen(lab.url("api/status"), timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.perf_counter() > deadline:
            lab.stop()
            raise TimeoutError(f"JupyterLab did not answer /api/status in {timeout} s:\n"
                               f"{lab.log_tail()}")
        time.sleep(0.2)
    lab.started_in = time.perf_counter() - t0
    return lab


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# ---------------------------------------------------------------- driving a notebook

def status_text(page) -> str:
    return page.locator("#jp-main-statusbar").inner_text()


# Whether the status bar says the kernel is idle (it is busy while it runs a widget callback
# too: a comm message's busy/idle status is tracked like a cell's).
_KERNEL_IDLE_JS = "s => ((document.querySelector('#jp-main-statusbar') || {}).textContent || '').includes(s)"


def kernel_idle(page) -> bool:
    return page.evaluate(_KERNEL_IDLE_JS, KERNEL_IDLE)


def wait_kernel_idle(page, timeout: float = 60) -> None:
    page.wait_for_function(_KERNEL_IDLE_JS, arg=KERNEL_IDLE, timeout=timeout * 1000)


def n_code_cells(lab: Lab, name: str) -> int:
    """How many code cells the notebook file has (asked from the server, not the page)."""
    with urllib.request.urlopen(lab.url(f"api/contents/{name}?content=1"), timeout=30) as r:
        cells = json.load(r)["content"]["cells"]
    return sum(c["cell_type"] == "code" for c in cells)


def open_notebook(page, lab: Lab, name: str, timeout: float = 60) -> float:
    """Open notebook `name` in a fresh workspace; return seconds until every cell is on the
    page (JupyterLab attaches long notebooks bit by bit) and the kernel is idle."""
    n = n_code_cells(lab, name)
    t0 = time.perf_counter()
    page.goto(lab.url(f"lab/tree/{name}?reset"), wait_until="domcontentloaded")
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n",
                           arg=[CODE_CELL, n], timeout=timeout * 1000)
    wait_kernel_idle(page, timeout)
    return time.perf_counter() - t0


# In-page helpers: every code cell's prompt, and whether the notebook has finished running.
_PROMPTS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
    .map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '')"""


def code_cell_prompts(page) -> list[str]:
    return page.evaluate(_PROMPTS_JS)


def menu(page, bar_item: str, command: str) -> None:
    """Click a menu-bar item, then the menu entry that runs `command`."""
    page.locator(".lm-MenuBar-item", has_text=bar_item).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def run_all(page, timeout: float = 120) -> float:
    """Run → Run All Cells, as a learner would; wait until every code cell has run.

    Stored outputs are cleared first (Edit → Clear Outputs of All Cells), because a stored
    notebook already shows execution numbers "[1]:", "[2]:" ... exactly like a fresh run.
    Afterwards every code cell must show a number again ("[*]:" = queued or running) and
    the kernel must be idle. Returns the seconds from the click on "Run All" to the end;
    before it returns, it also waits for the widget views those cells made to be drawn.
    """
    n_cells = page.locator(CODE_CELL).count()  # all of them: open_notebook waited for that
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(
        r"""() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
                 .every(c => !/\d/.test((c.querySelector('.jp-InputPrompt') || {}).textContent || '')
                             && !c.querySelector('.jp-OutputArea-output'))""", timeout=30_000)
    t0 = time.perf_counter()
    menu(page, "Run", "runmenu:run-all")
    # Done when the kernel is idle and every non-empty code cell has its number -- or when
    # a cell failed (JupyterLab then drops the queued cells; the caller reports the error).
    page.wait_for_function(
        r"""([n, idle, errors]) => {
            const status = (document.querySelector('#jp-main-statusbar') || {}).textContent || '';
            const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
            const prompts = cells
                .filter(c => ((c.querySelector('.jp-InputArea-editor') || {}).textContent || '').trim())
                .map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
            if (cells.length !== n || !status.includes(idle)) return false;
            return prompts.every(p => /\[\d+\]/.test(p))
                || (!prompts.some(p => p.includes('*')) && document.querySelector(errors) !== null);
        }""", arg=[n_cells, KERNEL_IDLE, ERROR_OUTPUTS], timeout=timeout * 1000, polling=100)
    seconds = time.perf_counter() - t0
    wait_widgets_drawn(page)   # the caller's checks report any view still undrawn
    return seconds


def execution_counts(page) -> list[int]:
    import re
    return [int(m.group(1)) if (m := re.search(r"\[(\d+)\]", p)) else -1
            for p in code_cell_prompts(page)]


def error_outputs(page) -> list[str]:
    """Text of every stderr / error output in the notebook (warnings count: none are allowed)."""
    return [t.strip()[:2000] for t in page.locator(ERROR_OUTPUTS).all_text_contents()]


# Every widget output holds a drawn view (no "Loading widget..." left) and every picture in
# the outputs has finished loading: what "the widgets are on the page" means to a learner.
_WIDGETS_DRAWN_JS = """(loading) => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'))
    .every(o => o.querySelector('.jupyter-widgets, .lm-Widget') && !(o.textContent || '').includes(loading))
    && Array.from(document.querySelectorAll('.jp-OutputArea-output img')).every(img => img.complete)"""


def wait_widgets_drawn(page, timeout: float = 30) -> bool:
    """Wait until every widget output has drawn its view and its pictures; False if some had
    not after `timeout` s (the caller's checks then say which). The kernel's idle status comes
    before the browser has drawn the views Run All created, so this wait, not a pause, is it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(_WIDGETS_DRAWN_JS, arg=WIDGET_PLACEHOLDERS[0], timeout=timeout * 1000)
        return True
    except PlaywrightTimeout:
        return False


def widget_placeholders(page) -> list[str]:
    """Widget outputs that never rendered ("Loading widget...", model not found, ...)."""
    texts = page.evaluate("""() => Array.from(
        document.querySelectorAll('.jp-OutputArea-output')).map(o => o.textContent || '')""")
    return [t.strip()[:300] for t in texts if any(p in t for p in WIDGET_PLACEHOLDERS)]


def mlp_errors(page) -> list[str]:
    """Non-empty `mlp-error` elements (a widget callback failed and said so)."""
    texts = page.locator(".mlp-error").all_text_contents()
    return [t.strip() for t in texts if t.strip()]


def settle(locator, timeout: float = 15) -> dict | None:
    """Wait until `locator`'s bounding box stops moving (JupyterLab scrolls after focus).
    Generous: on a loaded machine each look at the box is slow, and a box still moving
    when the time is up is returned as it is (a stroke or drag there would miss)."""
    locator.scroll_into_view_if_needed()
    box, deadline = None, time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        new = locator.bounding_box()
        if new is not None and new == box:
            return new
        box = new
        time.sleep(0.08)
    return box


# ---------------------------------------------------------------- what a widget group shows

@dataclass
class GroupState:
    """What a learner sees of one widget group: readout texts, figure pixels, error texts."""
    readouts: tuple[str, ...]
    figures: tuple[str, ...]          # SHA-1 of each figure area's screenshot
    errors: tuple[str, ...]
    shots: list[bytes] = field(default_factory=list, compare=False, repr=False)

    def differs_from(self, other: "GroupState") -> list[str]:
        what = []
        if self.readouts != other.readouts:
            what.append("readout")
        if self.figures != other.figures:
            what.append("figure")
        return what


def group_state(group) -> GroupState:
    readouts = tuple(t.strip() for t in group.locator(".mlp-readout").all_text_contents())
    errors = tuple(t.strip() for t in group.locator(".mlp-error").all_text_contents())
    shots = []
    figs = group.locator(".mlp-figure")
    for i in range(figs.count()):
        fig = figs.nth(i)
        if fig.bounding_box() is None or fig.bounding_box()["height"] < 1:
            shots.append(b"")  # empty figure area
        else:
            shots.append(fig.screenshot(animations="disabled", caret="hide"))
    return GroupState(readouts, tuple(hashlib.sha1(s).hexdigest() for s in shots), errors, shots)


def wait_for_change(group, before: GroupState, timeout: float = 30, stable_for: int = 2, quiet: float = 0):
    """Wait until the group shows something different from `before` and then stays put.

    "Stays put" counts only looks taken while the kernel is idle: a panel's callback sends the
    readout first and the picture and error line later (mlp_core.render.panel), and a box
    typed into key by key queues one callback per key, so a pause between two of those
    messages is not the end of the redraw. Returns (state, seconds until the last change was
    seen) or (state, None) when nothing changed within `timeout` (generous: a kernel
    round-trip plus a redraw on a loaded 2-core machine).

    `quiet`: seconds the group must also have been still since its last change. A box typed
    key by key needs about a second: its keys are queued callbacks, and the kernel can look
    idle between two of them (CI once read 01's box at the empty box's message while "1" was
    on its way).
    """
    t0 = time.perf_counter()
    deadline = t0 + timeout
    last = group_state(group)
    changed_at = time.perf_counter() - t0 if last.differs_from(before) else None
    same = 0
    while time.perf_counter() < deadline:
        time.sleep(0.03)
        now = group_state(group)
        if now.differs_from(last):
            changed_at, same = time.perf_counter() - t0, 0
        elif changed_at is not None:
            same = same + 1 if kernel_idle(group.page) else 0
            if same >= stable_for and time.perf_counter() - t0 - changed_at >= quiet:
                return now, changed_at
        last = now
    return last, changed_at

