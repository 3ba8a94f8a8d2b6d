"""Keep the Chinese notebooks (notebooks/zh-CN/X.ipynb) in step with the English ones (notebooks/X.ipynb).

    python tools/translations.py --check              # every zh-CN notebook against its English twin
    python tools/translations.py --missing            # English notebooks with no zh-CN twin yet
    python tools/translations.py --init 04            # start a twin: a copy marked "not yet translated"
    python tools/translations.py --stamp 04 --cell 04-03 04-05   # after translating those cells
    python tools/translations.py --stamp 04 --all     # after going through every cell of the notebook

Each cell of a zh-CN notebook records which English cell it translates, by the English cell's
id (nbformat 4.5), and a SHA-256 of that cell's source as it was when translated:

    cell.metadata["translation"] = {"source_id": "04-03", "source_hash": "9f2c…"}

`source_hash` null means "copied, not yet translated". `--check` reports, for each pair:
- stale:        the English cell changed since it was translated (its hash differs);
- untranslated: an English cell no zh-CN cell translates, or one still marked null;
- orphan:       a zh-CN cell translating an English cell that no longer exists, or a zh-CN
                notebook with no English original;
- unlabelled, duplicated, out of order, or of the other type (markdown ↔ code);
- code:         a code cell whose code differs from the English beyond comments and string
                literals (the token streams are compared with those taken out, so translated
                comments, messages and titles are fine, and a changed number or name is not).
The one thing a zh-CN notebook may add is the switch to Chinese: `import mlp_core`,
`from mlp_core import set_language` and ONE `mlp_core.set_language("zh-CN")` (or
`set_language(...)`) call, inside a translated code cell or in a cell of their own with no
translation metadata.

English notebooks with no twin are not an error for --check (the Chinese edition grows one
notebook at a time): `--missing` lists them and exits 1 while any are missing, so CI can add
it once the edition is complete. The test suite runs --check (tests/test_translations.py),
so changing an English notebook fails CI until its translation is updated and stamped.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANGUAGE = "zh-CN"
KEY = "translation"
IGNORED_TOKENS = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
IGNORED_TOKENS |= {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                   if hasattr(tokenize, n)}   # Python ≥ 3.12 splits f-strings into these
# The switch to Chinese, as code lines with their strings taken out: allowed in a zh-CN notebook only.
SWITCH_CALLS = {("mlp_core", ".", "set_language", "(", ")"), ("set_language", "(", ")")}
SWITCH_IMPORTS = {("import", "mlp_core"), ("from", "mlp_core", "import", "set_language")}


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def twin_of(english: Path) -> Path:
    return english.parent / LANGUAGE / english.name


def english_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def code_lines(source: str) -> list[tuple[str, ...]]:
    """The logical lines of `source` as token texts, without comments and string literals.
    Raises SyntaxError (tokenize.TokenError included) for code that does not tokenize."""
    lines, line = [], []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in IGNORED_TOKENS:
            continue
        if tok.type == tokenize.NEWLINE:
            if line:
                lines.append(tuple(line))
            line = []
        elif tok.type in (tokenize.INDENT, tokenize.DEDENT):
            lines.append((tokenize.tok_name[tok.type],))
        else:
            line.append(tok.string)
    if line:
        lines.append(tuple(line))
    return lines


def _without_switch(lines):
    """(lines without the switch to Chinese, how many set_language calls were taken out)."""
    kept = [ln for ln in lines if ln not in SWITCH_CALLS | SWITCH_IMPORTS]
    return kept, sum(ln in SWITCH_CALLS for ln in lines)


def _lines_or_problem(source, where):
    try:
        return code_lines(source), None
    except (SyntaxError, tokenize.TokenError) as err:
        return None, f"{where}: cannot read its code ({err})"


def check_pair(english_path: Path, chinese_path: Path) -> list[str]:
    """Every way the zh-CN notebook is out of step with the English one, one line each."""
    english = nbformat.read(english_path, as_version=4)
    chinese = nbformat.read(chinese_path, as_version=4)
    name = chinese_path.name
    problems = []
    source_of = {}
    for i, cell in enumerate(english.cells):
        if not cell.get("id"):
            problems.append(f"{english_path.name}: English cell {i} has no id (nbformat ≥ 4.5 gives every cell one)")
        else:
            source_of[cell.id] = cell
    translated = {}        # English id → zh-CN cell
    order = []
    switches = 0
    for i, cell in enumerate(chinese.cells):
        where = f"{name} cell {i} ({cell.get('id', 'no id')})"
        meta = cell.metadata.get(KEY)
        if not meta:
            lines, problem = _lines_or_problem(cell.source, where) if cell.cell_type == "code" else (None, None)
            kept, calls = _without_switch(lines) if lines is not None else (None, 0)
            if kept == [] and calls:            # a cell of its own that only switches to Chinese
                switches += calls
                continue
            problems.append(problem or f"{where}: no metadata.{KEY}.source_id (which English cell it translates)")
            continue
        sid = meta.get("source_id")
        if sid not in source_of:
            problems.append(f"{where}: orphan, translates English cell {sid!r}, which {english_path.name} no longer has")
            continue
        if sid in translated:
            problems.append(f"{where}: duplicated, English cell {sid!r} is already translated by an earlier cell")
            continue
        translated[sid] = cell
        order.append(sid)
        original = source_of[sid]
        if cell.cell_type != original.cell_type:
            problems.append(f"{where}: a {cell.cell_type} cell translating the {original.cell_type} cell {sid!r}")
            continue
        if meta.get("source_hash") is None:
            problems.append(f"{where}: untranslated, English cell {sid!r} is marked not yet translated")
        elif meta["source_hash"] != source_hash(original.source):
            problems.append(f"{where}: stale, English cell {sid!r} changed since it was translated; update the "
                            f"translation, then: python tools/translations.py --stamp {name[:2]} --cell {sid}")
        if cell.cell_type == "code":
            mine, problem = _lines_or_problem(cell.source, where)
            theirs, problem_en = _lines_or_problem(original.source, f"{english_path.name} cell {sid}")
            if problem or problem_en:
                problems.append(problem or problem_en)
                continue
            mine, calls = _without_switch(mine)
            switches += calls
            theirs, _ = _without_switch(theirs)
            if mine != theirs:
                problems.append(f"{where}: code differs from English cell {sid!r} beyond comments and strings: "
                                f"{_first_difference(theirs, mine)}")
    if switches > 1:
        problems.append(f"{name}: {switches} set_language calls; one, at the top, is enough")
    for sid in source_of:
        if sid not in translated:
            problems.append(f"{name}: untranslated, English cell {sid!r} has no zh-CN cell")
    english_order = [sid for sid in source_of if sid in translated]
    if order != english_order:
        problems.append(f"{name}: cells out of order; the English order is {english_order}")
    return problems


def _first_difference(english_lines, chinese_lines) -> str:
    for k, (a, b) in enumerate(zip(english_lines, chinese_lines)):
        if a != b:
            return f"English has `{' '.join(a)}`, zh-CN `{' '.join(b)}` (logical line {k + 1})"
    longer, which = (english_lines, "English") if len(english_lines) > len(chinese_lines) else (chinese_lines, "zh-CN")
    return f"only {which} has `{' '.join(longer[min(len(english_lines), len(chinese_lines))])}`"


def check(folder: Path = NOTEBOOKS) -> list[str]:
    """Problems of every zh-CN notebook (those without an English original included)."""
    problems = []
    for chinese in sorted((folder / LANGUAGE).glob("*.ipynb")):
        english = folder / chinese.name
        if not english.is_file():
            problems.append(f"{LANGUAGE}/{chinese.name}: orphan, no English notebook {chinese.name}")
            continue
        problems += check_pair(english, chinese)
    return problems


def missing(folder: Path = NOTEBOOKS) -> list[Path]:
    return [p for p in english_notebooks(folder) if not twin_of(p).is_file()]


def init(english_path: Path) -> Path:
    """Start the zh-CN twin: the English cells, outputs cleared, each marked not yet translated,
    with a first code cell that switches to Chinese."""
    out = twin_of(english_path)
    if out.exists():
        raise FileExistsError(f"{out} exists already; translate it, or delete it to start again")
    nb = nbformat.read(english_path, as_version=4)
    for cell in nb.cells:
        cell.metadata[KEY] = {"source_id": cell.id, "source_hash": None}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    switch = nbformat.v4.new_code_cell('import mlp_core\nmlp_core.set_language("zh-CN")   # 图表、控件和反馈都用中文')
    switch.id = "set-language"
    nb.cells.insert(first_code, switch)
    out.parent.mkdir(exist_ok=True)
    nbformat.write(nb, out)
    return out


def stamp(chinese_path: Path, cell_ids=None) -> list[str]:
    """Record the English source hash in the given zh-CN cells (by English id), or in all.
    Returns the English ids stamped."""
    english_path = chinese_path.parent.parent / chinese_path.name      # notebooks/zh-CN/X → notebooks/X
    english = {c.id: c for c in nbformat.read(english_path, as_version=4).cells}
    nb = nbformat.read(chinese_path, as_version=4)
    wanted = set(cell_ids) if cell_ids else None
    done = []
    for cell in nb.cells:
        meta = cell.metadata.get(KEY)
        if not meta or meta.get("source_id") not in english:
            continue
        sid = meta["source_id"]
        if wanted is None or sid in wanted:
            new = source_hash(english[sid].source)
            if meta.get("source_hash") != new:
                meta["source_hash"] = new
                done.append(sid)
    unknown = (wanted or set()) - {c.metadata.get(KEY, {}).get("source_id") for c in nb.cells}
    if unknown:
        raise KeyError(f"{chinese_path.name} has no cell translating {sorted(unknown)}")
    nbformat.write(nb, chinese_path)
    return done


def find(name: str, folder: Path = NOTEBOOKS) -> Path:
    """The English notebook for '04', '04-sigmoid', '04-sigmoid.ipynb' or a path to either twin."""
    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return folder / path.name if path.resolve().parent.name == LANGUAGE else path
    found = [p for p in english_notebooks(folder) if p.stem == name or p.stem.startswith(f"{name}-")]
    if len(found) != 1:
        raise SystemExit(f"{name!r}: expected one English notebook, found {[p.name for p in found] or 'none'}")
    return found[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="See the module docstring for what each report means.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="check every zh-CN notebook; exit 1 on a problem")
    mode.add_argument("--missing", action="store_true", help="list English notebooks with no zh-CN twin")
    mode.add_argument("--init", metavar="NOTEBOOK", help="start the zh-CN twin of an English notebook")
    mode.add_argument("--stamp", metavar="NOTEBOOK", help="record that cells are translated from the current English")
    parser.add_argument("--cell", nargs="+", metavar="ID", help="with --stamp: the English cell ids translated")
    parser.add_argument("--all", action="store_true", help="with --stamp: every cell of the notebook")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        count = len(list((NOTEBOOKS / LANGUAGE).glob("*.ipynb")))
        print("\n".join(problems) or f"{count} zh-CN notebooks, all in step with English")
        return 1 if problems else 0
    if args.missing:
        absent = missing()
        print("\n".join(f"no {LANGUAGE} twin: {p.name}" for p in absent) or "every English notebook has a twin")
        return 1 if absent else 0
    if args.init:
        print(f"wrote {init(find(args.init)).relative_to(ROOT)}: translate each cell, then --stamp it")
        return 0
    if bool(args.cell) == args.all:
        parser.error("--stamp needs either --cell ID ... or --all")
    done = stamp(twin_of(find(args.stamp)), args.cell)
    print(f"stamped {len(done)} cells: {' '.join(done)}" if done else "nothing to stamp: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
