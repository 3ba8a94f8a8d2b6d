"""Every piece of code a folded solution shows can run where it is shown.

05's solution 3 used `np.median` in a notebook that never imports numpy: pasted into a cell, a
NameError. The solutions are markdown (inline `code` and fenced blocks inside <details>), so this
test reads every such piece of Python, finds the names it uses and does not define itself, and
fails on a name that no code cell above the solution defines (import, assignment, def, for,
with, ...) and that is not a builtin. Both editions.
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "zh-CN").glob("*.ipynb"))
FENCED = re.compile(r"```(?:python)?\n(.*?)```", re.S)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def defined_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            names.update(a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg))
        elif isinstance(node, ast.Lambda):
            names.update(a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def used_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def solution_code(markdown: str) -> list[str]:
    """The Python pieces of a solution cell: fenced blocks, and inline spans that parse as Python."""
    if "<details" not in markdown:
        return []
    pieces = FENCED.findall(markdown)
    rest = FENCED.sub(" ", markdown)
    pieces += [m for m in INLINE.findall(rest)]
    return pieces


def undefined_in_solutions(cells) -> list[str]:
    known = set(dir(builtins))
    problems = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code":
            try:
                known |= defined_names(ast.parse(cell.source))
            except SyntaxError:
                pass
            continue
        for piece in solution_code(cell.source):
            try:
                tree = ast.parse(piece.strip())
            except SyntaxError:        # prose in backticks (`W·a`, a shape, a formula): not code to run
                continue
            missing = used_names(tree) - defined_names(tree) - known
            if missing:
                problems.append(f"cell {i}: `{piece.strip()}` uses {sorted(missing)}, defined in no cell above")
    return problems


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_solution_code_runs_where_it_is_shown(path):
    problems = undefined_in_solutions(nbformat.read(path, as_version=4).cells)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_check_finds_a_missing_import():
    cells = [nbformat.v4.new_code_cell("from mlp_core import sigmoid\nweighted_sums = sigmoid(3)"),
             nbformat.v4.new_markdown_cell("<details>`np.median(weighted_sums)` and `sigmoid(weighted_sums)`</details>")]
    assert undefined_in_solutions(cells) == ["cell 1: `np.median(weighted_sums)` uses ['np'], defined in no cell above"]
