"""Build mlp_core's Chinese font: a subset of Noto Sans CJK SC with the characters the project draws.

    python tools/build_font.py            # rebuild mlp_core/fonts/ (needs Debian's fonts-noto-cjk)
    python tools/build_font.py --check    # list characters the shipped fonts lack; exit 1 if any

Why a subset of our own: most Linux class machines, Binder images and CI have no Chinese
font, and matplotlib then draws boxes. The full Noto Sans CJK face is 16 MB, all 6,763
GB2312 characters 3.3 MB; the characters the project actually uses (832 with every mlp_core message
translated) make about 260 kB per weight.
The price is that a new word needs a rebuild, so `--check` (run by tests/test_i18n.py) fails
as soon as a translation or a Chinese notebook uses a character the font lacks.

What goes in:
- every character of every translation (msgstr) in mlp_core/locale/*/LC_MESSAGES/*.po,
  obsolete ones included (they come back when the code uses them again);
- every CJK character (ideographs, CJK and full-width punctuation) in the string literals of
  the code cells of notebooks/zh-CN/*.ipynb, so a Chinese title written in a notebook's code
  draws too. Markdown and comments are left out: matplotlib never draws them (the browser shows
  markdown with its own fonts), and the notebooks' prose would make the font several times bigger;
- a base set: printable ASCII, CJK punctuation (U+3000–303F), full-width forms (U+FF01–FF5E)
  and the quotes, dashes and dots Chinese text uses (“ ” ‘ ’ — … ·).
Latin letters, digits, Greek and maths symbols come from DejaVu Sans first (mlp_core.i18n
puts the subset after matplotlib's usual fonts), so a catalogue character that is in neither
font is an error here.

Two weights, regular and bold, because the figures use bold text and matplotlib complains on
stderr about a fallback family without it. The sources are face 2 (SC, Simplified Chinese) of
Debian's /usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc
(`apt-get install fonts-noto-cjk`), SIL Open Font Licence 1.1. The subset is renamed "Noto Sans SC mlp_core subset" so it is never
confused with a full Noto font a machine may have (and the OFL asks modified fonts to say so);
OFL.txt beside it carries the font's copyright line and the licence text. The build is
deterministic (no timestamp), so an unchanged character set gives an unchanged file.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mlp_core.i18n import FONT_FILES, LOCALE_DIR  # noqa: E402

WEIGHTS = ("Regular", "Bold")        # the order of FONT_FILES
SOURCES = tuple(Path(f"/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc") for w in WEIGHTS)
SOURCE_FACE = 2                      # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FAMILY = "Noto Sans SC mlp_core subset"
POSTSCRIPT_NAME = "NotoSansSC-mlp_core-subset"
NOTEBOOKS_ZH = ROOT / "notebooks" / "zh-CN"
BASE = (set(map(chr, range(0x20, 0x7F))) | set(map(chr, range(0x3000, 0x3040)))
        | set(map(chr, range(0xFF01, 0xFF5F))) | set("“”‘’—…·"))


def is_cjk(ch: str) -> bool:
    """CJK ideographs, radicals, CJK punctuation, kana and full-width forms."""
    c = ord(ch)
    return (0x2E80 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F
            or 0xFF00 <= c <= 0xFFEF or 0x20000 <= c <= 0x3FFFF)


def catalogue_characters(locale_dir: Path = LOCALE_DIR) -> set[str]:
    """Every character of every translation in the .po catalogues (obsolete entries too)."""
    import polib

    chars = set()
    for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(path)):
            chars |= set(entry.msgstr)
    return chars - {"\n", "\t"}


def notebook_characters(folder: Path = NOTEBOOKS_ZH) -> set[str]:
    """The CJK characters of the string literals in the Chinese notebooks' code cells (what a
    notebook could hand to matplotlib); not markdown, comments or outputs."""
    chars = set()
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = cell["source"]
                text = "".join(source) if isinstance(source, list) else source
                chars |= {ch for ch in _string_literals(text) if is_cjk(ch)}
    return chars


def _string_literals(code: str) -> str:
    """The string literals of `code` (f-strings whole, before Python 3.12 splits them), joined;
    all of `code` if it does not tokenize, so nothing is missed."""
    kinds = {tokenize.STRING} | {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                                 if hasattr(tokenize, n)}
    try:
        return "".join(t.string for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type in kinds)
    except (SyntaxError, tokenize.TokenError):
        return code


def needed_characters() -> set[str]:
    return BASE | catalogue_characters() | notebook_characters()


def cmap_of(path: Path, face: int = 0) -> set[str]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=face, lazy=True) as font:
        return {chr(c) for c in font.getBestCmap()}


def dejavu_characters() -> set[str]:
    from matplotlib import font_manager

    return cmap_of(Path(font_manager.findfont("DejaVu Sans", fallback_to_default=False)))


def missing_characters(fonts=FONT_FILES) -> list[str]:
    """Characters the project draws that DejaVu Sans lacks and a shipped subset lacks too."""
    need = (catalogue_characters() | notebook_characters()) - dejavu_characters()
    lacking = set()
    for font in fonts:
        lacking |= need - (cmap_of(font) if font.is_file() else set())
    return sorted(lacking)


def licence_text(family: str = FAMILY, files: tuple[str, ...] | None = None, made_by: str = "tools/build_font.py") -> str:
    """The OFL text from Debian's copyright file, with the font's own copyright line on top."""
    from fontTools.ttLib import TTFont

    with TTFont(str(SOURCES[0]), fontNumber=SOURCE_FACE, lazy=True) as font:
        copyright_line = font["name"].getDebugName(0)
    lines = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1) + 1   # the second: the text
    body = []
    for line in lines[start:]:
        if line and not line.startswith(" "):         # the next stanza of the copyright file
            break
        body.append("" if line.strip() == "." else line[1:])
    files = " and ".join(files or [f.name for f in FONT_FILES])
    return (f"{family} ({files}) is a subset of Noto Sans CJK SC, made by {made_by}.\n"
            f"{copyright_line}\n\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
            + "\n".join(body).rstrip() + "\n")


def build() -> list[tuple[Path, int, int]]:
    """Write both subsets and OFL.txt; return (path, characters in the font, bytes) of each."""
    for source in SOURCES:
        if not source.is_file():
            sys.exit(f"{source} is missing: apt-get install fonts-noto-cjk")
    source_chars = cmap_of(SOURCES[0], SOURCE_FACE)
    need = needed_characters()
    lacking = sorted(need - source_chars - dejavu_characters())
    if lacking:
        sys.exit(f"no font has these characters: {' '.join(lacking)} ({', '.join(f'U+{ord(c):04X}' for c in lacking)})")
    wanted = need & source_chars

    written = []
    for source, weight, out in zip(SOURCES, WEIGHTS, FONT_FILES):
        font = subset_face(source, wanted, weight, FAMILY, POSTSCRIPT_NAME)
        out.parent.mkdir(parents=True, exist_ok=True)
        font.save(str(out))
        written.append((out, len(font.getBestCmap()), out.stat().st_size))
    (FONT_FILES[0].parent / "OFL.txt").write_text(licence_text(), encoding="utf-8")
    return written


def subset_face(source: Path, characters: set[str], weight: str, family: str, postscript_name: str):
    """The SC face of `source` cut down to `characters` and renamed `family` (a fontTools TTFont,
    not saved; set font.flavor = "woff" before saving for the web). tools/build_site.py makes the
    site's web font with it."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=SOURCE_FACE, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, characters)))
    subsetter.subset(font)
    _rename(font, weight, family, postscript_name)
    return font


def _rename(font, weight: str, family: str = FAMILY, postscript_name: str = POSTSCRIPT_NAME) -> None:
    """Give the subset its own family name, in the name table and in the CFF table."""
    postscript = f"{postscript_name}-{weight}"
    names = {1: family, 2: weight, 3: f"{postscript};mlp_core", 4: f"{family} {weight}", 6: postscript,
             16: family, 17: weight}
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in names]   # localised ones too
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = f"{family} {weight}", family


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only list the characters the shipped fonts lack")
    args = parser.parse_args(argv)
    if args.check:
        missing = missing_characters()
        if missing:
            print(f"the shipped fonts lack {len(missing)} characters the project draws: {''.join(missing)}\n"
                  "rebuild them: python tools/build_font.py")
            return 1
        print("the shipped fonts have every character the project draws")
        return 0
    for path, count, size in build():
        print(f"wrote {path.relative_to(ROOT)}: {count} characters, {size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
