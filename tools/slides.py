"""Give every notebook slide metadata, so that a teacher can present it as slides in JupyterLab.

    python tools/slides.py                 # split cells at headings, set the slide types and presenter style
                                           # in notebooks/ and notebooks/zh-CN/
    python tools/slides.py 03 04-sigmoid   # ... only in these
    python tools/slides.py --check         # change nothing; exit 1 (and say where) if any are missing or stale
    python tools/slides.py --show 03       # print every cell's slide type and the rule that chose it

A teacher presents from the notebooks themselves: there is no second copy of the material.
The slideshow is jupyterlab-slideshow's deck mode, which shows the live notebook, widgets
and all, inside JupyterLab (docs/teaching.md says how to start it and why not RISE). It reads
the standard `metadata.slideshow.slide_type` of each cell, which this tool sets from the
cell's content. A heading starts a slide, so every heading starts its own cell: a markdown cell
with a heading after its first line is split there first, its zh-CN twin at the same headings
(the pieces stay stamped as translated, see split_at_headings), and `--check` fails on one.
Then the first rule that matches decides (`--show` prints which):

  markdown  <!--NAVIGATION--> links                    skip      (the deck has its own arrows)
            a <details> block (folded solutions)         notes     (for the teacher, not the projector)
            a '# ' or '## ' heading on any line          slide     (a section starts here)
            a '### ' heading                             subslide
            an exercise, starting '**1.**', '**2. …**' … subslide  (one exercise per slide, its cell below it)
            a bold run-in title: '**Masks.** …',
              '**掩码。** …', '**动手试试**：…'            subslide  (a step of a longer section)
            a derivation: 3 or more $$ … $$ formulas     notes     (too long to read from the back)
            the text just before a widget                subslide  (the question, with its widget)
  code      shows a widget                               (none)    (on the slide of the text before it)
            a picture just before a widget               skip      (it shows what the widget starts with,
                                                                    for GitHub; the live widget shows it too)
            the first code cell doing more than set-up, if
            it imports; a cell of nothing but imports
            (and set_language)                           skip      (setup: run it, don't show it)
            more than 15 lines                           subslide  (a slide of its own, to be readable)
  anything else                                          (none)    (continues the current slide)

"(none)" means no slide type at all: the deck shows such a cell on the current slide and
steps onto it with the arrow keys (a "-" would hide it there). A cell tagged `slides-manual`
keeps whatever slide type a person gave it. "Shows a widget" is read from the stored outputs,
which every notebook in this project keeps (tools/run_notebooks.py). Apart from the split at
headings, nothing but metadata is touched, and a second run changes nothing.

The notebook-level PRESENTER_STYLE (read by jupyterlab-fonts, which jupyterlab-slideshow
brings) zooms the cells while presenting only, so text and figures are readable from the back
of a room on a 1280 × 720 projector, and scales a figure taller than the window down to fit it;
the notebook looks as before when not presenting.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import KEY as TRANSLATION  # noqa: E402  (a sibling tool: the zh-CN twins)
from translations import LANGUAGE, source_hash

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOK_DIRS = [NOTEBOOK_DIR, NOTEBOOK_DIR / "zh-CN"]   # the English notebooks and their Chinese twins
NAV_MARK = "<!--NAVIGATION-->"
MANUAL_TAG = "slides-manual"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
LONG_CODE_LINES = 15
DERIVATION_FORMULAS = 3

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes")
GUIDE = ROOT / "docs" / "teaching.md"
# The guide's predict-before-you-run questions, one per line, under the notebook's "## 04 · …" heading:
#   - ★ In *Section*, before the cell that starts `code`: "question" — **answer**
#   - ★ In *Section*, before `code`: …      - ★ In *Section*, before the cell after "text": …
#   - ★ In *Section*: …                     (the section's first code cell)
GUIDE_NOTEBOOK = re.compile(r"^## (\d\d) · ", re.M)
PREDICTION = re.compile(r"^- ★ In \*(?P<section>[^*]+)\*(?:, before (?:the cell that starts )?`(?P<start>[^`]+)`"
                        r"|, before the cell after \"(?P<after>[^\"]+)\")?")
# While presenting (and only then), read by jupyterlab-fonts as JSS, `&` being this notebook's panel:
# - each cell is zoomed 1.4×: JupyterLab's 14 px text is about 20 px on a 1280 × 720 screen. The
#   cells, not the panel: the deck sizes the panel and its scrolling notebook to 100vh, and a zoomed
#   panel kept that height in unzoomed pixels, so its bottom 28 % lay below the window, unscrollable;
# - a picture is at most the window's height less FIGURE_ROOM screen pixels (the code above it),
#   a widget's picture less WIDGET_ROOM (its controls too): a tall figure is scaled to fit, not cut.
#   A length inside a zoomed cell is drawn ZOOM× larger, 100vh included, hence the division;
# - and less again when the cell has more to show than those rooms allow: each line of code over
#   three takes CODE_LINE, each row of a widget's controls takes CONTROL_ROW, and the rest of a widget
#   (readout of two lines, margins) WIDGET_BASE, each line break in its readout READOUT_LINE. The cell's
#   line count, the widget's row count and its readout's breaks are read by :has() rules into
#   --mlp-lines, --mlp-rows and --mlp-breaks. Never larger than the rooms above give;
# - the collapser bar beside a cell does nothing: a click on it folded the cell into "●●●".
FONTS_KEY = "@deathbeds/jupyterlab-fonts"
PRESENTING = "body[data-jp-deck-mode='presenting'] &"
ZOOM = 1.4
FIGURE_ROOM, WIDGET_ROOM = 160, 340   # the room counts the code cell's "# code:" pointer line too
CODE_LINE, CONTROL_ROW, WIDGET_BASE = 26, 45, 137   # screen px at ZOOM: a line of code, a row of controls
READOUT_LINE = 39                     # a line more in a widget's readout (each <br> in it)
MAX_LINES, MAX_ROWS, MAX_BREAKS = 30, 12, 4   # counted up to these
PICTURE = ":is(.jp-RenderedImage, .jp-RenderedHTML > img:only-child)"


def _fit_height(room: int) -> str:
    return f"calc(100vh / {ZOOM} - {round(room / ZOOM)}px)"


def _counted_fit_height(room: int, counted: str) -> str:
    """The smaller of _fit_height(room) and the window less `counted` (a CSS length in screen px)."""
    return f"min({_fit_height(room)}, calc(100vh / {ZOOM} - ({counted}) / {ZOOM}))"


_LINES, _ROWS, _BREAKS = "var(--mlp-lines, 0)", "var(--mlp-rows, 0)", "var(--mlp-breaks, 0)"
# how many lines the cell's code has, and how many rows the controls of a widget (render.panel: its first child)
_COUNTS = {
    **{f"{PRESENTING} .jp-Cell:has(.jp-Cell-inputWrapper .cm-content > .cm-line:nth-child({n}))": {"--mlp-lines": str(n)}
       for n in range(1, MAX_LINES + 1)},
    **{f"{PRESENTING} .mlp-widget:has(> :first-child > :nth-child({n}))": {"--mlp-rows": str(n)}
       for n in range(1, MAX_ROWS + 1)},
    **{f"{PRESENTING} .mlp-widget:has(> .mlp-readout br:nth-of-type({n}))": {"--mlp-breaks": str(n)}
       for n in range(1, MAX_BREAKS + 1)},
}


PRESENTER_STYLE = {"styles": {"": {
    f"{PRESENTING} .jp-Cell": {"zoom": str(ZOOM)},
    # 08's drawing pad (a canvas, its controls and four pictures) is taller than a 720 px window
    # even unzoomed: it is drawn at 0.97, so all of it can be brought into view
    f"{PRESENTING} .jp-Cell:has(.mlp-drawing-pad)": {"zoom": "0.97"},
    f"{PRESENTING} .jp-OutputArea-output img": {"max-height": _fit_height(FIGURE_ROOM), "width": "auto",
                                               "object-fit": "contain"},
    f"{PRESENTING} .jp-OutputArea-output .mlp-widget img": {"max-height": _fit_height(WIDGET_ROOM)},
    **_COUNTS,
    f"{PRESENTING} .jp-Cell:not(:has(.mlp-drawing-pad)) .jp-OutputArea-output img": {"max-height": _counted_fit_height(
        FIGURE_ROOM, f"{FIGURE_ROOM}px + max(0px, {_LINES} * {CODE_LINE}px - {3 * CODE_LINE}px)")},
    f"{PRESENTING} .jp-Cell:not(:has(.mlp-drawing-pad)) .jp-OutputArea-output .mlp-widget img": {
        "max-height": _counted_fit_height(WIDGET_ROOM, f"{WIDGET_BASE}px + {_LINES} * {CODE_LINE}px + {_ROWS} * {CONTROL_ROW}px"
                                          f" + {_BREAKS} * {READOUT_LINE}px")},
    f"{PRESENTING} .jp-Collapser": {"pointer-events": "none"},
    # pictures displayed one after another by one cell stand side by side while they fit the width
    # (a figure is an HTML output holding <img alt> beside its PNG: mlp_core.render)
    f"{PRESENTING} .jp-OutputArea:has(> .jp-OutputArea-child + .jp-OutputArea-child {PICTURE})"
    f" > .jp-OutputArea-child:has({PICTURE})": {"display": "inline-flex", "vertical-align": "top", "width": "auto",
                                               "max-width": "100%"},
    # a table's rows closer together (its text keeps its size)
    f"{PRESENTING} .jp-RenderedMarkdown td, {PRESENTING} .jp-RenderedMarkdown th": {"padding": "0.1em 0.5em"},
}}}

HEADING_1_2 = re.compile(r"^\s{0,3}#{1,2}\s+\S", re.M)
HEADING_3 = re.compile(r"^\s{0,3}###\s+\S", re.M)
EXERCISE = re.compile(r"^\s*\*\*\d+\.(\*\*|\s)")
# "**Masks.**", "**Probabilities?**", "**Try it:**"; in Chinese "**掩码。**", "**动手试试**：" (full-width stops)
RUN_IN_TITLE = re.compile(r"^\s*\*\*[^*\n]{1,40}(?:[.?:!。？：！]\*\*|\*\*[。？：！])")
# A heading line (any level) and a code fence: a heading inside a fence is code, not a heading.
HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+\S")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)


def has_widget(cell) -> bool:
    return cell.cell_type == "code" and any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))


def has_picture(cell) -> bool:
    return cell.cell_type == "code" and any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def _is_setup(node) -> bool:
    """An import, or the zh-CN notebooks' switch of language: `set_language("zh-CN")`."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    call = node.value if isinstance(node, ast.Expr) else None
    name = getattr(getattr(call, "func", None), "attr", None) or getattr(getattr(call, "func", None), "id", None)
    return isinstance(call, ast.Call) and name == "set_language"


def has_imports(source: str, only: bool = False) -> bool:
    """Whether the cell imports anything (only=True: whether it does nothing but set up)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython magics and the like: not plain setup
        return False
    if only:
        return bool(body) and all(_is_setup(node) for node in body)
    return any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body)


def introduces_widget(cells, i: int) -> bool:
    """Markdown cell i is followed, before any other markdown, by a code cell that shows a widget."""
    for cell in cells[i + 1:]:
        if cell.cell_type == "markdown":
            return False
        if has_widget(cell):
            return True
    return False


def inner_headings(source: str) -> list[int]:
    """Line numbers of the headings that come after some text of the cell (not inside a code fence).
    A heading starts a slide, so it must start its cell: these are where the cell is to be split."""
    found, fenced, text_before = [], False, False
    for k, line in enumerate(source.split("\n")):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and HEADING_LINE.match(line) and text_before:
            found.append(k)
        text_before = text_before or bool(line.strip())
    return found


def split_source(source: str) -> list[str]:
    """The cell's text cut before each inner heading (one piece if there is none)."""
    lines = source.split("\n")
    cuts = [0, *inner_headings(source), len(lines)]
    return ["\n".join(lines[a:b]).rstrip() for a, b in zip(cuts, cuts[1:])]


def _piece_cell(cell, text: str, k: int):
    """Piece k (k ≥ 1) of a split markdown cell: its text, the cell's metadata but no slide type."""
    piece = nbformat.v4.new_markdown_cell(text)
    piece.metadata = nbformat.from_dict(copy.deepcopy(dict(cell.metadata)))
    piece.metadata.pop("slideshow", None)
    piece.id = f"{cell.id}-{k}"
    return piece


def split_at_headings(english, chinese=None) -> list[str]:
    """Split every markdown cell of `english` with a heading after its first line, so that each
    heading starts a cell (and with it a slide), and its zh-CN twin `chinese` at the same headings.

    Piece k ≥ 1 of English cell X gets the id "X-k"; the Chinese piece k translates it, and is
    stamped as translated (tools/translations.py) when the whole Chinese cell was in step with the
    English one; otherwise it keeps the old, now stale hash for a translator to see. A Chinese cell
    with a different number of headings than its English cell is not split: it is reported.
    Changes both notebooks in place; returns what it did, one line per split cell."""
    done, pieces_of = [], {}
    cells = []
    for cell in english.cells:
        pieces = split_source(cell.source) if cell.cell_type == "markdown" else [cell.source]
        if len(pieces) > 1:
            pieces_of[cell.id] = (source_hash(cell.source), pieces)
            done.append(f"split English cell {cell.id} into {len(pieces)} at its headings")
            cell.source = pieces[0]
            cells += [cell] + [_piece_cell(cell, text, k) for k, text in enumerate(pieces[1:], 1)]
        else:
            cells.append(cell)
    english.cells = cells
    if chinese is None:
        return done
    cells = []
    for cell in chinese.cells:
        meta = cell.metadata.get(TRANSLATION) or {}
        pieces = split_source(cell.source) if cell.cell_type == "markdown" else [cell.source]
        if meta.get("source_id") in pieces_of:
            whole, english_pieces = pieces_of[meta["source_id"]]
            if len(pieces) != len(english_pieces):
                done.append(f"NOT split {LANGUAGE} cell {cell.id}: {len(pieces) - 1} inner headings where its English "
                            f"cell {meta['source_id']} had {len(english_pieces) - 1}; split it by hand")
                cells.append(cell)
                continue
            in_step = meta.get("source_hash") == whole
            cell.source = pieces[0]
            new = [cell] + [_piece_cell(cell, text, k) for k, text in enumerate(pieces[1:], 1)]
            for k, (piece, english_text) in enumerate(zip(new, english_pieces)):
                sid = meta["source_id"] if k == 0 else f"{meta['source_id']}-{k}"
                piece.metadata[TRANSLATION] = {"source_id": sid,
                                               "source_hash": source_hash(english_text) if in_step else meta.get("source_hash")}
            done.append(f"split {LANGUAGE} cell {cell.id} into {len(new)} with its English cell")
            cells += new
        else:
            cells.append(cell)
    chinese.cells = cells
    return done


def guide_predictions(guide: Path = GUIDE) -> dict[str, list[dict]]:
    """The ★ questions of the teaching guide, by notebook number: [{section, start, after, line}]."""
    found, number = {}, None
    for k, line in enumerate(guide.read_text(encoding="utf-8").splitlines(), 1):
        heading = GUIDE_NOTEBOOK.match(line)
        if heading:
            number = heading.group(1)
        match = PREDICTION.match(line)
        if match and number:
            found.setdefault(number, []).append({**match.groupdict(), "line": k})
    return found


def _heading_text(source: str) -> str:
    first = source.lstrip().split("\n")[0]
    return first.lstrip("#").strip() if HEADING_LINE.match(first) else ""


def answer_cell(cells, question: dict) -> int:
    """Index of the code cell that answers a ★ question: in the section whose heading starts with
    question["section"], the first code cell whose code holds question["start"] (up to a '...';
    it names the cell by its first line or by the line the question comes before), or the first
    after the markdown holding question["after"], or the section's first. Raises LookupError naming what is missing."""
    section = question["section"]
    starts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and _heading_text(c.source).startswith(section)]
    if not starts:
        raise LookupError(f"no heading starts with {section!r}")
    start = starts[0]
    end = next((i for i in range(start + 1, len(cells)) if cells[i].cell_type == "markdown"
                and HEADING_1_2.match(cells[i].source.lstrip())), len(cells))
    code = [i for i in range(start + 1, end) if cells[i].cell_type == "code"]
    if question.get("start"):
        prefix = question["start"].split("...")[0].strip()
        code = [i for i in code if prefix in cells[i].source]     # where the cell starts, or a line in it
        what = f"code cell with {prefix!r}"
    elif question.get("after"):
        text = [i for i in range(start, end) if question["after"] in cells[i].source]
        code = [i for i in code if text and i > text[0]]
        what = f"code cell after the text {question['after']!r}"
    else:
        what = "code cell"
    if not code:
        raise LookupError(f"section {section!r} has no {what}")
    return code[0]


def answer_ids(path: Path, guide: Path | None = None) -> tuple[set[str], list[str]]:
    """(the English cell ids answering the guide's ★ questions for notebook `path`, of either
    edition; the questions that name no cell, as messages). The guide is docs/teaching.md for
    the repository's notebooks (none for notebooks elsewhere), unless one is given."""
    english_path = path.parent.parent / path.name if path.parent.name == LANGUAGE else path
    if guide is None and english_path.parent.resolve() == NOTEBOOK_DIR.resolve():
        guide = GUIDE
    if guide is None or not guide.is_file() or not english_path.is_file():
        return set(), []
    cells = nbformat.read(english_path, as_version=4).cells
    ids, missing = set(), []
    for question in guide_predictions(guide).get(english_path.name[:2], []):
        try:
            ids.add(cells[answer_cell(cells, question)].id)
        except LookupError as err:
            missing.append(f"{guide.name} line {question['line']}: the ★ question's answer cell: {err}")
    return ids, missing


def _english_id(cell) -> str | None:
    """The cell's id, or for a zh-CN cell the id of the English cell it translates."""
    return (cell.metadata.get("translation") or {}).get("source_id") or cell.get("id")


def slide_type(cells, i: int, first_setup: int | None, answers=frozenset()) -> tuple[str | None, str]:
    """(slide type or None for "continues the slide", the rule that chose it) for cell i."""
    kind, why = _content_type(cells, i, first_setup)
    if cells[i].cell_type == "code" and _english_id(cells[i]) in answers and kind is None:
        return "fragment", "the answer to a ★ question (docs/teaching.md): on the next Space"
    return kind, why


def _content_type(cells, i: int, first_setup: int | None) -> tuple[str | None, str]:
    cell = cells[i]
    source = cell.source
    if cell.cell_type == "markdown":
        if source.startswith(NAV_MARK):
            return "skip", "navigation links"
        if "<details" in source:
            return "notes", "folded solutions"
        if HEADING_1_2.search(source):
            return "slide", "a '#'/'##' heading"
        if HEADING_3.search(source):
            return "subslide", "a '###' heading"
        if EXERCISE.match(source):
            return "subslide", "an exercise"
        if RUN_IN_TITLE.match(source):
            return "subslide", "a bold run-in title"
        if len(DISPLAY_MATH.findall(source)) >= DERIVATION_FORMULAS:
            return "notes", f"a derivation ({DERIVATION_FORMULAS}+ display formulas)"
        if introduces_widget(cells, i):
            return "subslide", "the text before a widget"
        return None, "text"
    if cell.cell_type == "code":
        if has_widget(cell):
            return None, "a widget"
        if has_picture(cell) and i + 1 < len(cells) and has_widget(cells[i + 1]):
            return "skip", "the static picture of the widget below"
        if i == first_setup or has_imports(source, only=True):
            return "skip", "setup (imports)"
        if len([line for line in source.splitlines() if line.strip()]) > LONG_CODE_LINES:
            return "subslide", f"long code (over {LONG_CODE_LINES} lines)"
        return None, "code"
    return "skip", f"a {cell.cell_type} cell"


def plan(nb, answers=frozenset()) -> list[tuple[str | None, str]]:
    """The slide type and reason for every cell of notebook nb (manual cells: what they have);
    `answers`: the (English) ids of the cells answering ★ questions (answer_ids)."""
    cells = nb.cells
    # the setup cell: the first code cell that does more than set up, if it imports (a later
    # cell that imports, say an exercise's checkers, is not setup)
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"
                       and not has_imports(c.source, only=True)), None)
    first_setup = first_code if first_code is not None and has_imports(cells[first_code].source) else None
    result = []
    for i, cell in enumerate(cells):
        if MANUAL_TAG in cell.metadata.get("tags", []):
            result.append((current_type(cell), f"tagged {MANUAL_TAG}"))
        else:
            result.append(slide_type(cells, i, first_setup, answers))
    return result


def current_type(cell) -> str | None:
    return cell.metadata.get("slideshow", {}).get("slide_type")


def problems(nb, answers=frozenset()) -> list[str]:
    """What is missing or stale in nb, as 'cell N: ...' lines; [] when all is as the rules say."""
    found = []
    for i, cell in enumerate(nb.cells):
        inner = inner_headings(cell.source) if cell.cell_type == "markdown" else []
        if inner:
            line = cell.source.split("\n")[inner[0]].strip()
            found.append(f"cell {i}: a heading after the cell's first line ({line!r}, line {inner[0] + 1}); each heading "
                         f"starts a slide, so it must start a cell: run tools/slides.py (it splits the cell)")
    for i, (cell, (wanted, why)) in enumerate(zip(nb.cells, plan(nb, answers))):
        has = current_type(cell)
        if MANUAL_TAG in cell.metadata.get("tags", []):
            if has is not None and has not in SLIDE_TYPES:
                found.append(f"cell {i}: tagged {MANUAL_TAG} with slide type {has!r}; "
                             f"expected one of {', '.join(SLIDE_TYPES)} or none")
        elif has != wanted:
            found.append(f"cell {i}: slide type {has!r}, the rules give {wanted!r} ({why})")
    if nb.metadata.get(FONTS_KEY) != PRESENTER_STYLE:
        found.append(f"notebook: the presenter style (metadata[{FONTS_KEY!r}]) is missing or not tools/slides.py's")
    return found


def apply(nb, answers=frozenset()) -> bool:
    """Write the planned slide types and the presenter style into nb; True if anything changed."""
    changed = False
    for cell, (wanted, _) in zip(nb.cells, plan(nb, answers)):
        if MANUAL_TAG in cell.metadata.get("tags", []) or current_type(cell) == wanted:
            continue
        changed = True
        if wanted is None:
            cell.metadata["slideshow"].pop("slide_type")
            if not cell.metadata["slideshow"]:
                del cell.metadata["slideshow"]
        else:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = wanted
    if nb.metadata.get(FONTS_KEY) != PRESENTER_STYLE:
        nb.metadata[FONTS_KEY] = PRESENTER_STYLE
        changed = True
    return changed


def find_notebooks(names, folders=None) -> list[Path]:
    """The numbered notebooks of `folders` (default: notebooks/ and, when it exists, notebooks/zh-CN/),
    all of them or those named by number ('03') or stem; a name must match in some folder."""
    folders = [Path(f) for f in folders] if folders else [d for d in NOTEBOOK_DIRS if d.is_dir()]
    every = [p for folder in folders for p in sorted(folder.glob("[0-9][0-9]-*.ipynb"))]
    if not names:
        return every
    found = []
    for name in names:
        matches = [p for p in every if p.stem == Path(name).stem or p.stem[:2] == name.zfill(2)]
        if not matches:
            raise SystemExit(f"no notebook matches {name!r}; the notebooks are: "
                             + (", ".join(sorted({p.stem for p in every})) or "(none)"))
        found += [p for p in matches if p not in found]
    return found


def split_pair(english_path: Path) -> list[str]:
    """split_at_headings on an English notebook and its zh-CN twin (if it has one), written back."""
    twin = english_path.parent / LANGUAGE / english_path.name
    english = nbformat.read(english_path, as_version=4)
    chinese = nbformat.read(twin, as_version=4) if twin.is_file() else None
    done = split_at_headings(english, chinese)
    if done:
        for nb, path in ((english, english_path), (chinese, twin)):
            if nb is not None:
                nbformat.validate(nb)
                nbformat.write(nb, path)
        print(f"split    {english_path.name}: " + "; ".join(done))
    return done


def first_line(source: str) -> str:
    line = next((l.strip() for l in source.splitlines() if l.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03) or names; default: every notebook")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is missing or stale")
    parser.add_argument("--show", action="store_true", help="print every cell's slide type and why; change nothing")
    parser.add_argument("--folder", type=Path, action="append",
                        help="a notebooks folder (repeatable); default: notebooks/ and notebooks/zh-CN/")
    args = parser.parse_args(argv)
    paths = find_notebooks(args.notebooks, args.folder)
    if not paths:
        print(f"no notebooks in {', '.join(map(str, args.folder or NOTEBOOK_DIRS))}", file=sys.stderr)
        return 1
    if not (args.show or args.check):
        for path in paths:
            if path.parent.name != LANGUAGE:
                split_pair(path)
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        answers, unanswered = answer_ids(path)
        for line in unanswered:
            print(f"{path.name}: {line}", file=sys.stderr)
        if args.show:
            print(f"== {path.relative_to(path.parent.parent)}")
            slides = 0
            for i, (cell, (kind, why)) in enumerate(zip(nb.cells, plan(nb, answers))):
                slides += kind in ("slide", "subslide")
                print(f"{i:3d} {kind or '(none)':9} {cell.cell_type:8} {why:38} {first_line(cell.source)}")
            print(f"   {slides} slides and subslides")
        elif args.check:
            found = problems(nb, answers) + unanswered
            if found:
                stale.append(path.name)
                print(f"{path}:\n  " + "\n  ".join(found), file=sys.stderr)
        elif apply(nb, answers):
            nbformat.validate(nb)
            nbformat.write(nb, path)
            print(f"updated  {path}")
    if args.check:
        if stale:
            print(f"slide metadata missing or stale in {len(stale)} notebook(s); run: python tools/slides.py",
                  file=sys.stderr)
            return 1
        print(f"slide metadata up to date in {len(paths)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
