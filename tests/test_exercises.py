"""The exercise checkers: every one says "right" to its right answer and "not yet" to anything else.

What holds for every checker, found by introspection (a checker added later is covered without
editing this file, as soon as CASES below has its right answer):

- for ANY value of the learner's answer it returns a Feedback, and junk (None, ..., NaN, ±inf,
  huge ints, complex, text, bools, wrong shapes, functions returning junk or raising) is never
  "right";
- junk in an argument the notebook fills in (net, images, index, ...) gives a "not yet" Feedback
  or a TypeError/ValueError whose message names that argument — never another exception;
- its right answer, computed here independently (by hand, loops, finite differences), is right;
  the right answer moved by a fraction (0.1–0.9) is not: no int() truncation, no loose tolerance;
- hints come in tiers (the n-th wrong answer shows hint min(n, last)), never contain the answer,
  and .solution() gives the worked answer.
"""

from __future__ import annotations

import functools
import inspect
import math
import os
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlp_core.exercises as ex
from mlp_core import load_pretrained, load_sample
from mlp_core.drawing import DigitPad
from mlp_core.exercises import feedback

# ---- the checkers, found by introspection --------------------------------------------------

CHECKER_NAMES = sorted(name for name, obj in inspect.getmembers(ex, callable) if name.startswith("check_"))


def test_every_public_check_function_is_a_registered_checker():
    assert len(CHECKER_NAMES) >= 32
    for name in CHECKER_NAMES:
        fn = getattr(ex, name)
        assert ex.CHECKERS.get(name) is fn, f"{name} is not made with @checker (mlp_core.exercises.feedback)"
        assert fn.hints and fn.answers and callable(fn.solution)


# ---- independent right answers -------------------------------------------------------------

def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


@cache
def sample():
    return load_sample()


@cache
def pretrained():
    return load_pretrained()


def forward_by_loops(net, x):
    """Every layer's activations, one neuron at a time: Σ w·a + b, then σ."""
    acts = [list(map(float, x))]
    for W, b in zip(net.weights, net.biases):
        prev = acts[-1]
        acts.append([sig(sum(float(w) * a for w, a in zip(W[n], prev)) + float(b[n])) for n in range(len(b))])
    return acts


@cache
def pads():
    """A pad read as 1 with 7 among its top three (a real 1 of the sample), one with a real 7,
    and one with a diagonal line, which is no digit."""
    images, labels = sample()
    one_like_seven = None
    for one in images[labels == 1]:
        pad = DigitPad(pretrained())
        pad.pad.set_image(one.reshape(28, 28))
        reading = pad.reading()
        if reading.guess == 1 and 7 in list(reading.ranking[:3]):
            one_like_seven = pad
            break
    assert one_like_seven is not None, "no 1 of the sample is read as 1 with 7 among the top three"
    seven = DigitPad(pretrained())
    seven.pad.set_image(images[labels == 7][0].reshape(28, 28))
    line = DigitPad(pretrained())
    line.pad.set_image(np.eye(28))
    return one_like_seven, seven, line


@cache
def loop_neurons():
    """Per hidden layer, neurons sorted by mean activation on 0, 6, 8, 9 minus on 1, 2, 3, 5, 7."""
    images, labels = sample()
    net = pretrained()
    acts = net.activations(images.astype(float))
    loop, no_loop = np.isin(labels, [0, 6, 8, 9]), np.isin(labels, [1, 2, 3, 5, 7])
    return [sorted(range(a.shape[1]), key=lambda n: -(a[loop, n].mean() - a[no_loop, n].mean()))
            for a in acts[1:-1]]


def confusion():
    counts = np.eye(10, dtype=int) * 90
    counts[4, 9], counts[4, 6], counts[9, 4] = 7, 3, 20
    return counts


@dataclass
class Case:
    """The keyword arguments of a right call, and what to put in instead for a wrong one."""

    right: dict
    wrong: dict = field(default_factory=dict)
    numeric: bool = True     # the answer is a number or numbers (a fraction added must make it wrong)


def _cases():
    images, labels = sample()
    net = pretrained()
    x0, x1 = images[0].astype(float), images[1].astype(float)
    zeros = sum(1 for v in images[0] if v == 0)
    region = sum(float(images[0].reshape(28, 28)[r, c]) for r in range(10, 18) for c in range(10, 18))
    shown = [int(np.flatnonzero(labels == d)[0]) for d in range(10)]
    painted = [sum(float(images[i].reshape(28, 28)[r, c]) for r in range(5, 12) for c in range(9, 19)) for i in shown]
    one_like_seven, seven, line = pads()
    line_top = max(line.reading().output)
    cut = net.copy()
    cut.weights[0][5] = 0
    hidden1, hidden2 = loop_neurons()
    h = 1e-5
    z_out = math.log(0.8 / 0.2)                       # the z with σ(z) = 0.8
    def cost(z):                                      # quadratic cost of one output neuron, y = 1
        return 0.5 * (sig(z) - 1.0) ** 2

    def bowl(w):
        return (w - 3) ** 2

    w3 = net.weights[0][3]
    average_ink = [sum(sum(float(v) for v in x) for x in images[labels == d]) / int(np.sum(labels == d))
                   for d in range(10)]
    by_ink = sorted(range(10), key=lambda d: average_ink[d], reverse=True)
    painted_all = sorted(sum(float(x.reshape(28, 28)[r, c]) for r in range(5, 12) for c in range(9, 19))
                         for x in images)
    median_painted = (painted_all[len(painted_all) // 2 - 1] + painted_all[len(painted_all) // 2]) / 2

    def bp2_by_loops(W, d, a):
        return np.array([sum(W[k, j] * d[k] for k in range(len(d))) * a[j] * (1 - a[j]) for j in range(len(a))])

    def momentum_by_elements(w, v, g, eta, mu):
        v = np.array([mu * vi - eta * gi for vi, gi in zip(v, g)])
        return np.array([wi + vi for wi, vi in zip(w, v)]), v

    return {
        "check_pixel_activation": Case(dict(answer=float(images[1][12 * 28 + 10]), index=1, row=12, col=10),
                                       dict(answer=0.31)),
        "check_neuron_number": Case(dict(answer=len(range(20 * 28)) + 5, row=20, col=5), dict(answer=100)),
        "check_black_pixel_count": Case(dict(answer=zeros, index=0), dict(answer=zeros - 3)),
        "check_output_neurons": Case(dict(answer=len(range(0, 10))), dict(answer=12)),
        "check_neuron_count": Case(dict(answer=sum(net.sizes)), dict(answer=100)),
        "check_prediction": Case(dict(answer=int(np.argmax(forward_by_loops(net, images[7])[-1])), net=net,
                                      image=images[7]), dict(answer=11)),
        "check_region_sum": Case(dict(answer=region, index=0, rows=(10, 18), cols=(10, 18)), dict(answer=1.0)),
        "check_total_ink": Case(dict(answer=sum(float(v) for v in images[0]), index=0), dict(answer=3.0)),
        "check_top_minus_bottom": Case(dict(weights=np.where(np.arange(784) // 28 < 14, 1.0, -1.0)),
                                       dict(weights=np.ones(784))),
        "check_sigmoid_at_zero": Case(dict(answer=sig(0)), dict(answer=0.7)),
        "check_sigmoid_inverse": Case(dict(answer=math.log(0.9 / 0.1), target=0.9), dict(answer=1.0)),
        "check_sigmoid_symmetry": Case(dict(answer=sig(3) + sig(-3)), dict(answer=0.3)),
        "check_bias_for_threshold": Case(dict(answer=-25, threshold=25), dict(answer=3)),
        "check_digits_on": Case(dict(answer=sum(1 for s in painted if sig(s - 20) > 0.5), bias=-20, rows=(5, 12),
                                     cols=(9, 19)), dict(answer=11)),
        "check_neuron_parameter_count": Case(dict(answer=784 + 1), dict(answer=16)),
        "check_most_ink_digit": Case(dict(answer=by_ink[0]), dict(answer=by_ink[1])),
        "check_sigmoid_step": Case(dict(answer=sig(5) - sig(4), start=4.0, step=1.0), dict(answer=sig(1) - sig(0))),
        # any bias within the tolerance is right, so a fraction added to it may stay right: numeric=False
        "check_bias_for_share": Case(dict(answer=-median_painted, share=0.5, tolerance=0.05, rows=(5, 12),
                                          cols=(9, 19)), dict(answer=-10.0), numeric=False),
        "check_parameter_count": Case(dict(answer=784 * 30 + 30 + 30 * 10 + 10, sizes=[784, 30, 10]),
                                      dict(answer=1000)),
        "check_weight_shape": Case(dict(answer=(10, 16), layer=3), dict(answer=(3, 3))),
        "check_layer_activations": Case(dict(answer=np.array(forward_by_loops(net, x1)[2]), net=net, image=x1,
                                             layer=2), dict(answer=np.zeros(16))),
        "check_wrong_count": Case(dict(answer=sum(int(p != l) for p, l in zip(
            np.argmax(net.activations(images.astype(float))[-1], axis=1), labels)), net=net, images=images,
            labels=labels), dict(answer=1)),
        "check_zeroed_activation": Case(dict(answer=cut.activations(x0)[1][5], net=net, layer=1, neuron=5),
                                        dict(answer=0.123)),
        "check_seven_called_one": Case(dict(pad=one_like_seven), dict(pad=seven), numeric=False),
        "check_not_a_digit": Case(dict(pad=line, confidence=round(float(line_top), 2)),
                                  dict(confidence=float(line_top) - 0.3)),
        "check_loop_neuron": Case(dict(layer=2, neuron=hidden2[1]), dict(neuron=hidden2[-1])),
        "check_descent_step": Case(dict(answer=1 - 0.1 * (bowl(1 + h) - bowl(1 - h)) / (2 * h)), dict(answer=2.0)),
        "check_best_learning_rate": Case(dict(answer=1 / ((bowl(1 + h) - 2 * bowl(1) + bowl(1 - h)) / h**2)),
                                         dict(answer=0.25)),
        "check_steps_per_epoch": Case(dict(answer=math.ceil(50_000 / 10)), dict(answer=600)),
        "check_output_delta": Case(dict(answer=(cost(z_out + h) - cost(z_out - h)) / (2 * h), a=0.8, y=1.0),
                                   dict(answer=0.5)),
        "check_zero_weight_gradients": Case(dict(answer=zeros, index=0, neuron=0), dict(answer=5)),
        "check_bp2": Case(dict(delta_before=bp2_by_loops), dict(delta_before=lambda W, d, a: a), numeric=False),
        "check_confused_with": Case(dict(answer=9, counts=confusion(), true_digit=4), dict(answer=2)),
        "check_momentum_step": Case(dict(step=momentum_by_elements),
                                    dict(step=lambda w, v, g, eta, mu: (w + 1, v)), numeric=False),
        "check_favourite_image": Case(dict(x=np.array([1.0 if w > 0 else 0.0 for w in w3]), net=net, neuron=3),
                                      dict(x=np.full(784, 0.5))),
        # the velocity after many steps v ← 0.9 v − 0.05·1, stepped rather than solved
        "check_velocity_limit": Case(dict(answer=functools.reduce(lambda v, _: 0.9 * v - 0.05, range(1000), 0.0)),
                                     dict(answer=0.3)),
    }


@cache
def cases():
    return _cases()


def call(name, **changes):
    return getattr(ex, name)(**{**cases()[name].right, **changes})


@pytest.fixture(autouse=True)
def fresh_attempts():
    ex.reset_attempts()
    yield
    ex.reset_attempts()


@pytest.mark.parametrize("name", CHECKER_NAMES)
def test_the_right_answer_is_right(name):
    assert name in cases(), f"add the right answer of {name} to CASES in tests/test_exercises.py"
    verdict = call(name)
    assert isinstance(verdict, ex.Feedback) and verdict.ok, verdict


@pytest.mark.parametrize("name", CHECKER_NAMES)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(0.1, 0.9))
def test_the_right_answer_moved_by_a_fraction_is_not_right(name, fraction):
    case = cases()[name]
    if not case.numeric:
        return
    (answer_name,) = getattr(ex, name).answers[-1:]
    right_answer = case.right[answer_name]
    moved = (tuple(v + fraction for v in right_answer) if isinstance(right_answer, tuple)
             else np.asarray(right_answer, dtype=float) + fraction)
    verdict = call(name, **{answer_name: moved})
    assert isinstance(verdict, ex.Feedback) and not verdict.ok, (moved, verdict)


# ---- junk: hypothesis tries everything that is not an answer ---------------------------------

def _returning(value):
    return lambda *args, **kwargs: value


def _raising(*args, **kwargs):
    raise ZeroDivisionError("division by zero")


_leaf = st.one_of(
    st.none(), st.just(...), st.booleans(), st.just(np.bool_(True)), st.just(np.array(True)),
    st.sampled_from([math.nan, math.inf, -math.inf, np.float64("nan"), np.array(math.inf)]),
    st.integers(min_value=10**309, max_value=10**400), st.integers(max_value=-10**309, min_value=-10**400),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=False).map(str),
    st.binary(max_size=4),
    arrays(np.float64, st.sampled_from([(3,), (5,), (3, 3), (0,), (1, 2, 3)])),
    arrays(np.bool_, st.sampled_from([(784,), (16,), (10, 10)])),
    st.just(object()), st.just({}), st.just(_raising),
)
JUNK = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                                                    st.builds(_returning, inner)), max_leaves=4)
tried = {"checkers": set(), "arguments": 0, "examples": 0}


def _arguments():
    for name in CHECKER_NAMES:
        for parameter in inspect.signature(getattr(ex, name)).parameters.values():
            yield name, parameter.name


#: Junk examples per argument: 25 keeps this file under a minute; MLP_FUZZ_EXAMPLES=500 hunts longer.
FUZZ_EXAMPLES = int(os.environ.get("MLP_FUZZ_EXAMPLES", "25"))


@pytest.mark.parametrize("name, argument", list(_arguments()))
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(junk=JUNK)
def test_junk_is_never_right_and_never_crashes(name, argument, junk):
    checker = getattr(ex, name)
    default = inspect.signature(checker).parameters[argument].default
    if junk is None and default is None:
        return          # None there means "use the default" (check_loop_neuron's network)
    tried["checkers"].add(name)
    tried["examples"] += 1
    if argument in checker.answers:
        verdict = call(name, **{argument: junk})
        assert isinstance(verdict, ex.Feedback) and not verdict.ok and verdict.message, verdict
        return
    try:      # an argument the notebook fills in: a "not yet", or an error naming the argument
        verdict = call(name, **{argument: junk})
    except (TypeError, ValueError) as err:
        assert argument in str(err), f"{name}({argument}={junk!r}) raised {err!r} without naming {argument}"
    else:
        assert isinstance(verdict, ex.Feedback) and not verdict.ok, verdict


def fuzz_report() -> str | None:
    """How much the property test above tried, for the end of the run (tests/conftest.py prints it)."""
    if not tried["examples"]:
        return None
    return (f"[fuzz] {len(tried['checkers'])} checkers, {len(list(_arguments()))} arguments, "
            f"{tried['examples']} junk examples tried")


# ---- answers that once slipped through, by name ------------------------------------------------

def test_not_a_digit_refuses_none_and_nan():
    line = pads()[2]
    for answer in (None, float("nan"), np.nan, np.array(np.nan)):
        assert not ex.check_not_a_digit(line, answer).ok


@pytest.mark.parametrize("answer", [float("inf"), -float("inf"), 10**400, np.float64("inf")])
def test_infinite_and_huge_answers_are_not_yet_not_overflow(answer):
    for name in ("check_output_neurons", "check_sigmoid_at_zero", "check_steps_per_epoch", "check_neuron_count"):
        verdict = getattr(ex, name)(answer)
        assert not verdict.ok and "finite" in verdict.message


def test_a_shape_is_not_truncated():
    verdict = ex.check_weight_shape((10.9, 16.9), layer=3)
    assert not verdict.ok and "whole" in verdict.message


def test_confused_with_an_all_zero_row_or_a_tie_is_not_right():
    for answer in range(10):
        assert not ex.check_confused_with(answer, [[0] * 10] * 10).ok
    tie = confusion()
    tie[4, 6] = tie[4, 9]
    assert not ex.check_confused_with(9, tie).ok and "tie" in ex.check_confused_with(9, tie).message


def test_confused_with_reads_counts_of_any_whole_dtype():
    for dtype in (np.uint8, np.uint32, np.uint64, np.int32):
        counts = confusion().astype(dtype)
        assert ex.check_confused_with(9, counts).ok, dtype


class _Stubborn(float):
    """A learner's own number type whose conversion to float fails."""

    def __float__(self):
        raise RuntimeError("cannot convert")


class _Table:
    """An answer whose repr spans several lines, like a pandas Series."""

    def __repr__(self):
        return "0    0.25\n1    0.75\ndtype: float64"


def test_odd_answers_get_one_line_of_not_yet():
    for answer in (_Stubborn(10.0), np.timedelta64(10), _Table()):
        verdict = ex.check_output_neurons(answer)
        assert not verdict.ok, answer
        assert "\n" not in verdict.message, verdict.message
    assert "0    0.25 1    0.75 dtype: float64" in ex.check_output_neurons(_Table()).message


def test_nan_among_an_array_answer_is_named_in_a_sentence():
    weights = np.ones(784)
    weights[3] = np.nan
    message = ex.check_top_minus_bottom(weights).message
    assert "expected 784 weights, got NaN or infinity among the values" in message


def test_text_bools_and_bool_arrays_are_not_numbers():
    assert not ex.check_output_neurons("10").ok and "text" in ex.check_output_neurons("10").message
    assert not ex.check_neuron_parameter_count(np.array(True)).ok
    assert not ex.check_sigmoid_symmetry(True).ok


def test_a_wrong_notebook_argument_is_an_error_naming_it():
    with pytest.raises(TypeError, match="net"):
        ex.check_favourite_image(np.zeros(784), None)
    with pytest.raises(ValueError, match="index"):
        ex.check_black_pixel_count(5, index=10**6)


def test_numpy_scalars_and_zero_d_arrays_are_numbers():
    assert ex.check_output_neurons(np.int64(10)).ok
    assert ex.check_output_neurons(np.array(10)).ok
    assert ex.check_steps_per_epoch(50_000 / 10).ok          # a whole float is a whole number
    assert ex.check_sigmoid_at_zero(np.float32(0.5)).ok


# ---- hints in tiers, and solutions ---------------------------------------------------------

def _hint(checker, tier, arguments):
    bound = inspect.signature(checker).bind(**arguments)
    bound.apply_defaults()
    return feedback._text(checker.hints[tier], dict(bound.arguments))


@pytest.mark.parametrize("name", CHECKER_NAMES)
def test_hints_come_in_tiers_and_a_right_answer_starts_again(name):
    checker, case = getattr(ex, name), cases()[name]
    wrong = {**case.right, **case.wrong}
    for n in range(1, len(checker.hints) + 2):
        verdict = checker(**wrong)
        assert not verdict.ok
        assert _hint(checker, min(n, len(checker.hints)) - 1, wrong).lower() in verdict.message.lower()
        assert (f"{name}.solution()" in verdict.message) == (n >= 2)
        assert ex.wrong_answers(name) == n
    assert checker(**case.right).ok and ex.wrong_answers(name) == 0
    assert _hint(checker, 0, wrong).lower() in checker(**wrong).message.lower()


def test_no_answer_yet_is_not_counted_as_a_try():
    for _ in range(3):
        verdict = ex.check_output_neurons(...)
        assert not verdict.ok and "no answer yet" in verdict.message
    ex.check_output_neurons("ten")
    assert ex.wrong_answers("check_output_neurons") == 0


def _written(value):
    """The ways a number can appear in a text."""
    forms = {f"{value:g}", f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}
    if float(value).is_integer():
        forms |= {str(int(value)), f"{int(value):,}"}
    return {f for f in forms if len(f.strip("-0.")) >= 2}      # "0.50", "1" ... would match anything


@pytest.mark.parametrize("name", CHECKER_NAMES)
def test_no_hint_gives_the_answer_away(name):
    checker, case = getattr(ex, name), cases()[name]
    answer = case.right[checker.answers[-1]]
    if not case.numeric or np.ndim(answer) > 0 and np.size(answer) > 2:
        return
    hints = " ".join(_hint(checker, tier, case.right) for tier in range(len(checker.hints)))
    if isinstance(answer, tuple):     # a shape: its numbers are layer sizes, named in the hints
        assert str(answer) not in hints and str(list(answer)) not in hints
        return
    for value in np.ravel(answer):
        for form in _written(float(value)):
            assert form not in hints, f"{name}'s hints give away its answer {form}"


@pytest.mark.parametrize("name", CHECKER_NAMES)
def test_every_checker_has_a_worked_solution(name):
    call(name)
    shown = ex.solution(name)
    assert isinstance(shown, ex.Solution) and len(shown.text) > 20 and "run the exercise" not in shown.text
    assert getattr(ex, name).solution() == shown
    assert name in str(shown) and "Solution" in shown._repr_html_()


def test_solution_of_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(ValueError, match="check_output_neurons"):
        ex.solution("check_nothing")


# ---- recognised slips get their own diagnosis ------------------------------------------------

@cache
def _slips():
    images, _ = sample()
    net = pretrained()
    grid1 = images[1].reshape(28, 28)
    x1 = images[1].astype(float)
    a1 = 1 / (1 + np.exp(-(net.weights[0] @ x1 + net.biases[0])))
    top = np.where(np.arange(784) // 28 < 14, 1.0, -1.0)
    return [
        ("check_pixel_activation", dict(answer=float(grid1[10, 12])), "swapped"),
        ("check_neuron_number", dict(answer=5 * 28 + 20), "swapped"),
        ("check_neuron_number", dict(answer=566), "starts at 0"),
        ("check_black_pixel_count", dict(answer=int(np.sum(images[0] > 0))), "some ink"),
        ("check_output_neurons", dict(answer=9), "slip"),
        ("check_neuron_count", dict(answer=16 + 16 + 10), "input layer"),
        ("check_region_sum", dict(answer=float(images[0].reshape(28, 28)[10:17, 10:17].sum())), "BEFORE its end"),
        ("check_total_ink", dict(answer=784), "sum of the weights"),
        ("check_top_minus_bottom", dict(weights=top.reshape(28, 28)), "reshape(784)"),
        ("check_top_minus_bottom", dict(weights=-top), "wrong way round"),
        ("check_sigmoid_inverse", dict(answer=0.9), "weighted sum z"),
        ("check_sigmoid_inverse", dict(answer=-np.log(9)), "sign"),
        ("check_bias_for_threshold", dict(answer=25), "wrong sign"),
        ("check_neuron_parameter_count", dict(answer=784), "weights"),
        ("check_parameter_count", dict(answer=784 * 30 + 30 * 10), "bias"),
        ("check_parameter_count", dict(answer=784 * 30 + 30), "first layer"),
        ("check_weight_shape", dict(answer=(16, 10)), "swapped"),
        ("check_layer_activations", dict(answer=a1), "layer 1"),
        ("check_zeroed_activation", dict(answer=float(net.biases[0][5])), "σ of it"),
        ("check_descent_step", dict(answer=0.6), "SUBTRACTS"),
        ("check_descent_step", dict(answer=-4), "slope"),
        ("check_best_learning_rate", dict(answer=1.5), "flies off"),
        ("check_steps_per_epoch", dict(answer=1), "full gradient descent"),
        ("check_output_delta", dict(answer=-0.2), "∂C/∂a"),
        ("check_bp2", dict(delta_before=lambda W, d, a: W.T @ d), "∂C/∂a"),
        ("check_bp2", dict(delta_before=lambda W, d, a: (W @ d) * a * (1 - a)), "transpose"),
        ("check_bp2", dict(delta_before=lambda W, d, a: ...), "returns nothing"),
        ("check_confused_with", dict(answer=4), "diagonal"),
        ("check_momentum_step", dict(step=lambda w, v, g, eta, mu: (w - eta * g, v)), "plain step"),
        ("check_momentum_step", dict(step=lambda w, v, g, eta, mu: ...), "returns nothing"),
        ("check_favourite_image", dict(x=(pretrained().weights[0][3] < 0).astype(float)), "SMALL"),
    ]


@pytest.mark.parametrize("index", range(len(_slips())))
def test_a_recognised_slip_is_named(index):
    name, changes, words = _slips()[index]
    verdict = call(name, **changes)
    assert not verdict.ok and words in verdict.message, verdict


def test_an_empty_pad_says_draw_first_and_is_not_counted():
    empty = DigitPad(pretrained())
    for verdict in (ex.check_seven_called_one(empty), ex.check_not_a_digit(empty, 0.5)):
        assert not verdict.ok and "draw first" in verdict.message
    assert not ex.wrong_answers("check_seven_called_one") and not ex.wrong_answers("check_not_a_digit")


# ---- The checkers agree with the modules the notebooks compute with ------------------------

def test_digits_on_counts_with_the_half_open_square_of_region_weights():
    """check_digits_on and the notebook's region_weights paint the same square (ranges half-open)."""
    from mlp_core.digits import first_of_each_digit, region_weights
    images, labels = load_sample()
    shown = first_of_each_digit(labels)
    sums = images[shown] @ region_weights((5, 12), (9, 19))
    on = int(np.sum(sums > 20))
    assert ex.check_digits_on(on, bias=-20, rows=(5, 12), cols=(9, 19)).ok
    assert not ex.check_digits_on(10 - on, bias=-20, rows=(5, 12), cols=(9, 19)).ok


def test_the_checkers_answers_agree_with_descend():
    from mlp_core import descent
    assert ex.check_descent_step(float(descent.descend(descent.BOWL, 1.0, 0.1, 1).end[0])).ok


def test_zero_weight_gradients_really_are_the_black_pixels():
    """The checker's answer is what the notebook's learner would count."""
    from mlp_core import Network
    from mlp_core.train import gradients
    images, labels = load_sample()
    grad_W, _ = gradients(Network([784, 16, 16, 10], seed=0), images[:1], labels[:1])
    assert ex.check_zero_weight_gradients(int(np.sum(grad_W[0][0] == 0))).ok


def test_every_checker_is_exported():
    """A checker added to a notebook module is exported too (the fuzz test above finds it there)."""
    assert set(ex.CHECKERS) <= set(ex.__all__)


# ---- what a learner meets around the checkers (issue 19) -------------------------------------

def _cell(shell, code):
    from IPython.utils.capture import capture_output

    with capture_output() as shown:
        result = shell.run_cell(code, store_history=True)
    assert result.error_in_exec is None, result.error_in_exec
    return [o.data["text/plain"] for o in shown.outputs]


def test_feedback_is_shown_once_whatever_follows_the_call():
    """A print after the call used to swallow the verdict; as the last line it must not show twice."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    _cell(shell, "from mlp_core.exercises import check_output_neurons")
    assert [s[:7] for s in _cell(shell, "check_output_neurons(10)\nprint('after')")] == ["✔ Right"]
    assert [s[:9] for s in _cell(shell, "check_output_neurons(9)")] == ["✘ Not yet"]
    assert [s[:9] for s in _cell(shell, "v = check_output_neurons(8)\nw = 1")] == ["✘ Not yet"]
    assert [s[:9] for s in _cell(shell, "v")] == ["✘ Not yet"]          # asked again in a later cell: shown


def test_hint_tiers_count_per_exercise_not_per_checker():
    """02 asks check_prediction about two different images: the second exercise starts at the first hint."""
    images, _ = sample()
    net = pretrained()
    first, other = images[7], images[8]
    wrong = (int(np.argmax(net.activations(first)[-1])) + 1) % 10
    for _ in range(2):
        ex.check_prediction(wrong, net, first)
    assert ex.wrong_answers("check_prediction") == 2
    other_wrong = (int(np.argmax(net.activations(other)[-1])) + 1) % 10
    verdict = ex.check_prediction(other_wrong, net, other)
    assert ex.wrong_answers("check_prediction") == 1 and "solution()" not in verdict.message
    ex.check_prediction(wrong, pretrained(), first.copy())          # the same exercise, fresh copies of its inputs
    assert ex.wrong_answers("check_prediction") == 3


def test_solution_after_refused_arguments_uses_the_last_accepted_ones():
    ex.check_sigmoid_inverse(2.0, target=0.5)
    with pytest.raises(ValueError, match="target"):
        ex.check_sigmoid_inverse(2.0, target=1)
    shown = ex.check_sigmoid_inverse.solution()
    assert "0.5" in shown.text and "run the exercise" not in shown.text


@pytest.mark.parametrize("name, changes", [
    ("check_top_minus_bottom", dict(weights=np.ones((28, 28)))),
    ("check_top_minus_bottom", dict(weights=np.ones(100))),
    ("check_layer_activations", dict(answer=np.ones(7))),
    ("check_bp2", dict(delta_before=lambda W, d, a: np.ones(3))),
])
def test_a_wrong_shape_is_not_counted_as_a_wrong_answer(name, changes):
    for _ in range(3):
        verdict = call(name, **changes)
        assert not verdict.ok and "shape" in verdict.message
    assert ex.wrong_answers(name) == 0


def test_numpys_english_is_not_pasted_into_the_feedback():
    from mlp_core.i18n import use_language

    with use_language("zh-CN"):
        verdict = ex.check_bp2(lambda W, d, a: (W @ d) * a * (1 - a))
    assert "matmul" not in verdict.message and "mismatch" not in verdict.message


# Exercises whose question states a number of decimals: (checker, its right arguments, decimals).
DECIMALS = [("check_sigmoid_inverse", 2), ("check_sigmoid_step", 3), ("check_zeroed_activation", 3)]


@pytest.mark.parametrize("name, decimals", DECIMALS)
def test_the_stated_precision_is_accepted_and_rounding_too_soon_is_named(name, decimals):
    exact = float(cases()[name].right["answer"])
    assert call(name, answer=round(exact, decimals)).ok
    for fewer in range(decimals):
        coarse = round(exact, fewer)
        if abs(coarse - exact) > 10 ** -decimals:
            verdict = call(name, answer=coarse)
            assert not verdict.ok and "round less" in verdict.message, verdict
    assert ex.wrong_answers(name) == 0


def test_trial_and_error_gets_too_high_or_too_low():
    exact = math.log(9)
    for z in (exact + 0.013, 2.3, 5.0):
        assert "too high" in ex.check_sigmoid_inverse(z, target=0.9).message
    for z in (exact - 0.02, 1.9, 0.5):
        assert "too low" in ex.check_sigmoid_inverse(z, target=0.9).message


CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"


@pytest.mark.parametrize("name", CHECKER_NAMES)
def test_chinese_feedback_reads_as_chinese(name):
    """No stray space between Chinese characters ("你的答案 应为"), no missing one between Chinese and a
    Latin letter or digit ("应为784 个权重", "应为w 的新值"; quotations “…” aside), no literal backticks,
    准确率 not 正确率, and a hint never repeats the diagnosis it follows."""
    import re

    from mlp_core.i18n import use_language

    checker, case = getattr(ex, name), cases()[name]
    with use_language("zh-CN"):
        verdicts = [checker(**{**case.right, **case.wrong}) for _ in range(3)] + [call(name)]
        verdicts += [call(name, **{checker.answers[0]: junk}) for junk in (None, "５", float("nan"), "abc")]
    for verdict in verdicts:
        text = verdict.message
        assert not re.search(f"[{CJK}] [{CJK}]", text), text
        assert not re.search("[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]",
                             re.sub("“[^”]*”", "", text)), text
        assert "`" not in text and "正确率" not in text, text
        sentences = [s for s in re.split("[。：；]", text) if len(s) > 8]
        assert len(sentences) == len(set(sentences)), f"a sentence said twice: {text}"
