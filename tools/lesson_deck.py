"""Build the lesson decks: one notebook per lesson of docs/teaching.md, made of the chosen sections
of the course's notebooks, to present with one kernel and one Run All.

    python tools/lesson_deck.py            # (re)write every deck, both editions
    python tools/lesson_deck.py --check    # change nothing; exit 1 (and say which) if a deck or the
                                           # guides' route tables are out of step with ROUTES
    python tools/lesson_deck.py --run      # run each deck top to bottom (one kernel) and compare what
                                           # its cells print with what the notebooks' own cells print

ROUTES below is the one place a lesson's route is written: which sections of which notebooks, in
order. Each deck is generated from the notebooks' own cells (sources and slide metadata, as
tools/slides.py set them: ★ answers stay fragments), never copied by hand:

  - the deck's title cell (DECK_TITLES), then for each notebook of the route
  - that notebook's setup cells (imports, loading the network and the digits, and in zh-CN the
    switch to Chinese), hidden on the slides, first: they give each part the names its notebook's
    cells expect, whatever the parts before it did;
  - the heading of the notebook's title cell ("# 01 · Pixels as neurons"): the part's divider slide;
  - the chosen sections, each from its heading to the next '#'/'##' heading; an exercise chosen
    as "Exercises: 2" is that exercise's text and code cell only.

The zh-CN deck takes the same cells from the zh-CN notebooks (matched through the cells'
translation ids), so the two editions show the same slides. Decks are stored without outputs
(nothing to re-run or drift; the teacher's Run All makes them), in notebooks/lessons/ and
notebooks/zh-CN/lessons/; each cell records where it came from (metadata "lesson_deck"), which
tools/lesson_minutes.py --deck reads to count the deck's class time.

The guides' route tables (docs/teaching.md and docs/teaching.zh-CN.md, the rows between
ROUTE_BEGIN and ROUTE_END) name the sections each deck shows (*in italics*, 《in Chinese quotes》): --check fails when they
name other sections than ROUTES chooses, so the guide and the decks cannot disagree.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_notebooks  # noqa: E402  (sibling tools: how a notebook is run, the slide rules, the zh-CN twins)
import slides  # noqa: E402
from translations import LANGUAGE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EDITIONS = {"en": NOTEBOOKS, LANGUAGE: NOTEBOOKS / LANGUAGE}
GUIDES = {"en": ROOT / "docs" / "teaching.md", LANGUAGE: ROOT / "docs" / "teaching.zh-CN.md"}
DECK_FOLDER = "lessons"
KEY = "lesson_deck"

# The lessons: deck name → [(notebook number, [section headings, by how they start; "Exercises: N"])].
# A section named here is shown whole (see the guide for what the teacher says about the others).
ROUTES = {
    "lesson-1-what-is-a-neural-network": [
        ("01", ["A digit is a grid", "Unrolled into one column", "Try it"]),
        ("02", ["Four layers of neurons", "The network lights up", "The hope"]),
        ("03", ["How does a neuron decide", "Paint a region", "The same weights, several digits"]),
        ("04", ["A weighted sum can be any number"]),
        ("05", ["A neuron that says"]),
        ("06", ["How many knobs?"]),
        ("07", ["How good is it?", "Pure noise", "Did the hidden layers", "Exercises: 2"]),
        ("08", ["Your turn: draw"]),
    ],
    "lesson-2-how-does-it-learn": [
        ("09", ["0. Refresher", "1. How wrong", "2. The cost is a function", "3. One knob", "4. Two knobs", "5. Back to",
                "Exercises: 4"]),
        ("10", ["1. Why not just nudge", "2. The smallest network"]),
        ("11", ["1. The digits", "2. The series' recipe", "3. How good is it", "4. What does a neuron want?"]),
    ],
}
DECK_TITLES = {
    "lesson-1-what-is-a-neural-network": {
        "en": "# Lesson 1 · What is a neural network?\n\nFrom pixels to a working network and its limits: "
              "the first video and the article, in 90 minutes. Sections of notebooks {parts}, in one deck.",
        LANGUAGE: "# 第 1 课 · 神经网络是什么？\n\n从像素讲到一个能用的网络，以及它的局限：第一个视频和那篇文章的内容，"
                  "一节 90 分钟的课。内容取自笔记本 {parts} 的若干小节，放在同一套幻灯片里。"},
    "lesson-2-how-does-it-learn": {
        "en": "# Lesson 2 · How does it learn?\n\nThe cost, gradient descent, backpropagation's first step and a "
              "training from scratch, in 90 minutes. Sections of notebooks {parts}, in one deck.",
        LANGUAGE: "# 第 2 课 · 网络是怎样学习的？\n\n代价函数、梯度下降、反向传播的第一步，再从零训练一个网络，"
                  "一节 90 分钟的课。内容取自笔记本 {parts} 的若干小节，放在同一套幻灯片里。"},
}
ROUTE_BEGIN, ROUTE_END = "<!-- lesson-deck route: {name} -->", "<!-- /lesson-deck route -->"
# What the deck's cells print is compared with the notebooks' stored outputs (--run), except where
# it cannot be the same: a time measured (code that times itself, or a cell nbval is told not to
# compare, as 10's backprop/forward ratio), and 11's training, which uses full MNIST when the
# notebooks are stored with MLP_CORE_DATA set and the 2,000 bundled digits otherwise.
TIMED = re.compile(r"perf_counter|timeit")
DATA_NOTEBOOKS = ("11",)
EXERCISE_SPEC = re.compile(r"^Exercises: (\d+)$")
GUIDE_ROW = re.compile(r"^\|\s*(\d\d)\b[^|]*\|([^|]*)\|")
# a section as the guides name it: *Unrolled into one column* in English, 《展开成一列》 in Chinese
SECTION_NAME = re.compile(r"(?<![*\w])\*([^*]+)\*(?!\*)|《([^》]+)》")


def english_id(cell) -> str:
    return (cell.metadata.get("translation") or {}).get("source_id") or cell.id


def notebook_path(edition: str, number: str) -> Path:
    matches = sorted(EDITIONS[edition].glob(f"{number}-*.ipynb"))
    if len(matches) != 1:
        raise LookupError(f"no single notebook {number}-*.ipynb in {EDITIONS[edition]}")
    return matches[0]


def deck_path(edition: str, name: str) -> Path:
    return EDITIONS[edition] / DECK_FOLDER / f"{name}.ipynb"


def _is_section_start(cell) -> bool:
    return cell.cell_type == "markdown" and bool(slides.HEADING_1_2.match(cell.source.lstrip()))


def section_cells(cells, spec: str) -> list[int]:
    """Indices of the cells of section `spec` (a heading's start, or "Exercises: N") of an English notebook."""
    exercise = EXERCISE_SPEC.match(spec)
    heading = "Exercises" if exercise else spec
    starts = [i for i, c in enumerate(cells) if _is_section_start(c) and slides._heading_text(c.source).startswith(heading)]
    if len(starts) != 1:
        raise LookupError(f"{len(starts)} sections start with {heading!r}; the route needs exactly one")
    start = starts[0]
    end = next((i for i in range(start + 1, len(cells)) if _is_section_start(cells[i])
                or cells[i].source.startswith(slides.NAV_MARK)), len(cells))
    if not exercise:
        return list(range(start, end))
    mark = f"**{exercise.group(1)}."
    text = [i for i in range(start, end) if cells[i].cell_type == "markdown" and cells[i].source.lstrip().startswith(mark)]
    if not text:
        raise LookupError(f"section {heading!r} has no exercise starting {mark!r}")
    stop = next((i for i in range(text[0] + 1, end) if cells[i].cell_type == "markdown"), end)
    return list(range(text[0], stop))


def setup_cells(cells) -> list[int]:
    """The notebook's hidden setup: code cells on no slide (skip) that import or switch the language."""
    return [i for i, c in enumerate(cells) if c.cell_type == "code"
            and slides.current_type(c) == "skip" and slides.has_imports(c.source)]


def title_cell(cells) -> int:
    return next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.lstrip().startswith("# "))


def chosen_ids(number: str, sections: list[str]) -> list[str]:
    """The English ids of the cells the route takes from notebook `number`, in the notebook's order:
    its title cell and the chosen sections (setup cells are added per edition: build())."""
    path = notebook_path("en", number)
    cells = nbformat.read(path, as_version=4).cells
    picked = {title_cell(cells)}
    for spec in sections:
        try:
            picked.update(section_cells(cells, spec))
        except LookupError as err:
            raise LookupError(f"ROUTES, notebook {path.name}: {err}") from None
    return [cells[i].id for i in sorted(picked)]


def _deck_cell(cell, source_name: str, number: str):
    new = copy.deepcopy(cell)
    new.metadata.pop("translation", None)
    new.metadata[KEY] = {"notebook": source_name, "cell": cell.id}
    new.id = f"n{number}-{cell.id}"[:64]
    if new.cell_type == "code":
        new.outputs, new.execution_count = [], None
    return new


def _divider(cell, source_name: str, number: str):
    """The part's divider slide: the heading line of the notebook's title cell ("# 01 · Pixels as
    neurons"). The rest of that cell (what you'll learn, what you need) is written for a learner
    working through the whole notebook, and promises sections the lesson skips."""
    new = _deck_cell(cell, source_name, number)
    new.source = cell.source.lstrip().split("\n", 1)[0]
    new.metadata[KEY]["heading_only"] = True
    return new


def build(name: str, edition: str):
    """The deck `name` of ROUTES in `edition` ("en" or "zh-CN"), as a notebook (not written)."""
    route = ROUTES[name]
    parts = ("、" if edition == LANGUAGE else ", ").join(number for number, _ in route)
    deck = nbformat.v4.new_notebook()
    title = nbformat.v4.new_markdown_cell(DECK_TITLES[name][edition].format(parts=parts))
    title.id, title.metadata["slideshow"] = "deck-title", {"slide_type": "slide"}
    deck.cells = [title]
    for number, sections in route:
        path = notebook_path(edition, number)
        nb = nbformat.read(path, as_version=4)
        wanted = set(chosen_ids(number, sections))
        setup = setup_cells(nb.cells)      # first, so that they run before any of the part's code
        taken = setup + [i for i, cell in enumerate(nb.cells) if i not in setup and english_id(cell) in wanted]
        divider = title_cell(nb.cells)
        deck.cells += [_divider(nb.cells[i], path.name, number) if i == divider else _deck_cell(nb.cells[i], path.name, number)
                       for i in taken]
        found = {english_id(nb.cells[i]) for i in taken}
        if wanted - found:
            raise LookupError(f"{path}: no cell translates the English cell(s) {sorted(wanted - found)}")
        if not deck.metadata:
            deck.metadata = copy.deepcopy(nb.metadata)
    deck.metadata.pop("widgets", None)
    deck.metadata[slides.FONTS_KEY] = slides.PRESENTER_STYLE
    deck.metadata[KEY] = {"route": [[number, list(sections)] for number, sections in route],
                          "generated_by": "tools/lesson_deck.py"}
    nbformat.validate(deck)
    return deck


def _comparable(nb) -> dict:
    d = nbformat.from_dict(copy.deepcopy(dict(nb)))
    for cell in d.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return d


def stale_decks() -> list[str]:
    """One line per deck whose file is missing or differs from what build() makes now."""
    found = []
    for name in ROUTES:
        for edition in EDITIONS:
            path = deck_path(edition, name)
            if not path.is_file():
                found.append(f"{path.relative_to(ROOT)}: missing")
            elif _comparable(nbformat.read(path, as_version=4)) != _comparable(build(name, edition)):
                found.append(f"{path.relative_to(ROOT)}: out of step with the notebooks or ROUTES")
    return found


def guide_route(guide: Path, name: str) -> dict[str, list[str]]:
    """The guide's route table for deck `name`: notebook number → the italic names of its 'show' column."""
    text = guide.read_text(encoding="utf-8")
    begin = ROUTE_BEGIN.format(name=name)
    if begin not in text:
        raise LookupError(f"{guide.name}: no route table marked {begin!r}")
    table = text.split(begin, 1)[1].split(ROUTE_END, 1)[0]
    rows = {}
    for line in table.splitlines():
        match = GUIDE_ROW.match(line.strip())
        if match:
            rows[match.group(1)] = [(a or b).strip() for a, b in SECTION_NAME.findall(match.group(2))]
    return rows


def section_titles(name: str, edition: str) -> dict[str, list[str]]:
    """For each notebook of the route, the headings (in `edition`) of the sections the deck shows."""
    titles = {}
    for number, sections in ROUTES[name]:
        english = nbformat.read(notebook_path("en", number), as_version=4).cells
        heading_ids = [english[section_cells(english, s)[0]].id if not EXERCISE_SPEC.match(s) else s
                       for s in sections]
        cells = nbformat.read(notebook_path(edition, number), as_version=4).cells
        by_id = {english_id(c): c for c in cells}
        titles[number] = [slides._heading_text(by_id[h].source) if h in by_id else h for h in heading_ids]
    return titles


def guide_problems() -> list[str]:
    """Where a guide's route table names other sections than ROUTES (prefixes of the headings,
    in ROUTES' order; an exercise as the guide words it is not checked)."""
    found = []
    for edition, guide in GUIDES.items():
        for name in ROUTES:
            try:
                rows = guide_route(guide, name)
            except LookupError as err:
                found.append(str(err))
                continue
            titles = section_titles(name, edition)
            if sorted(rows) != sorted(titles):
                found.append(f"{guide.name}, {name}: rows for notebooks {sorted(rows)}, the route has {sorted(titles)}")
                continue
            for number, headings in titles.items():
                specs = dict(ROUTES[name])[number]
                wanted = [h for h, s in zip(headings, specs) if not EXERCISE_SPEC.match(s)]
                named = rows[number]
                if len(named) != len(wanted) or not all(h.startswith(n.rstrip(" .…")) for n, h in zip(named, wanted)):
                    found.append(f"{guide.name}, {name}, row {number}: names {named}, the deck shows {wanted}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a deck or route table is stale")
    parser.add_argument("--run", nargs="*", metavar="DECK",
                        help="run each deck (or those named) in one kernel and compare what it prints")
    args = parser.parse_args(argv)
    if args.check:
        found = stale_decks() + guide_problems()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print("run: python tools/lesson_deck.py (and make the guides' route tables name the decks' sections)",
                  file=sys.stderr)
            return 1
        print(f"{len(ROUTES) * len(EDITIONS)} lesson decks and their route tables in step with the notebooks")
        return 0
    if args.run is not None:
        return run_all(args.run)
    for name in ROUTES:
        for edition in EDITIONS:
            deck, path = build(name, edition), deck_path(edition, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and _comparable(nbformat.read(path, as_version=4)) == _comparable(deck):
                continue
            nbformat.write(deck, path)
            print(f"wrote {path.relative_to(ROOT)} ({len(deck.cells)} cells)")
    return 0


def printed(cell) -> str:
    """What a code cell printed: its stdout and its text results (pictures and widgets left out)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "execute_result":
            data = out.get("data", {})
            if "image/png" not in data and slides.WIDGET_MIME not in data and "text/html" not in data:
                parts.append(data.get("text/plain", ""))
    return "".join(parts)


def run_deck(path: Path, timeout: int = 300):
    """Execute the deck at `path` in one fresh kernel, as tools/run_notebooks.py runs a notebook
    (nothing written); return (the executed notebook, seconds). Raises RuntimeError on a failing
    cell or stderr."""
    nb = nbformat.read(path, as_version=4)
    return nb, run_notebooks.execute(nb, path, timeout, store_widget_state=False)


def output_differences(deck, folder: Path, with_data: bool | None = None) -> list[str]:
    """Cells of an executed deck that printed something else than the same cell of its notebook
    (stored outputs, tools/run_notebooks.py): a name reused from an earlier part, or a cell that
    needed one from a section the route skips. Not compared: cells that print a time measured
    (they time themselves, or are tagged nbval-ignore-output as nbval skips them),
    and the cells of DATA_NOTEBOOKS unless full MNIST is here as when the notebooks were stored
    (`with_data`; default: whether MLP_CORE_DATA is set)."""
    if with_data is None:
        with_data = bool(os.environ.get("MLP_CORE_DATA"))
    found, sources = [], {}
    for i, cell in enumerate(deck.cells):
        origin = cell.metadata.get(KEY)
        if cell.cell_type != "code" or not origin or TIMED.search(cell.source) \
                or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        if not with_data and origin["notebook"][:2] in DATA_NOTEBOOKS:
            continue
        if origin["notebook"] not in sources:
            nb = nbformat.read(folder / origin["notebook"], as_version=4)
            sources[origin["notebook"]] = {c.id: c for c in nb.cells}
        original = sources[origin["notebook"]][origin["cell"]]
        if printed(cell) != printed(original):
            found.append(f"deck cell {i} (from {origin['notebook']}, cell {origin['cell']}): printed "
                         f"{printed(cell)[:200]!r}, the notebook printed {printed(original)[:200]!r}")
    return found


def run_all(names=()) -> int:
    unknown = [n for n in names if n not in ROUTES]
    if unknown:
        raise SystemExit(f"no deck named {', '.join(unknown)}; the decks are: {', '.join(ROUTES)}")
    failed = 0
    for name in names or ROUTES:
        for edition, folder in EDITIONS.items():
            path = deck_path(edition, name)
            try:
                deck, seconds = run_deck(path)
            except RuntimeError as err:
                print(f"FAILED  {err}", file=sys.stderr)
                failed += 1
                continue
            differences = output_differences(deck, folder)
            for line in differences:
                print(f"{path.name} ({edition}): {line}", file=sys.stderr)
            failed += bool(differences)
            print(f"ran  {path.relative_to(ROOT)}  {seconds:5.1f} s  {'OK' if not differences else 'DIFFERS'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
