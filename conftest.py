"""Marks for choosing tests by what they need (see [tool.pytest.ini_options] markers):

    notebooks   every cell of notebooks/*.ipynb, run by nbval
    browser     JupyterLab in a real Chromium (tests/browser)
    slow        the unit tests that take seconds each (training, full MNIST)

`make test-fast` leaves out all three; `make test` runs everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif BROWSER_TESTS in path.parents:
            item.add_marker(pytest.mark.browser)
