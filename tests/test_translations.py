"""tools/translations.py: zh-CN notebooks stay in step with their English twins."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from helpers import load_tool

ROOT = Path(__file__).resolve().parent.parent




translations = load_tool("translations")

ENGLISH_CODE = ('import numpy as np\nfrom mlp_core import viz\n\n'
                'z = np.linspace(-6, 6, 13)   # the weighted sums\n'
                'fig = viz.plot_sigmoid(z, title="the sigmoid")\nprint(f"{len(z)} values")')
CHINESE_CODE = ('import numpy as np\nfrom mlp_core import viz\n\n'
                'z = np.linspace(-6, 6, 13)   # 加权和\n'
                'fig = viz.plot_sigmoid(z,\n                      title="sigmoid 函数")\nprint(f"{len(z)} 个值")')


def _cell(kind, source, cell_id, translates=None, source_hash="auto"):
    cell = (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(source)
    cell.id = cell_id
    if translates is not None:
        cell.metadata["translation"] = {"source_id": translates.id,
                                        "source_hash": translations.source_hash(translates.source)
                                        if source_hash == "auto" else source_hash}
    return cell


def _write(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def pair(tmp_path):
    """notebooks/01-x.ipynb and notebooks/zh-CN/01-x.ipynb, in step; returns (english, chinese cells, write)."""
    english = [_cell("markdown", "# 01 · Sigmoid\n\nA question.", "01-00"),
               _cell("code", ENGLISH_CODE, "01-01"),
               _cell("markdown", "The takeaway.", "01-02")]
    _write(tmp_path / "01-x.ipynb", english)
    chinese = [_cell("markdown", "# 01 · Sigmoid 函数\n\n一个问题。", "01-00", english[0]),
               _cell("code", 'import mlp_core\nmlp_core.set_language("zh-CN")', "set-language"),
               _cell("code", CHINESE_CODE, "01-01", english[1]),
               _cell("markdown", "要点。", "01-02", english[2])]

    def write(cells):
        _write(tmp_path / "zh-CN" / "01-x.ipynb", cells)
        return translations.check(tmp_path)
    return english, chinese, write


def test_a_faithful_translation_passes(pair):
    english, chinese, write = pair
    assert write(chinese) == []


def test_a_changed_english_cell_makes_its_translation_stale_until_stamped(pair, tmp_path):
    english, chinese, write = pair
    write(chinese)
    english[2].source = "The takeaway, said better."
    _write(tmp_path / "01-x.ipynb", english)
    problems = translations.check(tmp_path)
    assert len(problems) == 1 and "stale" in problems[0] and "'01-02'" in problems[0]
    assert translations.stamp(tmp_path / "zh-CN" / "01-x.ipynb", ["01-02"]) == ["01-02"]
    assert translations.check(tmp_path) == []


def test_an_english_cell_with_no_translation_is_reported(pair):
    english, chinese, write = pair
    problems = write([c for c in chinese if c.id != "01-02"])
    assert problems == ["01-x.ipynb: untranslated, English cell '01-02' has no zh-CN cell"]


def test_a_cell_copied_but_not_yet_translated_is_reported(pair):
    english, chinese, write = pair
    chinese[3].metadata["translation"]["source_hash"] = None
    assert any("untranslated" in p and "'01-02'" in p for p in write(chinese))


def test_code_that_differs_beyond_comments_and_strings_is_reported(pair):
    english, chinese, write = pair
    chinese[2].source = CHINESE_CODE.replace("np.linspace(-6, 6, 13)", "np.linspace(-6, 6, 25)")
    problems = write(chinese)
    assert len(problems) == 1 and "code differs" in problems[0] and "25" in problems[0]


def test_reflowed_lines_translated_comments_and_strings_are_accepted(pair):
    english, chinese, write = pair
    chinese[2].source = CHINESE_CODE.replace("# 加权和", "# 加权和（z = w·a + b）") + '  # 打印\n# 最后一行注释'
    assert write(chinese) == []


@pytest.mark.parametrize("change, words", [
    (lambda c: c.pop(1), None),                                                 # no switch: fine
    (lambda c: c.insert(2, _cell("code", "mlp_core.set_language('en')", "again")), "2 set_language calls"),
    (lambda c: c.insert(2, _cell("markdown", "译者注", "note")), "no metadata.translation.source_id"),
    (lambda c: c.reverse(), "out of order"),
])
def test_the_switch_to_chinese_is_the_only_thing_added(pair, change, words):
    english, chinese, write = pair
    change(chinese)
    problems = write(chinese)
    assert (problems == []) if words is None else any(words in p for p in problems), problems


def test_orphans_duplicates_and_wrong_cell_types_are_reported(pair, tmp_path):
    english, chinese, write = pair
    gone = _cell("markdown", "deleted in English", "01-99")
    twice = _cell("markdown", "再说一遍", "01-00b", english[0])
    wrong_type = _cell("code", "x = 1", "01-02", english[2])
    problems = write([chinese[0], twice, chinese[1], chinese[2], wrong_type, _cell("markdown", "旧", "old", gone)])
    assert any("duplicated" in p for p in problems)
    assert any("a code cell translating the markdown cell '01-02'" in p for p in problems)
    assert any("orphan" in p and "'01-99'" in p for p in problems)
    _write(tmp_path / "zh-CN" / "02-only-chinese.ipynb", [])
    assert any("02-only-chinese.ipynb: orphan" in p for p in translations.check(tmp_path))


def test_missing_twins_are_listed_but_do_not_fail_check(tmp_path):
    _write(tmp_path / "01-x.ipynb", [_cell("markdown", "# x", "a")])
    _write(tmp_path / "02-y.ipynb", [_cell("markdown", "# y", "b")])
    assert translations.check(tmp_path) == []
    assert [p.name for p in translations.missing(tmp_path)] == ["01-x.ipynb", "02-y.ipynb"]


def test_init_starts_a_twin_that_check_calls_untranslated_until_stamped(tmp_path):
    english = [_cell("markdown", "# x", "x-00"), _cell("code", "y = 2 * 3", "x-01")]
    path = _write(tmp_path / "01-x.ipynb", english)
    twin = translations.init(path)
    assert twin == tmp_path / "zh-CN" / "01-x.ipynb"
    nb = nbformat.read(twin, as_version=4)
    assert [c.id for c in nb.cells] == ["x-00", "set-language", "x-01"]
    assert sorted(p.split(": ")[1].split(",")[0] for p in translations.check(tmp_path)) == ["untranslated"] * 2
    assert translations.stamp(twin) == ["x-00", "x-01"]
    assert translations.check(tmp_path) == []
    with pytest.raises(FileExistsError):
        translations.init(path)
    with pytest.raises(KeyError, match="x-07"):
        translations.stamp(twin, ["x-07"])


def test_code_lines_ignore_comments_strings_and_line_breaks_inside_brackets():
    a = translations.code_lines('f(1,\n  "a")  # c\nif x:\n    y = f"{x}!"\n')
    b = translations.code_lines('f(1, "甲")\nif x:\n    y = f"{x}！"  # 注释\n')
    assert a == b
    assert a != translations.code_lines('f(2, "a")\nif x:\n    y = f"{x}!"\n')


def test_every_english_notebook_cell_has_an_id_for_translations_to_name():
    for path in translations.english_notebooks():
        nb = nbformat.read(path, as_version=4)
        ids = [c.get("id") for c in nb.cells]
        assert all(ids) and len(set(ids)) == len(ids), path.name


def test_the_chinese_notebooks_of_the_repository_are_in_step():
    assert translations.check() == []


def test_every_english_notebook_has_its_chinese_twin():
    """The 简体中文 edition is complete: a new English notebook needs its zh-CN twin (--init)."""
    assert [p.name for p in translations.missing()] == []
