"""The sample's examples are called by their number as "example N", never "digit #N".

A beginner read "digit #7 of the sample" as the digit seven (it is a 3), and "row 3 is digit 3's
sums" where example 3 is a 1. The notebooks' sources (markdown, code, comments) of both editions
say "example N" / 编号为 N 的例子, and the widgets' slider is "example #" (样本编号); this fails on
the old wordings.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = {"en": ROOT / "notebooks", "zh-CN": ROOT / "notebooks" / "zh-CN"}
AMBIGUOUS = {"en": re.compile(r"\bdigit #\d|\bdigit \d's (sums|a1)\b"),
             "zh-CN": re.compile(r"\d+ 号数字|编号 ?\d+ 的数字")}


@pytest.mark.parametrize("edition", EDITIONS)
def test_examples_are_not_called_digits(edition):
    problems = []
    for path in sorted(EDITIONS[edition].glob("[0-9][0-9]-*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            problems += [f"{path.name} cell {number}: {m.group(0)!r}"
                         for m in AMBIGUOUS[edition].finditer(cell.source)]
    assert not problems, "say 'example N' (编号为 N 的例子), not a digit number:\n" + "\n".join(problems)
