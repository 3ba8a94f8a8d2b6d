"""Estimate how many minutes each notebook takes in class (the table in docs/teaching.md).

    python tools/lesson_minutes.py            # a table for notebooks/*.ipynb
    python tools/lesson_minutes.py 03 04      # ... for these

A class walk-through, not silent reading, counted from the notebook's own cells:
  prose     the markdown words (navigation links and folded <details> solutions left out,
            a $formula$ counted as one word) at WORDS_PER_MINUTE, a teacher reading and
            paraphrasing aloud;
  code      CODE_MINUTES for every code cell shown, PICTURE_MINUTES more for every picture it draws;
  widgets   WIDGET_MINUTES for every widget (the live training curves count as code, not a widget).
The guide adds 2 minutes per predict-before-you-run question and 5 per exercise set in class;
exercises are counted here (lines starting '**1.**', '**2. Predict …**', ...) so that can be done.
Re-run it after the notebooks change and update the table in docs/teaching.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WORDS_PER_MINUTE = 150
CODE_MINUTES, PICTURE_MINUTES, WIDGET_MINUTES = 0.5, 1.0, 4.0
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
EXERCISE = re.compile(r"^\s*\*\*\d+\.(\*\*|\s)", re.M)   # "**1.**" or "**1. Predict before you run.**"
TRAINING = re.compile(r"\btrain\(")   # the live curves of a training run: watched, not steered


@dataclass
class Count:
    words: int = 0
    code: int = 0
    pictures: int = 0
    widgets: int = 0
    exercises: int = 0

    @property
    def minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + CODE_MINUTES * self.code
                + PICTURE_MINUTES * self.pictures + WIDGET_MINUTES * self.widgets)


def count(nb) -> Count:
    c = Count()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if cell.source.startswith(NAV_MARK) or "<details" in cell.source:
                continue
            c.words += len(MATH.sub(" formula ", cell.source).split())
            c.exercises += len(EXERCISE.findall(cell.source))
        elif cell.cell_type == "code":
            data = [out.get("data", {}) for out in cell.get("outputs", [])]
            if any(WIDGET_MIME in d for d in data) and not TRAINING.search(cell.source):
                c.widgets += 1
                continue
            c.code += 1
            c.pictures += any("image/png" in d for d in data)
    return c


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03) or names; default: every notebook")
    parser.add_argument("--folder", type=Path, default=NOTEBOOK_DIR)
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("[0-9][0-9]-*.ipynb"))
    if args.notebooks:
        paths = [p for p in paths if any(p.stem == n or p.stem[:2] == n.zfill(2) for n in args.notebooks)]
    if not paths:
        print(f"no notebooks match in {args.folder}", file=sys.stderr)
        return 1
    print(f"{'notebook':40} {'words':>6} {'code':>5} {'pics':>5} {'widgets':>8} {'exercises':>10} {'minutes':>8}")
    total = 0.0
    for path in paths:
        c = count(nbformat.read(path, as_version=4))
        total += c.minutes
        print(f"{path.stem:40} {c.words:6} {c.code:5} {c.pictures:5} {c.widgets:8} {c.exercises:10} {c.minutes:8.1f}")
    print(f"{'all':40} {'':6} {'':5} {'':5} {'':8} {'':10} {total:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
