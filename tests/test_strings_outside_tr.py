"""Every text a learner sees from mlp_core goes through tr(): none is left in English in the Chinese edition.

The Chinese reader found a colour bar ("cost (dark = low: a valley)"), a confusion-matrix label and
the printouts of Network and Digits in English inside the zh-CN notebooks: strings written straight
into a figure or a repr, past tr(). This test reads the source of every module (ast) and fails on a
string literal with words in it, passed straight (not through tr(), N_() or a variable) to:

- a figure text: set_title / set_xlabel / set_ylabel / set_label / suptitle / text / annotate /
  set_text / figtext / legend, or a label=/title= keyword of any call;
- a widget text: the description=, placeholder=, tooltip=, value= (of an HTML/Label) keywords;
- print();
- a __repr__ / __str__ / _repr_html_ return value.

Code shown as code is allowed: identifiers followed by "(" or "=" (Network(...), output=...) are
not words. A kind of slip, not a list of instances: a new module or a new label is covered as soon
as it is written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mlp_core"
# __main__.py is the command line that retrains the shipped weights, for teachers and developers, in English
# (as its --help is); everything a notebook shows is in the other modules.
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")
FIGURE_CALLS = {"set_title", "set_xlabel", "set_ylabel", "set_label", "suptitle", "text", "annotate", "set_text",
                "figtext", "legend", "set_ticklabels", "set_xticklabels", "set_yticklabels"}
TEXT_KEYWORDS = {"label", "title", "description", "placeholder", "tooltip", "xlabel", "ylabel"}
REPRS = {"__repr__", "__str__", "_repr_html_"}
TRANSLATORS = {"tr", "N_"}
CODE = re.compile(r"[A-Za-z_][A-Za-z_0-9.]*[(=\[]")      # Network( output= net.weights[ : code, not words
WORDS = re.compile(r"[A-Za-z]{2,}")
HTML_TAG = re.compile(r"</?[a-z0-9]+[^>]*>|&[a-z]+;")


def _words(node) -> str | None:
    """The English words of a literal string or f-string `node`, or None (not a literal, or no words)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    elif isinstance(node, ast.BinOp):           # "a" + "b", "x %s" % y
        return _words(node.left) or _words(node.right)
    else:
        return None
    text = HTML_TAG.sub(" ", " ".join(parts))
    text = re.sub(r"(style|class|href|src)=(\"[^\"]*\"|'[^']*')", " ", text)   # HTML attributes
    text = CODE.sub(" ", text)
    found = WORDS.findall(text)
    return " ".join(found) if found else None


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def untranslated(source: str) -> list[tuple[int, str, str]]:
    """(line, where, words) for every learner-visible literal with words not passed through tr()."""
    tree = ast.parse(source)
    found = []

    def check(node, where):
        words = _words(node)
        if words:
            found.append((node.lineno, where, words))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) not in TRANSLATORS:
            name = _name(node)
            shown = node.args if name in FIGURE_CALLS or name == "print" else []
            for arg in shown:
                check(arg, f"{name}()")
            for kw in node.keywords:
                if kw.arg in TEXT_KEYWORDS:
                    check(kw.value, f"{name}({kw.arg}=)")
        elif isinstance(node, ast.FunctionDef) and node.name in REPRS:
            # what it returns, and what it builds to return (head = f"..." then return f"{head} ...")
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Return, ast.Assign)) and inner.value is not None:
                    check(inner.value, node.name)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_learner_visible_strings_go_through_tr(path):
    found = untranslated(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{line}: {where} shows {words!r} in English only: wrap it in tr()"
                                for line, where, words in found)


@pytest.mark.parametrize("source, caught", [
    ('cb.set_label("cost (dark = low)")', True),
    ('cb.set_label(tr("cost (dark = low)"))', False),
    ('widgets.Button(description="reset")', True),
    ('widgets.Button(description=tr("reset"))', False),
    ('ax.set_title(f"{n} digits")', True),
    ('ax.set_title(f"W{k} @ a{k - 1}")', False),
    ('class A:\n    def __repr__(self):\n        return f"Digits({self.n} for training)"', True),
    ('class A:\n    def __repr__(self):\n        return f"Network({self.sizes}, output={self.output!r})"', False),
    ('print("done")', True),
    ('ax.text(0, 0, "σ")', False),
])
def test_the_scanner_tells_a_translated_string_from_a_raw_one(source, caught):
    assert bool(untranslated(source)) == caught
