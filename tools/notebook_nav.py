"""Put "< previous | contents | next >" links at the top and bottom of every notebook.

    python tools/notebook_nav.py               # insert or update the links in notebooks/*.ipynb
    python tools/notebook_nav.py 03 04-sigmoid # ... only in these (the others are read for titles)
    python tools/notebook_nav.py --check       # exit 1 (and say which) if any notebook's links are stale

The notebooks are the files named NN-*.ipynb (two digits, a dash), in the order of their
numbers: a new notebook is linked as soon as its file exists, and a missing number is
skipped. 00 is the contents. A link's text is the notebook's number and its own title (its
first "# " heading, without any number in front), so renaming a notebook's title and re-running
this script updates every link to it. The link cells are markdown cells whose source starts
with the NAV_MARK comment; nothing else in a notebook is touched (outputs stay as they are).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
CONTENTS_NUMBER = "00"


def notebook_stems(folder: Path = NOTEBOOK_DIR) -> list[str]:
    """The stems of the notebooks in `folder` (NN-name.ipynb), in the order of their numbers."""
    return sorted(p.stem for p in folder.glob(NOTEBOOK_GLOB))


def title_of(nb, stem: str) -> str:
    """'NN · title': the number from the file name and the notebook's first '# ' heading
    (outside the navigation cells) without a number of its own; the file name if there is none."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.source.startswith(NAV_MARK):
            continue
        match = re.search(r"^#\s+(.+?)\s*$", cell.source, flags=re.M)
        if match:
            title = re.sub(r"^\d+\s*[·.:\-–—]?\s*", "", match.group(1).strip())
            return f"{stem[:2]} · {title}"
    return stem


def nav_source(stem: str, existing: dict[str, str]) -> str:
    """The markdown of the link line for notebook `stem`, given {stem: title} of existing notebooks."""
    order = sorted(existing)
    contents = next((s for s in order if s.startswith(CONTENTS_NUMBER + "-")), None)
    i = order.index(stem)
    parts = []
    if i > 0 and order[i - 1] != contents:
        prev = order[i - 1]
        parts.append(f"[< {existing[prev]}]({prev}.ipynb)")
    if stem != contents and contents is not None:
        parts.append(f"[Contents]({contents}.ipynb)")
    if i + 1 < len(order):
        nxt = order[i + 1]
        parts.append(f"[{existing[nxt]} >]({nxt}.ipynb)")
    return f"{NAV_MARK}\n" + " | ".join(parts)


def with_nav(nb, source: str) -> bool:
    """Make the first and last cells of nb the navigation cell `source`; True if nb changed."""
    before = [c.source for c in nb.cells]
    cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARK))]
    top, bottom = _nav_cell(nb, 0, source, "nav-top"), _nav_cell(nb, -1, source, "nav-bottom")
    nb.cells = [top, *cells, bottom]
    return [c.source for c in nb.cells] != before


def _nav_cell(nb, where: int, source: str, cell_id: str):
    """Reuse the existing navigation cell at that end (keeps its id), or make one."""
    if nb.cells and nb.cells[where].cell_type == "markdown" and nb.cells[where].source.startswith(NAV_MARK):
        cell = nb.cells[where]
        cell.source = source
        return cell
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def update_all(check: bool = False, folder: Path = NOTEBOOK_DIR, only=None) -> list[str]:
    """Insert/update the links in the notebooks of `folder` (or just the stems in `only`);
    returns the names of those whose links changed (or, with check=True, are stale)."""
    paths = {s: folder / f"{s}.ipynb" for s in notebook_stems(folder)}
    books = {s: nbformat.read(p, as_version=4) for s, p in paths.items()}
    titles = {s: title_of(nb, s) for s, nb in books.items()}
    changed = []
    for stem, nb in books.items():
        if only is not None and stem not in only:
            continue
        if with_nav(nb, nav_source(stem, titles)):
            changed.append(stem)
            if not check:
                nbformat.write(nb, paths[stem])
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03) or names to update; default: all")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if links are stale")
    parser.add_argument("--folder", type=Path, default=NOTEBOOK_DIR, help="the notebooks folder")
    args = parser.parse_args(argv)
    stems = notebook_stems(args.folder)
    unnumbered = sorted(p.stem for p in args.folder.glob("*.ipynb") if p.stem not in stems)
    if unnumbered:
        print(f"not named NN-*.ipynb, left alone: {', '.join(unnumbered)}", file=sys.stderr)
    only = None
    if args.notebooks:
        only = set()
        for name in args.notebooks:
            stem = Path(name).stem
            match = [s for s in stems if s == stem or s[:2] == stem.zfill(2)]
            if not match:
                parser.error(f"unknown notebook {name!r}; the names are: {', '.join(stems)}")
            only.update(match)
    changed = update_all(check=args.check, folder=args.folder, only=only)
    if args.check:
        if changed:
            print("navigation links out of date in: " + ", ".join(changed)
                  + "\nrun: python tools/notebook_nav.py", file=sys.stderr)
            return 1
        print("navigation links up to date")
        return 0
    print("updated: " + (", ".join(changed) if changed else "nothing (all up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
