"""Every figure cell of the notebooks says, on its first line, where the code that draws it is.

    python tools/figure_pointers.py --check    # list figure cells whose pointer is missing or stale; exit 1 if any
    python tools/figure_pointers.py --write    # write the pointers (English and zh-CN twins), then
                                               # restamp the changed cells: tools/translations.py --stamp NN --cell ...

A pointer is one comment, e.g.

    # code: mlp_core/viz.py · plot_unrolled            (zh-CN: # 代码：mlp_core/viz.py · plot_unrolled)

naming the file and the function or class that draws the picture or widget, so `plot_unrolled??`
shows it in one step. A one-line wrapper (`plot_network` → `NetworkDiagram(...).fig`) is skipped:
the pointer names what it wraps. A figure cell is a code cell that calls a picture or widget
maker of a topic module: a class, or a function named plot_*, compare_*, *_explorer, *_widget,
live_editor. The notebook's own imports (`from mlp_core import viz`, `from mlp_core.viz import
plot_digit`) tell which module a name comes from; inspect finds the file.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import inspect
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TOPICS = {"viz", "neuron", "diagram", "matrix", "drawing", "descent", "chain", "training_views", "style", "network_picture"}
PREFIX = {"en": "# code: ", "zh-CN": "# 代码："}


def is_figure_maker(name: str, obj) -> bool:
    if dataclasses.is_dataclass(obj):      # a value to draw (chain.Chain), not a picture
        return False
    return (inspect.isclass(obj) or name.startswith(("plot_", "compare_")) or name.endswith(("_explorer", "_widget"))
            or name == "live_editor")


def one_step(obj):
    """What does the drawing: the class a one-line wrapper returns an instance of, else obj itself."""
    if not inspect.isfunction(obj):
        return obj
    function = ast.parse(inspect.getsource(obj).lstrip()).body[0]
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
        for node in ast.walk(body[0].value):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                target = getattr(sys.modules[obj.__module__], node.func.id, None)
                if inspect.isclass(target):
                    return target
    return obj


def _parsed(source: str):
    try:
        return ast.parse(source)
    except SyntaxError:        # a cell of IPython magics or shell lines: no figure maker here
        return None


def imported_names(nb) -> tuple[dict, dict]:
    """({alias: topic module} from `from mlp_core import viz`, {name: (module, attr)} from
    `from mlp_core.viz import plot_digit`) over the whole notebook."""
    modules, names = {}, {}
    for cell in nb.cells:
        tree = _parsed(cell.source) if cell.cell_type == "code" else None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.ImportFrom) and node.module == "mlp_core":
                modules.update({a.asname or a.name: a.name for a in node.names if a.name in TOPICS})
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[:1] == ["mlp_core"]:
                module = node.module.split(".")[1]
                if module in TOPICS:
                    names.update({a.asname or a.name: (module, a.name) for a in node.names})
    return modules, names


def drawn_by(source: str, modules: dict, names: dict) -> list[str]:
    """'mlp_core/viz.py · plot_digit' for each figure maker the cell calls, in the order called."""
    tree = _parsed(source)
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)) if tree else []
    found = []
    for call in calls:
        f = call.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in modules:
            module, attr = modules[f.value.id], f.attr
        elif isinstance(f, ast.Name) and f.id in names:
            module, attr = names[f.id]
        else:
            continue
        obj = getattr(importlib.import_module(f"mlp_core.{module}"), attr, None)
        if obj is not None and is_figure_maker(attr, obj):
            target = one_step(obj)
            where = f"{Path(inspect.getsourcefile(target)).resolve().relative_to(ROOT)} · {target.__qualname__}"
            if where not in found:
                found.append(where)
    return found


def pointer(found: list[str], language: str = "en") -> str:
    """One line: files in the order first met, each with its names."""
    by_file: dict[str, list[str]] = {}
    for where in found:
        file, name = where.split(" · ")
        by_file.setdefault(file, []).append(name)
    return PREFIX[language] + "; ".join(f"{file} · {', '.join(names)}" for file, names in by_file.items())


def without_pointer(source: str, language: str) -> str:
    return source.split("\n", 1)[1] if source.startswith(PREFIX[language]) else source


def pointers_of(nb) -> dict[str, str]:
    """{cell id: the English pointer it should start with}, for every figure cell of `nb`."""
    modules, names = imported_names(nb)
    wanted = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            found = drawn_by(without_pointer(cell.source, "en"), modules, names)
            if found:
                wanted[cell.id] = pointer(found)
    return wanted


def _chinese_twin(path: Path):
    twin = path.parent / "zh-CN" / path.name
    return twin if twin.exists() else None


def problems() -> list[str]:
    found = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        wanted = pointers_of(nb)
        for cell in nb.cells:
            if cell.id in wanted and not cell.source.startswith(wanted[cell.id] + "\n"):
                found.append(f"{path.name} cell {cell.id}: should start with {wanted[cell.id]!r}")
        twin = _chinese_twin(path)
        for cell in nbformat.read(twin, as_version=4).cells if twin else ():
            source_id = cell.metadata.get("translation", {}).get("source_id")
            if source_id in wanted:
                line = wanted[source_id].replace(PREFIX["en"], PREFIX["zh-CN"], 1)
                if not cell.source.startswith(line + "\n"):
                    found.append(f"zh-CN/{path.name} cell translating {source_id}: should start with {line!r}")
    return found


def write() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        wanted = pointers_of(nb)
        changed = []
        for cell in nb.cells:
            if cell.id in wanted and not cell.source.startswith(wanted[cell.id] + "\n"):
                cell.source = wanted[cell.id] + "\n" + without_pointer(cell.source, "en")
                changed.append(cell.id)
        if not changed:
            continue
        nbformat.write(nb, path)
        twin = _chinese_twin(path)
        if twin:
            zh = nbformat.read(twin, as_version=4)
            for cell in zh.cells:
                source_id = cell.metadata.get("translation", {}).get("source_id")
                if source_id in changed:
                    line = wanted[source_id].replace(PREFIX["en"], PREFIX["zh-CN"], 1)
                    cell.source = line + "\n" + without_pointer(cell.source, "zh-CN")
            nbformat.write(zh, twin)
        print(f"{path.name}: restamp with  python tools/translations.py --stamp {path.name[:2]} --cell {' '.join(changed)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        write()
        return 0
    found = problems()
    print("\n".join(found) or "every figure cell points at its code")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
