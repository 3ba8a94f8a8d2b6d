"""mlp_core.i18n: the language switch, the catalogue, English fallback, and the shipped Chinese font."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.text
import polib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from helpers import load_tool  # noqa: E402

import mlp_core  # noqa: E402
from mlp_core import i18n  # noqa: E402
from mlp_core.i18n import tr  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent




messages = load_tool("messages")
build_font = load_tool("build_font")


@pytest.fixture(autouse=True)
def english_after():
    """Every test leaves mlp_core in English with matplotlib's fonts as they were."""
    family = list(matplotlib.rcParams["font.family"])
    yield
    i18n.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == family


@pytest.fixture
def catalogue_file(tmp_path, monkeypatch):
    """A zh-CN catalogue of our own, in place of the shipped one; returns a writer."""
    path = tmp_path / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"
    path.parent.mkdir(parents=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_catalogues", {})

    def write(*entries):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
        for entry in entries:
            po.append(polib.POEntry(**entry))
        po.save(str(path))
        i18n._catalogues.clear()
        return path
    return write


# ---- the switch ------------------------------------------------------------------------------

def test_set_language_is_exported_and_english_is_the_default():
    assert mlp_core.set_language is i18n.set_language
    assert i18n.get_language() == "en"


@pytest.mark.parametrize("spelling", ["zh-CN", "zh_CN", "ZH-cn"])
def test_set_language_accepts_the_bcp47_and_gettext_spellings(spelling):
    assert i18n.set_language(spelling) == "zh-CN"
    assert i18n.get_language() == "zh-CN"


@pytest.mark.parametrize("bad, error", [("fr", ValueError), ("zh", ValueError), ("", ValueError),
                                        (None, TypeError), (1, TypeError)])
def test_an_unknown_language_is_refused_with_the_choices(bad, error):
    with pytest.raises(error, match=r"'en', 'zh-CN'"):
        i18n.set_language(bad)
    assert i18n.get_language() == "en"


def test_the_error_of_bad_input_is_itself_in_the_language_of_the_moment():
    i18n.set_language("zh-CN")
    with pytest.raises(ValueError, match="应为"):
        i18n.set_language("fr")
    assert i18n.get_language() == "zh-CN"


def test_use_language_restores_the_language_before_even_after_an_error():
    with pytest.raises(RuntimeError):
        with i18n.use_language("zh-CN"):
            assert i18n.get_language() == "zh-CN"
            raise RuntimeError
    assert i18n.get_language() == "en"


# ---- translation and fallback ---------------------------------------------------------------------

def test_translation_fields_and_english_fallback(catalogue_file):
    catalogue_file(dict(msgid="activation", msgstr="激活值"),
                   dict(msgid="neuron {n} of layer {layer}", msgstr="第 {layer} 层的神经元 {n}"),
                   dict(msgid="weight", msgstr=""),                              # not translated yet
                   dict(msgid="bias", msgstr="偏执", flags=["fuzzy"]),           # a guess to review
                   dict(msgid="row", msgstr="行", obsolete=True))
    assert tr("activation") == "activation"          # English until switched
    i18n.set_language("zh-CN")
    assert tr("activation") == "激活值"
    assert tr("neuron {n} of layer {layer}", n=3, layer=1) == "第 1 层的神经元 3"   # fields reordered
    assert [tr("weight"), tr("bias"), tr("row"), tr("never translated")] == ["weight", "bias", "row",
                                                                             "never translated"]
    assert tr("{x:.2f} and {{braces}}", x=0.5) == "0.50 and {braces}"   # always formatted
    i18n.set_language("en")
    assert tr("neuron {n} of layer {layer}", n=3, layer=1) == "neuron 3 of layer 1"


def test_a_translation_with_other_fields_is_refused_when_switching(catalogue_file):
    catalogue_file(dict(msgid="neuron {n}", msgstr="神经元 {m}"))
    with pytest.raises(ValueError, match=r"neuron \{n\}.*\['m'\].*\['n'\]"):
        i18n.set_language("zh-CN")
    assert i18n.get_language() == "en"


def test_message_fields_refuses_positional_fields_and_broken_braces():
    assert i18n.message_fields("{a} {b.real} {c[0]:>3} {{d}}") == {"a", "b", "c"}
    for bad in ["{}", "{0}", "{a"]:
        with pytest.raises(ValueError):
            i18n.message_fields(bad)


def test_the_shipped_catalogue_loads_and_every_translation_keeps_its_fields():
    po = polib.pofile(str(i18n.catalogue_path("zh-CN")))
    assert po.metadata["Language"] == "zh_CN"
    done = [e for e in po if e.msgstr]
    assert len(done) >= 40
    for entry in done:
        assert i18n.message_fields(entry.msgid) == i18n.message_fields(entry.msgstr), entry.msgid
    assert i18n.catalogue("zh-CN")     # loads without error


# ---- extraction: every message the code uses is translated -------------------------------------------

def test_every_message_mlp_core_uses_has_a_chinese_translation_and_the_catalogue_is_current():
    found = messages.collect()
    assert "language: expected one of {choices}, got {got}" in found     # the scanner sees real uses
    assert messages.check() == []


def test_extraction_finds_tr_and_N_and_refuses_f_strings(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text('from .i18n import tr, N_\nTITLE = N_("the title")\n'
                                  'def f(x):\n    return tr("neuron {n}", n=x) + tr("one " "line") + tr(TITLE)\n')
    found = messages.collect(package, tmp_path)
    assert list(found) == ["the title", "neuron {n}", "one line"]
    assert found["neuron {n}"][0].file == "pkg/a.py"
    (package / "b.py").write_text('from .i18n import tr\nx = 1\ntr(f"value {x}")\n')
    with pytest.raises(SyntaxError, match="b.py:3.*f-string"):
        messages.collect(package, tmp_path)


def test_merge_keeps_translations_adds_new_messages_and_obsoletes_unused_ones():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="kept", msgstr="保留"))
    po.append(polib.POEntry(msgid="gone", msgstr="删除"))
    po.append(polib.POEntry(msgid="gone, never translated", msgstr=""))
    use = messages.Use
    out = messages.merged(po, {"new {n}": [use("new {n}", "mlp_core/x.py", 3)],
                               "kept": [use("kept", "mlp_core/y.py", 1), use("kept", "mlp_core/y.py", 9)]})
    assert [(e.msgid, e.msgstr, e.obsolete) for e in out] == [("new {n}", "", False), ("kept", "保留", False),
                                                              ("gone", "删除", True)]
    assert out[0].flags == ["python-brace-format"] and out[1].occurrences == [("mlp_core/y.py", "")]
    assert messages.untranslated(out, ["new {n}", "kept"]) == ["new {n}"]


def test_check_fails_for_a_message_with_no_translation(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    (locale / "zh_CN" / "LC_MESSAGES").mkdir(parents=True)
    shipped = i18n.catalogue_path("zh-CN").read_text(encoding="utf-8")
    path = locale / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"
    path.write_text(shipped, encoding="utf-8")
    real = messages.collect()
    monkeypatch.setattr(messages, "collect", lambda: real)
    assert messages.check(locale) == []
    monkeypatch.setattr(messages, "collect", lambda: real | {"a brand new label": [
        messages.Use("a brand new label", "mlp_core/viz.py", 1)]})
    problems = messages.check(locale)
    assert any("no translation for 'a brand new label'" in p for p in problems)
    assert any("out of step" in p for p in problems)


# ---- the Chinese font ----------------------------------------------------------------------------------

def test_switching_registers_the_shipped_font_after_the_usual_ones_and_back():
    before = list(matplotlib.rcParams["font.family"])
    i18n.set_language("zh-CN")
    family = list(matplotlib.rcParams["font.family"])
    assert family[:len(before)] == before
    assert family[len(before)] == "Noto Sans SC mlp_core subset"
    i18n.set_language("zh-CN")                         # twice: still one copy
    assert list(matplotlib.rcParams["font.family"]) == family
    i18n.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == before


def test_the_fonts_are_small_and_carry_their_licence():
    # ~320 bytes per CJK glyph and weight: room for ~1,800 characters, the whole edition's
    # (832 with every mlp_core message), far below one weight of GB2312 (3.3 MB)
    assert sum(path.stat().st_size for path in i18n.FONT_FILES) < 1_200_000
    licence = (i18n.FONT_FILES[0].parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence


def test_every_character_the_project_draws_is_in_the_shipped_font_or_dejavu():
    need = build_font.catalogue_characters() | build_font.notebook_characters()
    assert "激" in need and "值" in need           # the catalogue was read
    assert build_font.missing_characters() == []
    cjk = {ch for ch in need if build_font.is_cjk(ch)}
    for path in i18n.FONT_FILES:                       # CJK from our fonts, regular and bold
        assert cjk <= build_font.cmap_of(path), path.name


def test_missing_characters_notices_a_character_the_font_lacks(monkeypatch):
    monkeypatch.setattr(build_font, "catalogue_characters", lambda: {"激", "龘"})
    assert build_font.missing_characters() == ["龘"]


def test_the_font_takes_the_strings_of_notebook_code_not_prose_or_comments(tmp_path):
    """Markdown and comments are never drawn by matplotlib; a string in code might be (a title)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 龘"),
                nbformat.v4.new_code_cell('plot(title="鑫 " f"{n} 淼")   # 齉'),
                nbformat.v4.new_code_cell('%matplotlib inline\nprint("焱'),      # does not tokenize: all of it
                nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, tmp_path / "01-x.ipynb")
    assert build_font.notebook_characters(tmp_path) == {"鑫", "淼", "焱"}


def _draw_without_warnings(fig, path, caplog):
    """Save `fig`; fail on a warning ('Glyph ... missing from font(s)') or on matplotlib's font
    log ('findfont: Failed to find font weight bold ...'), which the notebooks print on stderr."""
    caplog.clear()
    try:
        with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
            warnings.simplefilter("error")
            fig.savefig(path, dpi=60)
    finally:
        plt.close(fig)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_every_chinese_message_draws_with_real_glyphs_from_the_shipped_font_only(tmp_path, caplog):
    i18n.set_language("zh-CN")
    assert matplotlib.rcParams["font.family"][-1] == "Noto Sans SC mlp_core subset"   # nothing of this machine's
    texts = [e.msgstr for e in polib.pofile(str(i18n.catalogue_path("zh-CN"))) if e.msgstr]
    fig, ax = plt.subplots(figsize=(8, 0.25 * len(texts)))
    ax.set_title("神经网络：" + tr("language: expected one of {choices}, got {got}", choices="'en'", got="'fr'"),
                 fontweight="bold")
    ax.set_xlabel("加权和 z = w·a + b，σ(z) ∈ [0, 1]", style="italic")
    ax.plot([0, 1], [0, 1], label="激活值 σ(z)")
    ax.legend(loc="upper left")   # loc="best" warns when it is slow to place, as on a busy machine
    for k, text in enumerate(texts):
        ax.text(0.01, 1 - k / len(texts), text, transform=ax.transAxes, va="top", fontsize=8,
                weight="bold" if k % 2 else "normal")
    _draw_without_warnings(fig, tmp_path / "zh.png", caplog)


def test_a_chinese_title_in_english_mode_does_warn_so_the_check_is_real(tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["DejaVu Sans"])
    fig, ax = plt.subplots()
    ax.set_title("激活值")
    with pytest.raises(UserWarning, match="missing from font"):
        _draw_without_warnings(fig, tmp_path / "boxes.png", caplog)


# ---- MLP_CORE_LANGUAGE: the language chosen without editing a cell ---------------------------

@pytest.mark.parametrize("value, language", [("", "en"), ("  ", "en"), ("en", "en"), ("zh-CN", "zh-CN"),
                                             ("zh_CN", "zh-CN"), (" ZH-cn ", "zh-CN")])
def test_the_environment_names_the_starting_language(value, language):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert i18n.language_from_environment({"MLP_CORE_LANGUAGE": value}) == language
    assert i18n.language_from_environment({}) == "en"


@pytest.mark.parametrize("value", ["fr", "zh", "chinese", "zh-TW"])
def test_an_unknown_language_in_the_environment_warns_with_the_choices_and_keeps_english(value):
    with pytest.warns(UserWarning) as caught:
        assert i18n.language_from_environment({"MLP_CORE_LANGUAGE": value}) == "en"
    message = str(caught[0].message)
    assert "MLP_CORE_LANGUAGE" in message and repr(value) in message
    assert "'en'" in message and "'zh-CN'" in message


def _import_in_a_fresh_python(environ: dict, code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MLP_CORE_LANGUAGE", "MLP_CORE_PALETTE")}
    env.update(environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-W", "always", "-c", code], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_importing_mlp_core_starts_in_the_language_of_the_environment():
    """The real thing: a new Python (as a kernel is) with the variable set, and nothing but the import."""
    code = "import mlp_core, mlp_core.i18n as i; print(i.get_language()); print(i.tr('activation'))"
    chinese = _import_in_a_fresh_python({"MLP_CORE_LANGUAGE": "zh-CN"}, code)
    assert chinese.returncode == 0, chinese.stderr
    assert chinese.stdout.split() == ["zh-CN", "激活值"]
    wrong = _import_in_a_fresh_python({"MLP_CORE_LANGUAGE": "klingon"}, code)
    assert wrong.returncode == 0, wrong.stderr
    assert wrong.stdout.split() == ["en", "activation"]
    assert "MLP_CORE_LANGUAGE='klingon'" in wrong.stderr and "'zh-CN'" in wrong.stderr


def test_switching_language_redraws_widgets_already_on_screen(caplog):
    """set_language("zh-CN") mid-notebook: a widget made before it relabels its controls and redraws its figure
    in Chinese with the Chinese font (it used to keep English labels and draw new Chinese text as □□ boxes)."""
    from mlp_core import load_sample, neuron
    from mlp_core.i18n import set_language

    images, labels = load_sample()
    box = neuron.bias_explorer(images[:10], labels[:10])
    before, english_readout = box.image.value, box.readout.value
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")         # "Glyph ... missing from font(s)" is a warning
            with caplog.at_level(logging.WARNING):
                set_language("zh-CN")
                box.controls["bias"].value = -20.0
        assert box.controls["bias"].description == tr("bias b") != "bias b"
        assert box.readout.value != english_readout and "偏置" in box.readout.value
        assert box.image.value != before
        figure_texts = " ".join(t.get_text() for t in box.state["fig"].findobj(matplotlib.text.Text))
        assert re.search("[\u4e00-\u9fff]", figure_texts), figure_texts
        assert not [r for r in caplog.records if "missing from font" in r.getMessage()]
    finally:
        set_language("en")
    assert box.controls["bias"].description == "bias b"


def test_a_digit_says_an_8():
    """Titles and readouts said "a 8": the digit takes the article English needs."""
    from mlp_core.i18n import a_digit, use_language

    assert [a_digit(d) for d in (3, 8, "8")] == ["a 3", "an 8", "an 8"]
    with use_language("zh-CN"):
        assert a_digit(8) == "数字 8"
