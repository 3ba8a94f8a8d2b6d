"""How many students can one machine carry? K students at once each Run All a lesson, then move
one of its sliders once a second; prints CPU, memory and the slider's round trip per K.

    python benchmarks/bench_class_load.py                      # lessons 03 08 11, K = 1 5 10 20
    python benchmarks/bench_class_load.py --lessons 03 --ks 1 10 --moves 20

Each student is a real "python3" kernel driven the way JupyterLab drives it (jupyter_client, on
127.0.0.1): every code cell of the notebook executed in order, then, once a second, the widget
message a browser sends when a slider moves (comm_msg "update" with the new value) to the first
slider of the lesson, alternating between two values. The round trip is from sending that
message to the kernel's "idle" for it: by then the callback has run and every picture update it
made has been sent (the browser draws it right after). The browser and the JupyterLab server
themselves are not simulated (a server adds ~85-155 MiB per student, docs/hub.md).

Per K it prints: CPU-seconds per student for the lesson (the kernel's own user+system time),
peak memory per kernel (VmHWM, median and max), p50/p95/max of the round trip, the kernel's
CPU-milliseconds per move (what a move costs whatever else the machine does), and the load
average beside every figure. On a machine shared with other work, the figures are pessimistic.
Linux only (/proc). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
TICKS = os.sysconf("SC_CLK_TCK")
CELL_TIMEOUT = 900      # seconds for one cell (training under a heavy load)
MOVE_TIMEOUT = 60       # seconds for one slider move to come back


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS   # utime + stime


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmHWM")


@dataclass
class Student:
    name: str
    km: KernelManager
    lesson_cpu: float = 0.0
    lesson_s: float = 0.0
    move_cpu: float = 0.0
    peak: float = 0.0
    round_trips: list = field(default_factory=list)
    updates_per_move: list = field(default_factory=list)
    error: str = ""


def wait_idle(kc, msg_id: str, timeout: float, widgets: dict | None = None) -> int:
    """Read iopub until the kernel is idle for `msg_id`; return how many messages it sent for it.
    Widget models opened on the way are kept in `widgets` (model id -> state)."""
    deadline, sent = time.monotonic() + timeout, 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle for {msg_id} within {timeout} s")
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except queue.Empty:
            continue
        kind = msg["header"]["msg_type"]
        if widgets is not None and kind == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
            widgets[msg["content"]["comm_id"]] = msg["content"]["data"].get("state", {})
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            return sent
        if kind in ("comm_msg", "display_data", "stream", "clear_output", "execute_result"):
            sent += 1
        if kind == "error":
            raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}")


def first_slider(widgets: dict) -> tuple[str, list]:
    """(model id, two values to alternate between) of the first slider the lesson made."""
    for comm_id, state in widgets.items():
        if not state.get("_model_name", "").endswith("SliderModel") or state.get("disabled"):
            continue
        value, step, top = state["value"], state.get("step") or 1, state["max"]
        if isinstance(value, list):    # a range slider: shift both ends
            moved = [v + step for v in value] if value[1] + step <= top else [v - step for v in value]
        else:
            moved = value + step if value + step <= top else value - step
        return comm_id, [moved, value]
    raise LookupError("the lesson made no slider")


def run_student(student: Student, cells: list[str], moves: int, start: threading.Barrier) -> None:
    kc = student.km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=300)
        pid = student.km.provisioner.process.pid
        widgets: dict = {}
        start.wait()
        cpu0, t0 = cpu_seconds(pid), time.perf_counter()
        for code in cells:                      # Run All: one cell after the other
            wait_idle(kc, kc.execute(code, store_history=True), CELL_TIMEOUT, widgets)
        student.lesson_s, student.lesson_cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
        comm_id, values = first_slider(widgets)
        cpu0 = cpu_seconds(pid)
        next_move = time.monotonic()
        for i in range(moves):                  # once a second, as a student dragging along
            next_move += 1.0
            msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {
                "method": "update", "state": {"value": values[i % 2]}, "buffer_paths": []}})
            sent = time.perf_counter()
            kc.shell_channel.send(msg)
            student.updates_per_move.append(wait_idle(kc, msg["header"]["msg_id"], MOVE_TIMEOUT))
            student.round_trips.append((time.perf_counter() - sent) * 1000)
            time.sleep(max(0.0, next_move - time.monotonic()))
        student.move_cpu = (cpu_seconds(pid) - cpu0) / moves
        student.peak = peak_mib(pid)
    except Exception as err:  # reported in the table, the other students go on
        student.error = f"{type(err).__name__}: {err}"
    finally:
        kc.stop_channels()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def one_class(notebook: Path, k: int, moves: int, workdir: Path) -> dict:
    nb = nbformat.read(notebook, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    students = []
    for i in range(k):
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(workdir), env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        students.append(Student(f"s{i}", km))
    start = threading.Barrier(k)
    threads = [threading.Thread(target=run_student, args=(s, cells, moves, start), daemon=True) for s in students]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=CELL_TIMEOUT * len(cells) + MOVE_TIMEOUT * moves)
    finally:
        for s in students:
            s.km.shutdown_kernel(now=True)
    ok = [s for s in students if not s.error]
    trips = [ms for s in ok for ms in s.round_trips]
    return {
        "k": k, "ok": len(ok), "errors": sorted({s.error for s in students if s.error}),
        "wall_s": time.perf_counter() - t0, "load": (load_before, os.getloadavg()[0]),
        "cpu_per_student": statistics.median(s.lesson_cpu for s in ok) if ok else float("nan"),
        "move_cpu_ms": 1000 * statistics.median(s.move_cpu for s in ok) if ok else float("nan"),
        "lesson_s": max((s.lesson_s for s in ok), default=float("nan")),
        "peak_median": statistics.median(s.peak for s in ok) if ok else float("nan"),
        "peak_max": max((s.peak for s in ok), default=float("nan")),
        "p50": percentile(trips, 50) if trips else float("nan"),
        "p95": percentile(trips, 95) if trips else float("nan"),
        "max": max(trips, default=float("nan")),
        "updates": statistics.median(u for s in ok for u in s.updates_per_move) if ok else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="+", default=["03", "08", "11"], help="notebook numbers")
    parser.add_argument("--ks", nargs="+", type=int, default=[1, 5, 10, 20], help="students at once")
    parser.add_argument("--moves", type=int, default=15, help="slider moves per student, one a second")
    args = parser.parse_args(argv)
    if any(k < 1 or k > 100 for k in args.ks) or not 1 <= args.moves <= 600:
        parser.error("--ks: 1 to 100 students; --moves: 1 to 600")
    print(f"# {platform.node()}: {os.cpu_count()} cores, {platform.python_version()}, "
          f"MLP_CORE_DATA {'set' if os.environ.get('MLP_CORE_DATA') else 'unset (11 falls back to the sample)'}")
    print("# every figure with the 1-minute load average before/after it; a shared machine gives pessimistic figures")
    print("lesson | K | done | CPU-s/student (lesson) | slowest Run All s | peak MiB/kernel (median, max) | "
          "move round trip ms p50 / p95 / max | CPU-ms/move | msgs/move | load before→after")
    with tempfile.TemporaryDirectory(prefix="class-load-") as tmp:
        workdir = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "zh-CN"))
        for lesson in args.lessons:
            notebook = next(workdir.glob(f"{lesson}-*.ipynb"), None)
            if notebook is None:
                parser.error(f"no notebook numbered {lesson}")
            for k in args.ks:
                r = one_class(notebook, k, args.moves, workdir)
                print(f"{notebook.stem[:2]} | {k} | {r['ok']}/{k} | {r['cpu_per_student']:.1f} | {r['lesson_s']:.0f} | "
                      f"{r['peak_median']:.0f}, {r['peak_max']:.0f} | {r['p50']:.0f} / {r['p95']:.0f} / {r['max']:.0f} | "
                      f"{r['move_cpu_ms']:.0f} | {r['updates']:.0f} | {r['load'][0]:.1f}→{r['load'][1]:.1f}", flush=True)
                for error in r["errors"]:
                    print(f"#   error: {error}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
