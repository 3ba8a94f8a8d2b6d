"""Training: backprop against finite differences and against the per-example loop, the
update rules, reproducibility, learning on real digits, and the command line."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_core import Network, load_sample
from mlp_core import train as train_module
from mlp_core.__main__ import main
from mlp_core.train import (
    COSTS,
    backprop_one_example,
    cost,
    gradients,
    gradients_one_by_one,
    load_training_set,
    one_hot,
    shift_images,
    train,
)

OUTPUTS = ("sigmoid", "softmax")
ACCURACY_LINE = re.compile(r"^test accuracy: (0\.\d{4}|1\.0000)$")


def small_problem(sizes, n, seed, output="sigmoid", init="normal"):
    rng = np.random.default_rng(seed)
    net = Network(sizes, seed=seed, init=init, output=output)
    X = rng.random((n, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=n)
    return net, X, labels


def numerical_gradients(net, X, labels, cost_name, eps=1e-6):
    """Central differences (C(w + ε) − C(w − ε)) / 2ε for every weight and bias, one at a time."""
    result = []
    for param in net.weights + net.biases:
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            keep = param[index]
            param[index] = keep + eps
            up = cost(net, X, labels, cost_name)
            param[index] = keep - eps
            down = cost(net, X, labels, cost_name)
            param[index] = keep
            grad[index] = (up - down) / (2 * eps)
        result.append(grad)
    return result


# ---- the gradient is right ---------------------------------------------------------------------
@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("cost_name", COSTS)
@pytest.mark.parametrize("sizes, seed", [([4, 3, 2], 0), ([6, 5, 4, 3], 1), ([3, 4, 4, 4, 5], 2)])
def test_gradients_match_finite_differences(sizes, seed, cost_name, output):
    net, X, labels = small_problem(sizes, n=7, seed=seed, output=output)
    grad_W, grad_b = gradients(net, X, labels, cost_name)
    numeric = numerical_gradients(net, X, labels, cost_name)
    for analytic, estimate in zip(grad_W + grad_b, numeric):
        np.testing.assert_allclose(analytic, estimate, rtol=1e-5, atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), n=st.integers(1, 9),
       seed=st.integers(0, 2**32 - 1), cost_name=st.sampled_from(COSTS), output=st.sampled_from(OUTPUTS),
       init=st.sampled_from(["normal", "scaled"]))
def test_loop_and_matrix_form_give_the_same_gradients(sizes, n, seed, cost_name, output, init):
    net, X, labels = small_problem(sizes, n, seed, output, init)
    batch = gradients(net, X, labels, cost_name)
    loop = gradients_one_by_one(net, X, labels, cost_name)
    for b, l in zip(batch[0] + batch[1], loop[0] + loop[1]):
        assert b.shape == l.shape
        np.testing.assert_allclose(b, l, rtol=1e-9, atol=1e-12)


def test_backprop_one_example_is_the_batch_of_one_and_takes_one_hot_targets():
    net, X, labels = small_problem([5, 4, 3], n=1, seed=3)
    by_label = backprop_one_example(net, X[0], labels[0], "quadratic")
    by_vector = backprop_one_example(net, X[0], one_hot(labels, 3)[0], "quadratic")
    batch = gradients(net, X, labels, "quadratic")
    for a, b, c in zip(by_label[0] + by_label[1], by_vector[0] + by_vector[1], batch[0] + batch[1]):
        np.testing.assert_allclose(a, c, atol=1e-15)
        np.testing.assert_array_equal(a, b)


def test_quadratic_output_error_by_hand():
    # one sigmoid neuron, one weight: C = ½(σ(wx + b) − y)², ∂C/∂w = (a − y) σ'(z) x
    net = Network.from_parameters([[[2.0]]], [[-1.0]])
    x, y = 0.5, 1.0
    a = 1 / (1 + np.exp(-(2.0 * x - 1.0)))
    grad_W, grad_b = gradients(net, np.array([[x]]), np.array([[y]]), "quadratic")
    assert grad_W[0][0, 0] == pytest.approx((a - y) * a * (1 - a) * x, rel=1e-12)
    assert grad_b[0][0] == pytest.approx((a - y) * a * (1 - a), rel=1e-12)


# ---- the update rules -------------------------------------------------------------------------
def test_one_full_batch_step_is_w_minus_eta_times_gradient_plus_decay():
    net, X, labels = small_problem([6, 4, 3], n=8, seed=4)
    before = net.copy()
    eta, decay = 0.7, 0.01
    train(net, X, labels, epochs=1, batch_size=len(X), learning_rate=eta, weight_decay=decay, cost_name="cross-entropy",
          dtype="float64")
    grad_W, grad_b = gradients(before, X, labels, "cross-entropy")
    for new, old, g in zip(net.weights, before.weights, grad_W):
        np.testing.assert_allclose(new, old - eta * (g + decay * old), atol=1e-12)
    for new, old, g in zip(net.biases, before.biases, grad_b):       # biases are not decayed
        np.testing.assert_allclose(new, old - eta * g, atol=1e-12)


def test_momentum_keeps_rolling():
    net, X, labels = small_problem([6, 4, 3], n=8, seed=5)
    by_hand = net.copy()
    eta, mu = 0.5, 0.8
    train(net, X, labels, epochs=2, batch_size=len(X), learning_rate=eta, momentum=mu, dtype="float64")
    velocity = None
    for _ in range(2):
        grad_W, grad_b = gradients(by_hand, X, labels, "quadratic")
        step = [-eta * g for g in grad_W + grad_b]
        velocity = step if velocity is None else [mu * v + s for v, s in zip(velocity, step)]
        params = [p + v for p, v in zip(by_hand.weights + by_hand.biases, velocity)]
        by_hand = Network.from_parameters(params[:2], params[2:])
    for a, b in zip(net.weights + net.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_allclose(a, b, atol=1e-12)


def test_cosine_schedule_and_schedule_function():
    net, X, labels = small_problem([6, 4, 3], n=20, seed=6)
    history = train(net.copy(), X, labels, epochs=5, batch_size=5, learning_rate=0.4, schedule="cosine")
    rates = history.learning_rate
    assert all(a > b for a, b in zip(rates, rates[1:])) and rates[0] < 0.4 and rates[-1] < 0.4 * 0.05
    history = train(net.copy(), X, labels, epochs=3, learning_rate=1.0, schedule=lambda epoch: 0.1 / (1 + epoch))
    assert history.learning_rate == pytest.approx([0.1, 0.05, 0.1 / 3])


def test_one_by_one_method_trains_the_same_network():
    net, X, labels = small_problem([6, 5, 3], n=30, seed=7, output="softmax")
    a, b = net.copy(), net.copy()
    recipe = dict(epochs=2, batch_size=7, learning_rate=0.5, cost_name="cross-entropy", momentum=0.5, seed=3, shift=0)
    history_a = train(a, X, labels, dtype="float64", **recipe)
    history_b = train(b, X, labels, dtype="float64", method="one-by-one", **recipe)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, atol=1e-12)
    np.testing.assert_allclose(history_a.running_loss, history_b.running_loss, rtol=1e-12)
    assert history_a.running_accuracy == history_b.running_accuracy


def test_float32_arithmetic_follows_the_float64_run_closely():
    net, X, labels = small_problem([20, 8, 4], n=60, seed=8, init="scaled")
    a, b = net.copy(), net.copy()
    train(a, X, labels, epochs=3, batch_size=6, learning_rate=0.5, dtype="float32")
    train(b, X, labels, epochs=3, batch_size=6, learning_rate=0.5, dtype="float64")
    assert a.weights[0].dtype == np.float64, "the network keeps float64 arrays"
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, atol=1e-4)


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("cost_name", COSTS)
def test_running_loss_is_the_cost_before_each_step(cost_name, output):
    # with a learning rate too small to move anything, the running loss is the plain cost
    net, X, labels = small_problem([10, 6, 4], n=24, seed=9, output=output)
    history = train(net.copy(), X, labels, epochs=1, batch_size=5, learning_rate=1e-12,
                    cost_name=cost_name, dtype="float64")
    assert history.running_loss[0] == pytest.approx(cost(net, X, labels, cost_name), rel=1e-9)
    assert history.running_accuracy[0] == net.accuracy(X, labels)


# ---- what the history measures -----------------------------------------------------------------
def test_evaluate_train_measures_the_network_after_each_epoch_on_a_fixed_subset():
    images, labels = load_sample()
    X, y = images[:1000], labels[:1000]
    rows = np.arange(300) * 1000 // 300                 # every (1000/300)-th image, as the docstring says
    net = Network([784, 16, 16, 10], seed=0)
    after_each_epoch = []
    history = train(net, X, y, epochs=3, evaluate_train=300,
                    callback=lambda h: after_each_epoch.append(net.accuracy(X[rows], y[rows])))
    assert history.train_accuracy == after_each_epoch
    assert history.train_loss[-1] == pytest.approx(cost(net, X[rows], y[rows]), rel=1e-12)
    assert len(history.running_accuracy) == 3


def test_evaluate_train_all_none_and_the_same_learning_either_way():
    net, X, labels = small_problem([6, 5, 3], n=40, seed=11)
    runs = {}
    for how in (True, False, 0, 7):
        trained = net.copy()
        runs[how] = trained, train(trained, X, labels, epochs=3, batch_size=4, learning_rate=0.5, evaluate_train=how)
    assert runs[True][1].train_accuracy[-1] == runs[True][0].accuracy(X, labels)
    assert runs[False][1].train_accuracy == runs[0][1].train_accuracy == runs[False][1].train_loss == []
    assert len(runs[7][1].train_accuracy) == 3
    for trained, _ in runs.values():      # measuring draws nothing from the shuffling's random numbers
        for a, b in zip(trained.weights + trained.biases, runs[True][0].weights + runs[True][0].biases):
            np.testing.assert_array_equal(a, b)


def test_the_first_epochs_running_accuracy_lags_behind_the_network_it_ends_with(sample_split):
    # what notebook 11 shows: during epoch 1 the network is still learning, so the running
    # figure (mostly of earlier, worse networks) is below the accuracy measured after it
    (X, y), _ = sample_split
    history = train(Network([784, 16, 16, 10], seed=0), X, y, epochs=1, evaluate_train=True)
    assert history.running_accuracy[0] < history.train_accuracy[0] - 0.1


# ---- interrupting ------------------------------------------------------------------------------
class FakeBar:
    def __init__(self):
        self.updates, self.closed = 0, False

    def set_postfix(self, *args, **kwargs):
        pass

    def update(self, n):
        self.updates += n

    def close(self):
        self.closed = True


def interrupt_after(count, function):
    """`function`, except that its call number `count` raises KeyboardInterrupt."""
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(1)
        if len(calls) == count:
            raise KeyboardInterrupt
        return function(*args, **kwargs)
    return wrapped


@pytest.mark.parametrize("method, backprop", [("batch", "_backprop"), ("one-by-one", "_backprop_loop")])
def test_an_interrupt_mid_epoch_keeps_the_finished_epochs(method, backprop, monkeypatch, capsys):
    net, X, labels = small_problem([6, 5, 3], n=30, seed=12)
    recipe = dict(batch_size=5, learning_rate=0.5, momentum=0.5, seed=4, test=(X[:10], labels[:10]), method=method)
    two_epochs = net.copy()
    expected = train(two_epochs, X, labels, epochs=2, **recipe)
    bar = FakeBar()
    monkeypatch.setattr(train_module, "_progress_bar", lambda epochs: bar)
    monkeypatch.setattr(train_module, backprop, interrupt_after(6 + 6 + 3, getattr(train_module, backprop)))
    history = train(net, X, labels, epochs=5, progress=True, **recipe)      # 6 batches per epoch: stops in epoch 3
    assert history.interrupted and bar.closed and bar.updates == 2
    assert history.epoch == [1, 2]
    for name in ("running_loss", "running_accuracy", "train_accuracy", "test_loss", "test_accuracy", "learning_rate"):
        assert getattr(history, name) == getattr(expected, name), name
    assert len(history.seconds) == 2
    for a, b in zip(net.weights + net.biases, two_epochs.weights + two_epochs.biases):
        np.testing.assert_array_equal(a, b)
    assert net.weights[0].dtype == np.float64
    assert "interrupted in epoch 3 of 5" in capsys.readouterr().err


def test_an_interrupt_in_the_callback_keeps_that_epoch_and_one_before_any_keeps_the_start(monkeypatch):
    net, X, labels = small_problem([6, 5, 3], n=20, seed=13)
    start = net.copy()
    history = train(net, X, labels, epochs=4, batch_size=5, callback=interrupt_after(2, lambda h: None))
    assert history.interrupted and history.epoch == [1, 2]
    one_more = start.copy()
    train(one_more, X, labels, epochs=2, batch_size=5)
    np.testing.assert_array_equal(net.weights[0], one_more.weights[0])

    untouched = start.copy()
    monkeypatch.setattr(train_module, "_backprop", interrupt_after(1, train_module._backprop))
    history = train(untouched, X, labels, epochs=4, batch_size=5)
    assert history.interrupted and history.epoch == [] and repr(history) == "History(no epochs yet)"
    for a, b in zip(untouched.weights + untouched.biases, start.weights + start.biases):
        np.testing.assert_array_equal(a, b)


def test_an_uninterrupted_run_says_so():
    net, X, labels = small_problem([6, 5, 3], n=20, seed=14)
    history = train(net, X, labels, epochs=2, batch_size=5)
    assert history.interrupted is False and "interrupted" not in repr(history)


def test_interrupted_command_line_training_saves_nothing(mnist_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(train_module, "_backprop", interrupt_after(3, train_module._backprop))
    out = tmp_path / "w.npz"
    assert main(["train", "--data-dir", str(mnist_dir), "--out", str(out), "--epochs", "1", "--no-progress"]) == 130
    assert not out.exists()
    assert "interrupted: nothing was saved" in capsys.readouterr().err


# ---- shifted digits -----------------------------------------------------------------------------
def test_shift_images_moves_each_digit_by_at_most_the_given_pixels():
    images, _ = load_sample()
    X = images[:50]
    moved = shift_images(X, np.random.default_rng(0), max_shift=1)
    assert moved.shape == X.shape and moved.dtype == X.dtype
    # the border of MNIST digits is black, so a 1-pixel move keeps every pixel
    np.testing.assert_allclose(moved.sum(axis=1), X.sum(axis=1), rtol=1e-6)
    found = set()
    for original, result in zip(X.reshape(-1, 28, 28), moved.reshape(-1, 28, 28)):
        padded = np.pad(original, 1)
        matches = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                   if np.array_equal(padded[1 - dy:29 - dy, 1 - dx:29 - dx], result)]
        assert matches, "every result is the original moved by one of the nine offsets"
        found.add(matches[0])
    assert len(found) > 4, "the offsets are random, not one for all"
    np.testing.assert_array_equal(shift_images(X, np.random.default_rng(0), max_shift=0), X)


def test_shift_fills_with_black():
    X = np.ones((40, 16))
    moved = shift_images(X, np.random.default_rng(1), max_shift=1, side=4).reshape(40, 4, 4)
    assert set(np.unique(moved)) <= {0.0, 1.0}
    assert (moved == 0).any() and moved[:, 1:3, 1:3].min() == 1.0


# ---- reproducible, and it learns ---------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_split():
    images, labels = load_sample()          # interleaved digits: the first 1,600 hold all classes
    return (images[:1600], labels[:1600]), (images[1600:], labels[1600:])


def test_same_seed_same_weights(sample_split):
    (X, y), _ = sample_split
    recipe = dict(epochs=2, batch_size=32, learning_rate=0.1, momentum=0.9, cost_name="cross-entropy", shift=1,
                  schedule="cosine")
    runs = []
    for seed in (0, 0, 1):
        net = Network([784, 16, 16, 10], seed=seed, init="scaled", output="softmax")
        train(net, X[:500], y[:500], seed=seed, **recipe)
        runs.append(net)
    for a, b in zip(runs[0].weights + runs[0].biases, runs[1].weights + runs[1].biases):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(runs[0].weights[0], runs[2].weights[0])


def test_a_few_epochs_on_the_sample_learn_digits_it_has_not_seen(sample_split):
    (X, y), (X_held, y_held) = sample_split
    net = Network([784, 16, 16, 10], seed=0, init="scaled", output="softmax")
    start_cost = cost(net, X, y, "cross-entropy")
    seen = []
    history = train(net, X, y, epochs=8, batch_size=32, learning_rate=0.1, momentum=0.9, cost_name="cross-entropy",
                    schedule="cosine", test=(X_held, y_held), callback=lambda h: seen.append(len(h.epoch)))
    assert seen == list(range(1, 9)), "the callback runs once per epoch, with the history so far"
    assert history.running_loss[-1] < history.running_loss[0] < start_cost
    assert history.test_accuracy[-1] == net.accuracy(X_held, y_held), "the history reports the network's own accuracy"
    assert net.accuracy(X_held, y_held) > 0.8, "400 unseen digits, after 8 epochs on 1,600"
    measured = np.arange(1000) * len(X) // 1000          # by default 1,000 of the 1,600, evenly spread
    assert history.train_accuracy[-1] == net.accuracy(X[measured], y[measured])
    assert history.train_loss[-1] == pytest.approx(cost(net, X[measured], y[measured], "cross-entropy"), rel=1e-12)
    assert history.train_accuracy[-1] > 0.85


def test_the_series_recipe_learns_on_the_sample(sample_split):
    (X, y), (X_held, y_held) = sample_split
    net = Network([784, 16, 16, 10], seed=0)          # N(0, 1), all sigmoid, quadratic cost, η = 3
    history = train(net, X, y, epochs=5, batch_size=10, learning_rate=3.0, test=(X_held, y_held))
    assert history.running_loss[-1] < history.running_loss[0]
    assert history.test_accuracy[-1] > 0.6


def test_softmax_network_keeps_its_output_layer_through_save_and_load(sample_split, tmp_path):
    (X, y), (X_held, _) = sample_split
    net = Network([784, 16, 16, 10], seed=1, init="scaled", output="softmax")
    train(net, X[:300], y[:300], epochs=1, batch_size=30, learning_rate=0.1, cost_name="cross-entropy")
    net.save(tmp_path / "net.npz")
    back = Network.load(tmp_path / "net.npz")
    assert back.output == "softmax"
    np.testing.assert_allclose(back.forward(X_held), net.forward(X_held))
    np.testing.assert_allclose(back.forward(X_held).sum(axis=1), 1.0)


def test_progress_bar_goes_to_stderr(sample_split, capsys):
    (X, y), _ = sample_split
    train(Network([784, 10], seed=0), X[:100], y[:100], epochs=2, progress=True)
    captured = capsys.readouterr()
    assert "2/2" in captured.err and captured.out == ""


# ---- bad input is named -------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    (dict(epochs=0), "epochs must be a whole number ≥ 1, got 0"),
    (dict(epochs=2.5), "epochs must be a whole number, got 2.5"),
    (dict(batch_size=0), "batch_size must be a whole number ≥ 1"),
    (dict(learning_rate=-1.0), "learning_rate must be a number > 0, got -1.0"),
    (dict(learning_rate=float("nan")), "learning_rate must be a finite number, got nan"),
    (dict(momentum=1.0), r"momentum must be in \[0, 1\)"),
    (dict(momentum=1.5), "momentum must lie between 0 and 1"),
    (dict(weight_decay=-0.1), "weight_decay must lie between 0 and ∞"),
    (dict(evaluate_train=-5), "evaluate_train must lie between 0 and ∞.*True for all training images"),
    (dict(evaluate_train=2.5), "evaluate_train must be a whole number"),
    (dict(cost_name="mse"), "cost_name must be one of"),
    (dict(schedule="linear"), "schedule must be one of"),
    (dict(method="fast"), "method must be 'batch' or 'one-by-one'"),
    (dict(test=np.zeros((3, 784))), "test must be a pair"),
    (dict(shift=-1), "shift must lie between 0 and ∞"),
    (dict(dtype="float16"), "dtype must be 'float32' or 'float64'"),
])
def test_bad_training_arguments_say_what_was_expected(kwargs, message):
    net, X, labels = small_problem([784, 3, 10], n=5, seed=0)
    with pytest.raises(ValueError, match=message):
        train(net, X, labels, **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(epochs=True), "epochs must be a whole number, got bool"),
    (dict(learning_rate="3"), "learning_rate must be a number, got str"),
    (dict(evaluate_train="all"), "evaluate_train must be a whole number, got str"),
])
def test_training_arguments_of_the_wrong_kind_are_a_type_error(kwargs, message):
    net, X, labels = small_problem([784, 3, 10], n=5, seed=0)
    with pytest.raises(TypeError, match=message):
        train(net, X, labels, **kwargs)


def test_a_schedule_that_gives_no_usable_rate_is_named():
    net, X, labels = small_problem([6, 4, 3], n=10, seed=0)
    with pytest.raises(ValueError, match=r"the learning rate schedule\(1\) must be a number > 0, got -0.5"):
        train(net, X, labels, epochs=3, schedule=lambda epoch: 0.5 - epoch)


def test_bad_training_data_says_what_was_wrong():
    net, X, labels = small_problem([784, 3, 10], n=5, seed=0)
    with pytest.raises(ValueError, match="got 5 images but 4 labels"):
        train(net, X, labels[:4])
    with pytest.raises(ValueError, match=r"labels must lie in 0..9"):
        train(net, X, labels + 10)
    with pytest.raises(ValueError, match="labels must be a 1-D array of whole numbers"):
        train(net, X, labels.astype(float))
    with pytest.raises(TypeError, match="divide by 255"):
        train(net, (X * 255).astype(np.uint8), labels)
    with pytest.raises(ValueError, match="shift needs square images"):
        train(Network([5, 2]), X[:, :5], labels % 2, shift=1)
    with pytest.raises(TypeError, match="callback must be a function"):
        train(net, X, labels, callback="plot")
    with pytest.raises(ValueError, match=r"targets must be labels of shape \(5,\) or desired outputs"):
        gradients(net, X, np.zeros((5, 3)))


def test_a_learning_rate_that_blows_up_is_reported():
    # each step multiplies the weights by (1 − ηλ) = −10⁹: infinite within a few steps
    net, X, labels = small_problem([784, 30, 10], n=40, seed=0)
    with pytest.raises(FloatingPointError, match=r"became infinite or NaN in epoch \d: .*lower the learning rate"):
        train(net, X, labels, epochs=3, learning_rate=1.0, weight_decay=1e9)


# ---- the training set ----------------------------------------------------------------------------
def test_training_set_leaves_out_the_sample(mnist_dir):
    X, y = load_training_set(mnist_dir)
    sample, sample_labels, indices = load_sample(return_indices=True)
    assert X.shape == (58_000, 784) and y.shape == (58_000,)
    # no sample digit is among the training images: compare exact pixel rows
    train_rows = {row.tobytes() for row in (X * 255).round().astype(np.uint8)}
    assert not any(row.tobytes() in train_rows for row in (sample * 255).round().astype(np.uint8))


# ---- the schedule and the targets ---------------------------------------------------------------
def test_learning_rates_of_each_epoch_make_one_schedule():
    epochs, steps = 3, 4
    cosine = sum((train_module._learning_rates("cosine", 0.8, e, epochs, steps) for e in range(epochs)), [])
    expected = [0.8 * 0.5 * (1 + np.cos(np.pi * s / (epochs * steps))) for s in range(epochs * steps)]
    np.testing.assert_allclose(cosine, expected, rtol=1e-15)
    assert cosine[0] == 0.8 and all(a > b for a, b in zip(cosine, cosine[1:])), "from η down, every step"
    assert train_module._learning_rates("constant", 0.8, 2, epochs, steps) == [0.8] * steps
    assert train_module._learning_rates(lambda e: 1 / (e + 1), 0.8, 2, epochs, steps) == [1 / 3] * steps


def test_label_smoothing_aims_below_one_and_above_zero():
    Y = train_module._training_targets(np.array([3, 0]), 10, 0.1, np.float32)
    assert Y.dtype == np.float32
    np.testing.assert_allclose(Y.sum(axis=1), 1.0, rtol=1e-6)
    assert Y[0, 3] == pytest.approx(0.91) and Y[0, 0] == pytest.approx(0.01)
    np.testing.assert_array_equal(train_module._training_targets(np.array([3]), 10, 0.0, np.float64),
                                  one_hot([3]))
    net, X, labels = small_problem([6, 5, 3], n=20, seed=15, output="softmax")
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\)"):
        train(net, X, labels, epochs=1, label_smoothing=1)
    plain, smoothed = net.copy(), net.copy()
    train(plain, X, labels, epochs=2, batch_size=5, cost_name="cross-entropy")
    train(smoothed, X, labels, epochs=2, batch_size=5, cost_name="cross-entropy", label_smoothing=0.2)
    assert not np.array_equal(plain.weights[-1], smoothed.weights[-1]), "the smoothed targets change the steps"


# ---- centred pixels -----------------------------------------------------------------------------
def test_centring_starts_from_the_network_as_it_is():
    """With steps too small to matter, a centred training leaves the network's function alone:
    the biases it learns with are converted there and back (b₁ + W₁m, then − W₁m)."""
    images, labels = load_sample()
    net = Network([784, 16, 16, 10], seed=0, init="scaled", output="softmax")
    train(net, images[:400], labels[:400], epochs=2, batch_size=40, learning_rate=0.5, cost_name="cross-entropy")
    before = net.copy()
    train(net, images[:400], labels[:400], epochs=1, batch_size=40, learning_rate=1e-12, cost_name="cross-entropy",
          centre=True)
    assert np.abs(before.weights[0] @ images[:400].mean(axis=0)).max() > 0.1, "W₁m is not small here"
    for b_before, b_after in zip(before.biases, net.biases):
        np.testing.assert_allclose(b_after, b_before, atol=1e-5)
    np.testing.assert_array_equal(net.predict(images), before.predict(images))


def test_a_centred_network_takes_0_1_pixels_and_learns_as_well():
    images, labels = load_sample()
    X, y = images[:600], labels[:600]
    runs = {}
    for centre in (False, True, True):
        net = Network([784, 16, 16, 10], seed=1, init="scaled", output="softmax")
        history = train(net, X, y, epochs=8, batch_size=30, learning_rate=0.3, momentum=0.9, cost_name="cross-entropy",
                        shift=1, centre=centre, seed=4, test=(images[1000:], labels[1000:]), evaluate_train=True)
        runs.setdefault(centre, []).append((net, history))
    (plain, plain_history), = runs[False]
    (centred, history), (again, _) = runs[True]
    # measured through the saved network on 0–1 pixels, as good as on the way (centred pixels)
    assert history.train_accuracy[-1] >= history.running_accuracy[-1] - 0.02
    assert history.train_accuracy[-1] > 0.9 and history.test_accuracy[-1] > 0.75
    assert abs(history.test_accuracy[-1] - plain_history.test_accuracy[-1]) < 0.06
    assert not np.allclose(centred.weights[0], plain.weights[0]), "centred pixels give other steps"
    for a, b in zip(centred.weights + centred.biases, again.weights + again.biases):
        np.testing.assert_array_equal(a, b)                       # the same seed, the same network
