"""Marks for choosing tests by what they need (see [tool.pytest.ini_options] markers):

    notebooks   every cell of notebooks/*.ipynb, run by nbval
    browser     JupyterLab in a real Chromium (tests/browser)
    slow        the unit tests that take seconds each (training, full MNIST)

`make test-fast` leaves out all three; `make test` runs everything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# A class's choice of language or palette (docs/teaching.md, "Classroom settings") must not leak
# into the tests, which check the defaults; tests of the variables set them themselves. Dropped
# here, before any test module imports mlp_core, and so also for the kernels nbval starts.
for _classroom_setting in ("MLP_CORE_LANGUAGE", "MLP_CORE_PALETTE"):
    os.environ.pop(_classroom_setting, None)

BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"
# The lesson decks (tools/lesson_deck.py) are stored without outputs and are the notebooks' own
# cells: tests/test_lesson_deck.py runs each in one kernel and compares what it prints with the
# notebooks, so nbval need not run them a second time.
collect_ignore_glob = ["notebooks/lessons/*.ipynb", "notebooks/zh-CN/lessons/*.ipynb"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif BROWSER_TESTS in path.parents:
            item.add_marker(pytest.mark.browser)
