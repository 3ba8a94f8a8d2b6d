"""Does "Run All" twice in one kernel give the same checked outputs as running once?

    python tools/check_rerun.py                 # every notebook in notebooks/
    python tools/check_rerun.py 09 11           # by number, name or path, as tools/run_notebooks.py takes them

A learner re-runs cells: a cell that trains the network it finds in the kernel, or reads a
variable a later cell has changed, gives a different answer the second time. This script runs
every code cell of a notebook top to bottom, then all of them again in the SAME kernel, and
compares the outputs of the cells nbval checks (tagged "nbval-check-output") between the two
passes: their printed text and their text/plain results (pictures and widgets are not compared,
as nbval does not compare them either). Nothing is written. Exit status 1 if any notebook
differs or fails; each difference is printed with the cell's number and both texts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_notebooks import KERNELSPEC, find_notebooks  # noqa: E402  (the same notebook names)

CHECKED = "nbval-check-output"


def checked_text(cell) -> str:
    """The outputs nbval compares for one cell, as text: streams and text/plain results, in order."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":      # one stream may arrive in chunks: join them
            label = f"[{out.get('name')}] "
            if parts and parts[-1].startswith(label):
                parts[-1] += out.get("text", "")
            else:
                parts.append(label + out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and not ({"image/png", "application/vnd.jupyter.widget-view+json"} & set(data)):
                parts.append(data["text/plain"])
        elif out.get("output_type") == "error":
            parts.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


def run_twice(path: Path, timeout: int = 300) -> list[str]:
    """Run the notebook's code cells twice in one kernel; the differences between the passes."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    os.environ["PYTHONHASHSEED"] = "0"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    passes = []
    with client.setup_kernel():
        for _ in range(2):
            texts = {}
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as err:
                    return [f"cell {index} raised on pass {len(passes) + 1}: {str(err).splitlines()[-1]}"]
                if CHECKED in cell.metadata.get("tags", []):
                    texts[index] = checked_text(cell)
            passes.append(texts)
    first, second = passes
    return [f"cell {i}:\n    once:  {first[i]!r}\n    twice: {second[i]!r}"
            for i in first if first[i] != second[i]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03), names or paths; default: all")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    args = parser.parse_args(argv)
    failed = 0
    for path in find_notebooks(args.notebooks):
        differences = run_twice(path, timeout=args.timeout)
        if differences:
            failed += 1
            print(f"DIFFERS  {path.name}\n  " + "\n  ".join(differences))
        else:
            print(f"same     {path.name}: the checked outputs of a second Run All equal the first")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
