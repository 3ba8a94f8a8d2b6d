"""Training speed and accuracy, side by side, in one run on the same data.

    python benchmarks/bench_training.py --data-dir DIR      (or MLP_CORE_DATA=DIR)

1. Seconds per epoch at the series' settings (784-16-16-10, all sigmoid, quadratic cost,
   N(0, 1) weights, η = 3.0, mini-batches of 10) for
     (a) the per-example loop (backprop_one_example for each image, as in the series),
     (b) mlp_core's vectorised mini-batch trainer, train(),
     (b0) the same learning as a bare numpy loop: the same equations, float32 arithmetic and
         mini-batches, and nothing else (no checks, no running cost or accuracy, no
         measuring after the epoch); it must end with exactly the weights (b) ends with,
     (c) PyTorch on CPU with the same network, weights, batches and cost, if torch is
         installed (an optional extra for this comparison only, never a dependency).
   All start from the same weights and see the same mini-batches in the same order, so
   after one epoch they should agree on the test accuracy too. Every contender uses one
   thread for its linear algebra (mlp_core does that itself while training; torch is told
   to), so the figures compare the code, not the thread pools.
   The line "train() / bare loop" is the cost of train's bookkeeping: (b) and (b0) run
   --repeats times, alternately, and the ratio of their CPU times is given as the median of
   the pairs and as the ratio of the fastest runs (the target is at most 1.10). On a busy
   machine single pairs scatter by ±20 %: read the median of many.
2. The series' full recipe (30 epochs) with (b): its test accuracy.
3. The recipe of the shipped weights, run as the one command `python -m mlp_core train`:
   its wall time and test accuracy.
4. Inference: all 10,000 test images through the network at once.

Figures are printed, never asserted: timings depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from mlp_core import Network, load_mnist, load_pretrained, sigmoid
from mlp_core.network import check_input
from mlp_core.train import SERIES_RECIPE, load_training_set, train

ARCHITECTURE = [784, 16, 16, 10]


def series_settings():
    return dict(batch_size=SERIES_RECIPE["batch_size"], learning_rate=SERIES_RECIPE["learning_rate"],
                cost_name=SERIES_RECIPE["cost_name"])


class Clock:
    """Wall time and CPU time of this process. With one thread at work, CPU time is what the
    wall time would be on an idle machine; when other programs share the cores, wall time grows
    and CPU time does not, so both are printed."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def epoch_mlp_core(net, X, y, seed, method):
    """One epoch with mlp_core's train(); returns its Clock."""
    dtype = "float64" if method == "one-by-one" else "float32"     # the loop is the float64 reference
    with Clock() as clock:
        train(net, X, y, epochs=1, seed=seed, method=method, dtype=dtype, **series_settings())
    return clock


def epoch_bare_numpy(net, X, y, seed):
    """One epoch of the same mini-batch gradient descent as a bare numpy loop, timed from its
    set-up (flat weights, targets, order) to its last step; returns (Clock, trained Network)."""
    settings = series_settings()
    eta, batch = settings["learning_rate"], settings["batch_size"]

    def sigmoid_in_place(z):                    # σ(z) = ½(1 + tanh(z/2))
        z *= 0.5
        np.tanh(z, out=z)
        z += 1.0
        z *= 0.5
        return z

    with Clock() as clock, threadpool_limits(limits=1, user_api="blas"):
        arrays = net.weights + net.biases
        params = np.concatenate([a.ravel() for a in arrays]).astype(np.float32)   # w: all of them, flat
        grads = np.empty_like(params)                                              # g: ∂C/∂w, flat
        views, offset = [], 0
        for a in arrays:
            views.append((params[offset:offset + a.size].reshape(a.shape),
                          grads[offset:offset + a.size].reshape(a.shape)))
            offset += a.size
        layers = len(net.weights)
        (weights, grad_W), (biases, grad_b) = zip(*views[:layers]), zip(*views[layers:])
        X = X.astype(np.float32, copy=False)
        Y = np.eye(10, dtype=np.float32)[y]
        order = np.random.default_rng(seed).permutation(len(X))                   # the same order as train()
        for first in range(0, len(X), batch):
            rows = order[first:first + batch]
            A = [X[rows]]
            for W, b in zip(weights, biases):
                z = A[-1] @ W.T
                z += b
                A.append(sigmoid_in_place(z))
            a = A[-1]
            delta = a - Y[rows]                     # quadratic cost: Δᴸ = (Aᴸ − Y) ⊙ σ'(Zᴸ), averaged
            delta *= a * (1.0 - a)
            delta *= 1.0 / len(rows)
            for l in range(layers - 1, -1, -1):
                np.matmul(delta.T, A[l], out=grad_W[l])
                np.add.reduce(delta, axis=0, out=grad_b[l])
                if l > 0:
                    delta = delta @ weights[l]
                    delta *= A[l]
                    delta -= delta * A[l]
            params -= eta * grads                  # w ← w − ηg
    trained = Network.from_parameters([W.astype(float) for W in weights], [b.astype(float) for b in biases])
    return clock, trained


def epoch_torch(net, X, y, seed):
    """One epoch of the same mini-batch gradient descent in PyTorch; returns (Clock, trained Network)."""
    import torch

    torch.set_num_threads(1)
    layers = []
    for W, b in zip(net.weights, net.biases):
        linear = torch.nn.Linear(W.shape[1], W.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.astype(np.float32)))
            linear.bias.copy_(torch.from_numpy(b.astype(np.float32)))
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimiser = torch.optim.SGD(model.parameters(), lr=series_settings()["learning_rate"])
    X_t = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32))
    Y_t = torch.nn.functional.one_hot(torch.from_numpy(y), 10).float()
    order = torch.from_numpy(np.random.default_rng(seed).permutation(len(X)))   # the same order as train()
    batch = series_settings()["batch_size"]
    with Clock() as clock:
        for first in range(0, len(X), batch):
            rows = order[first:first + batch]
            a = model(X_t[rows])
            loss = 0.5 * ((a - Y_t[rows]) ** 2).sum(dim=1).mean()     # the quadratic cost, averaged
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    trained = Network.from_parameters([m.weight.detach().numpy() for m in linears],
                                      [m.bias.detach().numpy() for m in linears])
    return clock, trained


def run_pretrained_recipe(data_dir):
    """Time `python -m mlp_core train` with its defaults, as a user would run it."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "weights.npz"
        command = [sys.executable, "-m", "mlp_core", "train", "--out", str(out), "--no-progress"]
        if data_dir:
            command += ["--data-dir", str(data_dir)]
        start = time.perf_counter()
        children = os.times()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        after = os.times()
        cpu_seconds = (after.children_user - children.children_user) + (after.children_system - children.children_system)
    if result.returncode != 0:
        raise SystemExit(f"`{' '.join(command)}` failed:\n{result.stderr}")
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"test accuracy: ([0-9.]+)", last)
    if not match:
        raise SystemExit(f"unexpected last line from `python -m mlp_core train`: {last!r}")
    recipe = next(line for line in result.stdout.splitlines() if line.startswith("recipe:"))
    return seconds, cpu_seconds, float(match.group(1)), recipe


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="folder with the four MNIST .gz files (default: $MLP_CORE_DATA, else the cache)")
    parser.add_argument("--loop-images", type=int, default=58_000,
                        help="images for the per-example loop's epoch (default: all; fewer is faster, the "
                             "seconds per epoch are then scaled up and marked as such)")
    parser.add_argument("--skip-recipe", action="store_true", help="skip the 30-epoch series run and the CLI run")
    parser.add_argument("--repeats", type=int, default=9,
                        help="epochs of (b) and of the bare loop (b0) for their ratio (default %(default)s)")
    args = parser.parse_args(argv)
    if args.loop_images < 100:
        parser.error(f"--loop-images must be at least 100, got {args.loop_images}")
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")

    X, y = load_training_set(args.data_dir)
    X_test, y_test = load_mnist("test", args.data_dir)
    n = len(X)
    seed = SERIES_RECIPE["seed"]
    start_net = Network(ARCHITECTURE, seed=seed, init=SERIES_RECIPE["init"])
    print(f"data: {n:,} training images (official set minus the bundled sample), {len(X_test):,} test images")
    print(f"series settings: {'-'.join(map(str, ARCHITECTURE))}, all sigmoid, quadratic cost, N(0, 1) weights, "
          f"η = {SERIES_RECIPE['learning_rate']}, batch {SERIES_RECIPE['batch_size']}; one epoch each, same "
          f"starting weights and batch order; one BLAS thread each")
    print(f"machine: {os.cpu_count()} cores, numpy {np.__version__}, Python {sys.version.split()[0]}")
    print()

    rows = []   # (name, wall s/epoch, CPU s/epoch, measured on, test accuracy after the epoch)
    # (b) and (b0) first, alternately: (b) is the reference the others are compared with
    runs_b, runs_bare = [], []
    for repeat in range(args.repeats):          # which of the two goes first alternates
        if repeat % 2:
            clock, net_bare = epoch_bare_numpy(start_net, X, y, seed)
            runs_bare.append(clock)
        net_b = start_net.copy()
        runs_b.append(epoch_mlp_core(net_b, X, y, seed, "batch"))
        if not repeat % 2:
            clock, net_bare = epoch_bare_numpy(start_net, X, y, seed)
            runs_bare.append(clock)
    clock_b = min(runs_b, key=lambda c: c.cpu)
    clock_bare = min(runs_bare, key=lambda c: c.cpu)
    rows.append(("(b) mlp_core, vectorised mini-batch", clock_b.wall, clock_b.cpu, "full epoch",
                 net_b.accuracy(X_test, y_test)))
    rows.append(("(b0) the same as a bare numpy loop", clock_bare.wall, clock_bare.cpu, "full epoch",
                 net_bare.accuracy(X_test, y_test)))
    same = all(np.array_equal(p, q) for p, q in zip(net_b.weights + net_b.biases, net_bare.weights + net_bare.biases))
    pair_ratios = [b.cpu / bare.cpu for b, bare in zip(runs_b, runs_bare)]

    m = min(args.loop_images, n)
    net_a = start_net.copy()
    clock_a = epoch_mlp_core(net_a, X[:m], y[:m], seed, "one-by-one")
    if m == n:
        rows.insert(0, ("(a) per-example loop (the series' way)", clock_a.wall, clock_a.cpu, "full epoch",
                        net_a.accuracy(X_test, y_test)))
    else:
        rows.insert(0, ("(a) per-example loop (the series' way)", clock_a.wall * n / m, clock_a.cpu * n / m,
                        f"{m:,} images, scaled ×{n / m:.1f}", None))

    try:
        import torch
    except ImportError:
        torch = None
        print("(c) PyTorch: not installed, skipped (pip install torch to include it)")
    if torch is not None:
        clock_c, net_c = epoch_torch(start_net, X, y, seed)
        rows.append((f"(c) PyTorch {torch.__version__}, same batches", clock_c.wall, clock_c.cpu, "full epoch",
                     net_c.accuracy(X_test, y_test)))

    print(f"{'seconds per epoch at batch 10':40s} {'wall':>7s} {'CPU':>7s} {'CPU vs (b)':>11s}  "
          f"{'test acc.':>9s}  measured on")
    for name, wall, cpu, note, accuracy in rows:
        acc = f"{accuracy:.4f}" if accuracy is not None else "—"
        print(f"{name:40s} {wall:7.3f} {cpu:7.3f} {cpu / clock_b.cpu:10.1f}×  {acc:>9s}  {note}")
    print("(test accuracy after that one epoch from the same start; (a) computes in float64, (b) and (c) in")
    print(" float32, and rounding differences grow over 5,800 steps at η = 3. CPU time ≈ wall time on an idle machine;")
    print(f" (b) and (b0): the fastest of {args.repeats} epochs each.)")
    print()
    print(f"train() / bare loop, one epoch at batch {SERIES_RECIPE['batch_size']} (CPU time; target ≤ 1.10): "
          f"{np.median(pair_ratios):.3f} (median of {args.repeats} pairs), {clock_b.cpu / clock_bare.cpu:.3f} "
          f"(fastest / fastest); all pairs: {', '.join(f'{r:.3f}' for r in pair_ratios)}")
    checks = []
    for _ in range(args.repeats):
        with Clock() as clock:
            check_input(X, ARCHITECTURE[0])
        checks.append(clock.cpu)
    check_share = min(checks) / clock_bare.cpu
    print(f"  of which train()'s check of the {n:,} training images, once per call: {1000 * min(checks):.1f} ms CPU "
          f"({check_share:.1%} of an epoch); per epoch beyond it: {np.median(pair_ratios) - check_share:.3f}")
    print(f"  the bare loop ends with exactly train()'s weights: {same}")
    print()

    if not args.skip_recipe:
        net = start_net.copy()
        with Clock() as clock:
            train(net, X, y, epochs=SERIES_RECIPE["epochs"], seed=seed, **series_settings())
        print(f"series recipe, {SERIES_RECIPE['epochs']} epochs with (b): {clock.wall:.1f} s wall, {clock.cpu:.1f} s CPU; "
              f"test accuracy {net.accuracy(X_test, y_test):.4f}")
        wall, cpu, accuracy, recipe = run_pretrained_recipe(args.data_dir)
        print(f"best recipe, the one command `python -m mlp_core train` with its defaults, incl. start-up and "
              f"loading data: {wall:.1f} s wall, {cpu:.1f} s CPU; test accuracy {accuracy:.4f}")
        print(f"  {recipe}")
        print()

    net = load_pretrained()
    weights = [W.T.astype(np.float32) for W in net.weights]      # cast once, as a deployed model would be
    biases = [b.astype(np.float32) for b in net.biases]

    def predict_float32(images):
        a = images
        for W, b in zip(weights, biases):
            a = sigmoid(a @ W + b)
        return np.argmax(a, axis=1)

    expected = net.predict(X_test)
    print(f"inference, the shipped network on all {len(X_test):,} test images at once "
          f"(accuracy {np.mean(expected == y_test):.4f}); median and best of 30 runs, wall time "
          f"(load average {os.getloadavg()[0]:.1f}):")
    one_thread = {}
    for name, predict in [("net.predict (checks the input; float32 images → float32)", net.predict),
                          ("σ(W a + b) three times in float32, no checks", predict_float32)]:
        cells = []
        for threads in (1, None):
            with threadpool_limits(limits=threads, user_api="blas"):
                predict(X_test)                                  # warm-up
                walls = []
                for _ in range(30):
                    with Clock() as clock:
                        guesses = predict(X_test)
                    walls.append(clock.wall)
            cells.append(f"{'1 thread' if threads == 1 else 'default threads'} {1000 * np.median(walls):.1f} / "
                         f"{1000 * min(walls):.1f} ms")
            one_thread.setdefault(predict, np.median(walls))
        differ = int(np.count_nonzero(guesses != expected))
        print(f"  {name:46s} {cells[0]:28s} {cells[1]:34s} {differ} predictions differ from net.predict")
    print(f"  net.predict / bare chain, 1 thread, medians: {one_thread[net.predict] / one_thread[predict_float32]:.2f} "
          f"(target ≤ 1.5)")


if __name__ == "__main__":
    main()
