"""Interrupting a training, then Run All: the cells after it run on whatever finished (notebooks 11 and 12).

mlp_core.train keeps the finished epochs when the learner interrupts the kernel (its docstring invites
it), but the notebooks' later cells used to index history.epoch[9] or history.test_accuracy[-1] and
stopped Run All with an IndexError; and one interrupt did not stop 12's loop of four trainings. These
tests run every code cell of both editions of 11 and 12 in order, in one namespace, with the
interrupt arriving at a chosen mini-batch (as Kernel → Interrupt does: a KeyboardInterrupt inside
train), and fail on any exception in a later cell, or on a loop that trains on after an interrupt.
Offline, on the bundled sample (MLP_CORE_DATA unset, no mirror reachable): ~1,600 training digits,
160 mini-batches per epoch.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import nbformat
import pytest

import mlp_core.train as train_module
from mlp_core.i18n import use_language

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
BATCHES_PER_EPOCH = 160


def run_all_with_an_interrupt(path: Path, at_batch: int, monkeypatch) -> dict:
    """Run every code cell of `path` in order; the `at_batch`-th mini-batch of any training raises
    KeyboardInterrupt. Returns the namespace and how many trainings were started."""
    real_backprop, real_train = train_module._backprop, train_module.train
    counts = {"batches": 0, "trainings": 0}

    def backprop(*args, **kwargs):
        counts["batches"] += 1
        if counts["batches"] == at_batch:
            raise KeyboardInterrupt
        return real_backprop(*args, **kwargs)

    def train(*args, **kwargs):
        counts["trainings"] += 1
        return real_train(*args, **kwargs)

    monkeypatch.setattr(train_module, "_backprop", backprop)
    monkeypatch.setattr(train_module, "train", train)
    matplotlib.use("Agg")
    namespace: dict = {}
    language = "zh-CN" if path.parent.name == "zh-CN" else "en"
    with use_language(language):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type != "code":
                continue
            assert not any(line.lstrip().startswith(("%", "!")) for line in cell.source.splitlines()), \
                f"{path.name} cell {i}: a magic; run it with IPython"
            try:
                exec(compile(cell.source, f"{path.name} cell {i}", "exec"), namespace)
            except Exception as err:
                pytest.fail(f"{path.relative_to(NOTEBOOKS)} cell {i} fails after an interrupt at mini-batch "
                            f"{at_batch}: {type(err).__name__}: {err}\n{cell.source}")
    namespace["_counts"] = counts
    return namespace


EDITIONS = ["", "zh-CN"]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("at_batch", [5, 3 * BATCHES_PER_EPOCH + 5], ids=["before-epoch-1", "in-epoch-4"])
def test_notebook_11_runs_on_after_an_interrupted_training(edition, at_batch, offline, monkeypatch):
    namespace = run_all_with_an_interrupt(NOTEBOOKS / edition / "11-training-from-scratch.ipynb", at_batch,
                                          monkeypatch)
    history = namespace["history"]
    assert history.interrupted and len(history.epoch) == at_batch // BATCHES_PER_EPOCH


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_interrupt_stops_notebook_12s_loop_of_trainings(edition, offline, monkeypatch):
    """Interrupted in the first recipe of the loop (the series' run before it finished): no later recipe trains."""
    namespace = run_all_with_an_interrupt(NOTEBOOKS / edition / "12-beyond-the-series.ipynb",
                                          10 * BATCHES_PER_EPOCH + 5, monkeypatch)
    loop = list(namespace["histories"].values())           # the series' run, then the loop's recipes
    assert len(loop) == 2, f"the loop went on training after the interrupt: {list(namespace['histories'])}"
    assert loop[-1].interrupted and not loop[0].interrupted
