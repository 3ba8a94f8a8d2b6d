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
        (md("**Not a title** because no stop closes it."), None),
        (md("### A smaller step"), "subslide"),
        (md("$$a = b$$ so $$b = c$$ and then $$c = d$$"), "notes"),
        (md("**Try it:** move the slider. What happens?"), "subslide"),
        (with_outputs(code("viz.plot_pixel(images[0])"), PICTURE), "skip"),
        (with_outputs(code("widgets.pixel_explorer(images)"), WIDGET), None),
        (code("\n".join(f"x{i} = {i}" for i in range(16))), "subslide"),
        (code("from mlp_core.exercises import check_sum"), "skip"),
        (md("Text that ends a section, then\n\n## Takeaway\n\nOne line."), "slide"),
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
    found = slides.problems(nbformat.read(path, as_version=4))
    assert found == [], (f"{path.name}: slide metadata missing or stale — run `python tools/slides.py`:\n  "
                         + "\n  ".join(found))
