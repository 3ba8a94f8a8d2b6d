"""Text that names a control (button, menu, slider, toggle) uses the label the control really has.

Readers of both editions tripped on controls the text called by other names: 08 said
"放一个真实数字到画板上" for the menu 在画板上放一个真实的数字, "⌫ 擦除" for the button ⌫ 擦 (now both 擦除) and
"*无*" for the option 不处理：…; 07 "权重清零" for 把它的权重清零; 10 "梯度下降走一步" for
走一步梯度下降. A learner looks for the words on the screen and does not find them.

The real labels are read from mlp_core's own code, with Python's parser: every message of a
`tr(...)` call that is a widget's description, option or tooltip (inside a `widgets.X(...)`
call, a `description=` / `options=` / `tooltips=` argument of any call, the first argument of a
`..._slider(...)` helper, or an assignment to `.description`), and every `N_(...)` message (the
deferred ones are options, such as the pre-processing choices). The Chinese labels are their
translations in the .po catalogue, as the widgets show them.

A span of markdown (bold, italic, code, or in quotes) names a control when
- it sits right next to a control word: "press **X**", "the **X** button", "switch … to *X*",
  "按 **X**", "切换成 *X*", "**X** 滑块" …;
- it starts with a control icon (⌫, ✏, ▶ …), as some buttons do;
- or it opens an item of a list in which another item opens with a control's name (08's
  list of the drawing pad's controls).
Such a span must be a label: the whole label, or the label without its icon, or the part of
it before a colon or a bracket ("*none*" for the option "none: the whole pad shrunk to 28×28").
A label's {field} stands for anything ("only the … wrong ones").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlp_core"
CATALOGUE = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"
EDITIONS = {"en": ROOT / "notebooks", "zh-CN": ROOT / "notebooks" / "zh-CN"}

CONTROL_KEYWORDS = {"description", "options", "tooltips", "tooltip"}
ICONS = "⌫✏▶⏸⏹⏵⟲↺↻"
SPAN = re.compile(r"\*\*([^*\n]+?)\*\*"                      # **bold**
                  r"|(?<![*\w])\*([^*\n]+?)\*(?![*\w])"       # *italic*
                  r"|`([^`\n]+)`"                             # `code`
                  r"|\"([^\"\n]{1,40})\"|“([^”\n]{1,40})”")   # "quoted", “引号”
CUES = {
    "en": (re.compile(r"\b(press|click|choose|select|pick|tab to|(switch|set|turn) [\w-]+ to)\s+(the\s+)?$", re.I),
           re.compile(r"^\s+(button|menu|slider|toggle|dropdown|checkbox)s?\b", re.I)),
    "zh-CN": (re.compile(r"(按\s+|按(一下|几次|下)\s*|点(一下|击)\s*|选(择)?\s*|切换[成到]\s*|走到\s*)$"),  # 按质心: "by"
              re.compile(r"^\s*(按钮|滑块|菜单|开关|下拉菜单)")),
}
LIST_ITEM = re.compile(r"^\s*[-*]\s+\*\*([^*\n]+?)\*\*(?![：。])", re.M)   # not a run-in heading: **中文**：


def _is_marker(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"tr", "N_"}
            and bool(node.args) and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def _names_a_control(node: ast.AST, parents: dict) -> bool:
    """Whether the tr() call `node` gives a control its label (see the module's docstring)."""
    child, parent = node, parents.get(node)
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.Module, ast.ClassDef)):
        if isinstance(parent, ast.keyword) and parent.arg in CONTROL_KEYWORDS:
            return True
        if isinstance(parent, ast.Call):
            func = parent.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "widgets":
                return True
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.endswith("_slider") and parent.args and parent.args[0] is child:
                return True
        if isinstance(parent, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "description"
                                                  for t in parent.targets):
            return True
        child, parent = parent, parents.get(parent)
    return False


def english_labels() -> set[str]:
    found = set()
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if _is_marker(node) and (node.func.id == "N_" or _names_a_control(node, parents)):
                found.add(node.args[0].value)
    return found


def labels(edition: str) -> set[str]:
    english = english_labels()
    if edition == "en":
        return english
    chinese = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE)).translated_entries()}
    return {chinese.get(message, message) for message in english}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def label_patterns(edition: str) -> list[re.Pattern]:
    """Each label as a pattern, also without its icon and cut before a colon or a bracket."""
    forms = set()
    for label in labels(edition):
        bare = label.lstrip(ICONS + " ")
        forms |= {label, bare, re.split(r"\s*[:：(（]", bare)[0]}
    patterns = []
    for form in filter(None, forms):
        parts = re.split(r"\{[^}]*\}", _normal(form))
        parts = [re.escape(part.strip()).replace(r"\ ", r"\s*") for part in parts]
        patterns.append(re.compile(r"\s*.+\s*".join(parts) + r"\Z"))
    return patterns


def control_names(source: str, edition: str) -> list[str]:
    """The spans of a markdown cell that name a control (see the module's docstring)."""
    before_cue, after_cue = CUES[edition]
    named, spans = [], []
    for match in SPAN.finditer(source):
        text = next(group for group in match.groups() if group is not None).strip()
        run_in = text[-1] in ":：.。" or (source[match.end():match.end() + 1] in ("：", "。")      # **动手试试**：
                                         and re.search(r"(?:^|\n)\s*(?:[-*]\s+)?\Z", source[:match.start()]))
        if (len(text) < 2 and text.isascii()) or run_in or len(text) > 40 or "→" in text:
            continue          # a run-in heading ("**Try it:**"), a sentence, a symbol, JupyterLab's menus
        spans.append(text)
        if (before_cue.search(source[max(0, match.start() - 40):match.start()])
                or after_cue.search(source[match.end():match.end() + 12]) or text[0] in ICONS):
            named.append(text)
    return named, spans


def cell_problems(source: str, edition: str, patterns: list[re.Pattern]) -> list[str]:
    def is_label(text: str) -> bool:
        return any(p.match(_normal(text)) for p in patterns)

    named, _ = control_names(source, edition)
    heads = [h.strip() for h in LIST_ITEM.findall(source) if h.strip()[-1] not in ":："]
    if any(h in named or is_label(h) for h in heads):
        named += heads            # a list of the controls: every item names one
    return sorted({text for text in named if not is_label(text)})


def notebook_problems(edition: str) -> list[str]:
    patterns = label_patterns(edition)
    problems = []
    for path in sorted(EDITIONS[edition].glob("[0-9][0-9]-*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                problems += [f"{path.name} cell {number}: {text!r}"
                             for text in cell_problems(cell.source, edition, patterns)]
    return problems


@pytest.mark.parametrize("edition", EDITIONS)
def test_text_names_controls_by_their_labels(edition):
    problems = notebook_problems(edition)
    assert not problems, (f"{edition}: text names a control by a name no control has (write its label as "
                          "the widget shows it):\n" + "\n".join(problems))


def test_the_labels_come_from_the_widgets():
    english = english_labels()
    # a button, a menu, a toggle's option, a slider, a deferred option, a label set after the fact
    assert {"zero its weights", "put a real digit on the pad", "⌫ erase", "brush",
            "none: the whole pad shrunk to 28×28", "wrong #", "rows"} <= english
    assert "在画板上放一个真实的数字" in labels("zh-CN") and "⌫ 擦除" in labels("zh-CN")


@pytest.mark.parametrize("text, edition, wrong", [
    ("- **⌫ 擦掉** 画的是黑色；**笔刷** 设置笔画的粗细；\n- **放一个真实数字到画板上** 会取一个数字", "zh-CN",
     ["⌫ 擦掉", "放一个真实数字到画板上"]),
    ("把预处理切换成 *无*，再画同一个数字。", "zh-CN", ["无"]),
    ("或者按 **权重清零**。", "zh-CN", ["权重清零"]),
    ("- **只用键盘时**：画板本身拿不到键盘焦点。\n\n**动手试试**。拖动 z。", "zh-CN", []),   # run-in headings
    ("Press **zero weights** to cut it off.", "en", ["zero weights"]),
    ("Switch pre-processing to *nothing* and draw.", "en", ["nothing"]),
    ("- **erase** paints black; **brush** sets the width;\n- **put a digit on the pad** loads one", "en",
     ["put a digit on the pad"]),
])
def test_a_wrong_name_is_found(text, edition, wrong):
    assert cell_problems(text, edition, label_patterns(edition)) == sorted(wrong)


@pytest.mark.parametrize("text, edition", [
    ("- **erase** paints black; **brush** sets the width;\n- **put a real digit on the pad** loads one", "en"),
    ("Switch pre-processing to *none* and draw; or choose “only the … wrong ones”.", "en"),
    ("把预处理切换成 *不处理*，或者按 **把它的权重清零**。", "zh-CN"),
    ("The **learning rate** sets the step; **Try it:** move z.", "en"),
])
def test_a_right_name_passes(text, edition):
    assert cell_problems(text, edition, label_patterns(edition)) == []
