"""tools/lesson_minutes.py: the class-time estimate of docs/teaching.md, counted from the cells."""

from __future__ import annotations

import nbformat
import pytest
from helpers import load_tool

minutes = load_tool("lesson_minutes")

md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def shown(cell, mime):
    cell.outputs = [nbformat.from_dict({"output_type": "display_data", "metadata": {},
                                        "data": {"text/plain": "x", mime: "AAAA" if mime == "image/png" else {}}})]
    return cell


def test_counts_what_a_class_walks_through_and_leaves_out_links_and_solutions():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        md("<!--NAVIGATION-->\n[Contents](00-start-here.ipynb) | [next](02.ipynb)"),
        md("# Title\n\none two three four $\\sigma(z) = 1/(1 + e^{-z})$"),   # 7 words: "#" and the formula count one each
        code("x = 1"),
        shown(code("plot(x)"), "image/png"),
        shown(code("explorer(x)"), minutes.WIDGET_MIME),
        shown(code("history = train(net, X, y, callback=curves)"), minutes.WIDGET_MIME),  # watched: code
        md("**1.** What is x?\n\n**2. Predict first.** And y?"),              # 2 exercises, 9 words
        md("<details><summary>Solutions</summary>\n\n1. `1`\n</details>"),
    ]
    c = minutes.count(nb)
    assert (c.words, c.code, c.pictures, c.widgets, c.exercises) == (16, 3, 1, 1, 2)
    assert c.minutes == pytest.approx(16 / 150 + 3 * 0.5 + 1 + 4)


def test_table_for_a_folder_and_a_clear_message_when_nothing_matches(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# A\n\nwords " * 75)]
    nbformat.write(nb, tmp_path / "01-a.ipynb")
    assert minutes.main(["--folder", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "01-a" in out and out.strip().splitlines()[-1].split()[-1] == f"{75 * 3 / 150:.1f}"   # "#", "A", "words", 75 times
    assert minutes.main(["07", "--folder", str(tmp_path)]) == 1
    assert "no notebooks match" in capsys.readouterr().err
