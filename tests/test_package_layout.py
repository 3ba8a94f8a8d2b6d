"""The package's floors (docs: README's module table): the maths never imports a plotting or
widget library, and a topic module builds on render, style and the core, not on another topic;
and the sizes a reader can take in: no module over 700 lines, no function over 60 lines of code.

Read from the source with Python's own parser, so a new import that breaks the layering fails
here, named, before anyone has to find it in a diagram.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mlp_core"
CORE = {"i18n", "checks", "data", "digits", "preprocess", "network", "recipes", "train", "sharing"}     # floors 1–2
TOPICS = {"viz", "neuron", "diagram", "matrix", "drawing", "descent", "chain", "training_views"}
#: below the topics: what every figure and widget is drawn with, and the pictures two topics share
PICTURES = {"render", "palette", "style", "describe", "access", "network_picture"}
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 60


def imports_of(path: Path, when_imported: bool = False) -> set[str]:
    """The names of mlp_core modules (and outside packages) that `path` imports; with
    `when_imported`, only those its top level imports (not those a function imports when called)."""
    found = set()
    tree = ast.parse(path.read_text())
    for node in (tree.body if when_imported else ast.walk(tree)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def module_imports(when_imported: bool = False) -> dict[str, set[str]]:
    return {p.stem: imports_of(p, when_imported) for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"}}


def test_the_maths_imports_no_plotting_or_widget_library():
    # i18n sets matplotlib's font inside set_language, only for a learner who switches language
    for name, imported in module_imports(when_imported=True).items():
        if name in CORE:
            assert not imported & {"matplotlib", "ipywidgets", "anywidget", "PIL"}, name


def test_no_topic_module_imports_another():
    for name, imported in module_imports().items():
        if name in TOPICS:
            others = imported & TOPICS
            assert not others, f"{name} imports the topic module(s) {sorted(others)}: move what they share below the topics"


def test_the_floors_below_the_topics_import_no_topic():
    for name, imported in module_imports().items():
        if name not in TOPICS:
            assert not imported & TOPICS, f"{name} imports {imported & TOPICS}"


def test_every_module_is_in_a_floor():
    unplaced = set(module_imports()) - CORE - TOPICS - PICTURES
    assert not unplaced, f"say which floor {sorted(unplaced)} is on (CORE, TOPICS or PICTURES) in this file"


def _lines_of_code(node: ast.AST, lines: list[str]) -> int:
    """The non-blank lines of a function, its docstring aside."""
    body = set(range(node.lineno, node.end_lineno + 1))
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        body -= set(range(first.lineno, first.end_lineno + 1))
    return sum(1 for i in body if lines[i - 1].strip())


def test_modules_and_functions_stay_short_enough_to_read():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text().splitlines()
        where = path.relative_to(PACKAGE.parent)
        if len(lines) > MAX_MODULE_LINES:
            too_long.append(f"{where}: {len(lines)} lines")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _lines_of_code(node, lines) > MAX_FUNCTION_LINES:
                too_long.append(f"{where}:{node.lineno} {node.name}: {_lines_of_code(node, lines)} lines of code")
    assert not too_long, f"split these (≤ {MAX_MODULE_LINES} lines a module, ≤ {MAX_FUNCTION_LINES} a function): {too_long}"
