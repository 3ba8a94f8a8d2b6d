"""What sharing results with the class view adds to one check, in the student's kernel.

    python benchmarks/bench_class_results.py [--checks 200]

Times check_output_neurons(9) (a counted wrong answer) with sharing off, then opted in with the
class results service up (the real service, tests/class_results_local.py), slow (a server that
takes connections and never answers) and down (connection refused). Pairs are timed one after
the other (off, on, off, on, ...) so a busy machine loads both alike; CPU-seconds of the calling
thread and the load average are printed beside the wall time. The send itself is in a background
thread: this measures what the cell waits for.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from class_results_local import ACCESS, READ, Service, StandInHub  # noqa: E402

import mlp_core  # noqa: E402
from mlp_core import sharing  # noqa: E402
from mlp_core.exercises import check_output_neurons, reset_attempts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checks", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-class-results-"))
    os.environ["XDG_CONFIG_HOME"] = str(work)
    os.environ["JUPYTERHUB_API_TOKEN"] = "t-ana"
    hub = StandInHub({"t-ana": ("ana", [ACCESS]), "t-teacher": ("teacher", [ACCESS, READ])})
    service = Service(hub, work / "class.sqlite", work / "service.log")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1024)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    urls = {"up": service.url, "slow": f"http://127.0.0.1:{silent.getsockname()[1]}/",
            "down": f"http://127.0.0.1:{closed.getsockname()[1]}/"}
    os.environ[sharing.URL_VARIABLE] = service.url
    mlp_core.share_progress(True)
    print(f"{args.checks} checks per case, pairs off/on; load average {os.getloadavg()[0]:.1f}")
    try:
        for case, url in urls.items():
            off, on, cpu_off, cpu_on = [], [], [], []
            for _ in range(args.checks):
                for sharing_on, walls, cpus in ((False, off, cpu_off), (True, on, cpu_on)):
                    if sharing_on:
                        os.environ[sharing.URL_VARIABLE] = url
                    else:
                        os.environ.pop(sharing.URL_VARIABLE, None)
                    reset_attempts()
                    w, c = time.perf_counter(), time.thread_time()
                    check_output_neurons(9)
                    walls.append(time.perf_counter() - w)
                    cpus.append(time.thread_time() - c)
            added = [b - a for a, b in zip(off, on)]
            print(f"service {case:4}: check {statistics.median(off) * 1e3:.3f} ms off, {statistics.median(on) * 1e3:.3f} ms on; "
                  f"added median {statistics.median(added) * 1e3:.3f} ms, 95th pct "
                  f"{sorted(added)[int(0.95 * len(added))] * 1e3:.3f} ms; CPU added "
                  f"{(statistics.median(cpu_on) - statistics.median(cpu_off)) * 1e3:.3f} ms; "
                  f"load {os.getloadavg()[0]:.1f}")
            if case == "slow":
                silent.close()          # the sends waiting on it fail now, not after their timeouts
            t0 = time.perf_counter()
            sharing._outbox.join()
            print(f"    background sends of this case finished {time.perf_counter() - t0:.2f} s after the last check")
    finally:
        os.environ[sharing.URL_VARIABLE] = service.url
        mlp_core.share_progress(False)
        closed.close()
        service.stop()
        hub.close()


if __name__ == "__main__":
    main()
