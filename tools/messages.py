"""Keep mlp_core's message catalogues in step with the code.

    python tools/messages.py extract     # add new tr()/N_() messages to every .po, keep translations
    python tools/messages.py check       # list messages with no translation; exit 1 if any

`extract` reads every mlp_core/*.py with Python's own parser and collects the first argument
of each call `tr("...")` or `N_("...")` (also `i18n.tr(...)`). It then merges them into each
catalogue mlp_core/locale/<lang>/LC_MESSAGES/mlp_core.po, as gettext's msgmerge would: a new
message gets an empty translation, a known one keeps its translation, and one the code no
longer uses is kept as obsolete (#~) so its translation can be reused if the text comes
back. Entries are ordered by file and first use; the references name the file only (not
the line) so moving code does not churn the catalogue. Messages with {fields} get gettext's
`python-brace-format` flag, which translators' editors (Poedit, Lokalize) check.

A message must be a string literal (adjacent literals are fine): an f-string inside tr()
would be translated after its fields were filled in, which no catalogue can match, so it
is an error. Fields go by name: tr("neuron {n}", n=3).

To translate: run `extract`, then fill in the empty msgstr "" of each new message in the
.po (any text editor, Poedit, Lokalize), keeping the {field} names and the article's terms
(激活值, 权重, 偏置, 加权和, 隐藏层 ...); drop a "#, fuzzy" flag once a guess is checked
(fuzzy translations are not used). Then `python tools/build_font.py` adds any new character
to the shipped Chinese font, and `pytest tests/test_i18n.py` checks both.

`check` fails for every message the code uses that has no finished translation (missing,
empty or fuzzy) and for a catalogue that `extract` would change. tests/test_i18n.py runs it.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlp_core"
sys.path.insert(0, str(ROOT))
from mlp_core.i18n import DOMAIN, LOCALE_DIR, message_fields  # noqa: E402

MARKERS = {"tr", "N_"}
FLAG = "python-brace-format"


@dataclass(frozen=True)
class Use:
    message: str
    file: str      # relative to the repository, with forward slashes
    line: int


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def uses_in(path: Path, root: Path = ROOT) -> list[Use]:
    """Every tr("...")/N_("...") message in one Python file, in order of appearance."""
    relative = path.resolve().relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called_name(node) in MARKERS and node.args):
            continue
        first = node.args[0]
        where = f"{relative}:{node.lineno}"
        if isinstance(first, ast.JoinedStr):
            raise SyntaxError(f"{where}: {_called_name(node)}() got an f-string; write the message with named "
                              "fields instead: tr(\"neuron {n}\", n=n)")
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            message_fields(first.value)          # raises for {} or {0}, which a translation can't reorder
            found.append(Use(first.value, relative, node.lineno))
        # any other argument (a variable holding an N_() message) was collected where it was marked
    return sorted(found, key=lambda u: u.line)


def collect(package: Path = PACKAGE, root: Path = ROOT) -> dict[str, list[Use]]:
    """{message: its uses}, in order of first use (by file, then line)."""
    messages: dict[str, list[Use]] = {}
    for path in sorted(package.rglob("*.py")):
        for use in uses_in(path, root):
            messages.setdefault(use.message, []).append(use)
    return messages


def catalogue_paths(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def merged(po: polib.POFile, messages: dict[str, list[Use]]) -> polib.POFile:
    """A copy of `po` holding exactly `messages` (translations kept), then the obsolete ones."""
    old = {entry.msgid: entry for entry in po}
    out = polib.POFile(wrapwidth=po.wrapwidth)
    out.metadata = dict(po.metadata)
    out.header = po.header
    for message, uses in messages.items():
        entry = old.pop(message, None) or polib.POEntry(msgid=message, msgstr="")
        entry.obsolete = False
        entry.occurrences = [(file, "") for file in dict.fromkeys(u.file for u in uses)]
        entry.flags = [f for f in entry.flags if f != FLAG] + ([FLAG] if message_fields(message) else [])
        out.append(entry)
    for entry in old.values():                   # no longer in the code: keep the translation, obsolete
        if entry.msgstr:
            entry.obsolete = True
            entry.occurrences = []
            out.append(entry)
    return out


def untranslated(po: polib.POFile, messages) -> list[str]:
    """Messages of the code with no finished translation in `po` (missing, empty or fuzzy)."""
    done = {e.msgid for e in po.translated_entries()}
    return [m for m in messages if m not in done]


def extract(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    messages = collect()
    changed = []
    for path in catalogue_paths(locale_dir):
        po = polib.pofile(str(path), wrapwidth=100)
        text = str(merged(po, messages))
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def check(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Problems, one line each: untranslated messages, catalogues out of step with the code."""
    messages = collect()
    problems = []
    for path in catalogue_paths(locale_dir):
        po = polib.pofile(str(path), wrapwidth=100)
        name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        for message in untranslated(po, messages):
            problems.append(f"{name}: no translation for {message!r} (used in {messages[message][0].file})")
        if str(merged(po, messages)) != path.read_text(encoding="utf-8"):
            problems.append(f"{name}: out of step with the code; run python tools/messages.py extract")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["extract", "check"])
    args = parser.parse_args(argv)
    if args.command == "extract":
        changed = extract()
        print("\n".join(f"updated {p.relative_to(ROOT)}" for p in changed) or "catalogues already up to date")
        return 0
    problems = check()
    print("\n".join(problems) or f"{len(collect())} messages, all translated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
