"""Put "< previous | contents | next >" links at the top and bottom of every notebook, in every edition.

    python tools/notebook_nav.py               # insert or update the links in every edition's notebooks
    python tools/notebook_nav.py 03 04-sigmoid # ... only in these (the others are read for titles)
    python tools/notebook_nav.py --check       # exit 1 (and say which) if any notebook's links are stale
    python tools/notebook_nav.py --folder notebooks/zh-CN   # one edition only

The editions are those of tools/class_links.EDITIONS whose folder exists: English in notebooks/,
简体中文 in notebooks/zh-CN/. Within an edition the notebooks are the files named NN-*.ipynb
(two digits, a dash), in the order of their numbers: a new notebook is linked as soon as its file
exists, and a missing number is skipped, so every link stays inside its own edition. 00 is the
contents; the 00 of each edition also links to the 00 of every other edition. A link's text is
the notebook's number and its own title (its first "# " heading, without any number in front),
so renaming a notebook's title and re-running this script updates every link to it; the words
around it are the edition's own (LINK_WORDS: "Contents", "目录", "上一节", "下一节"). The link cells
are markdown cells whose source starts with the NAV_MARK comment; nothing else in a notebook is
touched (outputs stay as they are).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from class_links import EDITIONS  # noqa: E402  (a sibling tool: language -> (folder, name shown to readers))

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAV_MARK = "<!--NAVIGATION-->"

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
CONTENTS_NUMBER = "00"
DEFAULT_LANGUAGE = "en"
# The words around the links, per edition; a new language adds one entry here and one in class_links.EDITIONS.
LINK_WORDS = {
    "en": {"previous": "< {title}", "contents": "Contents", "next": "{title} >"},
    "zh-CN": {"previous": "< 上一节：{title}", "contents": "目录", "next": "下一节：{title} >"},
}


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


def edition_of(folder: Path) -> tuple[str, Path | None]:
    """(language, repository root) of the notebooks in `folder`: the edition of EDITIONS whose
    folder the path ends with (…/notebooks/zh-CN is "zh-CN"). Any other folder (a scratch copy)
    is English, with no root and so no other editions to link to."""
    parts = folder.resolve().parts
    by_depth = sorted(EDITIONS.items(), key=lambda item: -len(Path(item[1][0]).parts))
    for language, (relative, _name) in by_depth:
        tail = Path(relative).parts
        if parts[-len(tail):] == tail:
            return language, Path(*parts[: -len(tail)])
    return DEFAULT_LANGUAGE, None


def other_editions(folder: Path) -> list[tuple[str, str]]:
    """(name of the edition, link from `folder` to its contents notebook) for every other edition
    that has a contents notebook: what the contents notebook of `folder` links to."""
    language, root = edition_of(folder)
    if root is None:
        return []
    links = []
    for other, (relative, name) in EDITIONS.items():
        contents = sorted((root / relative).glob(f"{CONTENTS_NUMBER}-*.ipynb"))
        if other != language and contents:
            links.append((name, Path(os.path.relpath(contents[0], folder.resolve())).as_posix()))
    return links


def nav_source(stem: str, existing: dict[str, str], words: dict[str, str] = LINK_WORDS[DEFAULT_LANGUAGE],
               editions: list[tuple[str, str]] = ()) -> str:
    """The markdown of the link line for notebook `stem`, given {stem: title} of the existing
    notebooks of its edition, the edition's link words, and (name, link) of the other editions
    (shown on the contents notebook only)."""
    order = sorted(existing)
    contents = next((s for s in order if s.startswith(CONTENTS_NUMBER + "-")), None)
    i = order.index(stem)
    parts = []
    if i > 0 and order[i - 1] != contents:
        prev = order[i - 1]
        parts.append(f"[{words['previous'].format(title=existing[prev])}]({prev}.ipynb)")
    if stem != contents and contents is not None:
        parts.append(f"[{words['contents']}]({contents}.ipynb)")
    if i + 1 < len(order):
        nxt = order[i + 1]
        parts.append(f"[{words['next'].format(title=existing[nxt])}]({nxt}.ipynb)")
    if stem == contents:
        parts += [f"[{name}]({link})" for name, link in editions]
    return f"{NAV_MARK}\n" + " | ".join(parts)


def with_nav(nb, source: str) -> bool:
    """Make the first and last cells of nb the navigation cell `source`; True if nb changed."""
    before = [c.source for c in nb.cells]
    cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARK))]
    top, bottom = _nav_cell(nb, 0, source, "nav-top"), _nav_cell(nb, -1, source, "nav-bottom")
    nb.cells = [top, *cells, bottom]
    return [c.source for c in nb.cells] != before


def _nav_cell(nb, where: int, source: str, cell_id: str):
    """Reuse the existing navigation cell at that end (keeps its id and metadata), or make one."""
    if nb.cells and nb.cells[where].cell_type == "markdown" and nb.cells[where].source.startswith(NAV_MARK):
        cell = nb.cells[where]
        cell.source = source
        return cell
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def update_all(check: bool = False, folder: Path = NOTEBOOK_DIR, only=None) -> list[str]:
    """Insert/update the links in the notebooks of `folder` (or just the stems in `only`), in the
    words of its edition; returns the names of those whose links changed (or, with check=True, are stale)."""
    language, _root = edition_of(folder)
    words, editions = LINK_WORDS[language], other_editions(folder)
    paths = {s: folder / f"{s}.ipynb" for s in notebook_stems(folder)}
    books = {s: nbformat.read(p, as_version=4) for s, p in paths.items()}
    titles = {s: title_of(nb, s) for s, nb in books.items()}
    changed = []
    for stem, nb in books.items():
        if only is not None and stem not in only:
            continue
        if with_nav(nb, nav_source(stem, titles, words, editions)):
            changed.append(stem)
            if not check:
                nbformat.write(nb, paths[stem])
    return changed


def edition_folders(root: Path = ROOT) -> list[Path]:
    """The folder of every edition that exists under `root`, English first."""
    return [root / relative for relative, _name in EDITIONS.values() if (root / relative).is_dir()]


def update_every_edition(check: bool = False, root: Path = ROOT, only=None) -> list[str]:
    """update_all for every edition; returns repository paths ('notebooks/zh-CN/01-….ipynb')."""
    changed = []
    for folder in edition_folders(root):
        changed += [(folder / f"{stem}.ipynb").relative_to(root).as_posix()
                    for stem in update_all(check=check, folder=folder, only=only)]
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (03) or names to update; default: all")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if links are stale")
    parser.add_argument("--folder", type=Path, help="one notebooks folder; default: every edition")
    args = parser.parse_args(argv)
    folders = [args.folder] if args.folder else edition_folders()
    stems = sorted({s for folder in folders for s in notebook_stems(folder)})
    for folder in folders:
        numbered = set(notebook_stems(folder))
        unnumbered = sorted(p.stem for p in folder.glob("*.ipynb") if p.stem not in numbered)
        if unnumbered:
            print(f"{folder}: not named NN-*.ipynb, left alone: {', '.join(unnumbered)}", file=sys.stderr)
    only = None
    if args.notebooks:
        only = set()
        for name in args.notebooks:
            stem = Path(name).stem
            match = [s for s in stems if s == stem or s[:2] == stem.zfill(2)]
            if not match:
                parser.error(f"unknown notebook {name!r}; the names are: {', '.join(stems)}")
            only.update(match)
    if args.folder:
        changed = [str(args.folder / f"{stem}.ipynb") for stem in update_all(args.check, args.folder, only)]
    else:
        changed = update_every_edition(check=args.check, only=only)
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
