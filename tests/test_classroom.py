"""Classroom settings: `make reset` and the JupyterLab that `make lab` starts.

Both run the real make targets, on a small git repository of their own in a temp folder (the
Makefile, tools/reset_class.py and jupyterlab-settings/ copied in, the project's .venv used),
so the repository's own notebooks are never touched and no server of the machine is stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent          # the .venv the tests run in (make's VENV)
TOKEN = "classroom-test"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def class_repo(tmp_path):
    """A git repository shaped like this one: Makefile, the reset tool, the lab settings, two notebooks."""
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml"):      # make lab needs pyproject.toml (the install rule's input)
        shutil.copy(ROOT / name, repo)
    shutil.copy(ROOT / "tools" / "reset_class.py", repo / "tools")
    shutil.copytree(ROOT / "jupyterlab-settings", repo / "jupyterlab-settings")
    (repo / "notebooks" / "zh-CN").mkdir(parents=True)
    for path in ("notebooks/01-a.ipynb", "notebooks/zh-CN/01-a.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1 + 1)")])
        nbformat.write(nb, repo / path)
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "class")
    return repo


def _jupyter_env(tmp_path: Path) -> dict:
    """Jupyter's folders of the test's own (the runtime folder is where servers are listed)."""
    jupyter = tmp_path / "jupyter"
    return dict(os.environ, JUPYTER_CONFIG_DIR=str(jupyter / "config"), JUPYTER_DATA_DIR=str(jupyter / "data"),
                JUPYTER_RUNTIME_DIR=str(jupyter / "runtime"), JUPYTER_PLATFORM_DIRS="1")


def _make(repo: Path, *args: str) -> list[str]:
    """The make command line for `args` in `repo`; -o VENV/.lab: use the tests' .venv as it is, install nothing."""
    return ["make", "-s", "-C", str(repo), f"VENV={VENV}", "-o", f"{VENV}/.lab", *args]


def _wait_answering(port: int, proc: subprocess.Popen, log: Path | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, f"the server exited with {proc.returncode}: {log.read_text()[-2000:] if log else ''}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            assert time.monotonic() < deadline, f"no server on port {port} after {timeout} s"
            time.sleep(0.2)


def _server(root: Path, env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen([str(VENV / "bin" / "jupyter"), "server", "--no-browser", "--ServerApp.ip=127.0.0.1",
                             f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
                             "--ServerApp.allow_root=True"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen, port: int) -> None:
    if proc.poll() is None:
        try:
            urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/api/shutdown?token={TOKEN}", method="POST", data=b""), timeout=5).close()
        except (urllib.error.URLError, OSError):
            proc.terminate()
        proc.wait(timeout=30)


def test_make_reset_restores_the_notebooks_and_keeps_students_copies(class_repo, tmp_path):
    env = _jupyter_env(tmp_path)
    committed = (class_repo / "notebooks/01-a.ipynb").read_text()
    (class_repo / "notebooks/01-a.ipynb").write_text(committed.replace("1 + 1", "2 + 2"))   # autosaved edits
    (class_repo / "notebooks/zh-CN/01-a.ipynb").unlink()                                   # a deleted one
    _git(class_repo, "add", "notebooks/01-a.ipynb")                                         # even staged
    checkpoint = class_repo / "notebooks/.ipynb_checkpoints/01-a-checkpoint.ipynb"
    checkpoint.parent.mkdir()
    checkpoint.write_text(committed)
    copy = class_repo / "notebooks/01-a-Copy1.ipynb"
    copy.write_text("a student's work")

    done = subprocess.run(_make(class_repo, "reset"), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (class_repo / "notebooks/01-a.ipynb").read_text() == committed
    assert (class_repo / "notebooks/zh-CN/01-a.ipynb").is_file()
    assert _git(class_repo, "status", "--porcelain", "--untracked-files=no") == ""
    assert not checkpoint.parent.exists()
    assert copy.read_text() == "a student's work"
    assert "restored notebooks/01-a.ipynb" in done.stdout and "01-a-Copy1.ipynb" in done.stdout
    again = subprocess.run(_make(class_repo, "reset"), env=env, capture_output=True, text=True, timeout=120)
    assert "notebooks/ is as committed" in again.stdout


def test_make_reset_stops_the_class_server_and_its_kernels_but_no_other(class_repo, tmp_path):
    env = _jupyter_env(tmp_path)
    elsewhere = tmp_path / "someone-else"
    elsewhere.mkdir()
    ours, theirs = _free_port(), _free_port()
    class_server = _server(class_repo / "notebooks", env, ours)
    other_server = _server(elsewhere, env, theirs)
    try:
        _wait_answering(ours, class_server)
        _wait_answering(theirs, other_server)
        request = urllib.request.Request(f"http://127.0.0.1:{ours}/api/kernels?token={TOKEN}", method="POST",
                                         data=b"{}", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert json.load(answer)["id"]

        done = subprocess.run(_make(class_repo, "reset"), env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"127.0.0.1:{ours}" in done.stdout and f"127.0.0.1:{theirs}" not in done.stdout
        class_server.wait(timeout=30)                 # stopped: it exits (a kernel left would be orphaned)
        assert other_server.poll() is None
        with urllib.request.urlopen(f"http://127.0.0.1:{theirs}/api/status?token={TOKEN}", timeout=5) as r:
            assert r.status == 200
    finally:
        _stop(class_server, ours)
        _stop(other_server, theirs)


def test_make_lab_starts_jupyterlab_with_the_shipped_classroom_settings(class_repo, tmp_path):
    """The lab `make lab` starts asks no "Jupyter news?" question (its toast covered the deck's
    remote) and checks for no update, on a first start with empty Jupyter folders: the server
    gives the notification plugin the defaults of jupyterlab-settings/overrides.json."""
    env = _jupyter_env(tmp_path)
    port = _free_port()
    args = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={TOKEN}")        # (make lab adds allow_root itself when run as root)
    log = tmp_path / "lab.log"
    with open(log, "wb") as out:
        lab = subprocess.Popen(_make(class_repo, "lab", f"LAB_ARGS={args}"), env=env, stdout=out,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_answering(port, lab, log)
        url = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as answer:
            schema = json.load(answer)["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false"          # JupyterLab's own default is "none": ask
        assert schema["checkForUpdates"]["default"] is False
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/01-a.ipynb?token={TOKEN}&content=0",
                                    timeout=30) as answer:
            assert json.load(answer)["path"] == "01-a.ipynb"     # it serves notebooks/, as make lab always did
    finally:
        _stop(lab, port)
