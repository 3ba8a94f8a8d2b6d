"""How much memory does one student's kernel need? Prints a table a JupyterHub admin can size by.

    python benchmarks/bench_kernel_memory.py            # every notebook, English and zh-CN
    python benchmarks/bench_kernel_memory.py 07 09      # only these (by number)

Each notebook runs top to bottom in a fresh "python3" kernel (nbclient, in the notebook's own
folder, as a student's Run All would). With the kernel still alive afterwards its memory is
read from /proc: RSS now (what the kernel holds while the student reads on) and the peak RSS
during the run (VmHWM: what must fit). Outputs are not written back. A student's session costs
the kernels they leave running plus their JupyterLab server (not measured here).
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from class_links import notebooks as numbered_notebooks  # noqa: E402  (every edition's notebooks)

MIB = 1024 * 1024


def proc_status_kib(pid: int, field: str) -> int:
    """A 'VmRSS:'-style line of /proc/PID/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field} line")


def kernel_memory(path: Path, timeout: int = 600) -> tuple[float, float, float]:
    """(seconds to run, RSS after the run in MiB, peak RSS in MiB) of a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel():
        client.execute(cleanup_kc=False)  # keep the kernel alive to read its memory
        seconds = time.perf_counter() - started
        pid = client.km.provisioner.process.pid
        rss = proc_status_kib(pid, "VmRSS") / 1024
        peak = proc_status_kib(pid, "VmHWM") / 1024
    return seconds, rss, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers such as 07 (default: all)")
    args = parser.parse_args(argv)
    chosen = [(code, ROOT / rel) for code, rel in numbered_notebooks()
              if not args.numbers or Path(rel).name[:2] in args.numbers]
    print(f"# {platform.node()}: Python {platform.python_version()}, {platform.system()}")
    print("| notebook | run all (s) | kernel RSS after (MiB) | kernel peak RSS (MiB) |")
    print("|---|---:|---:|---:|")
    for code, path in chosen:
        seconds, rss, peak = kernel_memory(path)
        label = path.stem if code == "en" else f"{code}/{path.stem}"
        print(f"| {label} | {seconds:.1f} | {rss:.0f} | {peak:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
