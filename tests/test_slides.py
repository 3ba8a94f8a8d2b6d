"""tools/slides.py: slide types chosen from the cells' content, idempotent, checked by --check."""

from __future__ import annotations

import copy

import nbformat
import pytest
from helpers import load_tool

slides = load_tool("slides")

md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
WIDGET = {"output_type": "display_data", "metadata": {},
          "data": {"text/plain": "VBox()", slides.WIDGET_MIME: {"model_id": "x", "version_major": 2, "version_minor": 0}}}
PICTURE = {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "<Figure>", "image/png": "iVBORw0KGgo="}}


def with_outputs(cell, *outputs):
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def lesson():
    """A small notebook with one cell for every rule, and what each should become."""
    cells = [
        (md("<!--NAVIGATION-->\n[Contents](00-start-here.ipynb)"), "skip"),
        (md("# 01 · A title\n\n**What you'll learn** ..."), "slide"),
        (code("import numpy as np\nfrom mlp_core import viz\n\nimages = np.zeros((3, 784))"), "skip"),
        (md("## A section\n\nSome words."), "slide"),
        (with_outputs(code("viz.plot_digits(images)"), PICTURE), None),
        (md("What the picture shows."), None),
        (md("**Masks.** Comparing an array with a number gives a mask."), "subslide"),
        (md("**掩码。** 把一个数组和一个数比较，得到的是一个掩码。"), "subslide"),
        (md("**动手试试**：拖动滑块。"), "subslide"),
        (md("**Not a title** because no stop closes it."), None),
        (md("### A smaller step"), "subslide"),
        (md("$$a = b$$ so $$b = c$$ and then $$c = d$$"), "notes"),
        (md("**Try it:** move the slider. What happens?"), "subslide"),
        (with_outputs(code("viz.plot_pixel(images[0])"), PICTURE), "skip"),
        (with_outputs(code("widgets.pixel_explorer(images)"), WIDGET), None),
        (code("\n".join(f"x{i} = {i}" for i in range(16))), "subslide"),
        (code("from mlp_core.exercises import check_sum"), "skip"),
        (md("## Takeaway\n\nOne line."), "slide"),
        (md("**2.** How many pixels?"), "subslide"),
        (code("answer = ...\ncheck_pixels(answer)"), None),
        (md("**3. Predict before you run.** More or fewer?"), "subslide"),
        (code("answer = ...\ncheck_pixels(answer)"), None),
        (md("<details><summary>Solutions (try first!)</summary>\n\n1. `784`\n</details>"), "notes"),
        (md("<!--NAVIGATION-->\n[Contents](00-start-here.ipynb)"), "skip"),
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [c for c, _ in cells]
    return nb, [t for _, t in cells]


def types(nb):
    return [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]


def test_every_rule_chooses_its_slide_type():
    nb, expected = lesson()
    planned = [kind for kind, _ in slides.plan(nb)]
    for i, (got, want) in enumerate(zip(planned, expected)):
        assert got == want, f"cell {i} ({nb.cells[i].source[:40]!r}): {got!r}, expected {want!r}"


def test_apply_writes_only_metadata_and_a_second_run_changes_nothing():
    nb, expected = lesson()
    before = copy.deepcopy(nb)
    assert slides.apply(nb) is True
    assert types(nb) == expected
    assert [c.source for c in nb.cells] == [c.source for c in before.cells]
    assert [c.get("outputs") for c in nb.cells] == [c.get("outputs") for c in before.cells]
    assert nb.metadata[slides.FONTS_KEY] == slides.PRESENTER_STYLE
    nbformat.validate(nb)
    again = copy.deepcopy(nb)
    assert slides.apply(again) is False and again == nb


def test_a_continuing_cell_loses_a_stale_slide_type_and_keeps_its_other_metadata():
    nb, _ = lesson()
    cell = nb.cells[5]                       # plain text: continues the slide
    cell.metadata["slideshow"] = {"slide_type": "-"}   # '-' hides a cell in the deck
    cell.metadata["tags"] = ["keep-me"]
    slides.apply(nb)
    assert "slideshow" not in cell.metadata and cell.metadata["tags"] == ["keep-me"]


def test_check_names_what_is_missing_or_stale(tmp_path):
    nb, _ = lesson()
    found = slides.problems(nb)
    assert any("cell 1: slide type None, the rules give 'slide'" in f for f in found)
    assert any("presenter style" in f for f in found)
    slides.apply(nb)
    assert slides.problems(nb) == []
    nb.cells[3].metadata["slideshow"]["slide_type"] = "fragment"
    assert slides.problems(nb) == ["cell 3: slide type 'fragment', the rules give 'slide' (a '#'/'##' heading)"]


def test_a_manual_cell_keeps_the_type_a_person_gave_it():
    nb, _ = lesson()
    cell = nb.cells[5]
    cell.metadata["tags"] = [slides.MANUAL_TAG]
    cell.metadata["slideshow"] = {"slide_type": "fragment"}
    slides.apply(nb)
    assert cell.metadata["slideshow"]["slide_type"] == "fragment"
    assert slides.problems(nb) == []
    cell.metadata["slideshow"]["slide_type"] = "sldie"
    assert slides.problems(nb) == ["cell 5: tagged slides-manual with slide type 'sldie'; "
                                   "expected one of slide, subslide, fragment, skip, notes or none"]


def test_command_line_check_fails_then_passes(tmp_path, capsys):
    nb, _ = lesson()
    path = tmp_path / "01-a-title.ipynb"
    nbformat.write(nb, path)
    assert slides.main(["--check", "--folder", str(tmp_path)]) == 1
    assert "01-a-title.ipynb" in capsys.readouterr().err
    assert slides.main(["--folder", str(tmp_path)]) == 0
    assert slides.main(["--check", "--folder", str(tmp_path)]) == 0
    written = nbformat.read(path, as_version=4)
    assert types(written) == lesson()[1]


def test_unknown_notebook_name_is_refused_with_the_known_ones(tmp_path):
    nbformat.write(lesson()[0], tmp_path / "01-a-title.ipynb")
    with pytest.raises(SystemExit, match="no notebook matches '07'.*01-a-title"):
        slides.main(["07", "--folder", str(tmp_path)])


def test_the_chinese_switch_of_language_is_setup_and_the_real_setup_stays_hidden():
    nb, expected = lesson()
    switch = code('import mlp_core\nmlp_core.set_language("zh-CN")')
    nb.cells.insert(2, switch)
    expected.insert(2, "skip")
    assert [kind for kind, _ in slides.plan(nb)] == expected


def test_default_folders_are_the_english_notebooks_and_their_chinese_twins(tmp_path, monkeypatch):
    english, chinese = tmp_path / "notebooks", tmp_path / "notebooks" / "zh-CN"
    chinese.mkdir(parents=True)
    for folder in (english, chinese):
        nbformat.write(lesson()[0], folder / "01-a-title.ipynb")
    monkeypatch.setattr(slides, "NOTEBOOK_DIRS", [english, chinese])
    assert slides.find_notebooks([]) == [english / "01-a-title.ipynb", chinese / "01-a-title.ipynb"]
    assert slides.find_notebooks(["01"]) == [english / "01-a-title.ipynb", chinese / "01-a-title.ipynb"]
    assert slides.main([]) == 0
    assert slides.main(["--check"]) == 0


@pytest.mark.parametrize("path", slides.find_notebooks([]), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_notebook_carries_its_slides(path):
    """The committed notebooks have the slide types the rules give (a teacher presents them as they are)."""
    answers, unanswered = slides.answer_ids(path)
    found = slides.problems(nbformat.read(path, as_version=4), answers) + unanswered
    assert found == [], (f"{path.name}: slide metadata missing or stale — run `python tools/slides.py`:\n  "
                         + "\n  ".join(found))


def test_a_heading_inside_a_cell_is_reported_and_split_with_its_chinese_twin():
    """Each heading starts a slide, so it must start its cell: the slide before it would otherwise
    open with the last section's conclusion. The zh-CN twin is split at the same headings and its
    pieces stay in step with the English pieces (tools/translations.py --check)."""
    translations = load_tool("translations")
    english = nbformat.v4.new_notebook()
    english.cells = [md("## Section\n\nIts conclusion.\n\n## Takeaway\n\n- one\n\n```\n# a comment, not a heading\n```\n"
                        "### Exercises\n\n**1.** Try."), code("x = 1")]
    english.cells[0].id, english.cells[1].id = "sec", "code"
    chinese = nbformat.v4.new_notebook()
    chinese.cells = [md("## 一节\n\n它的结论。\n\n## 小结\n\n- 一\n\n### 练习\n\n**1.** 试试。"), code("x = 1")]
    for cell, twin in zip(chinese.cells, english.cells):
        cell.id = twin.id
        cell.metadata["translation"] = {"source_id": twin.id, "source_hash": translations.source_hash(twin.source)}
    found = slides.problems(english)
    assert any(f.startswith("cell 0: a heading after the cell's first line ('## Takeaway', line 5)") for f in found), found

    done = slides.split_at_headings(english, chinese)
    assert len(done) == 2, done
    assert [c.source.split("\n")[0] for c in english.cells] == ["## Section", "## Takeaway", "### Exercises", "x = 1"]
    assert english.cells[1].source == "## Takeaway\n\n- one\n\n```\n# a comment, not a heading\n```"
    assert [c.id for c in english.cells] == ["sec", "sec-1", "sec-2", "code"]
    assert [c.source.split("\n")[0] for c in chinese.cells] == ["## 一节", "## 小结", "### 练习", "x = 1"]
    assert [c.metadata["translation"]["source_id"] for c in chinese.cells] == ["sec", "sec-1", "sec-2", "code"]
    for zh, en in zip(chinese.cells, english.cells):
        assert zh.metadata["translation"]["source_hash"] == translations.source_hash(en.source)
    slides.apply(english)
    assert [kind for kind, _ in slides.plan(english)] == ["slide", "slide", "subslide", None]
    assert slides.problems(english) == []
    assert slides.split_at_headings(english, chinese) == []          # a second run changes nothing


def test_a_chinese_cell_that_does_not_match_its_english_headings_is_left_and_reported():
    english = nbformat.v4.new_notebook()
    english.cells = [md("## A\n\ntext\n\n## B\n\nmore")]
    english.cells[0].id = "a"
    chinese = nbformat.v4.new_notebook()
    chinese.cells = [md("## 甲\n\n文字，没有第二个标题")]
    chinese.cells[0].metadata["translation"] = {"source_id": "a", "source_hash": "stale"}
    done = slides.split_at_headings(english, chinese)
    assert len(english.cells) == 2 and len(chinese.cells) == 1
    assert any(line.startswith("NOT split zh-CN cell") for line in done), done


def test_only_the_first_real_code_cell_is_setup_not_a_later_one_that_imports():
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# T"), code("import numpy as np"), code("x = np.zeros(3)\nx"),
                md("## Exercises"), code("from mlp_core.exercises import check_x\n\nanswer = ...\ncheck_x(answer)")]
    assert [kind for kind, _ in slides.plan(nb)] == ["slide", "skip", None, "slide", None]


GUIDE_LINES = """# Teaching

## 01 · Pixels as neurons (35 min)

- ★ In *A grid*, before the cell that starts `grid = x.reshape(28, 28)`: "corner?" — **0**.
- ★ In *A column*, before `column = grid.reshape(784) ...`: "which neuron?" — **212**.
- ★ In *Noise*: "will it answer?" — **yes**.
- ★ In *Why*, before the cell after "Why do they shrink?": "weights or slopes?" — **slopes**.
- In *A grid*: an ordinary question, no star: not an answer to hide.

## 02 · Layers (35 min)

- ★ In *Missing section*: "?" — **!**.
"""


def predictions_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# 01 · Pixels"), code("import numpy as np"),
                md("## A grid\n\nWhat is the corner?"), code("x = np.zeros(784)"), code("grid = x.reshape(28, 28)\ngrid[0, 0]"),
                md("The corner is black."),
                md("## A column"), code("column = grid.reshape(784)   # unroll\ncolumn[212]"),
                md("## Noise"), code("noise = np.ones(784)\nnoise.argmax()"), code("noise.max()"),
                md("## Why"), code("a = 1"), md("Why do they shrink?"), code("b = 2"),
                md("## Exercises"), md("<details>answers</details>")]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def test_the_answer_to_each_star_question_of_the_guide_arrives_on_the_next_space(tmp_path):
    """A ★ question is asked with the slide on screen; its answer cell (and the text after it) is a
    fragment, so it appears on the next Space — found from the guide's own words."""
    guide = tmp_path / "teaching.md"
    guide.write_text(GUIDE_LINES, encoding="utf-8")
    questions = slides.guide_predictions(guide)
    assert [q["section"] for q in questions["01"]] == ["A grid", "A column", "Noise", "Why"]
    nb = predictions_notebook()
    assert [slides.answer_cell(nb.cells, q) for q in questions["01"]] == [4, 7, 9, 14]
    path = tmp_path / "01-pixels.ipynb"
    nbformat.write(nb, path)
    answers, unanswered = slides.answer_ids(path, guide)
    assert answers == {"c4", "c7", "c9", "c14"} and unanswered == []
    kinds = [kind for kind, _ in slides.plan(nb, answers)]
    assert [kinds[i] for i in (3, 4, 5, 7, 9, 10, 12, 14)] == [None, "fragment", None, "fragment", "fragment", None, None,
                                                               "fragment"]
    assert kinds[1] == "skip"             # the setup stays hidden even if a question pointed at it
    with pytest.raises(LookupError, match="no heading starts with 'Missing section'"):
        slides.answer_cell(nb.cells, questions["02"][0])


def test_a_star_question_naming_no_cell_is_reported(tmp_path):
    guide = tmp_path / "teaching.md"
    guide.write_text(GUIDE_LINES.replace("`grid = x.reshape", "`grid = x.flatten"), encoding="utf-8")
    path = tmp_path / "01-pixels.ipynb"
    nbformat.write(predictions_notebook(), path)
    answers, unanswered = slides.answer_ids(path, guide)
    assert "c4" not in answers
    assert unanswered == ["teaching.md line 5: the ★ question's answer cell: section 'A grid' has no code cell "
                          "with 'grid = x.flatten(28, 28)'"]
