"""tools/teacher_kit.py: the handout, worksheet, answer key and run sheet, in English and 简体中文.

The unit tests check that every ★ question of both guides is found in its notebook, that the
answers and the run sheet follow the notebooks (change a stored output or a slide type and the
kit changes with it), and that a guide drifting from its notebook stops the build. The slow test
prints the PDFs with Chromium and reads them back with poppler's pdfinfo/pdftotext/pdffonts.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import load_tool

kit = load_tool("teacher_kit")
ROOT = Path(__file__).resolve().parent.parent
EVERY = tuple(f"{n:02d}" for n in range(1, 13))
LANGUAGES = ("en", "zh-CN")


def squeeze(text: str) -> str:
    """Text without whitespace: a PDF breaks lines where the page does."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def placed():
    return {language: kit.questions(language, EVERY) for language in LANGUAGES}


@pytest.fixture
def copy_root(tmp_path):
    """A copy of the notebooks and guides, to change without touching the repository's."""
    for folder in ("notebooks", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.png"))
    return tmp_path


def test_every_star_question_of_both_guides_is_found_before_its_cell(placed):
    for language in LANGUAGES:
        found = placed[language]
        bullets = re.findall(r"^- ★", kit.GUIDES[language].read_text(encoding="utf-8"), re.M)
        assert len(found) == len(bullets) >= 18 and {q.notebook for q in found} == set(EVERY)
        lesson = [q for q in found if q.notebook in kit.LESSON]
        assert len(lesson) == 11                    # docs/teaching.md: "the 11 predict questions marked ★"
        for q in found:
            nb = nbformat.read(q.path, as_version=4)
            assert q.anchor.split("...")[0].rstrip(", ") in nb.cells[q.cell].source
            assert nb.cells[q.cell].cell_type == "code" and q.heading.startswith(q.section)
            assert q.outputs, f"{q.path.name} cell {q.cell} stores no output to answer {q.question!r}"


def test_the_two_editions_ask_the_same_questions_at_the_same_cells(placed):
    english, chinese = placed["en"], placed["zh-CN"]
    assert [(q.notebook, q.anchor) for q in english] == [(q.notebook, q.anchor) for q in chinese]
    for en, zh in zip(english, chinese):
        assert [kind for kind, _ in en.outputs] == [kind for kind, _ in zh.outputs]
        assert re.search(r"[\u4e00-\u9fff]", zh.question) and not re.search(r"[\u4e00-\u9fff]", en.question)


def test_a_star_bullet_out_of_form_or_pointing_at_a_missing_cell_stops_the_build(copy_root):
    guide = copy_root / "docs" / "teaching.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("before `column = grid.reshape(784)`", "before `column = grid.ravel()`"),
                     encoding="utf-8")
    q = next(q for q in kit.guide_questions("en", guide) if q.anchor == "column = grid.ravel()")
    with pytest.raises(kit.KitError, match=r"column = grid\.ravel\(\).*01-pixels-as-neurons"):
        kit.place(q, "en", copy_root)
    q.anchor, q.section = "column = grid.reshape(784)", "Rolled into one row"
    with pytest.raises(kit.KitError, match="Rolled into one row"):
        kit.place(q, "en", copy_root)
    guide.write_text(text.replace("- ★ In *Unrolled into one column*, before", "- ★ In Unrolled, before"),
                     encoding="utf-8")
    with pytest.raises(kit.KitError, match="not in the form"):
        kit.guide_questions("en", guide)


def test_the_answer_key_quotes_the_cells_stored_output_and_follows_it(copy_root, monkeypatch):
    monkeypatch.setitem(kit.GUIDES, "en", copy_root / "docs" / "teaching.md")
    found = kit.questions("en", root=copy_root)
    key = kit.answers("en", found)
    for q in found:
        assert inline(q.question) in key and kit.inline_markdown(q.answer) in key
        for kind, value in q.outputs:
            assert (html.escape(value.rstrip()) if kind == "text" else value) in key
    assert "neuron 212: activation 0.9922" in key
    # the notebook's output changes (a re-run with other numbers): the key changes with it
    path = found[1].path
    nb = nbformat.read(path, as_version=4)
    nb.cells[found[1].cell].outputs[0]["text"] = "neuron 213: activation 0.5000\n"
    nbformat.write(nb, path)
    again = kit.answers("en", kit.questions("en", root=copy_root))
    assert "neuron 213: activation 0.5000" in again and "neuron 212: activation" not in again


def inline(text: str) -> str:
    return kit.inline_markdown(text)


def test_the_worksheet_asks_every_question_and_gives_no_answer(placed):
    for language in LANGUAGES:
        lesson = [q for q in placed[language] if q.notebook in kit.LESSON]
        sheet = kit.worksheet(language, lesson)
        assert sheet.count('class="question"') == len(lesson)
        for q in lesson:
            assert inline(q.question) in sheet and html.escape(q.heading) in sheet
            assert inline(q.answer) not in sheet
            for _kind, value in q.outputs:
                assert value.strip() not in sheet
        assert 'class="answer"' not in sheet and "<pre>" not in sheet
        assert "Ask before" not in sheet and "运行之前问" not in sheet     # the cell is for the teacher


def test_the_run_sheet_has_a_row_per_step_of_the_slide_metadata_and_follows_it(copy_root, monkeypatch):
    for language in LANGUAGES:
        found = kit.questions(language, root=ROOT)
        sheet = kit.run_sheet(language, found)
        rows = re.findall(r'<tr class="(slide|subslide|fragment|notes)">', sheet)
        every = [c.metadata.get("slideshow", {}).get("slide_type") for number in kit.LESSON
                 for c in nbformat.read(kit.notebook_path(language, number), as_version=4).cells]
        for kind in ("slide", "subslide", "fragment", "notes"):
            assert rows.count(kind) == every.count(kind), (language, kind)
        for q in found:
            if q.notebook in kit.LESSON:
                assert inline(q.question) in sheet
    # an answer cell that arrives on the next Space (a fragment): the run sheet gives it a row of its own
    monkeypatch.setitem(kit.GUIDES, "en", copy_root / "docs" / "teaching.md")
    found = kit.questions("en", root=copy_root)
    q = next(q for q in found if q.anchor == "column = grid.reshape(784)")
    nb = nbformat.read(q.path, as_version=4)
    nb.cells[q.cell].metadata["slideshow"] = {"slide_type": "fragment"}
    nbformat.write(nb, q.path)
    sheet = kit.run_sheet("en", kit.questions("en", root=copy_root), root=copy_root)
    fragment = next(row for row in re.findall(r'<tr class="fragment">(.*?)</tr>', sheet, re.S)
                    if inline(q.question) in row)
    assert ">Space<" in fragment and ">4+<" in fragment and html.escape(q.anchor) in fragment


def test_a_question_whose_cell_is_skipped_on_the_slides_says_so(placed):
    sheet = kit.run_sheet("en", placed["en"])
    sigma = next(q for q in placed["en"] if q.anchor == "def sigma(z)")
    nb = nbformat.read(sigma.path, as_version=4)
    skipped = nb.cells[sigma.cell].metadata.get("slideshow", {}).get("slide_type") == "skip"
    row = next(r for r in re.findall(r"<tr.*?</tr>", sheet, re.S) if inline(sigma.question) in r)
    assert ("skipped on the slides" in row) == skipped


def test_the_handout_has_the_network_the_formula_and_the_words_of_both_editions():
    from mlp_core import load_pretrained

    net = load_pretrained()
    params = sum(w.size + b.size for w, b in zip(net.weights, net.biases))
    for language in LANGUAGES:
        words = kit.terms(language)
        chinese = [z for _, z, _ in words]
        assert len(chinese) == len(set(chinese)), "a Chinese term twice"
        for needed in ("激活值", "权重", "偏置", "加权和", "权重矩阵"):
            assert any(needed in z for z in chinese), needed
        page = kit.handout(language)
        assert f"{params:,}" in page and "σ(<i>W</i> <i>a</i> + <i>b</i>)" in page
        assert page.count("<circle") == sum(min(n, 16) for n in net.sizes)
        for english, zh, _ in words:
            assert kit.inline_markdown(english) in page and kit.inline_markdown(zh) in page


def _poppler(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(pdf), *(["-"] if tool == "pdftotext" else [])], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.slow
def test_the_pdfs_print_with_their_pages_words_and_fonts(tmp_path):
    if not Path(kit.CHROMIUM).is_file() or shutil.which("pdftotext") is None:
        pytest.skip("needs /usr/bin/chromium and poppler-utils (pdftotext): .ci/run installs both")
    # As a teacher makes them (`make kit`), in a process of its own: Playwright's sync API cannot start
    # inside a pytest run whose browser tests already drive Chromium ("Sync API inside the asyncio loop").
    made = subprocess.run([sys.executable, str(ROOT / "tools" / "teacher_kit.py"), "--out", str(tmp_path), "--pdf"],
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr[-3000:]
    pages = kit.build(tmp_path / "pages-again", pdfs=True)     # the names and places the tool writes
    pdfs = {name: tmp_path / path.relative_to(tmp_path / "pages-again").with_suffix(".pdf")
            for name, path in pages.items() if name != "index"}
    assert all(pdf.is_file() for pdf in pdfs.values()), sorted(str(p) for p in tmp_path.rglob("*.pdf"))
    assert sorted(pdfs) == sorted(f"{language}/{d}" for language in LANGUAGES for d in kit.DOCUMENTS)
    # Pages: the handout is one sheet; the others have room to grow but not to sprawl.
    most = {"handout": 1, "worksheet": 3, "answers": 6, "run-sheet": 8}
    for name, pdf in pdfs.items():
        pages_printed = int(re.search(r"Pages:\s+(\d+)", _poppler("pdfinfo", pdf)).group(1))
        document = name.split("/")[1]
        assert 1 <= pages_printed <= most[document], (name, pages_printed)
        if document == "handout":
            assert pages_printed == 1
        fonts = _poppler("pdffonts", pdf).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), f"{name}: a font not embedded"
    for language in LANGUAGES:
        found = [q for q in kit.questions(language) if q.notebook in kit.LESSON]
        text = {d: squeeze(_poppler("pdftotext", pdfs[f"{language}/{d}"])) for d in kit.DOCUMENTS}
        printed = squeeze(_poppler("pdftotext", pdfs[f"{language}/answers"], "-layout"))   # the outputs' lines kept
        # in the order Chromium wrote it, cell by cell: a table's wrapped columns are not interleaved
        text["run-sheet"] = squeeze(_poppler("pdftotext", pdfs[f"{language}/run-sheet"], "-raw"))
        for term in ("784", "13,002", "激活值", "权重", "偏置", "加权和", "activation", "weight", "bias",
                     "weightedsum", "a′=σ(Wa+b)"):
            assert term in text["handout"], (language, term)
        for q in found:
            asked = squeeze(re.sub(r"[*`]", "", q.question))
            assert asked in text["worksheet"] and asked in text["answers"] and asked in text["run-sheet"]
            for kind, value in q.outputs:
                if kind == "text":
                    assert squeeze(value)[:40] in printed
        for number in kit.LESSON:
            assert f"{number}·" in text["run-sheet"] or f"{int(number)}·" in text["run-sheet"]
