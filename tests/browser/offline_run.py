"""Run every notebook top to bottom with no network; write what happened as JSON.

    unshare -n python offline_run.py NOTEBOOK_DIR RESULT.json

Meant to run inside a new, empty network namespace (`unshare -n`: not even loopback is up),
so the kernel talks to us over Unix sockets (transport "ipc"), not TCP. Before running any
notebook it proves the network is really gone. MLP_CORE_DATA must be unset and
MLP_CORE_CACHE an empty folder, so only the bundled sample is there to be found.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from labdriver import notebook_names  # noqa: E402  (every edition's notebooks, as the browser tests see them)


def network_is_gone() -> list[str]:
    """What we tried that must fail without a network (empty list = something got through)."""
    failures = []
    for host, port in (("1.1.1.1", 443), ("8.8.8.8", 53)):
        try:
            socket.create_connection((host, port), timeout=3).close()
        except OSError as err:
            failures.append(f"connect {host}:{port}: {err}")
        else:
            return []
    try:
        socket.getaddrinfo("ossci-datasets.s3.amazonaws.com", 443)
    except OSError as err:
        failures.append(f"resolve ossci-datasets.s3.amazonaws.com: {err}")
    else:
        return []
    return failures


DATA_URL = re.compile(r'src="data:[^"]*"')


def outputs_text(nb) -> tuple[list[str], list[str]]:
    """(all text a reader sees in the outputs, the stderr/error outputs)."""
    seen, bad = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                (bad if out.name == "stderr" else seen).append(out.text)
            elif out.output_type == "error":
                bad.append(f"{out.ename}: {out.evalue}")
            elif out.output_type in ("display_data", "execute_result"):
                data = out.get("data", {})
                # a figure's HTML carries its PNG as a data: URL: what a reader sees is its alt text
                seen.append(DATA_URL.sub('src="data:…"', data.get("text/markdown") or data.get("text/html")
                                         or data.get("text/plain") or ""))
    return seen, bad


def main(notebook_dir: str, result_path: str) -> None:
    assert "MLP_CORE_DATA" not in os.environ, "MLP_CORE_DATA must be unset for the offline run"
    cache = Path(os.environ["MLP_CORE_CACHE"])
    assert cache.is_dir() and not any(cache.iterdir()), f"MLP_CORE_CACHE {cache} must be empty"
    result = {"network_probe": network_is_gone(), "notebooks": {}}
    if not result["network_probe"]:
        Path(result_path).write_text(json.dumps(result))
        sys.exit("the network is reachable: this is not an offline run")
    for name in notebook_names(Path(notebook_dir)):
        path = Path(notebook_dir) / name
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=str(Path(tempfile.mkdtemp()) / "kernel"))
        client = NotebookClient(nb, km=km, timeout=600, allow_errors=False,
                                resources={"metadata": {"path": str(path.parent)}})
        error = None
        try:
            client.execute()
        except CellExecutionError as err:
            error = str(err)[-3000:]
        except Exception as err:  # kernel died, timeout, ...
            error = f"{type(err).__name__}: {err}"[-3000:]
        finally:
            if km.has_kernel:  # we own this kernel manager, so nbclient leaves it running
                km.shutdown_kernel()
        seen, bad = outputs_text(nb)
        result["notebooks"][name] = {
            "seconds": round(time.perf_counter() - t0, 2), "error": error,
            "stderr_or_errors": bad, "text": "\n".join(seen)[-20000:],
            "cache_files": sorted(p.name for p in cache.rglob("*") if p.is_file()),
        }
        print(f"{name}: {'ok' if not error else 'FAILED'} in "
              f"{result['notebooks'][name]['seconds']} s", flush=True)
    Path(result_path).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
