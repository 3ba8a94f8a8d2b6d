"""The learner's language: English, or 简体中文 after `set_language("zh-CN")`.

    import mlp_core
    mlp_core.set_language("zh-CN")      # figures, widgets and feedback from now on in Chinese
    mlp_core.set_language("en")         # and back

Inside mlp_core every text a learner sees goes through `tr`, with the English text as the
key and str.format fields by NAME, so a translation may put them in another order:

    from .i18n import tr
    ax.set_xlabel(tr("activation"))
    tr("neuron {n}: weighted sum {z:.2f}", n=3, z=1.234)   # '神经元 3：加权和 1.23' in Chinese

The message is always formatted (even with no fields), so a literal brace is written {{ }}.
A message with no translation, or an empty or fuzzy one, falls back to the English text.

Translations live in one gettext catalogue per language, mlp_core/locale/zh_CN/LC_MESSAGES/
mlp_core.po, read at run time with polib: the .po that translators edit IS what runs, with
no compiled .mo to keep in step. tools/messages.py extracts the tr(...) / N_(...) strings
into it, and its docstring says how to add a translation.

Chinese text in figures needs a font with CJK glyphs, which most Linux machines, Binder and
CI lack. mlp_core ships a subset of Noto Sans CJK SC, regular and bold (SIL Open Font Licence,
fonts/OFL.txt), holding every character of the catalogue and the Chinese notebooks
(tools/build_font.py); only that font, so every machine draws the same glyphs.
In Chinese, matplotlib's font.family becomes [the families it had, that font]: Latin letters,
digits and σ keep their usual look and only CJK characters come from the shipped font.
Widgets already on screen redraw themselves at the switch (their controls relabelled, the figures of
01–05's widgets made again in the new language); a static figure drawn before it stays as it was,
and the other views keep their fixed labels until their cell runs again: switch at the top of a notebook.

A class can choose the language without editing a cell: the environment variable
MLP_CORE_LANGUAGE ("en" or "zh-CN"), read once when mlp_core is imported, sets the language
every notebook starts in (`MLP_CORE_LANGUAGE=zh-CN make lab`). A value that is not a language
of mlp_core gives a warning naming the choices, and English. set_language() still switches
afterwards (the zh-CN notebooks call it in their first cell).
"""

from __future__ import annotations

import os
import re
import string
import warnings
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LANGUAGES", "LANGUAGE_VARIABLE", "set_language", "get_language", "use_language", "tr", "N_", "catalogue",
           "catalogue_path", "message_fields", "register_font", "FONT_FILES",
           "on_language_change"]

LANGUAGES = ("en", "zh-CN")
ENGLISH = "en"
PACKAGE = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "mlp_core"
LANGUAGE_VARIABLE = "MLP_CORE_LANGUAGE"
# Regular and bold: matplotlib looks up every family of font.family for every text, and logs
# "Failed to find font weight bold" on stderr for a family with no bold (the figures use bold).
FONT_FILES = tuple(PACKAGE / "fonts" / f"NotoSansSC-mlp_core-subset-{weight}.otf" for weight in ("Regular", "Bold"))

#: Called after every change of language: mlp_core.render redraws the widgets already on screen.
_listeners: list = []
_state = {"language": ENGLISH, "family_before": None}
_catalogues: dict[str, dict[str, str]] = {}


def _normalise(language) -> str:
    choices = ", ".join(map(repr, LANGUAGES))
    if not isinstance(language, str):
        raise TypeError(tr("language: expected one of {choices}, got {kind} {got}",
                           choices=choices, kind=type(language).__name__, got=repr(language)))
    spelled = {code.lower(): code for code in LANGUAGES} | {"zh_cn": "zh-CN"}   # gettext's spelling too
    code = spelled.get(language.strip().lower())
    if code is None:
        raise ValueError(tr("language: expected one of {choices}, got {got}", choices=choices, got=repr(language)))
    return code


def catalogue_path(language: str) -> Path:
    """Where the .po catalogue of `language` lives (zh-CN → locale/zh_CN/LC_MESSAGES/mlp_core.po)."""
    return LOCALE_DIR / _normalise(language).replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def message_fields(message: str) -> set[str]:
    """The names of the str.format fields of `message`: 'neuron {n}: {z:.2f}' → {'n', 'z'}.

    Raises ValueError for a broken template (an unmatched brace) or a positional field ({} or
    {0}), which a translation could not move around."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(message):
        if field is None:
            continue
        name = field.split(".")[0].split("[")[0]
        if name == "" or name.isdigit():
            raise ValueError(f"message {message!r}: fields need names, such as {{count}}, not {{{field}}}")
        names.add(name)
    return names


def catalogue(language: str) -> dict[str, str]:
    """{English message: translation} for `language`, read from its .po file once.

    Only finished translations count (not empty, not fuzzy, not obsolete). Each must use the
    same fields as its English message: a mismatch is an error here, not a KeyError later
    in the middle of a widget."""
    code = _normalise(language)
    if code == ENGLISH:
        return {}
    if code not in _catalogues:
        import polib

        path = catalogue_path(code)
        found = {}
        for entry in polib.pofile(str(path)).translated_entries():
            try:
                same = message_fields(entry.msgid) == message_fields(entry.msgstr)
            except ValueError as err:
                raise ValueError(f"{path.name} ({code}), line {entry.linenum}: {err}") from None
            if not same:
                raise ValueError(f"{path.name} ({code}), line {entry.linenum}: the translation of {entry.msgid!r} "
                                 f"uses the fields {sorted(message_fields(entry.msgstr))}, the English "
                                 f"{sorted(message_fields(entry.msgid))}")
            found[entry.msgid] = entry.msgstr
        _catalogues[code] = found
    return _catalogues[code]


# A space between two Chinese characters (a field such as {name} filled in with Chinese text, in a
# template written with a space for Latin text: "{name} 应为"): Chinese puts none there.
_SPACE_IN_CHINESE = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


# Text filled into a Chinese template: Chinese puts a space between a Chinese character and a Latin
# letter or digit ("应为 784 个权重", "应为 w 的新值"), which a template cannot write for a field that
# may hold either. The filled-in text is marked while formatting, and the space added at its edges.
_START, _END = "\x02", "\x03"
_LATIN_AFTER_CHINESE = re.compile(f"(?<=[\u4e00-\u9fff]){_START}(?=[A-Za-z0-9])")
_CHINESE_AFTER_LATIN = re.compile(f"(?<=[A-Za-z0-9]){_END}(?=[\u4e00-\u9fff])")


def tr(message: str, /, **fields) -> str:
    """`message` (English, with named {fields}) in the current language, fields filled in."""
    template = catalogue(_state["language"]).get(message, message)
    if _state["language"] != "zh-CN":
        return template.format(**fields)
    marked = {name: f"{_START}{value}{_END}" if isinstance(value, str) else value for name, value in fields.items()}
    text = _CHINESE_AFTER_LATIN.sub(" ", _LATIN_AFTER_CHINESE.sub(" ", template.format(**marked)))
    return _SPACE_IN_CHINESE.sub("", text.replace(_START, "").replace(_END, ""))


def a_digit(digit) -> str:
    """"a 3", but "an 8": a digit with the English article it needs (数字 8 in Chinese)."""
    return tr("an {digit}", digit=digit) if str(digit) == "8" else tr("a {digit}", digit=digit)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined (a module constant, a default
    argument) without translating it yet: call tr() on it where it is shown, so it follows
    the language of that moment."""
    return message


def get_language() -> str:
    """The current language code: 'en' or 'zh-CN'."""
    return _state["language"]


def set_language(language: str) -> str:
    """Show mlp_core's figures, widgets, progress bars, feedback and errors in `language`
    ('en' or 'zh-CN'); returns the language set. In Chinese, matplotlib also gets the shipped
    CJK font; back in English its font list is restored."""
    code = _normalise(language)
    if code != ENGLISH:
        catalogue(code)                  # a broken catalogue fails here, at the switch
    _use_cjk_font(code == "zh-CN")
    changed, _state["language"] = code != _state["language"], code
    if changed:
        for listener in list(_listeners):
            listener()
    return code


def on_language_change(listener) -> None:
    """Call `listener()` after every switch of language (widgets made before it redraw themselves)."""
    _listeners.append(listener)


@contextmanager
def use_language(language: str):
    """`with use_language("zh-CN"): ...` — the language for a block, then the one before."""
    before = get_language()
    set_language(language)
    try:
        yield _normalise(language)
    finally:
        set_language(before)


def _use_cjk_font(on: bool) -> None:
    """Append the shipped CJK font to matplotlib's font.family, or put back the list it had before."""
    import matplotlib

    if on and _state["family_before"] is None:
        before = list(matplotlib.rcParams["font.family"])
        matplotlib.rcParams["font.family"] = before + [register_font()]
        _state["family_before"] = before
    elif not on and _state["family_before"] is not None:
        matplotlib.rcParams["font.family"] = _state["family_before"]
        _state["family_before"] = None


def register_font() -> str:
    """Add the shipped CJK subset (regular and bold) to matplotlib's fonts, once; return its family name.

    Only the shipped font, never a CJK font the machine happens to have: every machine then
    draws the same glyphs, and the tests see what learners see."""
    from matplotlib import font_manager

    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in FONT_FILES:
        if not path.is_file():
            raise FileNotFoundError(f"the Chinese font {path} is missing: reinstall mlp_core, or rebuild it "
                                    "with tools/build_font.py")
        if path not in known:
            font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(FONT_FILES[0])).get_name()


def language_from_environment(environ=os.environ) -> str:
    """The language MLP_CORE_LANGUAGE names ('en' when it is unset or empty).

    A value that is not a language of mlp_core is not guessed at: a warning names the variable,
    its value and the choices, and the answer is English. (The warning is in English, not through
    tr: it is given before any language is chosen.)"""
    value = environ.get(LANGUAGE_VARIABLE, "").strip()
    if not value:
        return ENGLISH
    try:
        return _normalise(value)
    except ValueError:
        warnings.warn(f"{LANGUAGE_VARIABLE}={value!r} is not a language of mlp_core: expected one of "
                      f"{', '.join(map(repr, LANGUAGES))} (or unset); using {ENGLISH!r}", stacklevel=2)
        return ENGLISH


def _start_in_environment_language() -> None:
    language = language_from_environment()
    if language != ENGLISH:
        set_language(language)


_start_in_environment_language()
