"""Shared fixtures for every test file.

The full MNIST files are never part of the repo. Tests that need them take the
`mnist_dir` fixture: the folder named by MLP_CORE_DATA, else the download cache if it
already holds the four files; otherwise the test is skipped with a reason. Tests never
download anything from the internet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mlp_core.data import MNIST_FILES, cache_dir


def _full_mnist() -> tuple[Path | None, str]:
    """(folder with the four original MNIST files, or None; where it came from or why not)."""
    named = os.environ.get("MLP_CORE_DATA")
    if named:
        folder = Path(named).expanduser()
        missing = [n for n in MNIST_FILES if not (folder / n).is_file()]
        if missing:
            # A wrong MLP_CORE_DATA must not turn into a quiet run of skipped tests.
            return None, f"MLP_CORE_DATA={named!r} lacks {', '.join(missing)}"
        return folder, f"MLP_CORE_DATA={named}"
    folder = cache_dir()
    if all((folder / n).is_file() for n in MNIST_FILES):
        return folder, f"cache {folder}"
    return None, ("full MNIST not available: set MLP_CORE_DATA to the folder holding the four "
                  "original files (train-images-idx3-ubyte.gz, ...), or let load_mnist() download "
                  "them to the cache once")


def pytest_report_header(config):
    folder, origin = _full_mnist()
    return f"mlp_core full MNIST: {origin if folder else 'none (' + origin + ')'}"


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The folder with the four original gzipped MNIST files; skips the test if there is none."""
    folder, why = _full_mnist()
    if folder is None:
        if os.environ.get("MLP_CORE_DATA"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    return folder


@pytest.fixture(scope="session")
def sample():
    """The bundled sample: 2,000 real MNIST digits and their labels."""
    from mlp_core import load_sample
    return load_sample()


@pytest.fixture(scope="session")
def few_digits(sample):
    """The first 300 digits of the sample and their labels."""
    images, labels = sample
    return images[:300], labels[:300]


@pytest.fixture(scope="session")
def shown(sample):
    """One of each digit 0–9 from the sample, as notebooks 03 and 05 show them."""
    from mlp_core.digits import first_of_each_digit
    images, labels = sample
    idx = first_of_each_digit(labels)
    return images[idx], labels[idx]


@pytest.fixture(scope="session")
def net():
    # a random network, not the pretrained one: these tests don't depend on its training.
    # N(0, 1) weights with seed 0 give several different predictions on the sample.
    from mlp_core import Network
    return Network([784, 16, 16, 10], seed=0)


@pytest.fixture(scope="module")
def pretrained():
    """The shipped network (test_drawing, test_preprocess)."""
    from mlp_core import load_pretrained
    try:
        return load_pretrained()
    except FileNotFoundError as err:  # the weights are built by `python -m mlp_core train`
        pytest.skip(f"no pretrained weights: {err}")


@pytest.fixture(scope="module")
def moved():
    """The whole sample, each digit rescaled (0.5–1.3×) and moved by a seeded random amount."""
    from mlp_core import load_sample
    from mlp_core.preprocess import off_centre
    return off_centre(load_sample()[0], seed=0)


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No MLP_CORE_DATA, an empty cache and no network at all (test_training_views, test_interrupt_run_all)."""
    import socket
    monkeypatch.delenv("MLP_CORE_DATA", raising=False)
    monkeypatch.setenv("MLP_CORE_CACHE", str(tmp_path / "cache"))

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable (test)")
    monkeypatch.setattr(socket, "create_connection", no_network)


def pytest_terminal_summary(terminalreporter):
    """After the run, how much the checkers' property test fuzzed (test_exercises.fuzz_report),
    whatever order the tests ran in; nothing when it did not run."""
    report = getattr(sys.modules.get("test_exercises"), "fuzz_report", None)
    line = report() if report else None
    if line:
        terminalreporter.write_line(line)
