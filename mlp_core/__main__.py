"""Command line: train the article's network, or evaluate a weights file.

    python -m mlp_core train --data-dir DIR --out FILE [--epochs N --seed S ...]
    python -m mlp_core evaluate --data-dir DIR [--weights FILE]

Both end with the line `test accuracy: 0.9xxx`, measured on the official 10,000 test images
with the weights as saved in the file. The defaults of `train` are the recipe of the shipped
pretrained weights (mlp_core.train.PRETRAINED_RECIPE); `--recipe best` takes the best one measured
(mlp_core.train.BEST_RECIPE, see benchmarks/bench_recipes.py), and any flag given overrides one
setting of the recipe. --data-dir may be left out: then MLP_CORE_DATA, or the download cache,
is used (see mlp_core.data).

`train` always saves the article's network, sigmoid in every layer. By default it also
learns that way. With --output softmax it learns through a softmax output layer; the saved
network then has the same weights with the article's sigmoid output. Both output layers squash the same weighted sums
with increasing functions, so the brightest output neuron — the prediction — is the same:
`train` checks that on every training and test image before saving, and the accuracy it
prints is the saved network's own.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ARCHITECTURE = [784, 16, 16, 10]


def _parsers():
    """The main parser, and the parser of each command (for error messages with the right usage)."""
    from .train import COSTS, RECIPES, SCHEDULES

    parser = argparse.ArgumentParser(prog="python -m mlp_core",
                                     description="Train or evaluate the 784-16-16-10 network of the article on MNIST.")
    commands = parser.add_subparsers(dest="command", metavar="{train,evaluate}")
    commands.required = True

    data_help = ("folder with the four original MNIST .gz files (default: $MLP_CORE_DATA, "
                 "else the download cache)")
    t = commands.add_parser(
        "train", help="train 784-16-16-10 from scratch and save it",
        description="Train the article's 784-16-16-10 network (sigmoid hidden layers) on the official "
                    "60,000 MNIST training images minus the 2,000 bundled sample digits, save it, and "
                    "print its accuracy on the official 10,000 test images. The defaults are the recipe "
                    "of the shipped pretrained weights; --recipe best takes the best recipe measured. "
                    "A flag given overrides that one setting of the recipe.")
    t.add_argument("--data-dir", help=data_help)
    t.add_argument("--out", required=True, help="where to write the trained network (.npz)")
    t.add_argument("--recipe", choices=RECIPES, default="shipped",
                   help="; ".join(f"{name}: {about}" for name, (_, about) in RECIPES.items()).replace("%", "%%")
                        + " (default %(default)s)")
    shown = _recipe_defaults_help(RECIPES)
    t.add_argument("--epochs", type=int, help=f"passes over the training images ({shown('epochs')})")
    t.add_argument("--seed", type=int,
                   help=f"seed for the initial weights, the shuffling and the shifts ({shown('seed')})")
    t.add_argument("--batch-size", type=int, help=f"images per gradient step ({shown('batch_size')})")
    t.add_argument("--learning-rate", type=float, help=f"η, the step size ({shown('learning_rate')})")
    t.add_argument("--momentum", type=float, help=f"μ in [0, 1) ({shown('momentum')})")
    t.add_argument("--weight-decay", type=float, help=f"L2 weight decay λ ({shown('weight_decay')})")
    t.add_argument("--schedule", choices=SCHEDULES, help=f"learning-rate schedule ({shown('schedule')})")
    t.add_argument("--shift", type=int,
                   help=f"shift training images by up to this many pixels at random ({shown('shift')})")
    t.add_argument("--label-smoothing", type=float,
                   help=f"aim at 1 − ε for the right digit and ε/10 for all ten ({shown('label_smoothing')})")
    t.add_argument("--centre", choices=("yes", "no"),
                   help="learn from centred pixels (less the average training image); the saved network still "
                        f"takes 0-1 pixels, its first layer's biases hold the difference ({shown('centre')})")
    t.add_argument("--cost", dest="cost_name", choices=COSTS, help=f"cost function ({shown('cost_name')})")
    t.add_argument("--output", choices=("sigmoid", "softmax"),
                   help="output layer while learning: sigmoid as in the article, or softmax; the saved "
                        f"network is sigmoid in every layer either way ({shown('output')})")
    t.add_argument("--init", choices=("normal", "scaled"),
                   help=f"initial weights: N(0, 1) as in the series, or N(0, 1/n_in) ({shown('init')})")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")

    e = commands.add_parser("evaluate", help="print the test accuracy of a weights file",
                            description="Print the accuracy of a saved network on the official 10,000 MNIST test images.")
    e.add_argument("--data-dir", help=data_help)
    e.add_argument("--weights", help="a .npz written by Network.save or `train` (default: the shipped pretrained weights)")
    return parser, {"train": t, "evaluate": e}


def _recipe_defaults_help(recipes):
    """shown(key) -> 'shipped: 100, best: 150': each recipe's value of one setting, for --help."""
    def shown(value):                       # a yes/no setting as its flag's words (1 == True, so not a dict)
        return ("yes" if value else "no") if isinstance(value, bool) else value
    return lambda key: ", ".join(f"{name}: {shown(recipe[key])}" for name, (recipe, _) in recipes.items())


def _apply_recipe(args):
    """Every setting not given as a flag comes from the chosen recipe."""
    from .train import RECIPES

    recipe, _ = RECIPES[args.recipe]
    for key, value in recipe.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
        elif key == "centre":
            args.centre = args.centre == "yes"


def _check_train_args(parser, args):
    checks = [
        (args.epochs >= 1, f"--epochs must be at least 1, got {args.epochs}"),
        (args.batch_size >= 1, f"--batch-size must be at least 1, got {args.batch_size}"),
        (0 < args.learning_rate < float("inf"), f"--learning-rate must be a number > 0, got {args.learning_rate}"),
        (0 <= args.momentum < 1, f"--momentum must be in [0, 1), got {args.momentum}"),
        (0 <= args.weight_decay < float("inf"), f"--weight-decay must be a number ≥ 0, got {args.weight_decay}"),
        (0 <= args.shift <= 4, f"--shift must be a whole number of pixels from 0 to 4, got {args.shift}"),
        (args.seed >= 0, f"--seed must be a whole number ≥ 0, got {args.seed}"),
        (0 <= args.label_smoothing < 1, f"--label-smoothing must be in [0, 1), got {args.label_smoothing}"),
    ]
    for ok, message in checks:
        if not ok:
            parser.error(message)
    out = Path(args.out)
    if out.suffix != ".npz":
        parser.error(f"--out must be a .npz file name (numpy adds .npz otherwise), got {args.out!r}")
    if not out.parent.is_dir():
        parser.error(f"--out: the folder {str(out.parent)!r} does not exist")
    if out.is_dir():
        parser.error(f"--out: {args.out!r} is a folder; give a file name ending in .npz")


def _check_writable(out: Path):
    """Fail now, before minutes of loading and training, if `out` cannot be written: make (and
    remove) a scratch file beside it, and open an existing `out` for appending (changing nothing).
    A test, not a guess from permission bits: those say nothing about root or read-only disks."""
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".mlp_core-", suffix=".npz"):
            pass
        if out.exists():
            with open(out, "ab"):
                pass
    except OSError as err:
        raise OSError(f"--out: cannot write {str(out)!r} ({err.strerror or err}); nothing was trained") from None


def _train(args):
    from .data import load_mnist
    from .network import Network
    from .train import load_training_set, train

    start = time.perf_counter()
    X, y = load_training_set(args.data_dir)
    X_test, y_test = load_mnist("test", args.data_dir)
    loaded = time.perf_counter()
    print(f"training {'-'.join(map(str, ARCHITECTURE))} (sigmoid hidden layers, learning through a "
          f"{args.output} output layer) on "
          f"{len(X):,} images: the official training set minus the bundled sample")
    print(f"recipe: {args.epochs} epochs, batch size {args.batch_size}, learning rate {args.learning_rate} "
          f"({args.schedule}), momentum {args.momentum}, weight decay {args.weight_decay}, shift {args.shift}, "
          f"label smoothing {args.label_smoothing}, {'centred' if args.centre else '0-1'} pixels, "
          f"{args.cost_name} cost, {args.init} init, seed {args.seed}", flush=True)
    net = Network(ARCHITECTURE, seed=args.seed, init=args.init, output=args.output)
    history = train(net, X, y, epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.learning_rate,
                    cost_name=args.cost_name, momentum=args.momentum, weight_decay=args.weight_decay,
                    schedule=args.schedule, shift=args.shift, label_smoothing=args.label_smoothing, centre=args.centre,
                    seed=args.seed,
                    evaluate_train=False,
                    progress=not args.no_progress)
    if history.interrupted:
        raise KeyboardInterrupt          # nothing half-trained is saved
    trained = time.perf_counter()
    article_net = Network.from_parameters(net.weights, net.biases, output="sigmoid")
    if net.output != "sigmoid":
        changed = sum(_changed_predictions(article_net, images) for images in (X, X_test))
        if changed:
            print(f"note: with a sigmoid output layer {changed} predictions would change; "
                  f"saving the network with its {net.output} output layer instead")
            article_net = net
        else:
            print(f"the same weights with the article's sigmoid output layer predict the same digit for "
                  f"all {len(X) + len(X_test):,} training and test images: saving that network")
    article_net.save(args.out)
    saved = Network.load(args.out)          # report what the file holds, not what is in memory
    print(f"running train accuracy in the last epoch: {history.running_accuracy[-1]:.4f} "
          f"(cost {history.running_loss[-1]:.4f})")
    print(f"saved {saved!r} to {args.out}")
    print(f"wall time: {trained - start:.1f} s (loading data {loaded - start:.1f} s, training {trained - loaded:.1f} s)")
    print(f"test accuracy: {saved.accuracy(X_test, y_test):.4f}")


def _changed_predictions(article_net, images) -> int:
    """How many images the all-sigmoid network would classify differently from the argmax of
    the output weighted sums (= the softmax network's prediction): 0 unless σ rounds two
    large weighted sums to the same 1.0."""
    z = article_net.output_weighted_sums(images)
    return int(np.count_nonzero(np.argmax(article_net.output_activations(z), axis=1) != np.argmax(z, axis=1)))


def _evaluate(args):
    from .network import Network, load_pretrained

    if args.weights is None:
        net, name = load_pretrained(), "the shipped pretrained weights"
    else:
        if not Path(args.weights).is_file():
            raise FileNotFoundError(f"--weights: no such file {args.weights!r}")
        net, name = Network.load(args.weights), args.weights
    if net.sizes[0] != 784:
        raise ValueError(f"{name}: the network takes {net.sizes[0]} inputs, MNIST images have 784 pixels")
    from .data import load_mnist

    X_test, y_test = load_mnist("test", args.data_dir)
    print(f"evaluating {net!r} from {name} on the {len(X_test):,} official test images")
    print(f"test accuracy: {net.accuracy(X_test, y_test):.4f}")


def main(argv=None) -> int:
    try:
        parser, commands = _parsers()
        args = parser.parse_args(argv)
        if args.command == "train":
            _apply_recipe(args)
            _check_train_args(commands["train"], args)
            _check_writable(Path(args.out))
        (_train if args.command == "train" else _evaluate)(args)
    except (ValueError, OSError) as err:   # bad data folder, weights file or output path: say what, no traceback
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was saved", file=sys.stderr)
        return 130                         # the shell's code for a stop by Ctrl-C
    return 0


if __name__ == "__main__":
    import signal

    # mlp_core/__init__.py made a Ctrl-C while importing end quietly; from here on it is a
    # KeyboardInterrupt again, which main() and train() handle
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
