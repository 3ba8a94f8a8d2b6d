"""Measure the series' training recipe on the full MNIST digits, as notebook 11 quotes it.

    MLP_CORE_DATA=/path/to/mnist python tools/measure_series_recipe.py            # 784-16-16-10 and 784-30-10
    MLP_CORE_DATA=/path/to/mnist python tools/measure_series_recipe.py 784-30-10  # one network

The recipe of Nielsen's chapter 1 (the code 3Blue1Brown's series points to): weights and biases from N(0, 1),
sigmoid everywhere, quadratic cost, mini-batches of 10, learning rate 3.0, 30 epochs on 50,000 training digits
(here a fixed 50,000 of the 58,000 that mlp_core trains on), tested on the official 10,000 test digits after every
epoch. Prints the test accuracy per epoch, the last and the best; about a minute or two per network.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from mlp_core import Network, load_mnist
from mlp_core.train import SERIES_RECIPE, load_training_set, train


def measure(sizes: list[int], seed: int = 0) -> None:
    X, y = load_training_set()
    X_test, y_test = load_mnist("test")
    pick = np.sort(np.random.default_rng(seed).choice(len(X), size=50_000, replace=False))
    net = Network(sizes, seed=seed, init=SERIES_RECIPE["init"], output=SERIES_RECIPE["output"])
    start = time.perf_counter()
    settings = {k: v for k, v in SERIES_RECIPE.items() if k not in ("init", "output", "seed")}
    history = train(net, X[pick], y[pick], seed=seed, test=(X_test, y_test), **settings)
    name = "-".join(map(str, sizes))
    print(f"{name}: test accuracy per epoch " + " ".join(f"{a:.2%}" for a in history.test_accuracy))
    print(f"{name}: after epoch {len(history.epoch)} {history.test_accuracy[-1]:.2%}, best {max(history.test_accuracy):.2%} "
          f"({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["784-16-16-10", "784-30-10"]:
        measure([int(n) for n in arg.split("-")])
