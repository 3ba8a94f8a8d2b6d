"""The command line, `python -m mlp_core train|evaluate`: recipes by name, one-line errors
for bad arguments and files (before any data is loaded where it can be), Ctrl-C at any time
without a traceback, and the accuracy line the benchmark and the README quote."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlp_core import Network, load_sample
from mlp_core import data as data_module
from mlp_core import train as train_module
from mlp_core.__main__ import main
from mlp_core.train import BEST_RECIPE, PRETRAINED_RECIPE

ACCURACY_LINE = re.compile(r"^test accuracy: (0\.\d{4}|1\.0000)$")


# ---- train and evaluate --------------------------------------------------------------------------
def test_evaluate_the_shipped_weights(mnist_dir):
    result = subprocess.run([sys.executable, "-m", "mlp_core", "evaluate", "--data-dir", str(mnist_dir)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert ACCURACY_LINE.match(last), last
    assert float(last.split(": ")[1]) >= 0.95


def test_train_with_tiny_settings_writes_a_loadable_file(mnist_dir, tmp_path, capsys):
    out = tmp_path / "tiny.npz"
    assert main(["train", "--data-dir", str(mnist_dir), "--out", str(out), "--epochs", "1", "--no-progress"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert ACCURACY_LINE.match(lines[-1]), lines[-1]
    net = Network.load(out)
    assert net.sizes == [784, 16, 16, 10] and net.output == "sigmoid", "always the article's network"
    assert float(lines[-1].split(": ")[1]) > 0.85, "one epoch of the recipe already gets most digits right"
    # evaluate reports the same figure for the file
    assert main(["evaluate", "--data-dir", str(mnist_dir), "--weights", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == lines[-1]


@pytest.mark.parametrize("argv, message", [
    (["train"], "the following arguments are required: --out"),
    (["train", "--out", "w.txt"], "--out must be a .npz file name"),
    (["train", "--out", "no/such/folder/w.npz"], "the folder 'no/such/folder' does not exist"),
    (["train", "--out", "w.npz", "--epochs", "0"], "--epochs must be at least 1"),
    (["train", "--out", "w.npz", "--epochs", "ten"], "argument --epochs: invalid int value: 'ten'"),
    (["train", "--out", "w.npz", "--learning-rate", "-3"], "--learning-rate must be a number > 0"),
    (["train", "--out", "w.npz", "--momentum", "1.5"], r"--momentum must be in \[0, 1\)"),
    (["train", "--out", "w.npz", "--cost", "mse"], "argument --cost: invalid choice: 'mse'"),
    (["fit"], "invalid choice: 'fit'"),
    ([], "the following arguments are required"),
])
def test_bad_command_line_arguments(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert re.search(message, capsys.readouterr().err)


def test_command_line_errors_about_files(tmp_path, capsys):
    assert main(["evaluate", "--weights", str(tmp_path / "missing.npz")]) == 1
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "junk.npz").write_bytes(b"not a zip file")
    assert main(["evaluate", "--weights", str(tmp_path / "junk.npz")]) == 1
    err = capsys.readouterr().err
    assert "junk.npz" in err and "weights file" in err and "Traceback" not in err
    assert main(["train", "--data-dir", str(tmp_path), "--out", str(tmp_path / "w.npz")]) == 1
    err = capsys.readouterr().err
    assert "does not contain train-images-idx3-ubyte.gz" in err and "Traceback" not in err


# ---- recipes by name --------------------------------------------------------------------------
@pytest.fixture
def captured_training(monkeypatch):
    """Run `train` on 200 sample digits and record the settings train() was called with."""
    images, labels = load_sample()
    calls = []

    def small_training_set(data_dir=None):
        return images[:200], labels[:200]

    def small_test_set(kind, data_dir=None):
        return images[200:400], labels[200:400]

    def recording_train(net, X, y, **settings):
        scaled = not any(b.any() for b in net.biases)      # init="scaled" starts every bias at 0
        calls.append(dict(settings, output=net.output, init="scaled" if scaled else "normal"))
        return real_train(net, X, y, **dict(settings, epochs=1))

    real_train = train_module.train
    monkeypatch.setattr(train_module, "load_training_set", small_training_set)
    monkeypatch.setattr(data_module, "load_mnist", small_test_set)
    monkeypatch.setattr(train_module, "train", recording_train)
    return calls


@pytest.mark.parametrize("name, recipe", [("shipped", PRETRAINED_RECIPE), ("best", BEST_RECIPE)])
def test_a_recipe_by_name_sets_every_setting_and_a_flag_overrides_one(name, recipe, captured_training, tmp_path):
    argv = ["train", "--out", str(tmp_path / "w.npz"), "--no-progress"]
    assert main(argv + ([] if name == "shipped" else ["--recipe", name])) == 0
    assert main(argv + ["--recipe", name, "--batch-size", "7", "--cost", "quadratic"]) == 0
    used, overridden = captured_training
    flags = {"batch_size": 7, "cost_name": "quadratic"}     # --cost sets train()'s cost_name
    for key, value in recipe.items():
        assert used[key] == value, key
        assert overridden[key] == flags.get(key, value), key


def test_a_yes_no_flag_overrides_the_recipe(captured_training, tmp_path):
    argv = ["train", "--out", str(tmp_path / "w.npz"), "--no-progress", "--recipe", "best"]
    assert BEST_RECIPE["centre"] is True and PRETRAINED_RECIPE["centre"] is False
    assert main(argv + ["--centre", "no"]) == 0
    assert main(["train", "--out", str(tmp_path / "v.npz"), "--no-progress", "--centre", "yes"]) == 0
    best_uncentred, shipped_centred = captured_training
    assert best_uncentred["centre"] is False and shipped_centred["centre"] is True


def test_help_names_the_recipes(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--recipe {shipped,best}" in text and "shipped: the recipe of the shipped pretrained weights" in text
    assert f"best: {BEST_RECIPE['epochs']}" in text, "each flag shows the value of each recipe"
    assert "(shipped: no, best: yes)" in text and "(shipped: 1, best: 1)" in text, "yes/no only for yes/no settings"


# ---- errors in one line, before the work where they can be ------------------------------------
def _unwritable_folder(tmp_path):
    """A folder this process cannot create files in, even as root (a read-only one would also do)."""
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    for folder in (locked, "/sys", "/proc/self"):
        try:
            (Path(folder) / "probe.npz").open("wb").close()
        except OSError:
            return Path(folder)
    pytest.skip("no folder here refuses new files to this user")


def test_an_output_that_cannot_be_written_fails_before_loading_data(tmp_path, capsys):
    out = _unwritable_folder(tmp_path) / "net.npz"
    empty = tmp_path / "no-mnist-here"
    empty.mkdir()
    assert main(["train", "--data-dir", str(empty), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: --out: cannot write '{out}'") and err.count("\n") == 1, err
    assert "train-images" not in err, "the data folder was not even looked at"


def test_an_os_error_while_saving_is_one_line(captured_training, tmp_path, monkeypatch, capsys):
    def disk_full(self, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(Network, "save", disk_full)
    assert main(["train", "--out", str(tmp_path / "w.npz"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: [Errno 28] No space left on device") and err.count("\n") == 1, err


IMPORT_THEN_CTRL_C = """
import os, runpy, signal, sys
class CtrlCWhileImporting:          # the moment mlp_core's package starts importing numpy
    def find_spec(self, name, path=None, target=None):
        if name == "mlp_core.network":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, CtrlCWhileImporting())
sys.argv = ["-m", "train", "--out", "w.npz"]      # what `python -m` sets while it imports the package
runpy._run_module_as_main("mlp_core")
"""


def test_ctrl_c_while_still_importing_prints_one_line_not_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-c", IMPORT_THEN_CTRL_C], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "interrupted: nothing was saved\n"
    assert not (tmp_path / "w.npz").exists()


def test_ctrl_c_after_importing_is_a_keyboard_interrupt_again():
    code = ("import runpy, signal, sys\nsys.argv = ['-m', '--help']\n"
            "try:\n    runpy._run_module_as_main('mlp_core')\nexcept SystemExit:\n    pass\n"
            "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
