"""The Chinese edition keeps the article's meaning of its layer words.

In the course (06, the glossary) 第一层 is the INPUT layer, the 784 pixels; the first hidden layer is
第一个隐藏层. 12 and two checker messages once used 第一层 for the first hidden layer, which tells the
reader the wrong layer. This test reads every zh-CN notebook cell, the message catalogue and the
Chinese documents, and fails on a 第一层 whose sentence does not speak of the input (输入层, 像素):
the kind of slip, wherever it is written next.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"[。！？\n]")
INPUT_WORDS = ("输入层", "像素", "784")    # the input layer: the 784 pixels


def _texts():
    for path in sorted((ROOT / "notebooks" / "zh-CN").glob("*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            yield f"{path.name} cell {i}", cell.source
    po = ROOT / "mlp_core" / "locale" / "zh_CN" / "LC_MESSAGES" / "mlp_core.po"
    for entry in polib.pofile(str(po)):
        if not entry.obsolete:
            yield f"mlp_core.po: {entry.msgid[:50]!r}", entry.msgstr
    for path in [ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.zh-CN.md"))]:
        if path.is_file():
            yield path.name, path.read_text(encoding="utf-8")


def first_layer_misuses(text: str) -> list[str]:
    """The sentences of `text` that say 第一层 without speaking of the input layer."""
    sentences = SENTENCE_END.split(text)
    return [s.strip() for s in sentences if "第一层" in s and not any(w in s for w in INPUT_WORDS)]


def test_first_layer_means_the_input_layer_everywhere():
    found = [f"{where}: {sentence}" for where, text in _texts() for sentence in first_layer_misuses(text)]
    assert not found, "第一层 is the input layer; write 第一个隐藏层 for the first hidden layer:\n" + "\n".join(found)


@pytest.mark.parametrize("text, misused", [
    ("在第一层的神经元和数字的所有组合里。", True),
    ("每个数都是网络第一层——输入层——里一个神经元的激活值。", False),
    ("这 784 个像素每一个都是第一层的一个神经元。", False),
    ("第一个隐藏层不再饱和。", False),
])
def test_the_check_tells_the_two_meanings_apart(text, misused):
    assert bool(first_layer_misuses(text)) == misused
