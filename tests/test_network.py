"""The network in matrix form: counting, shapes, the sigmoid, the forward pass, saving,
and a clear error for every bad input.

The maths is checked against things written differently: an explicit Python loop over
neurons (Σ w·a + b, then σ) for the matrix form, exact decimal arithmetic for the
sigmoid, and one image at a time for the batch.
"""

from __future__ import annotations

import io
import math
import pickle
import re
import struct
import tracemalloc
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlp_core import Network, load_sample, sigmoid
from mlp_core import network as network_module
from mlp_core.checks import activation_problem

ARTICLE = [784, 16, 16, 10]


@contextmanager
def strict_floats():
    """Any warning is an error, and so is any overflow, 0/0 or x/0 inside numpy."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield


@pytest.fixture(scope="module")
def article_net():
    return Network(ARTICLE, seed=0)


@pytest.fixture(scope="module")
def sample_images():
    return load_sample()[0]


# ---- strategies ---------------------------------------------------------------------------
layer_sizes = st.lists(st.integers(1, 8), min_size=2, max_size=5)
seeds = st.integers(0, 2**32 - 1)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def net_and_batch(draw):
    """A small random network and a batch of 1–6 inputs in [0, 1] for it."""
    net = Network(draw(layer_sizes), seed=draw(seeds))
    n = draw(st.integers(1, 6))
    x = draw(arrays(np.float64, (n, net.sizes[0]), elements=st.floats(0, 1)))
    return net, x


def loop_forward(net, a):
    """The article's picture, neuron by neuron: a'ⱼ = σ(Σₖ wⱼₖ aₖ + bⱼ), in plain Python floats."""
    a = [float(v) for v in a]
    for W, b in zip(net.weights, net.biases):
        nxt = []
        for j in range(W.shape[0]):
            z = math.fsum(float(W[j, k]) * a[k] for k in range(len(a))) + float(b[j])
            nxt.append(1.0 / (1.0 + math.exp(-z)))
        a = nxt
    return np.array(a)


# ---- counting the knobs -------------------------------------------------------------------
def test_article_network_has_13002_parameters():
    net = Network(ARTICLE)
    assert net.n_params == 13002
    # 784·16 weights + 16 biases, 16·16 + 16, 16·10 + 10
    assert net.layer_param_counts == [(12544, 16), (256, 16), (160, 10)]
    assert sum(w.size for w in net.weights) + sum(b.size for b in net.biases) == 13002
    assert "13,002" in repr(net)


@pytest.mark.parametrize("sizes", [ARTICLE, [2, 1], [3, 5, 4], [784, 30, 10]])
def test_weights_are_n_out_by_n_in(sizes):
    net = Network(sizes, seed=1)
    assert net.sizes == sizes
    assert [W.shape for W in net.weights] == list(zip(sizes[1:], sizes[:-1]))
    assert [b.shape for b in net.biases] == [(n,) for n in sizes[1:]]


@given(layer_sizes)
def test_n_params_counts_every_array_entry(sizes):
    net = Network(sizes)
    assert net.n_params == sum(W.size + b.size for W, b in zip(net.weights, net.biases))
    assert [(W.size, b.size) for W, b in zip(net.weights, net.biases)] == net.layer_param_counts


def test_numpy_integer_sizes_become_python_ints():
    net = Network(np.array([4, 3, 2]))
    assert net.sizes == [4, 3, 2] and all(type(n) is int for n in net.sizes)


# ---- random start, reproducible -----------------------------------------------------------
def test_same_seed_gives_the_same_network():
    a, b = Network(ARTICLE, seed=42), Network(ARTICLE, seed=42)
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(x, y)


def test_different_seeds_give_different_networks():
    a, b = Network(ARTICLE, seed=1), Network(ARTICLE, seed=2)
    assert not np.array_equal(a.weights[0], b.weights[0])
    assert not np.array_equal(Network([3, 2]).weights[0], Network([3, 2]).weights[0])  # no seed: fresh


def test_normal_init_is_standard_normal():
    w = np.concatenate([W.ravel() for W in Network(ARTICLE, seed=0).weights])
    assert abs(w.mean()) < 0.05 and abs(w.std() - 1) < 0.05


def test_scaled_init_shrinks_weights_by_fan_in_and_zeroes_biases():
    net = Network(ARTICLE, seed=0, init="scaled")
    assert all(np.all(b == 0) for b in net.biases)
    assert abs(net.weights[0].std() - 1 / math.sqrt(784)) < 0.005


def test_unknown_init_is_refused():
    with pytest.raises(ValueError, match="init must be 'normal' or 'scaled'"):
        Network(ARTICLE, init="xavier")


def test_copy_is_independent(article_net):
    twin = article_net.copy()
    twin.weights[0][0, 0] += 1.0
    twin.biases[2][0] += 1.0
    assert twin.weights[0][0, 0] != article_net.weights[0][0, 0]
    assert twin.biases[2][0] != article_net.biases[2][0]


def test_from_parameters_copies_and_checks():
    W, b = np.ones((2, 3)), np.zeros(2)
    net = Network.from_parameters([W], [b])
    assert net.sizes == [3, 2]
    W[0, 0] = 5.0
    assert net.weights[0][0, 0] == 1.0
    with pytest.raises(ValueError, match="one bias vector per weight matrix"):
        Network.from_parameters([W], [])
    with pytest.raises(ValueError, match=r"W2 should have shape \(4, 2\)"):
        Network.from_parameters([np.ones((2, 3)), np.ones((4, 5))], [np.zeros(2), np.zeros(4)])
    with pytest.raises(ValueError, match=r"b1 should have shape \(2,\)"):
        Network.from_parameters([np.ones((2, 3))], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"matrix of shape \(n_out, n_in\)"):
        Network.from_parameters([np.ones(3)], [np.zeros(3)])


# ---- the sigmoid --------------------------------------------------------------------------
def decimal_sigmoid(z: float) -> float:
    """1 / (1 + e^(−z)) with 60 significant digits, rounded to a float once at the end."""
    with localcontext() as ctx:
        ctx.prec = 60
        return float(1 / (1 + (-Decimal(z)).exp()))


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(np.zeros((2, 3))).shape == (2, 3)
    np.testing.assert_allclose(sigmoid([-2.0, 2.0]), [1 / (1 + math.e**2), 1 / (1 + math.e**-2)], rtol=1e-15)


@given(st.floats(-1000, 1000))
def test_sigmoid_matches_exact_decimal_arithmetic(z):
    assert math.isclose(float(sigmoid(z)), decimal_sigmoid(z), rel_tol=1e-15, abs_tol=1e-300)  # a few ulps


@given(st.floats(-700, 700))
def test_sigmoid_matches_math_exp(z):
    assert math.isclose(float(sigmoid(z)), 1 / (1 + math.exp(-z)), rel_tol=1e-15, abs_tol=1e-300)


@given(finite_floats)
def test_sigmoid_lies_in_0_1_without_warnings_for_any_finite_float(z):
    with strict_floats():
        s = float(sigmoid(z))
    assert 0.0 <= s <= 1.0


@given(st.floats(-30, 30))
def test_sigmoid_is_strictly_inside_0_1_for_moderate_z(z):
    assert 0.0 < sigmoid(z) < 1.0


@given(finite_floats)
def test_sigmoid_is_symmetric(z):
    # σ(−z) = 1 − σ(z); the subtraction in floats costs at most about one ulp of 1
    assert abs(sigmoid(-z) - (1.0 - sigmoid(z))) <= 2.3e-16


@given(arrays(np.float64, st.integers(2, 50), elements=finite_floats))
def test_sigmoid_never_decreases(z):
    s = sigmoid(np.sort(z))
    assert np.all(np.diff(s) >= 0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_sigmoid_at_plus_minus_1000_is_quiet(dtype):
    z = np.array([-1000, -745, -40, 0, 40, 745, 1000], dtype=dtype)
    with strict_floats():
        s = sigmoid(z)
        extremes = sigmoid(np.array([-np.finfo(float).max, np.finfo(float).max]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    np.testing.assert_array_equal(extremes, [0.0, 1.0])


# ---- the forward pass ---------------------------------------------------------------------
def test_forward_shapes_for_one_image_and_a_batch(article_net, sample_images):
    one, batch = sample_images[0], sample_images[:5]
    assert article_net.forward(one).shape == (10,)
    assert article_net(batch).shape == (5, 10)
    layers = article_net.activations(batch)
    assert [a.shape for a in layers] == [(5, 784), (5, 16), (5, 16), (5, 10)]
    np.testing.assert_array_equal(layers[0], batch)
    assert all(np.all((a > 0) & (a < 1)) for a in layers[1:])


@pytest.mark.parametrize("output, squash", [("sigmoid", sigmoid), ("softmax", network_module.softmax)])
def test_activations_squash_the_output_weighted_sums_once(output, squash, sample_images, monkeypatch):
    net = Network(ARTICLE, seed=2, output=output)
    x = sample_images[:4]
    z = net.output_weighted_sums(x)
    np.testing.assert_allclose(z, sigmoid(sigmoid(x @ net.weights[0].T + net.biases[0]) @ net.weights[1].T
                                          + net.biases[1]) @ net.weights[2].T + net.biases[2], rtol=1e-12)
    calls = []
    counting = lambda z: calls.append(np.shape(z)) or sigmoid(z)   # noqa: E731
    monkeypatch.setattr(network_module, "sigmoid", counting)
    layers = net.activations(x)
    # one σ per sigmoid layer: a softmax network does not also squash its output with σ
    assert len(calls) == (3 if output == "sigmoid" else 2)
    np.testing.assert_array_equal(layers[-1], squash(z))
    np.testing.assert_array_equal(net.output_activations(z), layers[-1])


def test_forward_leaves_the_input_alone(article_net, sample_images):
    x = sample_images[:3].copy()
    article_net.forward(x)
    np.testing.assert_array_equal(x, sample_images[:3])


def test_predict_is_the_brightest_output(article_net, sample_images):
    guess = article_net.predict(sample_images[0])
    assert type(guess) is int and guess == int(np.argmax(article_net.forward(sample_images[0])))
    guesses = article_net.predict(sample_images[:20])
    assert guesses.shape == (20,)
    np.testing.assert_array_equal(guesses, np.argmax(article_net.forward(sample_images[:20]), axis=1))


def test_accuracy_counts_right_answers(article_net, sample_images):
    x = sample_images[:50]
    guesses = article_net.predict(x)
    assert article_net.accuracy(x, guesses) == 1.0
    assert article_net.accuracy(x, (guesses + 1) % 10) == 0.0
    half = np.where(np.arange(50) < 25, guesses, (guesses + 1) % 10)
    assert article_net.accuracy(x, half) == 0.5


def test_accuracy_wants_one_label_per_image(article_net, sample_images):
    with pytest.raises(ValueError, match=r"one label per image.*50 images.*1 label"):
        article_net.accuracy(sample_images[:50], [3])


@pytest.mark.parametrize("labels", [["1", "2", "3"], [1.0, 2.0, 3.0], [True, False, True]])
def test_accuracy_wants_labels_that_are_digits(article_net, sample_images, labels):
    # '1' == 1 is False for numpy, so text labels used to score a silent 0.0
    with pytest.raises(TypeError, match=r"labels must be whole numbers \(the digits 0–9\), got dtype"):
        article_net.accuracy(sample_images[:3], labels)


@given(net_and_batch())
def test_a_batch_equals_its_images_one_at_a_time(case):
    net, x = case
    batch = net.forward(x)
    one_by_one = np.array([net.forward(row) for row in x])
    # equal up to the order in which the matrix product adds its terms
    np.testing.assert_allclose(batch, one_by_one, rtol=0, atol=1e-14)
    for layer_batch, *layer_rows in zip(net.activations(x), *[net.activations(row) for row in x]):
        np.testing.assert_allclose(layer_batch, np.array(layer_rows), rtol=0, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 1999), min_size=1, max_size=8), seeds)
def test_article_network_batch_equals_one_at_a_time_on_real_digits(sample_images, rows, seed):
    net = Network(ARTICLE, seed=seed)
    x = sample_images[rows]
    np.testing.assert_allclose(net(x), np.array([net(r) for r in x]), rtol=0, atol=1e-14)
    np.testing.assert_array_equal(net.predict(x), [net.predict(r) for r in x])


@given(net_and_batch())
def test_matrix_form_equals_a_loop_over_neurons(case):
    net, x = case
    for row, out in zip(x, net.forward(x)):
        np.testing.assert_allclose(out, loop_forward(net, row), rtol=0, atol=1e-12)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 1999), seeds)
def test_article_network_matrix_form_equals_loop_on_real_digits(sample_images, row, seed):
    net = Network(ARTICLE, seed=seed)
    np.testing.assert_allclose(net(sample_images[row]), loop_forward(net, sample_images[row]), rtol=0, atol=1e-12)


# ---- bad input: a clear error that says what was expected ---------------------------------
def test_unflattened_28x28_image_says_reshape(article_net, sample_images):
    with pytest.raises(ValueError, match=r"28×28.*reshape\(784\)") as err:
        article_net.forward(sample_images[0].reshape(28, 28))
    assert "(784,)" in str(err.value)


def test_unflattened_batch_says_reshape(article_net, sample_images):
    with pytest.raises(ValueError, match=r"\(3, 28, 28\).*reshape\(len\(x\), 784\)"):
        article_net.forward(sample_images[:3].reshape(3, 28, 28))


def test_785_values_is_the_wrong_length(article_net):
    with pytest.raises(ValueError, match=r"expected one image of shape \(784,\) or a batch of shape \(n, 784\), got shape \(785,\)"):
        article_net.forward(np.zeros(785))
    with pytest.raises(ValueError, match=r"got shape \(2, 785\)"):
        article_net.forward(np.zeros((2, 785)))


def test_empty_batch_is_refused(article_net):
    with pytest.raises(ValueError, match="at least one image"):
        article_net.forward(np.zeros((0, 784)))


@pytest.mark.parametrize("bad", [
    "0.5", b"\x00" * 784, None, ["0.5"] * 784,
    np.array([object()] * 784), np.array([0.5] * 784, dtype=object),
])
def test_non_numbers_are_a_type_error(article_net, bad):
    with pytest.raises(TypeError, match="expected pixel activations as a numpy array of floats"):
        article_net.forward(bad)


@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.complex128])
def test_non_float_dtypes_are_a_type_error(article_net, dtype):
    with pytest.raises(TypeError, match=f"expected floating-point activations in \\[0, 1\\], got dtype {np.dtype(dtype)}"):
        article_net.forward(np.zeros(784, dtype=dtype))


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_are_refused(article_net, bad_value):
    x = np.full(784, 0.5)
    x[100] = bad_value
    with pytest.raises(ValueError, match="NaN or infinite values; every activation must be a number in \\[0, 1\\]"):
        article_net.forward(x)


def test_uint8_image_says_divide_by_255_and_is_not_rescaled(article_net, sample_images):
    raw = np.round(sample_images[0] * 255).astype(np.uint8)
    with pytest.raises(TypeError, match=r"got dtype uint8.*up to 255.*divide by 255 first, e\.g\. x / 255\.0"):
        article_net.forward(raw)
    with pytest.raises(TypeError, match="divide by 255"):
        article_net.predict(raw[None, :])


def test_float_image_in_0_255_says_divide_by_255(article_net, sample_images):
    with pytest.raises(ValueError, match=r"\[0, 1\].*from 0 to 255.*Divide a 0–255 image by 255"):
        article_net.forward(np.round(sample_images[0] * 255))


@pytest.mark.parametrize("values", [[0.0, np.nextafter(1.0, 2.0)], [np.nextafter(0.0, -1.0), 0.5], [0.0, 1.5], [0.0, 255.0],
                                    [0.2, np.nan], np.float32([0.0, 3.0])])
def test_the_network_refuses_an_input_in_the_words_of_the_one_activation_check(article_net, values):
    # one sentence for "not an activation" everywhere: 1 + 1 ulp reads 1.0000000000000002 (not "from 1 to 1"), and
    # only what looks like a 0–255 image is told to divide by 255
    x = np.full(784, 0.5, dtype=np.asarray(values).dtype)
    x[:2] = values
    with pytest.raises(ValueError) as refused:
        article_net.forward(x)
    assert str(refused.value) == activation_problem(x)


@pytest.mark.parametrize("lo, hi", [(-0.1, 0.5), (0.0, 1.5), (-3.0, 0.0)])
def test_values_outside_0_1_are_refused(article_net, lo, hi):
    x = np.linspace(lo, hi, 784)
    with pytest.raises(ValueError, match=rf"activations must lie in \[0, 1\].*from {lo:g} to {hi:g}"):
        article_net.forward(x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_the_edges_of_0_1_in_every_float_type(dtype):
    net = Network([4, 2], seed=0)
    just_above_1 = np.nextafter(dtype(1), dtype(2))
    np.testing.assert_array_equal(net.forward(np.array([0.0, -0.0, 1.0, 0.5], dtype=dtype)),
                                  net.forward(np.array([0.0, 0.0, 1.0, 0.5])))       # −0.0 is a valid 0
    for bad, message in [(just_above_1, "activations must lie in"), (-np.finfo(dtype).smallest_subnormal, "activations must lie in"),
                         (np.nan, "NaN or infinite"), (np.inf, "NaN or infinite"), (-np.inf, "NaN or infinite")]:
        x = np.array([0.0, 0.5, bad, 1.0], dtype=dtype)
        with pytest.raises(ValueError, match=message):
            net.forward(x)
        with pytest.raises(ValueError, match=message):             # not contiguous in memory
            net.forward(np.stack([x, np.zeros(4, dtype)], axis=1).T[0::2])


@pytest.mark.parametrize("sizes", [[], [784], (10,)])
def test_fewer_than_two_layers(sizes):
    with pytest.raises(ValueError, match="at least 2 layers"):
        Network(sizes)


@pytest.mark.parametrize("sizes", [[784, 0, 10], [784, 16, -1], [0, 10]])
def test_non_positive_widths(sizes):
    with pytest.raises(ValueError, match="every layer needs at least one neuron"):
        Network(sizes)


@pytest.mark.parametrize("sizes", [[784, 16.0, 10], [784, "16", 10], [784, True, 10], [784, None, 10]])
def test_non_integer_widths(sizes):
    with pytest.raises(TypeError, match="layer widths must be whole numbers"):
        Network(sizes)


@pytest.mark.parametrize("sizes", [784, None])
def test_sizes_must_be_a_list(sizes):
    with pytest.raises(TypeError, match=r"sizes must be a list of layer widths such as \[784, 16, 16, 10\]"):
        Network(sizes)


# ---- saving and loading -------------------------------------------------------------------
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(layer_sizes, seeds, st.sampled_from(["normal", "scaled"]))
def test_save_load_round_trip(tmp_path, sizes, seed, init):
    net = Network(sizes, seed=seed, init=init)
    path = tmp_path / "net.npz"
    net.save(path)
    back = Network.load(path)
    assert back.sizes == net.sizes
    for a, b in zip(net.weights + net.biases, back.weights + back.biases):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    x = np.linspace(0, 1, sizes[0])
    np.testing.assert_array_equal(back(x), net(x))


def test_saved_file_is_plain_arrays(tmp_path, article_net):
    path = tmp_path / "net.npz"
    article_net.save(path)
    with np.load(path, allow_pickle=False) as data:
        assert {"sizes", "W1", "b1", "W2", "b2", "W3", "b3"} <= set(data.files)
        assert data["sizes"].tolist() == ARTICLE
        assert data["W1"].shape == (16, 784)


def test_save_writes_exactly_the_path_given(tmp_path, article_net):
    path = tmp_path / "weights"              # no .npz suffix: np.savez alone would add one
    article_net.save(path)
    assert path.is_file() and not (tmp_path / "weights.npz").exists()
    np.testing.assert_array_equal(Network.load(path).weights[0], article_net.weights[0])


def _rewrite(tmp_path, net, drop=(), **replace):
    """Save `net`, then write a copy of the file with arrays dropped or replaced."""
    path = tmp_path / "net.npz"
    net.save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files if k not in drop}
    arrays.update(replace)
    bad = tmp_path / "bad.npz"
    np.savez(bad, **arrays)
    return bad


def test_file_with_missing_arrays(tmp_path, article_net):
    with pytest.raises(ValueError, match=r"missing arrays \['W2'\] for a network of sizes \[784, 16, 16, 10\]"):
        Network.load(_rewrite(tmp_path, article_net, drop=["W2"]))
    with pytest.raises(ValueError, match=r"missing arrays \['b1', 'b3'\]"):
        Network.load(_rewrite(tmp_path, article_net, drop=["b1", "b3"]))
    with pytest.raises(ValueError, match="missing the array 'sizes'"):
        Network.load(_rewrite(tmp_path, article_net, drop=["sizes"]))


def test_file_with_wrong_shapes(tmp_path, article_net):
    with pytest.raises(ValueError, match=r"bad\.npz: W1 should have shape \(16, 784\) .* got \(784, 16\)"):
        Network.load(_rewrite(tmp_path, article_net, W1=article_net.weights[0].T))
    with pytest.raises(ValueError, match=r"b3 should have shape \(10,\).* got \(9,\)"):
        Network.load(_rewrite(tmp_path, article_net, b3=np.zeros(9)))
    with pytest.raises(ValueError, match=r"W2 should have shape \(20, 16\) for sizes \[784, 16, 20, 10\], got \(16, 16\)"):
        Network.load(_rewrite(tmp_path, article_net, sizes=np.array([784, 16, 20, 10])))


def test_file_with_bad_sizes_or_values(tmp_path, article_net):
    with pytest.raises(ValueError, match="'sizes' must be a 1-D integer array"):
        Network.load(_rewrite(tmp_path, article_net, sizes=np.array(ARTICLE, dtype=float)))
    with pytest.raises(ValueError, match=r"bad\.npz: .*at least 2 layers"):
        Network.load(_rewrite(tmp_path, article_net, sizes=np.array([784])))
    W1 = article_net.weights[0].copy()
    W1[3, 3] = np.nan
    with pytest.raises(ValueError, match="W1 must hold finite real numbers"):
        Network.load(_rewrite(tmp_path, article_net, W1=W1))
    with pytest.raises(ValueError, match="W1 must hold finite real numbers"):
        Network.load(_rewrite(tmp_path, article_net, W1=W1 + 0j))


class _Booby:
    """Unpickling this creates a file: proof that something was unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_file_with_pickled_objects_is_refused_unopened(tmp_path, article_net):
    marker = tmp_path / "unpickled"
    trap = np.empty(1, dtype=object)
    trap[0] = _Booby(marker)
    bad = _rewrite(tmp_path, article_net, W1=trap)
    with pytest.raises(ValueError, match="contains pickled Python objects; only plain numeric arrays"):
        Network.load(bad)
    assert not marker.exists()
    # the trap is real: loading with pickle allowed would have run it
    with np.load(bad, allow_pickle=True) as data:
        data["W1"]
    assert marker.exists()


def test_non_npz_files_are_refused(tmp_path, article_net):
    text = tmp_path / "weights.txt"
    text.write_text("W1 = [[0.1, 0.2]]\n")
    with pytest.raises(ValueError, match=r"weights\.txt: not an \.npz weights file"):
        Network.load(text)
    npy = tmp_path / "w.npy"
    np.save(npy, article_net.weights[0])
    with pytest.raises(ValueError, match=r"w\.npy: not an \.npz weights file"):
        Network.load(npy)
    pickled = tmp_path / "net.pkl"
    pickled.write_bytes(pickle.dumps(article_net.weights))
    with pytest.raises(ValueError, match="not an .npz weights file"):
        Network.load(pickled)
    cut = tmp_path / "cut.npz"
    article_net.save(tmp_path / "whole.npz")
    cut.write_bytes((tmp_path / "whole.npz").read_bytes()[:5000])
    with pytest.raises(ValueError, match=r"cut\.npz: not a"):
        Network.load(cut)


def _crafted_zip(path, members, huge=None):
    """Write a zip archive by hand: `members` (name -> bytes) stored as they are, then, with
    huge=(name, n_bytes), one deflated member of n_bytes zeros. Its stream is one compressed
    MiB of zeros repeated (each piece ends in a full flush, so the pieces are independent),
    so a 2 GiB member costs ~10 MB of file and no time to make. Its CRC is left 0: a reader
    notices only after decompressing all of it."""
    entries, body = [], b""
    for name, data in members.items():
        entries.append((name.encode(), 0, zlib.crc32(data), len(data), len(data), len(body)))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, *entries[-1][2:5], len(name), 0)
        body += name.encode() + data
    if huge:
        name, n_bytes = huge
        squeeze = zlib.compressobj(1, zlib.DEFLATED, -15)
        piece = squeeze.compress(bytes(1 << 20)) + squeeze.flush(zlib.Z_FULL_FLUSH)
        stream = piece * (n_bytes >> 20) + squeeze.flush(zlib.Z_FINISH)
        entries.append((name.encode(), 8, 0, len(stream), n_bytes, len(body)))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(stream), n_bytes, len(name), 0)
        body += name.encode() + stream
    directory = b""
    for name, method, crc, packed, size, offset in entries:
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, packed, size,
                                 len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def _members_of_saved(net, tmp_path):
    net.save(tmp_path / "saved.npz")
    with zipfile.ZipFile(tmp_path / "saved.npz") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _npy_header_claiming(shape, dtype="<f8"):
    """The first bytes of a .npy file promising an array of this shape (and no data)."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _peak_bytes_while(action):
    """Run action() and return the peak of memory allocated meanwhile (numpy reports its arrays)."""
    tracemalloc.start()
    try:
        action()
    except ValueError as err:
        error = err
    else:
        error = None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, error


def test_load_refuses_a_member_save_never_writes_without_reading_it(tmp_path, article_net):
    members = _members_of_saved(article_net, tmp_path)
    bomb = _crafted_zip(tmp_path / "bomb.npz", members, huge=("extra.npy", 2 << 30))
    assert bomb.stat().st_size < 12_000_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("extra.npy").file_size == 2 << 30, "the crafted member promises 2 GiB"
    peak, error = _peak_bytes_while(lambda: Network.load(bomb))
    assert error is not None and re.search(r"bomb\.npz: holds members that Network\.save never writes, "
                                           r"\['extra'\]", str(error)), error
    assert peak < 100_000_000, f"refusing it took {peak / 1e6:.0f} MB"


def test_load_checks_each_header_before_reading_the_data(tmp_path, article_net):
    members = _members_of_saved(article_net, tmp_path)
    members["W1.npy"] = _npy_header_claiming((16, 784 * 1_000_000))       # 100 GB promised, nothing there
    peak, error = _peak_bytes_while(lambda: Network.load(_crafted_zip(tmp_path / "big.npz", members)))
    assert error is not None and re.search(r"big\.npz: W1 should have shape \(16, 784\) for sizes "
                                           r"\[784, 16, 16, 10\], got \(16, 784000000\)", str(error)), error
    assert peak < 100_000_000
    members = _members_of_saved(article_net, tmp_path)
    members["b2.npy"] = _npy_header_claiming((16,), "<c16")
    with pytest.raises(ValueError, match="b2 must hold finite real numbers, got dtype complex128"):
        Network.load(_crafted_zip(tmp_path / "complex.npz", members))
    members = _members_of_saved(article_net, tmp_path)
    members["b3.npy"] = members["b3.npy"][:-8]
    with pytest.raises(ValueError, match=r"cut\.npz: the member b3\.npy is cut short"):
        Network.load(_crafted_zip(tmp_path / "cut.npz", members))


@pytest.mark.parametrize("name", ["W2.npy", "W2"])
def test_a_member_that_is_not_npy_gets_a_clear_error(tmp_path, article_net, name):
    members = _members_of_saved(article_net, tmp_path)
    del members["W2.npy"]
    members[name] = b"these are not the weights you are looking for"
    with pytest.raises(ValueError, match=rf"odd\.npz: the member {re.escape(name)} is not a numpy array written by "
                                         r"numpy\.save"):
        Network.load(_crafted_zip(tmp_path / "odd.npz", members))


def test_missing_weights_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.npz"):
        Network.load(tmp_path / "nothing.npz")


def test_predict_computes_in_the_images_precision_and_agrees_with_forward(article_net, sample_images):
    for images in (sample_images.astype(np.float32), sample_images.astype(np.float64)):
        np.testing.assert_array_equal(article_net.predict(images), np.argmax(article_net.forward(images), axis=1))
        assert article_net.predict(images[7]) == int(np.argmax(article_net.forward(images[7])))
    with pytest.raises(ValueError, match="activations must lie in"):
        article_net.predict(sample_images.astype(np.float32) * 2)
