"""tools/lesson_deck.py: the lesson decks made from the notebooks' own cells, in step with them and
with the guides' route tables, and each deck run top to bottom in one kernel."""

from __future__ import annotations

import copy

import nbformat
import pytest
from helpers import load_tool

deck_tool = load_tool("lesson_deck")
minutes = load_tool("lesson_minutes")
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
DECKS = [(name, edition) for name in deck_tool.ROUTES for edition in deck_tool.EDITIONS]


def test_the_committed_decks_and_the_guides_route_tables_are_in_step_with_the_notebooks():
    assert deck_tool.stale_decks() == []
    assert deck_tool.guide_problems() == []


def test_a_deck_changed_by_hand_or_left_behind_by_a_notebook_is_reported(tmp_path, monkeypatch):
    name, edition = DECKS[0]
    deck = deck_tool.build(name, edition)
    deck.cells[3].source += "\nan edit by hand"
    nbformat.write(deck, tmp_path / "deck.ipynb")
    monkeypatch.setattr(deck_tool, "ROOT", tmp_path)
    monkeypatch.setattr(deck_tool, "deck_path", lambda e, n: tmp_path / ("deck.ipynb" if (n, e) == (name, edition) else "none"))
    found = deck_tool.stale_decks()
    assert any(line.startswith("deck.ipynb: out of step") for line in found), found
    assert sum(line.endswith("missing") for line in found) == len(DECKS) - 1


def test_a_deck_is_the_chosen_sections_of_the_notebooks_with_their_slides_and_one_setup_per_part():
    name, route = next(iter(deck_tool.ROUTES.items()))
    deck = deck_tool.build(name, "en")
    origins = [c.metadata.get(deck_tool.KEY) for c in deck.cells]
    assert origins[0] is None and deck.cells[0].source.startswith("# ")
    assert [o["notebook"][:2] for o in origins[1:]] == sorted(o["notebook"][:2] for o in origins[1:])
    assert {o["notebook"][:2] for o in origins[1:]} == {number for number, _ in route}
    for number, sections in route:
        path = deck_tool.notebook_path("en", number)
        by_id = {c.id: c for c in nbformat.read(path, as_version=4).cells}
        part = [c for c, o in zip(deck.cells, origins) if o and o["notebook"] == path.name]
        assert part[0].cell_type == "code" and part[0].metadata["slideshow"]["slide_type"] == "skip"   # setup first
        titles = [c for c in part if c.cell_type == "markdown" and c.source.startswith("# ")]
        assert len(titles) == 1 and titles[0].metadata["slideshow"]["slide_type"] == "slide"          # the divider:
        assert titles[0].source == by_id[titles[0].metadata[deck_tool.KEY]["cell"]].source.split("\n")[0]  # its title
        for cell in part:   # the notebook's own source and slide metadata, no outputs
            original = by_id[cell.metadata[deck_tool.KEY]["cell"]]
            assert cell.source == original.source or cell is titles[0]
            assert cell.metadata.get("slideshow") == original.metadata.get("slideshow")
            assert cell.cell_type == "markdown" or cell.outputs == []
        headings = [c.source.split("\n")[0].lstrip("# ") for c in part if c.source.startswith("## ")]
        assert [s for s in sections if not s.startswith("Exercises")] == \
               [next(h for h in headings if h.startswith(s)) [:len(s)] for s in sections if not s.startswith("Exercises")]
    assert deck.metadata[deck_tool.slides.FONTS_KEY] == deck_tool.slides.PRESENTER_STYLE


def test_the_zh_deck_has_the_same_cells_from_the_chinese_notebooks():
    name = next(iter(deck_tool.ROUTES))
    english, chinese = deck_tool.build(name, "en"), deck_tool.build(name, "zh-CN")
    shown = [[c.id for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "skip"]
             for nb in (english, chinese)]
    assert shown[0] == shown[1]
    assert "set_language" in next(c.source for c in chinese.cells if c.cell_type == "code")


def test_a_route_naming_no_section_or_no_exercise_says_which(monkeypatch):
    with pytest.raises(LookupError, match="0 sections start with 'No such heading'"):
        deck_tool.chosen_ids("01", ["No such heading"])
    with pytest.raises(LookupError, match=r"no exercise starting '\*\*9\.'"):
        deck_tool.chosen_ids("07", ["Exercises: 9"])


def test_a_guide_table_naming_other_sections_than_the_route_is_reported(tmp_path, monkeypatch):
    name = next(iter(deck_tool.ROUTES))
    guide = deck_tool.GUIDES["en"].read_text(encoding="utf-8")
    wrong = tmp_path / "teaching.md"
    wrong.write_text(guide.replace("*Unrolled into one column*", "*You read these instantly*", 1), encoding="utf-8")
    monkeypatch.setattr(deck_tool, "GUIDES", {"en": wrong})
    found = deck_tool.guide_problems()
    assert len(found) == 1 and f"{name}, row 01" in found[0] and "You read these instantly" in found[0]
    wrong.write_text(guide.replace(deck_tool.ROUTE_BEGIN.format(name=name), ""), encoding="utf-8")
    assert "no route table marked" in deck_tool.guide_problems()[0]


def test_printed_output_that_differs_from_the_notebook_is_reported(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [code("print(x)"), code("t = time.perf_counter()")]
    nb.cells[0].id, nb.cells[1].id = "a", "b"
    for cell, text in zip(nb.cells, ("1\n", "0.1 s\n")):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    nbformat.write(nb, tmp_path / "01-x.ipynb")
    deck = copy.deepcopy(nb)
    for cell, text in zip(deck.cells, ("2\n", "0.3 s\n")):
        cell.metadata[deck_tool.KEY] = {"notebook": "01-x.ipynb", "cell": cell.id}
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    found = deck_tool.output_differences(deck, tmp_path)
    assert len(found) == 1 and "printed '2\\n', the notebook printed '1\\n'" in found[0]   # the timing is not compared


def test_lesson_minutes_counts_a_deck_as_shown_with_its_notebooks_outputs(tmp_path, monkeypatch):
    source = nbformat.v4.new_notebook()
    source.cells = [md("# 01 · A\n\none two"), code("import numpy"), code("plot()"), code("explorer()"),
                    md("**2.** Which?"), code("answer = ...")]
    for i, cell in enumerate(source.cells):
        cell.id = f"c{i}"
    source.cells[2].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "AAAA"})]
    source.cells[3].outputs = [nbformat.v4.new_output("display_data", data={minutes.WIDGET_MIME: {}})]
    (tmp_path / "lessons").mkdir()
    nbformat.write(source, tmp_path / "01-a.ipynb")
    deck = nbformat.v4.new_notebook()
    deck.cells = [md("# Lesson\n\nthree words here")] + [copy.deepcopy(c) for c in source.cells]
    for cell in deck.cells[1:]:
        cell.metadata[minutes.DECK_KEY] = {"notebook": "01-a.ipynb", "cell": cell.id}
        if cell.cell_type == "code":
            cell.outputs = []
    deck.cells[2].metadata["slideshow"] = {"slide_type": "skip"}          # the setup: not shown, not counted
    nbformat.write(deck, tmp_path / "lessons" / "deck.ipynb")
    monkeypatch.setattr(minutes.slides, "answer_ids", lambda path: ({"c2"}, []))   # a ★ question before plot()
    parts = dict(minutes.deck_parts(tmp_path / "lessons" / "deck.ipynb"))
    assert list(parts) == ["title", "01"]
    c = parts["01"]
    assert (c.words, c.code, c.pictures, c.widgets, c.exercises, c.predictions) == (8, 2, 1, 1, 1, 1)
    assert c.class_minutes == pytest.approx(8 / 150 + 2 * 0.5 + 1 + 4 + 2 + 5)
    assert minutes.main(["--deck", str(tmp_path / "nothing.ipynb")]) == 1


# Run here: both English decks and the Chinese lesson 1 (the Chinese lesson 2 is run in the
# browser, tests/browser/test_lesson_decks.py): each deck's code runs at least once in CI.
RUN = [(name, edition) for name, edition in DECKS if edition == "en" or name == next(iter(deck_tool.ROUTES))]


@pytest.mark.slow
@pytest.mark.parametrize("name,edition", RUN, ids=[f"{e}-{n}" for n, e in RUN])
def test_each_deck_runs_top_to_bottom_in_one_kernel_and_prints_what_its_notebooks_print(name, edition):
    path = deck_tool.deck_path(edition, name)
    deck, seconds = deck_tool.run_deck(path)
    assert deck_tool.output_differences(deck, deck_tool.EDITIONS[edition]) == []
    print(f"{path.name} ({edition}): {seconds:.1f} s")
