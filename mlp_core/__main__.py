"""Command line: train the article's network, or evaluate a weights file.

    python -m mlp_core train --data-dir DIR --out FILE [--epochs N --seed S ...]
    python -m mlp_core evaluate --data-dir DIR [--weights FILE]

Both end with the line `test accuracy: 0.9xxx`, measured on the official 10,000 test images
with the weights as saved in the file. The defaults of `train` are the recipe of the shipped
pretrained weights (mlp_core.train.PRETRAINED_RECIPE). --data-dir may be left out: then
MLP_CORE_DATA, or the download cache, is used (see mlp_core.data).

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
import time
from pathlib import Path

import numpy as np

ARCHITECTURE = [784, 16, 16, 10]


def _parsers():
    """The main parser, and the parser of each command (for error messages with the right usage)."""
    from .train import COSTS, PRETRAINED_RECIPE as R, SCHEDULES

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
                    "of the shipped pretrained weights.")
    t.add_argument("--data-dir", help=data_help)
    t.add_argument("--out", required=True, help="where to write the trained network (.npz)")
    t.add_argument("--epochs", type=int, default=R["epochs"], help="passes over the training images (default %(default)s)")
    t.add_argument("--seed", type=int, default=R["seed"],
                   help="seed for the initial weights, the shuffling and the shifts (default %(default)s)")
    t.add_argument("--batch-size", type=int, default=R["batch_size"], help="images per gradient step (default %(default)s)")
    t.add_argument("--learning-rate", type=float, default=R["learning_rate"], help="η, the step size (default %(default)s)")
    t.add_argument("--momentum", type=float, default=R["momentum"], help="μ in [0, 1) (default %(default)s)")
    t.add_argument("--weight-decay", type=float, default=R["weight_decay"], help="L2 weight decay λ (default %(default)s)")
    t.add_argument("--schedule", choices=SCHEDULES, default=R["schedule"], help="learning-rate schedule (default %(default)s)")
    t.add_argument("--shift", type=int, default=R["shift"],
                   help="shift training images by up to this many pixels at random (default %(default)s)")
    t.add_argument("--cost", choices=COSTS, default=R["cost"], help="cost function (default %(default)s)")
    t.add_argument("--output", choices=("sigmoid", "softmax"), default=R["output"],
                   help="output layer while learning: sigmoid as in the article, or softmax; the saved "
                        "network is sigmoid in every layer either way (default %(default)s)")
    t.add_argument("--init", choices=("normal", "scaled"), default=R["init"],
                   help="initial weights: N(0, 1) as in the series, or N(0, 1/n_in) (default %(default)s)")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")

    e = commands.add_parser("evaluate", help="print the test accuracy of a weights file",
                            description="Print the accuracy of a saved network on the official 10,000 MNIST test images.")
    e.add_argument("--data-dir", help=data_help)
    e.add_argument("--weights", help="a .npz written by Network.save or `train` (default: the shipped pretrained weights)")
    return parser, {"train": t, "evaluate": e}


def _check_train_args(parser, args):
    checks = [
        (args.epochs >= 1, f"--epochs must be at least 1, got {args.epochs}"),
        (args.batch_size >= 1, f"--batch-size must be at least 1, got {args.batch_size}"),
        (0 < args.learning_rate < float("inf"), f"--learning-rate must be a number > 0, got {args.learning_rate}"),
        (0 <= args.momentum < 1, f"--momentum must be in [0, 1), got {args.momentum}"),
        (0 <= args.weight_decay < float("inf"), f"--weight-decay must be a number ≥ 0, got {args.weight_decay}"),
        (0 <= args.shift <= 4, f"--shift must be a whole number of pixels from 0 to 4, got {args.shift}"),
        (args.seed >= 0, f"--seed must be a whole number ≥ 0, got {args.seed}"),
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
          f"{args.cost} cost, {args.init} init, seed {args.seed}", flush=True)
    net = Network(ARCHITECTURE, seed=args.seed, init=args.init, output=args.output)
    history = train(net, X, y, epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.learning_rate,
                    cost=args.cost, momentum=args.momentum, weight_decay=args.weight_decay,
                    schedule=args.schedule, shift=args.shift, seed=args.seed, evaluate_train=False,
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
    parser, commands = _parsers()
    args = parser.parse_args(argv)
    if args.command == "train":
        _check_train_args(commands["train"], args)
    try:
        (_train if args.command == "train" else _evaluate)(args)
    except (ValueError, FileNotFoundError) as err:   # bad data folder or weights file: say what, no traceback
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was saved", file=sys.stderr)
        return 130                                   # the shell's code for a stop by Ctrl-C
    return 0


if __name__ == "__main__":
    sys.exit(main())
