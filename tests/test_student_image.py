"""The student image's recipe (binder/, what repo2docker builds for Binder and for a JupyterHub):
the start page it opens and the package it installs, tried the way a hub uses them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
START = "notebooks/00-start-here.ipynb"


def default_urls(folder: Path, monkeypatch) -> set[str]:
    """The default URLs binder/jupyter_config.py gives a server started in `folder`."""
    monkeypatch.chdir(folder)
    config = PyFileConfigLoader("jupyter_config.py", path=str(BINDER)).load_config()
    return {config[app].default_url for app in ("ServerApp", "LabApp", "JupyterNotebookApp")}


def put_notebook(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / START, path)


def test_binder_opens_the_start_notebook(tmp_path, monkeypatch):
    put_notebook(tmp_path / START)  # on Binder the repository is the home folder
    assert default_urls(tmp_path, monkeypatch) == {f"/lab/tree/{START}"}


def test_an_empty_hub_home_opens_the_file_browser_not_a_missing_path(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("a student's own file")
    assert default_urls(tmp_path, monkeypatch) == {"/lab"}


def test_after_a_class_link_cloned_the_notebooks_a_login_opens_them(tmp_path, monkeypatch):
    put_notebook(tmp_path / "mlp notebooks" / START)  # nbgitpuller's folder, named by the link
    assert default_urls(tmp_path, monkeypatch) == {f"/lab/tree/mlp%20notebooks/{START}"}


@pytest.mark.slow
def test_the_package_imports_with_the_repository_hidden_by_a_mounted_home(tmp_path):
    """Runs binder/postBuild as repo2docker does (from a copy of the repository, which then
    disappears, as when a hub mounts the student's storage over it) and imports mlp_core
    with its data, fonts and Chinese messages from where postBuild put it."""
    home, prefix, site = tmp_path / "home", tmp_path / "prefix", tmp_path / "site-packages"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (REPO / name).is_file():
            (home / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, home / name)
    env = {**os.environ, "NB_PYTHON_PREFIX": str(prefix), "PIP_TARGET": str(site),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "binder/postBuild"], cwd=home, env=env, check=True, capture_output=True, timeout=600)
    assert (prefix / "etc" / "jupyter" / "jupyter_config.py").is_file()
    shutil.rmtree(home)  # the student's storage is mounted over it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import mlp_core, mlp_core.i18n as i; from mlp_core import load_sample, load_pretrained; "
            "print(mlp_core.__file__); print(len(load_sample()[1])); load_pretrained(); "
            "i.set_language('zh-CN'); print(i.tr('could not download {name}; tried:\\n  {tried}\\n{how}', "
            "name='x', tried='y', how='z').splitlines()[0])")
    run = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(site)})
    assert run.returncode == 0, run.stderr
    where, n_sample, chinese = run.stdout.splitlines()
    assert Path(where).is_relative_to(site) and n_sample == "2000"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), chinese
