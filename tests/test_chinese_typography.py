"""The Chinese edition's typography: what a native reader trips on, checked as kinds, not instances.

- Italics on Chinese text. Browsers have no italic CJK face, so *希望* is drawn as slanted glyphs
  (a synthetic oblique), which Chinese typesetting never uses: emphasis is bold (or nothing).
  The zh-CN markdown (notebooks, README.zh-CN.md, docs/*.zh-CN.md) is rendered with CommonMark
  (markdown-it-py, as tests/test_markdown.py does) and any <em> holding a Chinese character fails.
- A space after full-width punctuation. "**你需要：** 笔记本 01" puts a Latin space after a
  full-width colon that already carries its own space; the course writes "**你需要**：笔记本 01".
- Percentages. The Chinese edition writes 96.6% (as the printed outputs do: Python's :.1%),
  never "96.6 %", in the notebooks' prose and in the Chinese documents.
- A decimal without its leading zero (".50"): Chinese (and the printed outputs) write 0.50.
- 期望 for the article's 希望 ("we hope the hidden layers find edges"); 期望 reads as a
  demand or, to a reader of maths, as an expected value.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh-CN").glob("*.ipynb"))
ZH_DOCS = [ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.zh-CN.md"))]
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.S)
RENDER = MarkdownIt("commonmark")
# full-width punctuation (or a bold closing right after it), then a Latin space, then text; a table
# cell's "| " and a list's "- " are markup, not text
SPACE_AFTER = re.compile(r"[，。：；！？、）》”](?:\*\*)? (?![|\-\s—])")
SPACED_PERCENT = re.compile(r"\d %")
BARE_DECIMAL = re.compile(r"(?<![\d.\w])\.\d")


def _markdown_cells():
    for path in ZH_NOTEBOOKS:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                yield f"{path.name} cell {i}", cell.source


def _prose(markdown: str) -> str:
    """The text a reader sees as prose: code and maths taken out."""
    return CODE_SPAN.sub("CODE", MATH.sub("MATH", markdown))


def italic_chinese(markdown: str) -> list[str]:
    """The italic runs (<em>) of the rendered markdown that hold a Chinese character."""
    html = RENDER.render(MATH.sub(" MATH ", markdown))
    return [m.group(1) for m in re.finditer(r"<em>(.*?)</em>", html, re.S) if CJK.search(m.group(1))]


def space_after_full_width(markdown: str) -> list[str]:
    text = _prose(markdown)
    return [text[max(m.start() - 12, 0):m.end() + 8] for m in SPACE_AFTER.finditer(text)]


def spaced_percents(markdown: str) -> list[str]:
    text = _prose(markdown)
    return [text[max(m.start() - 12, 0):m.end() + 4] for m in SPACED_PERCENT.finditer(text)]


def _zh_texts():
    yield from _markdown_cells()
    for path in ZH_DOCS:
        if path.is_file():
            yield path.name, path.read_text(encoding="utf-8")


def test_no_italics_on_chinese_text():
    found = [f"{where}: *{run}*" for where, source in _zh_texts() for run in italic_chinese(source)]
    assert not found, "italic Chinese is drawn slanted; use **bold** or nothing:\n" + "\n".join(found)


def test_no_latin_space_after_full_width_punctuation():
    found = [f"{where}: …{bit}…" for where, source in _zh_texts() for bit in space_after_full_width(source)]
    assert not found, "a full-width mark carries its own space (write **你需要**：笔记本 01):\n" + "\n".join(found)


def test_percentages_have_no_space_in_chinese():
    found = [f"{where}: …{bit}…" for where, text in _zh_texts() for bit in spaced_percents(text)]
    assert not found, "the Chinese edition writes 96.6%, as its printed outputs do:\n" + "\n".join(found)


def test_decimals_keep_their_leading_zero():
    found = [f"{where}: …{_prose(text)[max(m.start() - 12, 0):m.end() + 4]}…"
             for where, text in _zh_texts() for m in BARE_DECIMAL.finditer(_prose(text))]
    assert not found, "write 0.50, not .50:\n" + "\n".join(found)


@pytest.mark.parametrize("text, found", [("从 0.99 降到 .50", True), ("从 0.99 降到 0.50", False),
                                         ("`x[1:].5`", False), ("文件 a.5", False)])
def test_the_decimal_check(text, found):
    assert bool(BARE_DECIMAL.search(_prose(text))) == found


def test_the_hope_is_xiwang():
    found = [f"{where}: …{text[max(m.start() - 15, 0):m.end() + 10]}…"
             for where, text in _zh_texts() for m in re.finditer("期望(?!值)", text)]
    assert not found, "the article hopes (希望) the hidden layers find parts; 期望 is not its word:\n" + "\n".join(found)


@pytest.mark.parametrize("markdown, italic", [
    ("我们*希望*隐藏层能学会", ["希望"]),
    ("我们_希望_隐藏层", []),                          # intraword _ is no emphasis in CommonMark
    ("选 *Run → Run All Cells*（中文界面）", []),       # English in italics is fine
    ("我们**希望**隐藏层", []),
    ("`x * 2` 和 `y * 3`", []),
    ("$a * b$ 和 $c * d$", []),
])
def test_the_italic_check(markdown, italic):
    assert italic_chinese(markdown) == italic


@pytest.mark.parametrize("markdown, found", [
    ("**你需要：** 笔记本 01", True),
    ("**你需要**：笔记本 01", False),
    ("一行。 下一句", True),
    ("| 01（12） | 讲 |", False),
    ("`a, b = 1, 2` 和 `print(a， b)`", False),
])
def test_the_space_check(markdown, found):
    assert bool(space_after_full_width(markdown)) == found


@pytest.mark.parametrize("markdown, found", [
    ("准确率 96.6 %。", True), ("准确率 96.6%。", False), ("`f'{x:.1%}'` 得到 96.6%", False),
])
def test_the_percent_check(markdown, found):
    assert bool(spaced_percents(markdown)) == found


def test_no_backticks_in_chinese_messages():
    """What mlp_core prints or draws is plain text, not markdown: a `backtick` shows as itself."""
    import polib
    po = polib.pofile(str(ROOT / "mlp_core" / "locale" / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"))
    found = [entry.msgstr for entry in po if not entry.obsolete and "`" in entry.msgstr]
    assert not found, "literal backticks in Chinese messages:\n" + "\n".join(found)


CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…《》]")
BLOCK_START = re.compile(r"^\s*(?:[-*] |\d+\. |#|\||```|---|$)")


def broken_lines(markdown: str) -> list[str]:
    """Lines of a paragraph or list item whose break touches Chinese text: a browser draws that
    break as a space inside a Chinese sentence, and the teacher's kit joins a ★ bullet's lines
    with one."""
    found, fence, previous = [], False, ""
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fence, previous = not fence, ""
            continue
        if not fence and previous.strip() and not BLOCK_START.match(line) \
                and not previous.lstrip().startswith(("#", "|")) \
                and (CJK_EDGE.match(line.lstrip()[:1]) or CJK_EDGE.match(previous.rstrip()[-1:])):
            found.append(previous.rstrip()[-10:] + "⏎" + line.lstrip()[:10])
        previous = "" if fence else line
    return found


def test_the_chinese_teaching_guide_breaks_no_line_inside_chinese_text():
    guide = ROOT / "docs" / "teaching.zh-CN.md"
    found = broken_lines(guide.read_text(encoding="utf-8"))
    assert not found, "a line break inside Chinese text shows as a space:\n" + "\n".join(found)


@pytest.mark.parametrize("markdown, broken", [
    ("第一行的后半\n  接着写", True),
    ("一句话。\n- 下一个条目", False),
    ("English words here\n  and more", False),
    ("```python\nprint('中文')\n```", False),
])
def test_the_line_break_check(markdown, broken):
    assert bool(broken_lines(markdown)) == broken
