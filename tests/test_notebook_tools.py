"""tools/notebook_nav.py (the "< previous | contents | next >" links) and tools/run_notebooks.py."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from helpers import load_tool

ROOT = Path(__file__).resolve().parent.parent




nav = load_tool("notebook_nav")
runner = load_tool("run_notebooks")
pointers = load_tool("figure_pointers")


def _notebook(path: Path, title: str, *code):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nSome text.")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in code]
    nb.metadata["kernelspec"] = dict(runner.KERNELSPEC)
    nbformat.write(nb, path)
    return path


def _nav_cells(path):
    nb = nbformat.read(path, as_version=4)
    return nb, [c.source for c in nb.cells if c.source.startswith(nav.NAV_MARK)]


def test_links_skip_missing_notebooks_and_sit_at_top_and_bottom(tmp_path):
    _notebook(tmp_path / "00-start-here.ipynb", "00 · Start here")
    _notebook(tmp_path / "01-pixels-as-neurons.ipynb", "1 · Pixels as neurons", "x = 1")
    _notebook(tmp_path / "03-weights-and-the-weighted-sum.ipynb", "Weights and the weighted sum")
    changed = nav.update_all(folder=tmp_path)
    assert sorted(changed) == ["00-start-here", "01-pixels-as-neurons", "03-weights-and-the-weighted-sum"]

    nb, links = _nav_cells(tmp_path / "01-pixels-as-neurons.ipynb")
    assert len(nb.cells) == 4 and nb.cells[0].source == nb.cells[-1].source == links[0]
    assert links[0] == (f"{nav.NAV_MARK}\n[Contents](00-start-here.ipynb) | "
                        "[03 · Weights and the weighted sum >](03-weights-and-the-weighted-sum.ipynb)")
    _, links = _nav_cells(tmp_path / "03-weights-and-the-weighted-sum.ipynb")
    assert links[0] == (f"{nav.NAV_MARK}\n[< 01 · Pixels as neurons](01-pixels-as-neurons.ipynb) | "
                        "[Contents](00-start-here.ipynb)")
    _, links = _nav_cells(tmp_path / "00-start-here.ipynb")
    assert links[0] == f"{nav.NAV_MARK}\n[01 · Pixels as neurons >](01-pixels-as-neurons.ipynb)"


def test_links_follow_a_renamed_title_and_a_new_notebook(tmp_path):
    _notebook(tmp_path / "00-start-here.ipynb", "Start here")
    _notebook(tmp_path / "01-pixels-as-neurons.ipynb", "Pixels")
    _notebook(tmp_path / "04-sigmoid.ipynb", "Sigmoid")
    nav.update_all(folder=tmp_path)
    assert nav.update_all(folder=tmp_path) == []                       # idempotent
    assert nav.update_all(check=True, folder=tmp_path) == []

    nb = nbformat.read(tmp_path / "04-sigmoid.ipynb", as_version=4)
    nb.cells[1].source = "# 04 · The sigmoid"
    nbformat.write(nb, tmp_path / "04-sigmoid.ipynb")
    _notebook(tmp_path / "03-weights-and-the-weighted-sum.ipynb", "Weights")
    stale = nav.update_all(check=True, folder=tmp_path)
    assert sorted(stale) == ["01-pixels-as-neurons", "03-weights-and-the-weighted-sum", "04-sigmoid"]
    assert _nav_cells(tmp_path / "01-pixels-as-neurons.ipynb")[1][0].endswith("(04-sigmoid.ipynb)"), \
        "check=True must not write"
    nav.update_all(folder=tmp_path, only={"01-pixels-as-neurons"})
    assert "[03 · Weights >]" in _nav_cells(tmp_path / "01-pixels-as-neurons.ipynb")[1][0]
    assert nav.update_all(check=True, folder=tmp_path) == ["03-weights-and-the-weighted-sum", "04-sigmoid"]


def test_the_repositorys_notebooks_have_up_to_date_links():
    assert nav.notebook_stems(nav.NOTEBOOK_DIR), "no notebooks found"
    stale = nav.update_every_edition(check=True)
    assert stale == [], f"run `python tools/notebook_nav.py`: stale links in {stale}"


def test_each_edition_links_inside_itself_in_its_own_words_and_00_links_the_other(tmp_path):
    english, chinese = tmp_path / "notebooks", tmp_path / "notebooks" / "zh-CN"
    english.mkdir()
    _notebook(english / "00-start-here.ipynb", "00 · Start here")
    _notebook(english / "01-pixels-as-neurons.ipynb", "01 · Pixels as neurons")
    _notebook(english / "03-weights-and-the-weighted-sum.ipynb", "03 · Weights and the weighted sum")
    nav.update_every_edition(root=tmp_path)
    _, links = _nav_cells(english / "00-start-here.ipynb")
    assert links[0].endswith("(01-pixels-as-neurons.ipynb)"), "no Chinese edition yet: no link to it"

    chinese.mkdir()
    _notebook(chinese / "00-start-here.ipynb", "00 · 从这里开始")
    _notebook(chinese / "01-pixels-as-neurons.ipynb", "01 · 像素即神经元")
    changed = nav.update_every_edition(root=tmp_path)
    assert changed == ["notebooks/00-start-here.ipynb",
                       "notebooks/zh-CN/00-start-here.ipynb", "notebooks/zh-CN/01-pixels-as-neurons.ipynb"]
    assert nav.update_every_edition(check=True, root=tmp_path) == []

    _, links = _nav_cells(english / "00-start-here.ipynb")
    assert links[0] == (f"{nav.NAV_MARK}\n[01 · Pixels as neurons >](01-pixels-as-neurons.ipynb) | "
                        "[简体中文](zh-CN/00-start-here.ipynb)")
    _, links = _nav_cells(english / "01-pixels-as-neurons.ipynb")
    assert "zh-CN" not in links[0], "only 00 links the other edition"
    _, links = _nav_cells(chinese / "00-start-here.ipynb")
    assert links[0] == (f"{nav.NAV_MARK}\n[下一节：01 · 像素即神经元 >](01-pixels-as-neurons.ipynb) | "
                        "[English](../00-start-here.ipynb)")
    nb, links = _nav_cells(chinese / "01-pixels-as-neurons.ipynb")
    assert links[0] == f"{nav.NAV_MARK}\n[目录](00-start-here.ipynb)", \
        "the Chinese 01 has no Chinese 03 to link to (the English 03 is another edition)"
    assert nb.cells[0].source == nb.cells[-1].source

    _notebook(chinese / "03-weights-and-the-weighted-sum.ipynb", "03 · 权重与加权和")
    assert nav.update_every_edition(check=True, root=tmp_path) == [
        "notebooks/zh-CN/01-pixels-as-neurons.ipynb", "notebooks/zh-CN/03-weights-and-the-weighted-sum.ipynb"]
    nav.update_all(folder=chinese)
    _, links = _nav_cells(chinese / "03-weights-and-the-weighted-sum.ipynb")
    assert links[0] == (f"{nav.NAV_MARK}\n[< 上一节：01 · 像素即神经元](01-pixels-as-neurons.ipynb) | "
                        "[目录](00-start-here.ipynb)")


def test_the_edition_of_a_folder_comes_from_its_path(tmp_path):
    assert nav.edition_of(tmp_path / "notebooks") == ("en", tmp_path)
    assert nav.edition_of(tmp_path / "notebooks" / "zh-CN") == ("zh-CN", tmp_path)
    assert nav.edition_of(tmp_path) == ("en", None)          # a scratch folder: English, nothing beside it
    assert nav.other_editions(tmp_path) == []
    assert set(nav.LINK_WORDS) == set(nav.EDITIONS), "every edition needs its link words"


def test_find_notebooks_by_number_name_or_path():
    every = runner.find_notebooks([])
    if not every:
        pytest.skip("no notebooks yet")
    first = every[0]
    assert runner.find_notebooks([first.stem[:2]]) == [first]
    assert runner.find_notebooks([first.stem]) == [first]
    assert runner.find_notebooks([str(first)]) == [first.resolve()]
    with pytest.raises(SystemExit, match="no single notebook matches"):
        runner.find_notebooks(["99"])


def test_find_notebooks_of_a_folder_such_as_an_edition(tmp_path):
    _notebook(tmp_path / "01-demo.ipynb", "Demo")
    _notebook(tmp_path / "00-start-here.ipynb", "Start")
    _notebook(tmp_path / "scratch.ipynb", "Not a lesson")
    assert runner.find_notebooks([str(tmp_path)]) == [(tmp_path / "00-start-here.ipynb").resolve(),
                                                      (tmp_path / "01-demo.ipynb").resolve()]


@pytest.mark.slow     # starts a kernel
def test_run_stores_outputs_without_timing_metadata(tmp_path):
    path = _notebook(tmp_path / "01-demo.ipynb", "Demo", "import os\nprint(40 + 2, os.environ['PYTHONHASHSEED'])")
    runner.run(path, timeout=60)
    nb = nbformat.read(path, as_version=4)
    out = nb.cells[1].outputs
    assert out and out[0]["text"] == "42 0\n"
    assert "execution" not in nb.cells[1].metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.slow     # starts a kernel
def test_run_refuses_a_notebook_that_prints_a_warning(tmp_path):
    path = _notebook(tmp_path / "01-noisy.ipynb", "Noisy", "import warnings\nwarnings.warn('careful')")
    before = path.read_text()
    with pytest.raises(RuntimeError, match="careful"):
        runner.run(path, timeout=60)
    assert path.read_text() == before, "a failed run writes nothing"


def test_the_notebooks_are_the_numbered_files_so_a_new_one_is_linked(tmp_path):
    _notebook(tmp_path / "00-start-here.ipynb", "Start here")
    _notebook(tmp_path / "11-training-from-scratch.ipynb", "Training")
    _notebook(tmp_path / "12-what-training-found.ipynb", "What training found")
    _notebook(tmp_path / "scratch.ipynb", "Not a lesson")
    assert nav.notebook_stems(tmp_path) == ["00-start-here", "11-training-from-scratch", "12-what-training-found"]
    nav.update_all(folder=tmp_path)
    _, links = _nav_cells(tmp_path / "11-training-from-scratch.ipynb")
    assert links[0].endswith("[12 · What training found >](12-what-training-found.ipynb)")
    assert _nav_cells(tmp_path / "scratch.ipynb")[1] == [], "a file not named NN-*.ipynb is left alone"


# ---- figure pointers (tools/figure_pointers.py) -----------------------------------------------

def test_every_figure_cell_points_at_its_code():
    assert pointers.problems() == []


def test_a_pointer_names_what_draws_in_one_step():
    modules = {"viz": "viz", "diagram": "diagram"}
    # plot_network is a one-line wrapper: the pointer skips it (to network_picture, where the class lives);
    # plot_weights lives in style, re-exported by viz
    assert pointers.drawn_by("diagram.plot_network(net, x)", modules, {}) == ["mlp_core/network_picture.py · NetworkDiagram"]
    assert pointers.drawn_by("viz.plot_weights(w)\nviz.plot_digit(x)", modules, {}) == [
        "mlp_core/style.py · plot_weights", "mlp_core/style.py · plot_digit"]
    assert pointers.drawn_by("plot_unrolled(x)", {}, {"plot_unrolled": ("viz", "plot_unrolled")}) == [
        "mlp_core/viz.py · plot_unrolled"]
    assert pointers.drawn_by("viz.weight_limit(w)\n%timeit x", modules, {}) == []     # not a picture; magics skipped


def test_a_missing_or_stale_pointer_is_found_and_written(tmp_path, monkeypatch):
    (tmp_path / "zh-CN").mkdir()
    en = _notebook(tmp_path / "01-x.ipynb", "x", "from mlp_core import viz", "# code: mlp_core/viz.py · old\nviz.plot_digits(x)")
    nb = nbformat.read(en, as_version=4)
    twin = nbformat.v4.new_notebook()
    twin.cells = [nbformat.v4.new_code_cell(c.source, metadata={"translation": {"source_id": c.id}}) for c in nb.cells[1:]]
    nbformat.write(twin, tmp_path / "zh-CN" / "01-x.ipynb")
    monkeypatch.setattr(pointers, "NOTEBOOKS", tmp_path)
    assert len(pointers.problems()) == 2                   # the English cell and its twin
    pointers.write()
    assert pointers.problems() == []
    assert nbformat.read(en, as_version=4).cells[2].source == "# code: mlp_core/viz.py · plot_digits\nviz.plot_digits(x)"
    zh = nbformat.read(tmp_path / "zh-CN" / "01-x.ipynb", as_version=4).cells[1].source
    assert zh.startswith("# 代码：mlp_core/viz.py · plot_digits\n")
