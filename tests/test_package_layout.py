"""The package's floors (docs: README's module table): the maths never imports a plotting or
widget library, and a topic module builds on render, style and the core, not on another topic.

Read from the source with Python's own parser, so a new import that breaks the layering fails
here, named, before anyone has to find it in a diagram.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mlp_core"
CORE = {"i18n", "checks", "data", "digits", "preprocess", "network", "recipes", "train", "sharing"}     # floors 1–2
TOPICS = {"viz", "widgets", "diagram", "matrix", "drawing", "descent", "chain", "training_views"}
#: the two topic-to-topic imports there are, and why
SHARED_TOPICS = {
    ("widgets", "viz"): "one topic (01–05) in two files: the widgets show viz's pictures",
    ("drawing", "diagram"): "08's pad shows the network diagram of 07 beside the drawing",
}


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


def test_no_topic_module_imports_another_but_the_two_named():
    for name, imported in module_imports().items():
        if name in TOPICS:
            for other in imported & TOPICS:
                assert (name, other) in SHARED_TOPICS, f"{name} imports the topic module {other}: move what they share to style"


def test_the_floors_below_the_topics_import_no_topic():
    for name, imported in module_imports().items():
        if name not in TOPICS:
            assert not imported & TOPICS, f"{name} imports {imported & TOPICS}"


def test_every_module_is_in_a_floor():
    known = CORE | TOPICS | {"render", "palette", "style", "describe", "access"}   # the pictures' floor
    unplaced = set(module_imports()) - known
    assert not unplaced, f"say which floor {sorted(unplaced)} is on (CORE, TOPICS or the pictures' floor) in this file"
