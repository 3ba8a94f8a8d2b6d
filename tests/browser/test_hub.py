"""A class on a real JupyterHub: students log in, click the links tools/class_links.py prints, and
work in the notebook; a teacher's new commit reaches a student who has already edited.

The test starts everything itself on 127.0.0.1 and stops it again (docs/hub.md says how a school
does the same for real): JupyterHub (PyPI, the `hub` extra) with its proxy configurable-http-proxy
(npm, installed once into a cache folder, never into the repository), the shared-password
login, SimpleLocalProcessSpawner (each student a folder under homes/, no system accounts), and
the teacher's repository as a bare git repository served over plain ("dumb") HTTP. The student
servers read binder/jupyter_config.py, as the student image does, so their start page is tested
too. Setup verified on these machines: ../shared/guides/jupyterhub.md (ports, gotchas).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import lab_controls as C
import labdriver as L
import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
PROXY_PACKAGE = "configurable-http-proxy@5.3.0"
PASSWORD = "teach-test-pw"
NOTEBOOK = "notebooks/04-sigmoid.ipynb"   # short, with sliders that redraw a picture
TEACHER_FILES = ("notebooks/00-start-here.ipynb", NOTEBOOK)
STUDENTS = ("student1", "student2", "student3")
ARTIFACTS = REPO / "artifacts" / "hub"
LOGIN_TO_LAB_S = 240     # first spawn + clone + Lab's first load, three at once on a loaded machine

HUB_CONFIG = """\
import json
c.JupyterHub.ip, c.JupyterHub.port = "127.0.0.1", {proxy}
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", {hub}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {state!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {state!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {state!r} + "/cookie_secret"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = set({ports!r})
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--allow-root", "--LabApp.news_url=None",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
c.Spawner.ip = "127.0.0.1"
# no Spawner.default_url: the start page is binder/jupyter_config.py's, as in the student image
PORTS = {ports!r}
def fixed_port(spawner):
    spawner.port = PORTS[spawner.user.name]
c.Spawner.pre_spawn_hook = fixed_port
c.Spawner.environment = {{
    "NBGITPULLER_DEPTH": "0",             # plain-HTTP git can't make shallow clones
    "JUPYTER_CONFIG_DIR": {config_dir!r},  # no "Jupyter news?" toast over the notebook
    "JUPYTER_CONFIG_PATH": {binder!r},     # the student image's start page
    "MLP_CORE_CACHE": {cache!r},
    "MPLCONFIGDIR": {mpl!r},               # matplotlib's font cache, built once by the test (see below)
}}
c.Spawner.start_timeout = c.Spawner.http_timeout = 180
"""


@dataclass
class Hub:
    url: str
    homes: Path
    teacher: Path        # the teacher's working copy; push with publish()
    served: Path         # the bare repository the links point to
    repo_urls: dict      # "git" / "plain": the same repository, with and without .git
    proc: subprocess.Popen
    log: Path

    def publish(self) -> None:
        git(self.teacher, "push", "-q", "origin", "HEAD:main")
        git(self.served, "update-server-info")   # plain HTTP reads the refs from a file


def git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def proxy_command() -> Path:
    """configurable-http-proxy from npm, installed once into a cache folder outside the repository."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlp-notebooks" / PROXY_PACKAGE
    command = cache / "node_modules" / ".bin" / "configurable-http-proxy"
    if not command.exists():
        cache.mkdir(parents=True, exist_ok=True)
        # --prefix: else npm installs next to a package.json further up
        subprocess.run(["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error",
                        PROXY_PACKAGE], check=True, capture_output=True, timeout=600)
    return command


def wait_until(check, what: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise AssertionError(f"{what}: not reached (process exit status {proc.poll()}); log:\n{tail}")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (the proxy, the student servers and their kernels)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = L.missing_requirements()
    if reason:
        pytest.skip(reason)
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError as err:
        pytest.skip(f"{err.name} is not installed: pip install -e '.[hub]' (make test does)")
    if not (shutil.which("npm") and shutil.which("node")):
        pytest.skip("node and npm are needed for JupyterHub's proxy (apt-get install nodejs npm; .ci/run does)")
    work = tmp_path_factory.mktemp("hub")
    chp = proxy_command()

    # the teacher's repository: the start notebook and the lesson, one commit, pushed to a bare
    # repository served at .../teacher/mlp-notebooks.git and (the same one) .../teacher/mlp-notebooks
    teacher, served = work / "teacher", work / "srv" / "teacher" / "mlp-notebooks.git"
    for name in TEACHER_FILES:
        (teacher / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, teacher / name)
    git(work, "init", "-q", "-b", "main", str(teacher))
    git(teacher, "-c", "user.name=Teacher", "-c", "user.email=t@example.edu", "add", ".")
    git(teacher, "-c", "user.name=Teacher", "-c", "user.email=t@example.edu", "commit", "-q", "-m", "lesson 4")
    served.parent.mkdir(parents=True)
    git(work, "clone", "-q", "--bare", str(teacher), str(served))
    git(served, "update-server-info")
    (served.parent / "mlp-notebooks").symlink_to(served.name)
    git(teacher, "remote", "add", "origin", str(served))

    ports = {name: L.free_port() for name in ("proxy", "proxy_api", "hub", "git", *STUDENTS)}
    config_dir = work / "jupyter_config"
    (config_dir / "labconfig").mkdir(parents=True)
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    (work / "state").mkdir()
    (work / "cache").mkdir()
    # Each new home would build matplotlib's font cache on the first import, and on a loaded machine
    # that prints "Matplotlib is building the font cache" into the first notebook (once per student
    # on a real hub too, docs/hub.md). Built once here, so the notebooks' outputs can be held to "no stderr".
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], check=True, timeout=300,
                   env={**os.environ, "MPLCONFIGDIR": str(work / "matplotlib")})
    config = work / "jupyterhub_config.py"
    config.write_text(HUB_CONFIG.format(
        proxy=ports["proxy"], hub=ports["hub"], proxy_api=ports["proxy_api"], chp=str(chp), state=str(work / "state"),
        password=PASSWORD, homes=str(work / "homes"), singleuser=str(Path(sys.executable).with_name("jupyterhub-singleuser")),
        ports={s: ports[s] for s in STUDENTS}, config_dir=str(config_dir), binder=str(REPO / "binder"),
        cache=str(work / "cache"), mpl=str(work / "matplotlib")))

    git_log = work / "git-http.log"
    git_server = subprocess.Popen([sys.executable, "-m", "http.server", str(ports["git"]), "--bind", "127.0.0.1",
                                   "--directory", str(work / "srv")], stdout=git_log.open("w"), stderr=subprocess.STDOUT)
    log = work / "hub.log"
    # the hub stops the proxy, the servers and their kernels itself on SIGTERM
    proc = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)], cwd=work,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    started = []
    try:
        url = f"http://127.0.0.1:{ports['proxy']}"
        wait_until(lambda: answers(f"{url}/hub/health"), "JupyterHub's /hub/health", 120, proc, log)
        wait_until(lambda: answers(f"http://127.0.0.1:{ports['git']}/teacher/mlp-notebooks.git/info/refs"),
                   "the git server", 30, git_server, git_log)
        base = f"http://127.0.0.1:{ports['git']}/teacher/"
        yield Hub(url, work / "homes", teacher, served, {"git": base + "mlp-notebooks.git", "plain": base + "mlp-notebooks"},
                  proc, log)
        started = descendants(proc.pid)
    finally:
        left = stop_hub(proc, started or descendants(proc.pid), git_server)
    assert proc.returncode == 0, f"JupyterHub exited with {proc.returncode}: see {log}"
    assert not left, f"still running after the hub stopped: {left}"


def stop_hub(proc, started, *others) -> list[int]:
    """Stop the hub as an admin does: SIGTERM, and it stops its proxy, servers and kernels itself (killed
    only if it hangs); then the test's `others` (e.g. its git server). Returns the ids of what the hub
    had `started` that still ran, after killing them: only those, by their id."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)
    for other in others:
        other.terminate()
        other.wait(timeout=30)
    left = sorted(p for p in started if alive(p))
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def class_link(hub: Hub, repo_url: str, notebook: str = NOTEBOOK) -> str:
    """The nbgitpuller link tools/class_links.py prints for `notebook`, as a teacher runs it."""
    out = subprocess.run([sys.executable, str(REPO / "tools" / "class_links.py"), "--repo", repo_url, "--hub", hub.url],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    rows = {row["notebook"]: row["nbgitpuller"] for row in csv.DictReader(io.StringIO(out), delimiter="\t")}
    return rows[notebook]


def log_in(page, user: str) -> None:
    page.wait_for_selector("#username_input", timeout=60_000)
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")


def wait_current_tab(page, path: str, timeout: float) -> None:
    """JupyterLab shows the file at `path` (relative to the home) in the current tab. Not the URL:
    Lab rewrites it to the file browser's folder soon after it opened the link's file."""
    page.wait_for_function("""path => {
        const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
        return !!tab && (tab.getAttribute('title') || '').split('\\n').some(line => line === 'Path: ' + path);
    }""", arg=path, timeout=timeout * 1000)


def wait_notebook_ready(page, user: str, folder: str = "mlp-notebooks", timeout: float = LOGIN_TO_LAB_S) -> None:
    """Lab shows the lesson from the student's clone, every cell on the page, the kernel idle."""
    n = sum(c.cell_type == "code" for c in nbformat.read(REPO / NOTEBOOK, as_version=4).cells)
    try:
        page.wait_for_url(f"**/user/{user}/lab**", timeout=timeout * 1000)
        wait_current_tab(page, f"{folder}/{NOTEBOOK}", timeout)
        page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n", arg=[L.CODE_CELL, n],
                               timeout=timeout * 1000)
        L.wait_kernel_idle(page, timeout)
    except Exception as err:
        page.screenshot(path=ARTIFACTS / f"{user}-not-ready.png")
        status = page.locator("#jp-main-statusbar").all_inner_texts()
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        raise AssertionError(f"{user}: notebook not ready ({type(err).__name__}) at {page.url}; status bar {status}; "
                             f"{page.locator(L.CODE_CELL).count()} of {n} code cells; dialogs {dialogs}") from err


def run_and_move_a_slider(page, user: str) -> list[str]:
    """Run All, then move the first slider whose group has a picture; what changed on screen."""
    L.run_all(page)
    assert L.error_outputs(page) == [] and L.widget_placeholders(page) == [], user
    for g in C.find_groups(page):
        sliders = [c for c in g["controls"] if c.kind == "slider"]
        group = C.group_locator(page, g["group"])
        if sliders and group.locator(".mlp-figure").count():
            before = L.group_state(group)
            C.move(page, sliders[0])
            after, seconds = L.wait_for_change(group, before)
            assert seconds is not None, f"{user}: moving {sliders[0]} changed nothing in 30 s"
            assert L.mlp_errors(page) == []
            group.screenshot(path=ARTIFACTS / f"{user}-after-slider.png")
            return after.differs_from(before)
    raise AssertionError(f"{user}: no slider beside a picture in {NOTEBOOK}")


def edit_first_line(path: Path, cell: int, change) -> str:
    nb = nbformat.read(path, as_version=4)
    lines = nb.cells[cell].source.split("\n")
    lines[0] = change(lines[0])
    nb.cells[cell].source = "\n".join(lines)
    nbformat.write(nb, path)
    return lines[0]


def first_line(path: Path, cell: int) -> str:
    return nbformat.read(path, as_version=4).cells[cell].source.split("\n")[0]


def test_a_class_opens_the_links_runs_the_lesson_and_gets_the_teachers_update(hub, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    links = {"student1": class_link(hub, hub.repo_urls["git"]), "student2": class_link(hub, hub.repo_urls["plain"])}
    contexts = {s: chromium.new_context(viewport={"width": 1366, "height": 900}) for s in STUDENTS}
    pages = {s: contexts[s].new_page() for s in STUDENTS}
    clicked = {}
    try:
        # all three at once, as a class does: two follow a link, one logs in at the hub's page
        for user in STUDENTS:
            clicked[user] = time.perf_counter()
            pages[user].goto(links.get(user, f"{hub.url}/hub/login"))
            log_in(pages[user], user)

        ready = {}
        for user in links:
            wait_notebook_ready(pages[user], user)
            ready[user] = time.perf_counter() - clicked[user]
            pages[user].screenshot(path=ARTIFACTS / f"{user}-link-opened.png")
        # each clone has the name the link opens, whatever the URL's ending
        assert sorted(p.name for p in (hub.homes / "student1").iterdir() if not p.name.startswith(".")) == ["mlp-notebooks"]
        for user in links:
            assert "figure" in run_and_move_a_slider(pages[user], user)
            pages[user].screenshot(path=ARTIFACTS / f"{user}-after-slider-page.png")

        # a login without a link, in an empty home: the file browser, not "Could not find path"
        pages["student3"].wait_for_url("**/user/student3/lab**", timeout=LOGIN_TO_LAB_S * 1000)
        pages["student3"].wait_for_selector(".jp-DirListing-content", timeout=60_000)
        assert pages["student3"].url.split("?")[0].endswith("/user/student3/lab")
        assert pages["student3"].locator(".jp-Dialog").count() == 0
        pages["student3"].screenshot(path=ARTIFACTS / "student3-direct-login.png")
        # once a link has cloned the notebooks, a server started without a link opens the start notebook
        pages["student2"].close()
        home = contexts["student2"].new_page()
        home.goto(f"{hub.url}/hub/home")
        home.click("#stop")
        home.wait_for_selector("#stop", state="hidden", timeout=120_000)
        home.goto(f"{hub.url}/hub/spawn")
        home.wait_for_url("**/user/student2/lab**", timeout=LOGIN_TO_LAB_S * 1000)
        # JupyterLab also restores the student's last tabs (04): the start notebook must open beside them
        wait_current_tab(home, f"mlp-notebooks/{TEACHER_FILES[0]}", 120)
        home.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell").first.wait_for(timeout=60_000)
        assert home.locator(".jp-Dialog").count() == 0
        home.screenshot(path=ARTIFACTS / "student2-login-after-clone.png")
        print(f"\nlink click to notebook ready (login, spawn, clone, Lab, kernel idle): "
              f"{ {u: round(s, 1) for u, s in ready.items()} } s; load average {os.getloadavg()[0]:.1f}")

        # student1 edits the lesson's title; the teacher then changes the same line, a line
        # further down the lesson, and the start notebook, and pushes
        pages["student1"].close()
        clone = hub.homes / "student1" / "mlp-notebooks"
        mine = edit_first_line(clone / NOTEBOOK, 1, lambda line: line + " (my notes)")
        nb = nbformat.read(hub.teacher / NOTEBOOK, as_version=4)
        far = max(i for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "markdown")
        theirs = edit_first_line(hub.teacher / NOTEBOOK, 1, lambda line: line + " (revised)")
        theirs_far = edit_first_line(hub.teacher / NOTEBOOK, far, lambda line: line + " (new example)")
        theirs_start = edit_first_line(hub.teacher / TEACHER_FILES[0], 1, lambda line: line + " (term 2)")
        git(hub.teacher, "-c", "user.name=Teacher", "-c", "user.email=t@example.edu", "commit", "-q", "-am", "revised")
        hub.publish()

        # the same link again: nbgitpuller merges the new commit, the student's lines win
        page = contexts["student1"].new_page()
        t0 = time.perf_counter()
        page.goto(links["student1"])
        wait_notebook_ready(page, "student1", timeout=120)
        warm = time.perf_counter() - t0
        assert first_line(clone / NOTEBOOK, 1) == mine != theirs         # both changed it: the student's stays
        assert first_line(clone / NOTEBOOK, far) == theirs_far           # only the teacher changed it: merged
        assert first_line(clone / TEACHER_FILES[0], 1) == theirs_start   # a file the student left alone
        title = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell").nth(1)
        assert "(my notes)" in title.inner_text()
        page.screenshot(path=ARTIFACTS / "student1-after-update.png")
        print(f"second click on a warm server (fetch, merge, open): {warm:.1f} s")
    finally:
        for context in contexts.values():
            context.close()
