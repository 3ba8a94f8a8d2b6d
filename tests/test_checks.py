"""The input checks shared by the package (mlp_core.checks)."""

from __future__ import annotations

import numpy as np
import pytest

from mlp_core.checks import activation_problem, finite_number, number_from_text, shown
from mlp_core.digits import as_activations


@pytest.mark.parametrize("text, expected", [("12", 12), (" 7 ", 7), ("+3", 3), ("0", 0), ("199", 199)])
def test_number_from_text_reads_a_whole_number_as_typed(text, expected):
    got = number_from_text(text, "example", lo=0, hi=199, integer=True)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("text", ["3.7", "3.0", "1e9", "abc", "", "   ", "-1", "200", "2 5", "0x10", "1_0",
                                  "٣", "nan", "inf"])
def test_number_from_text_refuses_anything_else_and_says_what_it_wants(text):
    with pytest.raises(ValueError) as err:
        number_from_text(text, "example", lo=0, hi=199, integer=True)
    message = str(err.value)
    assert message.startswith("example must be a whole number between 0 and 199")
    assert repr(text) in message


@pytest.mark.parametrize("text, expected", [("0.25", 0.25), ("-1e-2", -0.01), (" .5 ", 0.5)])
def test_number_from_text_reads_decimals_when_decimals_are_wanted(text, expected):
    assert number_from_text(text, "rate", lo=-1, hi=1) == expected


@pytest.mark.parametrize("text", ["nan", "inf", "1,5", "2", "", "x"])
def test_number_from_text_refuses_what_is_not_a_number_in_range(text):
    with pytest.raises(ValueError, match=r"rate must be a number between -1 and 1, got"):
        number_from_text(text, "rate", lo=-1, hi=1)


def test_number_from_text_takes_only_text():
    with pytest.raises(TypeError, match="example must be text"):
        number_from_text(12, "example", lo=0, hi=199, integer=True)
    assert finite_number(3, "n", integer=True) == 3


def test_a_time_span_is_not_a_number():
    with pytest.raises(TypeError, match="must be a number, got timedelta64"):
        finite_number(np.timedelta64(10), "steps")


def test_a_number_type_whose_float_fails_is_refused_by_name():
    class Stubborn(float):
        def __float__(self):
            raise RuntimeError("cannot convert")
    with pytest.raises(TypeError, match="eta must be a number, got Stubborn"):
        finite_number(Stubborn(1.0), "eta")


def test_shown_keeps_a_multi_line_repr_on_one_line():
    assert shown(np.eye(2)) == "array([[1., 0.], [0., 1.]])"


@pytest.mark.parametrize("values, expected", [
    ([0.0, 1.0], None),
    ([0.0, np.nextafter(1.0, 2.0)], "got values from 0 to 1.0000000000000002."),
    ([np.nextafter(0.0, -1.0), 0.5], "got values from -4.94066e-324 to 0.5."),
    ([0.0, 255.0], "got values from 0 to 255. Divide a 0–255 image by 255."),
    ([0.0, 1.5], "got values from 0 to 1.5."),
    ([0.0, np.nan], "NaN or infinite"),
])
def test_activation_problem_says_what_is_out_of_range_exactly(values, expected):
    problem = activation_problem(values)
    assert problem is None if expected is None else expected in problem
    if expected is not None:
        with pytest.raises(ValueError, match="digit: "):
            as_activations(np.resize(np.asarray(values, dtype=float), 784))


@pytest.mark.parametrize("typed, value", [("５", 5), ("１０", 10), (" ７ ", 7), ("－３", -3)])
def test_full_width_digits_from_a_chinese_input_method_are_read(typed, value):
    from mlp_core.checks import number_from_text

    assert number_from_text(typed, "example", lo=-10, hi=100, integer=True) == value


def test_full_width_decimals_are_read():
    from mlp_core.checks import number_from_text

    assert number_from_text("０．２５", "eta", lo=0, hi=1) == 0.25


def test_a_checker_given_full_width_text_says_how_to_write_the_number():
    import mlp_core.exercises as ex

    verdict = ex.check_output_neurons("１０")
    assert not verdict.ok and "10" in verdict.message and "quotes" in verdict.message
