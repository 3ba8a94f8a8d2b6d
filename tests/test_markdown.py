"""Every markdown cell of both editions renders without a leftover ** or __ (CommonMark).

Bold next to Chinese punctuation is the usual slip: in `一行**：a′ = σ(W a + b)**` the opening ** sits
between a letter and a punctuation mark, so CommonMark's flanking rule does not open bold there and
the reader sees the asterisks. The test renders each cell with markdown-it-py (CommonMark, as
JupyterLab's renderer follows it for emphasis), after taking out the math ($...$, $$...$$), which
JupyterLab hands to MathJax untouched, and fails on ** or __ left in the text (not in code).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "zh-CN").glob("*.ipynb"))
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>", re.S)
RENDER = MarkdownIt("commonmark")


def leftover_markers(markdown: str) -> list[str]:
    """The bits of rendered text around a ** or __ that did not become bold."""
    html = CODE.sub(" ", RENDER.render(MATH.sub(" MATH ", markdown)))
    text = re.sub(r"<[^>]+>", "", html)
    return [text[max(m.start() - 20, 0):m.end() + 20] for m in re.finditer(r"\*\*|__", text)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_no_markdown_marker_is_left_visible(path):
    problems = [f"cell {i}: …{bit}…" for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
                if cell.cell_type == "markdown" for bit in leftover_markers(cell.source)]
    assert not problems, f"{path.name}: ** or __ shown as text:\n" + "\n".join(problems)


@pytest.mark.parametrize("markdown, left", [
    ("一整层就是一行**：a′ = σ(W a + b)**", True),
    ("一整层就是一行：**a′ = σ(W a + b)**", False),
    ("the **weighted sum** of $a_1 * w_1$", False),
    ("`x ** 2` in code", False),
])
def test_the_check_sees_a_marker_commonmark_leaves(markdown, left):
    assert bool(leftover_markers(markdown)) == left
