"""The teacher's kit: a one-page student handout, a worksheet of the ★ questions, their answer key
and a slide-by-slide run sheet, in English and 简体中文, as printable pages and PDFs.

    python tools/teacher_kit.py               # -> _site/kit/index.html, _site/kit/en/handout.html, ...
    python tools/teacher_kit.py --pdf         # ... and beside each page its PDF (Chromium's print)
    python tools/teacher_kit.py --out DIR --notebooks 09 10 11     # another lesson's notebooks

Four documents per language, for the lesson's notebooks (default 01–08, the 90-minute lesson
of docs/teaching.md), none of them typed twice:

  handout     the 784-16-16-10 network (sizes and parameter count from the shipped network),
              a′ = σ(W a + b), and the words in English and Chinese: the table of notebook 00
              (The words / 术语) and every **term** (中文) the lesson's notebooks introduce.
  worksheet   the ★ predict-before-you-run questions, with room to write.
  answers     each question with the guide's answer and what the notebook's cell printed,
              taken from the outputs stored in the notebook (the cells nbval checks), so the
              key cannot drift from the notebooks.
  run-sheet   one row per step of the deck, read from the slide metadata tools/slides.py
              writes: the key that reaches it, what it shows, and the ★ question to ask there
              with its answer. It takes the place of a speaker view, which the deck lacks.

The ★ questions are the bullets of the teacher's guide (docs/teaching.md, docs/teaching.zh-CN.md)
that start with ★. Each names its section and the first code of the cell it is asked before:

    - ★ In *Unrolled into one column*, before `column = grid.reshape(784)`: "Pixel (row 7,
      column 16) is which neuron of the column?" — **7 × 28 + 16 = 212**.
    - ★ **01** 《展开成一列》，`column = grid.reshape(784)` 之前：“第 7 行第 16 列……？” — **212**。

A ★ bullet whose section or cell cannot be found in its notebook stops the build with a message
saying which: the guide and the notebooks cannot drift apart unnoticed.

The pages are plain HTML with one style sheet for screen and print (A4). The PDFs are printed by
Debian's Chromium through Playwright (the browser tests' driver; never a downloaded browser).
Text is set in DejaVu Sans and, for Chinese, the system's Noto Sans CJK SC (Debian's
fonts-noto-cjk), which the PDFs embed. Pictures are inline SVG and PNG: a page works from a USB
stick.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import class_links  # noqa: E402  (the editions: code -> notebooks folder, label)

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"en": ROOT / "docs" / "teaching.md", "zh-CN": ROOT / "docs" / "teaching.zh-CN.md"}
LESSON = ("01", "02", "03", "04", "05", "06", "07", "08")
DOCUMENTS = ("handout", "worksheet", "answers", "run-sheet")
CHROMIUM = "/usr/bin/chromium"

# The two spellings of a ★ bullet (see the docstring); the answer is the rest of the bullet.
STAR = {
    "en": re.compile(r'^- ★ In \*(?P<section>.+?)\*, before (?:the cell that starts )?`(?P<anchor>[^`]+)`'
                     r'[^:]*: "(?P<question>.+?)" — (?P<answer>.+)$', re.S),
    "zh-CN": re.compile(r'^- ★ \*\*(?P<notebook>\d\d)\*\* 《(?P<section>.+?)》，`(?P<anchor>[^`]+)` 之前：'
                        r'“(?P<question>.+?)” — (?P<answer>.+)$', re.S),
}
GUIDE_NOTEBOOK = re.compile(r"^## (\d\d) · ", re.M)     # the English guide's "## 04 · The sigmoid"
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
TERM = re.compile(r"\*\*([A-Za-z][A-Za-z’'\- ]{1,40}?)\*\*\s*[（(]([\u4e00-\u9fff][\u4e00-\u9fff /]{0,12})[)）]")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

TEXT = {
    "en": {
        "lang": "en", "kit": "Teacher's kit", "lesson": "What is a neural network?",
        "handout": "Student handout", "worksheet": "Worksheet: predict before you run",
        "answers": "Answer key", "run-sheet": "Run sheet",
        "name": "Name:", "notebook": "Notebook", "section": "in", "ask": "Ask before the cell",
        "answer": "Answer", "printed": "The notebook printed", "drawn": "The notebook drew",
        "widget": "(a live widget: run the notebook)",
        "worksheet_intro": "Write your guess before the cell is run. Then run it and compare.",
        "answers_intro": "The answers as the guide gives them, and what the notebook's own cell printed when it "
                         "was last run (the outputs the tests check).",
        "run_intro": "One row per step of the deck, from the notebooks' slide metadata. Keys: "
                     "<b>Space</b> always goes on to the next step (Shift+Space back); <b>→</b> jumps to the next "
                     "main slide, skipping sub-slides; <b>↓</b> opens the next sub-slide; <b>Esc</b> leaves the deck. "
                     "Run the notebook first (Run → Run All Cells), click its title, start the deck.",
        "key": "Key", "slide": "Slide", "shows": "What it shows", "question": "★ ask", "code": "code",
        "steps": "{n} steps", "hidden": "(its cell is skipped on the slides: show it in the notebook, Esc)",
        "notes": "speaker notes: the exercise solutions (folded in the notebook, not projected)",
        "network_title": "The network: 784 → 16 → 16 → 10",
        "network_caption": "{params:,} parameters: {detail}. Each line is a weight, each neuron in the hidden and "
                           "output layers has a bias. Input: the 28 × 28 = 784 pixels of the digit "
                           "(printed dark on light here; MNIST stores white ink on black).",
        "formula_title": "One layer, one line",
        "formula_terms": [("a", "the activations of the layer before (784, 16 or 16 numbers, each 0–1)"),
                          ("W", "the weight matrix: row n holds the weights into neuron n"),
                          ("b", "the biases, one per neuron"),
                          ("σ", "the sigmoid: σ(z) = 1 / (1 + e<sup>−z</sup>), squashes any number into 0–1"),
                          ("a′", "the activations of the next layer")],
        "words_title": "The words", "english": "English", "chinese": "中文", "where": "",
        "layers": ["input layer", "hidden layer 1", "hidden layer 2", "output layer"],
        "neurons": "{n} neurons", "from_notebook": "notebook {n}",
        "index_intro": "Printable pages for the lesson of notebooks {first}–{last} (print from the browser, A4; "
                       "<code>make kit</code> also makes a PDF of each).",
    },
    "zh-CN": {
        "lang": "zh-CN", "kit": "教师资料", "lesson": "神经网络是什么？",
        "handout": "学生讲义", "worksheet": "练习单：先预测，再运行", "answers": "答案", "run-sheet": "放映流程单",
        "name": "姓名：", "notebook": "笔记本", "section": "", "ask": "在这个单元格运行之前问",
        "answer": "答案", "printed": "笔记本里这个单元格的输出", "drawn": "笔记本里这个单元格画的图",
        "widget": "（交互控件：请运行笔记本）",
        "worksheet_intro": "先写下你的猜测，再运行这个单元格，对一对。",
        "answers_intro": "答案取自教师指南；下面是笔记本里这个单元格最近一次运行的输出（也就是测试核对的那些输出）。",
        "run_intro": "放映的每一步占一行，按笔记本里的幻灯片元数据生成。按键：<b>空格</b>总是走到下一步"
                     "（Shift+空格 退回）；<b>→</b> 跳到下一张主幻灯片，跳过子幻灯片；<b>↓</b> 打开下一张子幻灯片；"
                     "<b>Esc</b> 退出放映。先运行笔记本（Run → Run All Cells），点一下标题，再开始放映。",
        "key": "按键", "slide": "页", "shows": "内容", "question": "★ 提问", "code": "代码",
        "steps": "共 {n} 步", "hidden": "（这个单元格在幻灯片上被跳过了：按 Esc 在笔记本里给学生看）",
        "notes": "演讲者备注：练习的答案（在笔记本里折叠着，不投到屏幕上）",
        "network_title": "网络：784 → 16 → 16 → 10",
        "network_caption": "共 {params:,} 个参数：{detail}。每条连线是一个权重，隐藏层和输出层的每个神经元各有一个偏置。"
                           "输入是数字图像的 28 × 28 = 784 个像素（这里印成浅底深色；MNIST 存的是黑底白字）。",
        "formula_title": "一层，一行公式",
        "formula_terms": [("a", "前一层的激活值（784、16 或 16 个数，每个在 0 和 1 之间）"),
                          ("W", "权重矩阵：第 n 行是连到第 n 个神经元的权重"),
                          ("b", "偏置，每个神经元一个"),
                          ("σ", "sigmoid 函数：σ(z) = 1 / (1 + e<sup>−z</sup>)，把任何数压缩到 0–1 之间"),
                          ("a′", "下一层的激活值")],
        "words_title": "术语对照", "english": "English", "chinese": "中文", "where": "",
        "layers": ["输入层", "隐藏层 1", "隐藏层 2", "输出层"],
        "neurons": "{n} 个神经元", "from_notebook": "笔记本 {n}",
        "index_intro": "笔记本 {first}–{last} 这节课的打印资料（在浏览器里按 A4 打印；<code>make kit</code> 还会给每份生成 PDF）。",
    },
}


class KitError(ValueError):
    """The guide and the notebooks disagree: a ★ question that cannot be placed."""


# ---- reading the guide and the notebooks ------------------------------------------------------

@dataclass
class Question:
    notebook: str               # "04"
    section: str
    anchor: str                 # the first code of the cell the question comes before
    question: str
    answer: str                 # markdown (bold, code) as the guide has it
    path: Path | None = None
    heading: str = ""           # the notebook's own heading of the section
    cell: int | None = None     # index of that cell in the notebook
    outputs: list = field(default_factory=list)     # [("text", str) | ("png", base64) | ("widget", "")]


def bullets(markdown: str) -> list[tuple[int, str]]:
    """(offset, text) of each top-level '- ' bullet, its indented continuation lines joined by spaces."""
    found, current, offset = [], None, 0
    for line in markdown.splitlines(keepends=True):
        if line.startswith("- "):
            current = [offset, line.strip()]
            found.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current[1] += " " + line.strip()
        else:
            current = None
        offset += len(line)
    return [(o, text) for o, text in found]


def guide_questions(language: str, guide: Path | None = None) -> list[Question]:
    """Every ★ bullet of the guide of `language`, in order; a ★ bullet not in the grammar is an error."""
    guide = guide or GUIDES[language]
    text = guide.read_text(encoding="utf-8")
    headings = [(m.start(), m.group(1)) for m in GUIDE_NOTEBOOK.finditer(text)]
    found = []
    for offset, bullet in bullets(text):
        if not bullet.startswith("- ★"):
            continue
        match = STAR[language].match(bullet)
        if match is None:
            raise KitError(f"{guide.name}: a ★ bullet not in the form the kit reads (see tools/teacher_kit.py): "
                           f"{bullet[:120]!r}")
        notebook = match.groupdict().get("notebook") or next(
            (n for start, n in reversed(headings) if start < offset), None)
        if notebook is None:
            raise KitError(f"{guide.name}: the ★ bullet {bullet[:60]!r} is under no '## NN · ' notebook heading")
        found.append(Question(notebook, match["section"].strip(), match["anchor"].strip(),
                              match["question"].strip(), match["answer"].strip()))
    return found


def notebook_path(language: str, number: str, root: Path = ROOT) -> Path:
    folder = root / class_links.EDITIONS[language][0]
    matches = sorted(folder.glob(f"{number}-*.ipynb"))
    if not matches:
        raise KitError(f"no notebook {number} in {folder}")
    return matches[0]


def headings_of(source: str) -> list[str]:
    return [m.group(1) for line in source.splitlines() if (m := HEADING.match(line))]


def cell_outputs(cell) -> list[tuple[str, str]]:
    """What a code cell stored: printed text, pictures (base64 PNG), or a widget (live only)."""
    shown = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            shown.append(("text", out["text"]))
        elif WIDGET_MIME in data:
            shown.append(("widget", ""))
        elif "image/png" in data:
            shown.append(("png", data["image/png"].replace("\n", "")))
        elif "text/plain" in data:
            shown.append(("text", data["text/plain"]))
    merged = []                          # print() calls arrive as several stream pieces: one block
    for kind, value in shown:
        if merged and kind == "text" and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + value)
        else:
            merged.append((kind, value))
    return merged


def place(question: Question, language: str, root: Path = ROOT) -> Question:
    """Find the question's cell: the first code cell containing its anchor after the heading of its section."""
    path = notebook_path(language, question.notebook, root)
    nb = nbformat.read(path, as_version=4)
    start = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                  and any(h.startswith(question.section) for h in headings_of(c.source))), None)
    if start is not None:
        question.heading = next(h for h in headings_of(nb.cells[start].source) if h.startswith(question.section))
    else:
        raise KitError(f"{GUIDES[language].name}: ★ question of {question.notebook} names the section "
                       f"{question.section!r}, but {path.relative_to(root)} has no heading starting so")
    code = question.anchor.split("...")[0].rstrip(", ")       # `f(ONE_KNOB, ...)`: the part before the dots
    cell = next((i for i in range(start, len(nb.cells)) if nb.cells[i].cell_type == "code"
                 and code in nb.cells[i].source), None)
    if cell is None:
        raise KitError(f"{GUIDES[language].name}: ★ question of {question.notebook} ({question.section!r}) comes "
                       f"before a cell with `{question.anchor}`, but no code cell after that heading in "
                       f"{path.relative_to(root)} has it")
    question.path, question.cell, question.outputs = path, cell, answer_outputs(nb.cells, cell)
    return question


def answer_outputs(cells, first: int) -> list[tuple[str, str]]:
    """What the answer cell and the code cells shown with it (no slide start of their own, as
    10's timing and its printout, split to fit a slide) stored."""
    shown, i = cell_outputs(cells[first]), first + 1
    while i < len(cells) and cells[i].cell_type == "code" \
            and cells[i].metadata.get("slideshow", {}).get("slide_type", "-") == "-":
        shown += cell_outputs(cells[i])
        i += 1
    return shown


def questions(language: str, notebooks=LESSON, root: Path = ROOT) -> list[Question]:
    """The ★ questions of the lesson's notebooks, each placed in its notebook, in guide order."""
    return [place(q, language, root) for q in guide_questions(language) if q.notebook in notebooks]


@dataclass
class Step:
    """One step of the deck: a slide, sub-slide or fragment, with the cells it shows."""
    kind: str                   # "slide" | "subslide" | "fragment" | "notes"
    number: str                 # "3", "3.1", "3.1+"
    title: str
    cells: list[int] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)     # cells skipped on the slides while this step shows


def plain(markdown: str, limit: int = 70) -> str:
    """The first line of a markdown cell as plain text: no #, **, `, links or HTML."""
    line = next((l for l in markdown.splitlines() if l.strip() and not l.lstrip().startswith("<")), "")
    line = re.sub(r"^\s*#+\s*", "", line)
    run_in = re.match(r"\s*\*\*([^*]*[^\W\d_][^*]{0,60}?)\*\*", line)
    if run_in:        # "**Masks.** Comparing an array ..." -> "Masks." (not "**2.**" of an exercise: the text)
        line = run_in.group(1)
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"<[^>]+>", "", line)
    return shorten(re.sub(r"[*`]+", "", line).replace("$", ""), limit)


def shorten(line: str, limit: int = 70) -> str:
    """One line, its runs of spaces made one, cut at `limit` characters with an ellipsis."""
    line = re.sub(r"\s+", " ", line).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def deck_steps(nb) -> list[Step]:
    """The deck as the presenter steps through it: every slide, sub-slide and fragment start, from
    the cells' metadata.slideshow.slide_type; cells with no type continue the step before; skipped
    cells are not shown; notes become a step of their own kind (not projected)."""
    steps: list[Step] = []
    h = v = 0
    for i, cell in enumerate(nb.cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if kind == "skip":
            if steps:
                steps[-1].hidden.append(i)
            continue
        first_code = cell.source.splitlines()[0].split("  #")[0] if cell.source else ""    # without its comment
        title = plain(cell.source) if cell.cell_type == "markdown" else shorten(first_code)
        if kind == "slide" or (kind is None and not steps):
            h, v = h + 1, 0
            steps.append(Step("slide", str(h), title, [i]))
        elif kind == "subslide":
            v += 1
            steps.append(Step("subslide", f"{h}.{v}", title, [i]))
        elif kind == "fragment":
            steps.append(Step("fragment", (f"{h}.{v}" if v else str(h)) + "+", title, [i]))
        elif kind == "notes":
            steps.append(Step("notes", "", title, [i]))
        else:
            steps[-1].cells.append(i)
    return steps


def terms(language: str, notebooks=LESSON, root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(English, 中文, note) for the handout: notebook 00's table of words (with its notes, in the
    edition's language), then every **term** (中文) of the lesson's English notebooks not yet there."""
    table = []
    start = nbformat.read(notebook_path(language, "00", root), as_version=4)
    for cell in start.cells:
        rows = [line for line in cell.source.splitlines() if line.startswith("|")]
        header = [c.strip() for c in rows[0].strip("|").split("|")] if rows else []
        if cell.cell_type != "markdown" or len(rows) < 3 or not {"English", "中文"} <= set(header):
            continue
        english, chinese = header.index("English"), header.index("中文")
        for row in rows[2:]:
            cols = [c.strip() for c in row.strip("|").split("|")]
            table.append((cols[english], cols[chinese], cols[2] if len(cols) > 2 else ""))
        break
    if not table:
        raise KitError(f"notebook 00 ({language}) has no table of words with English and 中文 columns")
    known = " ".join(e for e, _, _ in table).lower()
    known_chinese = " ".join(z for _, z, _ in table)
    for number in notebooks:
        nb = nbformat.read(notebook_path("en", number, root), as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for m in TERM.finditer(cell.source):
                english = m.group(1).strip()
                singular = english.lower().rstrip("s")
                if singular not in known and m.group(2) not in known_chinese:
                    table.append((english, m.group(2), TEXT[language]["from_notebook"].format(n=number)))
                    known += " " + english.lower()
                    known_chinese += " " + m.group(2)
    return table


# ---- the pages ------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 13mm 14mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; color: #111; }
html:lang(zh-CN) { font-family: "Noto Sans CJK SC", "DejaVu Sans", sans-serif; }
body { margin: 0 auto; max-width: 190mm; padding: 6mm 0; line-height: 1.38; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 4mm 0 1.5mm; border-bottom: 0.4pt solid #999; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
.kicker { color: #555; font-size: 9pt; margin: 0; }
.name { width: 75mm; margin: 1mm 0 3mm auto; padding-bottom: 5mm; border-bottom: 0.6pt solid #333; }
code, pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 8.6pt; }
pre { white-space: pre-wrap; margin: 1mm 0; padding: 1.5mm 2mm; background: #f3f3f3; border-left: 0.8mm solid #bbb; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.8mm 1.5mm; border-bottom: 0.3pt solid #ccc; }
th { font-size: 9pt; color: #444; border-bottom: 0.6pt solid #666; }
tr, .question, figure { break-inside: avoid; }
.question { margin: 0 0 3mm; padding: 2mm 3mm; border: 0.4pt solid #aaa; border-radius: 1.5mm; }
.question .where { font-size: 8.6pt; color: #555; }
.write { height: 16mm; border-bottom: 0.4pt dashed #999; }
.answer b, .answer strong { color: #000; }
.picture img { max-width: 100%; max-height: 70mm; }
.network svg { width: 100%; height: auto; }
.network figcaption, .small { font-size: 8.6pt; color: #333; }
.formula { font-size: 15pt; text-align: center; margin: 1mm 0 1.5mm; font-family: "DejaVu Serif", "Noto Serif CJK SC", serif; }
.formula i { font-style: italic; }
.terms-grid { columns: 2; column-gap: 6mm; }
.terms-grid table { font-size: 9.6pt; }
.run td.key { font-weight: bold; white-space: nowrap; text-align: center; width: 12mm; }
.run td.num { color: #555; white-space: nowrap; width: 12mm; }
.run tr.slide td { border-top: 0.6pt solid #666; }
.run tr.notes td { color: #777; font-style: italic; }
.run td.shows { width: 40%; }
.run .ask b { color: #000; }
.index li { margin: 1mm 0; }
@media screen { body { padding: 8mm 6mm; } .question { background: #fafafa; } }
"""


def inline_markdown(text: str) -> str:
    """The guide's inline markdown (**bold**, *italic*, `code`) as HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<![*\w])\*([^*]+?)\*(?![*\w])", r"<i>\1</i>", out)


def page(language: str, document: str, body: str, title: str | None = None) -> str:
    """A kit page: its kicker (kit · lesson · document), its title (the document's name unless given), body."""
    t = TEXT[language]
    title = title or t[document]
    return (f'<!DOCTYPE html>\n<html lang="{t["lang"]}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            f'<title>{html.escape(t[document])} · {html.escape(t["lesson"])}</title><style>{STYLE}</style></head>\n'
            f'<body class="{document}"><p class="kicker">{html.escape(t["kit"])} · {html.escape(t["lesson"])}'
            + (f' · {html.escape(t[document])}' if document != "kit" else "")
            + f'</p>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n')


def network_svg(sizes, digit, language: str) -> str:
    """The layers as columns of circles (at most 16 drawn, '⋮' for the rest), every drawn pair of
    neighbouring layers joined, and the 28 × 28 input digit beside the input layer."""
    t = TEXT[language]
    width, height, top, rows = 760, 318, 34, 16
    xs = [250, 395, 540, 685]
    shown = [min(n, rows) for n in sizes]
    step = (height - 2 * top - 40) / (rows - 1)

    def ys(n_shown):
        middle = top + (rows - 1) * step / 2
        return [middle + (k - (n_shown - 1) / 2) * step for k in range(n_shown)]

    parts = [f'<svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-label="{html.escape(t["network_title"])}">']
    for (x0, n0), (x1, n1) in zip(zip(xs, shown), zip(xs[1:], shown[1:])):
        for y0 in ys(n0):
            for y1 in ys(n1):
                parts.append(f'<line x1="{x0}" y1="{y0:.1f}" x2="{x1}" y2="{y1:.1f}" stroke="#c8c8c8" stroke-width="0.4"/>')
    for layer, (x, n, n_all) in enumerate(zip(xs, shown, sizes)):
        for k, y in enumerate(ys(n)):
            parts.append(f'<circle cx="{x}" cy="{y:.1f}" r="6.2" fill="white" stroke="#222" stroke-width="1"/>')
            if layer == len(sizes) - 1:
                parts.append(f'<text x="{x + 12}" y="{y + 3.6:.1f}" font-size="10">{k}</text>')
        if n < n_all:
            for y in (ys(n)[0] - 10, ys(n)[-1] + 24):          # baselines: the dots sit clear of the circles
                parts.append(f'<text x="{x}" y="{y:.1f}" font-size="12" text-anchor="middle">⋮</text>')
        label_y = top + (rows - 1) * step + 44
        parts.append(f'<text x="{x}" y="{label_y:.0f}" font-size="11.5" text-anchor="middle" font-weight="bold">'
                     f'{html.escape(t["layers"][layer])}</text>')
        parts.append(f'<text x="{x}" y="{label_y + 15:.0f}" font-size="11" text-anchor="middle">'
                     f'{html.escape(t["neurons"].format(n=n_all))}</text>')
    cell, x0, y0 = 5.4, 20, top + 30
    parts.append(f'<rect x="{x0 - 1}" y="{y0 - 1}" width="{28 * cell + 2}" height="{28 * cell + 2}" fill="white" stroke="#888"/>')
    for r in range(28):
        for c in range(28):
            v = float(digit[r * 28 + c])
            if v > 0.02:
                grey = int(round(255 * (1 - v)))
                parts.append(f'<rect x="{x0 + c * cell:.1f}" y="{y0 + r * cell:.1f}" width="{cell + 0.05:.2f}" '
                             f'height="{cell + 0.05:.2f}" fill="rgb({grey},{grey},{grey})"/>')
    parts.append(f'<line x1="{x0 + 28 * cell + 4}" y1="{y0 + 14 * cell}" x2="{xs[0] - 12}" y2="{y0 + 14 * cell}" '
                 f'stroke="#888" stroke-width="1" stroke-dasharray="3 3"/>')
    parts.append(f'<text x="{x0 + 14 * cell}" y="{y0 + 28 * cell + 16}" font-size="10.5" text-anchor="middle">28 × 28 = 784</text>')
    parts.append("</svg>")
    return "".join(parts)


def handout(language: str, notebooks=LESSON, root: Path = ROOT) -> str:
    from mlp_core import load_pretrained, load_sample

    t = TEXT[language]
    net = load_pretrained()
    images, _ = load_sample()
    counts = [(w.size, b.size) for w, b in zip(net.weights, net.biases)]
    params = sum(w + b for w, b in counts)
    detail = " + ".join(f"{n_in}·{n_out} + {n_out}" for n_in, n_out in zip(net.sizes, net.sizes[1:]))
    formula_terms = "".join(f"<tr><td><i>{name}</i></td><td>{meaning}</td></tr>" for name, meaning in t["formula_terms"])
    rows = "".join(f"<tr><td>{inline_markdown(e)}</td><td>{inline_markdown(z)}</td><td class='small'>"
                   f"{inline_markdown(note)}</td></tr>" for e, z, note in terms(language, notebooks, root))
    body = f"""
<figure class="network">{network_svg(net.sizes, images[4], language)}
<figcaption>{html.escape(t["network_caption"].format(params=params, detail=detail))}</figcaption></figure>
<h2>{html.escape(t["formula_title"])}</h2>
<p class="formula"><i>a</i>′ = σ(<i>W</i> <i>a</i> + <i>b</i>)</p>
<table class="small">{formula_terms}</table>
<h2>{html.escape(t["words_title"])}</h2>
<div class="terms-grid"><table><tr><th>{t["english"]}</th><th>{t["chinese"]}</th><th></th></tr>{rows}</table></div>
"""
    return page(language, "handout", body, title=t["lesson"])


def where(question: Question, language: str, cell: bool = True) -> str:
    """Where the question is asked: notebook and section (and, for the teacher, the cell's first code)."""
    t = TEXT[language]
    at = f' · {t["ask"]} <code>{html.escape(question.anchor)}</code>' if cell else ""
    return f'<span class="where">{t["notebook"]} {question.notebook} · {html.escape(question.heading)}{at}</span>'


def worksheet(language: str, found: list[Question]) -> str:
    t = TEXT[language]
    items = "".join(f'<div class="question"><b>{k}.</b> {inline_markdown(q.question)}<br>'
                    f'{where(q, language, cell=False)}<div class="write"></div></div>' for k, q in enumerate(found, 1))
    body = f'<p class="name">{t["name"]}</p><p>{t["worksheet_intro"]}</p>{items}'
    return page(language, "worksheet", body)


def outputs_html(question: Question, language: str) -> str:
    t = TEXT[language]
    shown = []
    for kind, value in question.outputs:
        if kind == "text":
            shown.append(f'<p class="small">{t["printed"]}:</p><pre>{html.escape(value.rstrip())}</pre>')
        elif kind == "png":
            shown.append(f'<p class="small">{t["drawn"]}:</p><p class="picture">'
                         f'<img alt="" src="data:image/png;base64,{value}"></p>')
        else:
            shown.append(f'<p class="small">{t["widget"]}</p>')
    return "".join(shown)


def answers(language: str, found: list[Question]) -> str:
    t = TEXT[language]
    items = "".join(f'<div class="question"><b>{k}.</b> {inline_markdown(q.question)}<br>{where(q, language)}'
                    f'<p class="answer">{t["answer"]}: {inline_markdown(q.answer)}</p>{outputs_html(q, language)}</div>'
                    for k, q in enumerate(found, 1))
    return page(language, "answers", f"<p>{t['answers_intro']}</p>{items}")


KEYS = {"slide": "→", "subslide": "↓", "fragment": "Space", "notes": ""}


def run_sheet(language: str, found: list[Question], notebooks=LESSON, root: Path = ROOT) -> str:
    t = TEXT[language]
    sections = []
    for number in notebooks:
        path = notebook_path(language, number, root)
        nb = nbformat.read(path, as_version=4)
        steps = deck_steps(nb)
        asked = {q.cell: q for q in found if q.path == path}
        rows = []
        for step in steps:
            if step.kind == "notes":
                rows.append(f'<tr class="notes"><td></td><td></td><td colspan="2">{t["notes"]}</td></tr>')
                continue
            ask = "".join(f'<div>{inline_markdown(asked[i].question)} — {inline_markdown(asked[i].answer)}'
                          f'{"" if i in step.cells else " " + t["hidden"]}</div>'
                          for i in sorted(step.cells + step.hidden) if i in asked)
            first = nb.cells[step.cells[0]]
            what = html.escape(step.title) if first.cell_type == "markdown" else \
                f'{t["code"]}: <code>{html.escape(step.title)}</code>'
            rows.append(f'<tr class="{step.kind}"><td class="key">{KEYS[step.kind]}</td><td class="num">{step.number}'
                        f'</td><td class="shows">{what}</td><td class="ask">{ask}</td></tr>')
        title = next((h for c in nb.cells if c.cell_type == "markdown" for h in headings_of(c.source)), path.stem)
        shown = sum(s.kind != "notes" for s in steps)
        sections.append(f'<h2>{html.escape(title)} <span class="small">({t["steps"].format(n=shown)})</span></h2>'
                        f'<table class="run"><tr><th>{t["key"]}</th><th>{t["slide"]}</th><th>{t["shows"]}</th>'
                        f'<th>{t["question"]}</th></tr>{"".join(rows)}</table>')
    return page(language, "run-sheet", f"<p>{t['run_intro']}</p>{''.join(sections)}")


def index_page(languages, notebooks, pdfs: bool) -> str:
    items = []
    for language in languages:
        t = TEXT[language]
        links = "".join(f'<li><a href="{language}/{d}.html">{html.escape(t[d])}</a>'
                        + (f' · <a href="{language}/{d}.pdf">PDF</a>' if pdfs else "") + "</li>" for d in DOCUMENTS)
        items.append(f'<section lang="{language}"><h2>{class_links.EDITIONS[language][1]}</h2>'
                     f'<p>{t["index_intro"].format(first=notebooks[0], last=notebooks[-1])}</p>'
                     f'<ul class="index">{links}</ul></section>')
    return page("en", "kit", "".join(items)).replace("<h1>Teacher's kit</h1>", "<h1>Teacher's kit · 教师资料</h1>")


def build(out: Path, notebooks=LESSON, languages=None, root: Path = ROOT, pdfs: bool = False) -> dict[str, Path]:
    """Write the kit's pages under `out` ({language}/{document}.html and index.html, which links the
    PDFs when `pdfs`: print_pdfs makes them); returns {name: path}."""
    languages = languages or [code for code in class_links.EDITIONS if (root / class_links.EDITIONS[code][0]).is_dir()]
    written = {}
    for language in languages:
        found = questions(language, notebooks, root)
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        documents = {"handout": handout(language, notebooks, root), "worksheet": worksheet(language, found),
                     "answers": answers(language, found), "run-sheet": run_sheet(language, found, notebooks, root)}
        for name, text in documents.items():
            path = folder / f"{name}.html"
            path.write_text(text, encoding="utf-8")
            written[f"{language}/{name}"] = path
    (out / "index.html").write_text(index_page(languages, notebooks, pdfs), encoding="utf-8")
    written["index"] = out / "index.html"
    return written


def print_pdfs(pages: dict[str, Path]) -> dict[str, Path]:
    """Print every page to a PDF beside it with Debian's Chromium (A4, the page's own @page margins)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"teacher_kit: {CHROMIUM} is needed to print the PDFs (Debian: apt-get install chromium)")
    pdfs = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-background-networking", "--disable-component-update"])
        try:
            tab = browser.new_page()
            for name, path in pages.items():
                if name == "index":
                    continue
                tab.goto(path.resolve().as_uri(), wait_until="load")
                tab.evaluate("document.fonts.ready.then(() => true)")
                pdf = path.with_suffix(".pdf")
                tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                pdfs[name] = pdf
        finally:
            browser.close()
    return pdfs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site" / "kit", help="output folder (default: _site/kit)")
    parser.add_argument("--pdf", action="store_true", help="also print each page to a PDF beside it (Chromium)")
    parser.add_argument("--notebooks", nargs="+", default=list(LESSON), metavar="NN",
                        help="the lesson's notebooks by number (default: 01 to 08, the 90-minute lesson)")
    args = parser.parse_args(argv)
    try:
        pages = build(args.out, tuple(n.zfill(2) for n in args.notebooks), pdfs=args.pdf)
    except KitError as err:
        raise SystemExit(f"teacher_kit: {err}") from None
    made = print_pdfs(pages) if args.pdf else {}
    for name, path in pages.items():
        pdf = made.get(name)
        print(f"{path}" + (f"  + {pdf.name} ({pdf.stat().st_size // 1024} kB)" if pdf else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
