"""The teacher's guide in two languages, docs/teaching.md and docs/teaching.zh-CN.md, kept in step.

The Chinese guide once sent teachers to the English one for the talking points and had a line with
four numbers for five recipes. Now it is a translation, section for section, and this test keeps
it one: the two guides have the same `## ` sections in the same order (the per-notebook ones by
their number), and each pair of sections quotes the same numbers: every figure with a decimal
point, a thousands comma or three digits and more (90.1, 13,002, 0.9942, 430), percentages
without their sign's spacing. A number changed in one guide and not the other, a section added to
one only, or a recipe's figure left out fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
SECTION = re.compile(r"^## (.+)$", re.M)
NOTEBOOK = re.compile(r"^(\d\d) · ")
# 13,002 · 90.1 · 0.9942 · 430; not 2 or 16, not 1e−7's exponent, not Chinese counts in 万/亿 (860 亿 is
# "86 billion", which has no three-digit figure to compare)
NUMBER = re.compile(r"(?<![A-Za-z0-9_.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{3,})(?![.,]?\d| ?[万亿]|[A-Za-z_])")


def sections(path: Path) -> list[tuple[str, str]]:
    """(title, text) of each '## ' section; the text before the first one is the title's own."""
    text = path.read_text(encoding="utf-8")
    starts = list(SECTION.finditer(text))
    return [(m.group(1), text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)])
            for i, m in enumerate(starts)]


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_the_two_guides_have_the_same_sections():
    english, chinese = sections(DOCS / "teaching.md"), sections(DOCS / "teaching.zh-CN.md")
    assert len(english) == len(chinese), (
        f"teaching.md has {len(english)} '## ' sections, teaching.zh-CN.md {len(chinese)}:\n"
        + "\n".join(f"{e!r:60} {c!r}" for (e, _), (c, _) in zip(english, chinese)))
    for (e, _), (c, _) in zip(english, chinese):
        en, zh = NOTEBOOK.match(e), NOTEBOOK.match(c)
        assert bool(en) == bool(zh) and (not en or en.group(1) == zh.group(1)), f"{e!r} is paired with {c!r}"


def test_each_pair_of_sections_quotes_the_same_numbers():
    problems = []
    for (e, en), (c, zh) in zip(sections(DOCS / "teaching.md"), sections(DOCS / "teaching.zh-CN.md")):
        only_en, only_zh = numbers(en) - numbers(zh), numbers(zh) - numbers(en)
        if only_en or only_zh:
            problems.append(f"{e} / {c}: only in English {sorted(only_en)}, only in Chinese {sorted(only_zh)}")
    assert not problems, "the guides disagree:\n" + "\n".join(problems)


def test_the_number_check_reads_the_figures_a_guide_quotes():
    assert numbers("90.1 %, 13,002 knobs, 0.9942, 430 minutes, 16 neurons, 784-16-16-10, 1e−7") == {
        "90.1", "13,002", "0.9942", "430", "784"}
    assert numbers("大约 860 亿个，12,560 个参数。") == {"12,560"}
