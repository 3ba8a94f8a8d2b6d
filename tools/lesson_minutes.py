"""Estimate how many minutes each notebook takes in class (the table in docs/teaching.md).

    python tools/lesson_minutes.py            # a table for notebooks/*.ipynb
    python tools/lesson_minutes.py 03 04      # ... for these
    python tools/lesson_minutes.py --deck notebooks/lessons/lesson-1-what-is-a-neural-network.ipynb
                                              # a lesson deck (tools/lesson_deck.py), part by part

A class walk-through, not silent reading, counted from the notebook's own cells:
  prose     the markdown words (navigation links and folded <details> solutions left out,
            a $formula$ counted as one word) at WORDS_PER_MINUTE, a teacher reading and
            paraphrasing aloud;
  code      CODE_MINUTES for every code cell shown, PICTURE_MINUTES more for every picture it draws;
  widgets   WIDGET_MINUTES for every widget (the live training curves count as code, not a widget).
The guide adds 2 minutes per predict-before-you-run question and 5 per exercise set in class;
exercises are counted here (lines starting '**1.**', '**2. Predict …**', ...) so that can be done.
Re-run it after the notebooks change and update the table in docs/teaching.md.

A lesson deck is counted as it is presented: only the cells on its slides (setup cells and other
"skip" cells, and "notes", left out), each code cell with the outputs its notebook stores (the deck
itself is stored without any), and with the class time added: PREDICTION_MINUTES per ★ question
(the cells tools/slides.py finds from the guide's ★ lines) and EXERCISE_MINUTES per exercise set in class.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slides  # noqa: E402  (a sibling tool: which cells answer the guide's ★ questions)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WORDS_PER_MINUTE = 150
CODE_MINUTES, PICTURE_MINUTES, WIDGET_MINUTES = 0.5, 1.0, 4.0
PREDICTION_MINUTES, EXERCISE_MINUTES = 2.0, 5.0      # the guide's class time for a ★ question, an exercise
DECK_KEY = "lesson_deck"      # a deck cell's origin: {"notebook": "03-….ipynb", "cell": id} (tools/lesson_deck.py)
HIDDEN = ("skip", "notes")
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
    predictions: int = 0      # ★ questions (their answer cells, tools/slides.py answer_ids)

    @property
    def minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + CODE_MINUTES * self.code
                + PICTURE_MINUTES * self.pictures + WIDGET_MINUTES * self.widgets)

    @property
    def class_minutes(self) -> float:
        return self.minutes + PREDICTION_MINUTES * self.predictions + EXERCISE_MINUTES * self.exercises


def count(nb, shown_only: bool = False, outputs=None, answer=None) -> Count:
    """Count a notebook's cells (shown_only: only those on its slides); `outputs(cell)` gives a
    cell's outputs (default: the ones it stores); `answer(cell)` whether it answers a ★ question."""
    c = Count()
    for cell in nb.cells:
        if shown_only and cell.metadata.get("slideshow", {}).get("slide_type") in HIDDEN:
            continue
        if cell.cell_type == "markdown":
            if cell.source.startswith(NAV_MARK) or "<details" in cell.source:
                continue
            c.words += len(MATH.sub(" formula ", cell.source).split())
            c.exercises += len(EXERCISE.findall(cell.source))
        elif cell.cell_type == "code":
            c.predictions += bool(answer and answer(cell))
            data = [out.get("data", {}) for out in (outputs(cell) if outputs else cell.get("outputs", []))]
            if any(WIDGET_MIME in d for d in data) and not TRAINING.search(cell.source):
                c.widgets += 1
                continue
            c.code += 1
            c.pictures += any("image/png" in d for d in data)
    return c


def deck_parts(path: Path) -> list[tuple[str, Count]]:
    """A lesson deck counted part by part ("title", then each notebook's number), as presented."""
    deck = nbformat.read(path, as_version=4)
    stored: dict[str, tuple[dict, set]] = {}   # notebook → (its cells by id, its ★ answers' English ids)

    def origin_of(cell):
        origin = cell.metadata.get(DECK_KEY)
        if origin["notebook"] not in stored:
            source = path.parent.parent / origin["notebook"]
            stored[origin["notebook"]] = ({c.id: c for c in nbformat.read(source, as_version=4).cells},
                                          slides.answer_ids(source)[0])
        cells, answers = stored[origin["notebook"]]
        return cells[origin["cell"]], answers

    def outputs(cell):
        return origin_of(cell)[0].get("outputs", []) if cell.metadata.get(DECK_KEY) else cell.get("outputs", [])

    def answer(cell):
        if not cell.metadata.get(DECK_KEY):
            return False
        original, answers = origin_of(cell)
        return slides._english_id(original) in answers

    parts: dict[str, list] = {}
    for cell in deck.cells:
        origin = cell.metadata.get(DECK_KEY)
        parts.setdefault(origin["notebook"][:2] if origin else "title", []).append(cell)
    counted = []
    for part, cells in parts.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = cells
        counted.append((part, count(nb, shown_only=True, outputs=outputs, answer=answer)))
    return counted


def print_deck(path: Path) -> float:
    print(f"{path.name}: cells on the slides, with their notebooks' outputs")
    print(f"{'part':6} {'words':>6} {'code':>5} {'pics':>5} {'widgets':>8} {'walk-through':>13} "
          f"{'★':>3} {'exercises':>10} {'class min':>10}")
    walk = total = 0.0
    for part, c in deck_parts(path):
        walk += c.minutes
        total += c.class_minutes
        print(f"{part:6} {c.words:6} {c.code:5} {c.pictures:5} {c.widgets:8} {c.minutes:13.1f} "
              f"{c.predictions:3} {c.exercises:10} {c.class_minutes:10.1f}")
    print(f"{'all':6} {'':6} {'':5} {'':5} {'':8} {walk:13.1f} {'':3} {'':10} {total:10.1f}")
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03) or names; default: every notebook")
    parser.add_argument("--folder", type=Path, default=NOTEBOOK_DIR)
    parser.add_argument("--deck", type=Path, nargs="+", help="lesson decks to count instead (tools/lesson_deck.py)")
    args = parser.parse_args(argv)
    if args.deck:
        missing = [str(p) for p in args.deck if not p.is_file()]
        if missing:
            print(f"no lesson deck at {', '.join(missing)}", file=sys.stderr)
            return 1
        for path in args.deck:
            print_deck(path)
        return 0
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
