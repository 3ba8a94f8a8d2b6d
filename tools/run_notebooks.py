"""Re-run notebooks top to bottom and store their outputs (and widget state) in place.

    python tools/run_notebooks.py                      # every notebook in notebooks/
    python tools/run_notebooks.py 03                   # by number ...
    python tools/run_notebooks.py notebooks/04-sigmoid.ipynb   # ... or by path
    python tools/run_notebooks.py notebooks/zh-CN      # every notebook of a folder (an edition)
    python tools/run_notebooks.py --check 01 03        # run, report, but write nothing

Each notebook runs in a fresh "python3" kernel started in the notebooks folder, with a
fixed hash seed, so two runs store the same numbers. Cell timing metadata is not recorded
(it would change on every run). A run fails — and nothing is written — when a cell raises
or prints anything on stderr (warnings included): the notebooks must read clean.

Run it after changing a notebook or anything it shows, then commit the notebook.
Afterwards tools/notebook_nav.py keeps the "< previous | contents | next >" links right.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def find_notebooks(names) -> list[Path]:
    """Paths for names such as '03', '03-weights-and-the-weighted-sum', a path, or a folder
    (its NN-*.ipynb); all of notebooks/ if none."""
    every = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not names:
        return every
    found = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += [p.resolve() for p in sorted(path.glob("[0-9][0-9]-*.ipynb"))]
            continue
        if path.suffix == ".ipynb" and path.exists():
            found.append(path.resolve())
            continue
        matches = [p for p in every if p.stem == name or p.stem.split("-")[0] == name]
        if len(matches) != 1:
            known = ", ".join(p.stem for p in every) or "(none)"
            raise SystemExit(f"no single notebook matches {name!r}; known notebooks: {known}")
        found.append(matches[0])
    return found


def stderr_outputs(nb) -> list[str]:
    """Every stderr stream or error in the notebook's outputs, as 'cell N: text'."""
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i}: stderr: {out.get('text', '').strip()[:400]}")
            elif out.get("output_type") == "error":
                problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return problems


def execute(nb, path: Path, timeout: int = 300, store_widget_state: bool = True) -> float:
    """Run every cell of `nb` (read from `path`) in one fresh kernel, in the notebook's folder;
    returns the seconds it took. Raises RuntimeError on a failing cell or anything on stderr."""
    os.environ["PYTHONHASHSEED"] = "0"          # inherited by the kernel: set order etc. fixed
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=store_widget_state,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        raise RuntimeError(f"{path.name}: a cell failed:\n{err}") from None
    seconds = time.perf_counter() - start
    problems = stderr_outputs(nb)
    if problems:
        raise RuntimeError(f"{path.name}: printed on stderr (fix the warning, don't hide it):\n  "
                           + "\n  ".join(problems))
    return seconds


def run(path: Path, timeout: int = 300, write: bool = True) -> float:
    """Execute one notebook in place; returns the seconds it took. Raises on errors/stderr."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    seconds = execute(nb, path, timeout)
    if write:
        nbformat.validate(nb)
        nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03), names or paths; default: all")
    parser.add_argument("--check", action="store_true", help="run them but write nothing")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    args = parser.parse_args(argv)
    failed = 0
    for path in find_notebooks(args.notebooks):
        try:
            seconds = run(path, timeout=args.timeout, write=not args.check)
        except RuntimeError as err:
            print(f"FAILED  {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"{'ran' if args.check else 'stored'}  {path.name}  {seconds:5.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
