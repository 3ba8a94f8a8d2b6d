"""Run All twice in one kernel gives the same checked outputs as running once: a learner who
runs every cell again must not see other numbers.

A learner re-runs cells; a cell that trains the network it finds in the kernel, or reads a
variable that a later cell changed, answers differently the second time. tools/check_rerun.py
runs every English notebook's cells twice in the same kernel and compares the outputs nbval
checks. The zh-CN twins run the same code (tools/translations.py --check holds them to it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_tool

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))
check_rerun = load_tool("check_rerun")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_twice_gives_the_checked_outputs_of_once(path):
    differences = check_rerun.run_twice(path)
    assert not differences, "\n".join(differences)
