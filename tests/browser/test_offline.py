"""Every notebook runs top to bottom with no network at all, no MNIST files and no cache.

The notebooks are executed (nbclient) inside a new network namespace made by `unshare -n`
(util-linux; as root, or `unshare -rn` where user namespaces are allowed), with
MLP_CORE_DATA unset and MLP_CORE_CACHE pointing at an empty folder: only the sample that
ships inside mlp_core is there. The runner first proves that no host can be reached.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from labdriver import NOTEBOOKS, TIMINGS, notebook_names

RUNNER = Path(__file__).with_name("offline_run.py")
# The training notebook must say plainly that it trains on the bundled sample.
FALLBACK_NOTEBOOK = "11-training-from-scratch.ipynb"
FALLBACK_SAYS = re.compile(r"no full MNIST|(fell|falls|falling|fall) back|bundled sample|"
                           r"(sample|with mlp_core) instead", re.I)
FULL_DATA_SAYS = re.compile(r"\bfull MNIST, from", re.I)


def unshare_prefix() -> list[str] | None:
    """The command prefix that gives a process a network namespace of its own, if any works."""
    if not shutil.which("unshare"):
        return None
    for prefix in (["unshare", "-n"], ["unshare", "-r", "-n"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=20).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            pass
    return None


@pytest.fixture(scope="session")
def offline_results(tmp_path_factory):
    prefix = unshare_prefix()
    if prefix is None:
        pytest.skip("`unshare -n` is not permitted here (needs root or user namespaces): "
                    "cannot cut the network off to prove the notebooks run offline")
    if not notebook_names():
        pytest.skip(f"no notebooks in {NOTEBOOKS}")
    work = tmp_path_factory.mktemp("offline")
    notebooks = work / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    cache = work / "empty-cache"
    cache.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "MLP_CORE_DATA"}
    env.update(MLP_CORE_CACHE=str(cache), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTER_DATA_DIR=str(work / "data"), JUPYTER_CONFIG_DIR=str(work / "config"),
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    result = work / "result.json"
    proc = subprocess.run([*prefix, sys.executable, str(RUNNER), str(notebooks), str(result)],
                          env=env, cwd=work, capture_output=True, text=True, timeout=3600)
    assert result.exists(), f"the offline run wrote no result:\n{proc.stdout}\n{proc.stderr[-3000:]}"
    data = json.loads(result.read_text())
    assert data["network_probe"], "the network was reachable inside `unshare -n`"
    assert proc.returncode == 0, proc.stderr[-3000:]
    TIMINGS["offline_s"] = {name: run["seconds"] for name, run in data["notebooks"].items()}
    return data


def pytest_generate_tests(metafunc):
    if "offline_notebook" in metafunc.fixturenames:
        names = notebook_names()
        metafunc.parametrize("offline_notebook", names, ids=[n.removesuffix(".ipynb") for n in names])


def test_network_is_really_gone(offline_results):
    probes = offline_results["network_probe"]
    assert any("unreachable" in p.lower() or "errno" in p.lower() for p in probes), probes


def test_notebook_runs_offline_on_the_bundled_sample(offline_results, offline_notebook):
    run = offline_results["notebooks"].get(offline_notebook)
    assert run is not None, f"{offline_notebook} was not run offline"
    print(f"{offline_notebook}: {run['seconds']} s offline")
    assert run["error"] is None, f"{offline_notebook} failed offline:\n{run['error']}"
    assert not run["stderr_or_errors"], (
        f"{offline_notebook} printed errors or warnings offline: {run['stderr_or_errors']}")
    assert not run["cache_files"], f"something landed in the empty cache: {run['cache_files']}"
    if offline_notebook == FALLBACK_NOTEBOOK:
        assert FALLBACK_SAYS.search(run["text"]), (
            f"{offline_notebook} ran without MNIST but never said it fell back to the sample; "
            f"its output ends with: {run['text'][-1500:]}")
        assert not FULL_DATA_SAYS.search(run["text"]), "offline, yet it claims to use the full MNIST"
