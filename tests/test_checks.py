"""The input checks shared by the package (mlp_core.checks)."""

from __future__ import annotations

import pytest

from mlp_core.checks import finite_number, number_from_text


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
