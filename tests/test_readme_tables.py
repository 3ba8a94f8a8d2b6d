"""The two READMEs' notebook tables stay in step with the notebooks and with each other.

README.zh-CN.md had lost notebook 12 (its 11 row described 12) and named notebooks by titles
their own first headings did not use. This test reads the table of each README (rows
"| NN | [title](path) | ... |") and fails when a notebook of its edition has no row, a row links
to a file that does not exist or to the other edition, or a title is neither the notebook's
heading ("# NN · title") nor the part of it before its colon.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (\d\d) \| \[([^\]]+)\]\(([^)]+)\) \|", re.M)
HEADING = re.compile(r"^# (\d+) · (.+)$", re.M)
EDITIONS = {"README.md": ROOT / "notebooks", "README.zh-CN.md": ROOT / "notebooks" / "zh-CN"}


def heading(path: Path) -> tuple[str, str]:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and (found := HEADING.search(cell.source)):
            return found.group(1), found.group(2).strip()
    raise AssertionError(f"{path.name} has no heading '# NN · title'")


def titles(readme: str) -> dict[str, tuple[str, str]]:
    return {n: (title, link) for n, title, link in ROW.findall((ROOT / readme).read_text(encoding="utf-8"))}


@pytest.mark.parametrize("readme", EDITIONS)
def test_every_notebook_has_its_row_with_its_own_title(readme):
    folder, rows = EDITIONS[readme], titles(readme)
    problems = []
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        number = path.name[:2]
        shown, title = heading(path)
        if shown != number:
            problems.append(f"{path.name}: its heading says '# {shown} ·', write '# {number} ·'")
        if number not in rows:
            problems.append(f"{path.name}: no row in {readme}")
            continue
        text, link = rows[number]
        if (ROOT / link).resolve() != path.resolve():
            problems.append(f"row {number} links to {link}, not {path.relative_to(ROOT)}")
        if text not in (title, re.split("[:：]", title)[0].strip()):
            problems.append(f"row {number} says {text!r}; the notebook's title is {title!r}")
    extra = set(rows) - {p.name[:2] for p in folder.glob("[0-9][0-9]-*.ipynb")}
    problems += [f"row {n} names no notebook" for n in sorted(extra)]
    assert not problems, f"{readme}:\n" + "\n".join(problems)


def test_both_readmes_list_the_same_notebooks():
    assert titles("README.md").keys() == titles("README.zh-CN.md").keys()


def test_the_chinese_readme_links_the_chinese_guide():
    assert "docs/teaching.zh-CN.md" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


LINK = re.compile(r"\[([^\]]+)\]\((\d\d)-[^)/]+\.ipynb\)")
NAV_WORDS = re.compile(r"^[<>\s]*(上一节：|下一节：)?|[<>\s]*$")


@pytest.mark.parametrize("folder", EDITIONS.values(), ids=EDITIONS.keys())
def test_notebooks_name_each_other_by_their_titles(folder):
    """A link to a notebook names it by its title (or the part before the colon): 06 was called
    three names (its title in the navigation, "A layer in matrix form" in 00's table and 05's Next)."""
    titles = {path.name[:2]: heading(path)[1] for path in folder.glob("[0-9][0-9]-*.ipynb")}
    problems = []
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for text, number in LINK.findall(cell.source):
                name = re.sub(r"^\d\d · ", "", NAV_WORDS.sub("", text))
                title = titles.get(number)
                if title is None or name in ("Contents", "目录") or re.fullmatch(r"\d\d", name):
                    continue
                if name not in (title, re.split("[:：]", title)[0].strip()):
                    problems.append(f"{path.name}: [{text}] links {number}, whose title is {title!r}")
    assert not problems, "\n".join(problems)
