"""`make site PALETTE=colorblind`: tools/build_site.rerun_with_palette re-runs a copy of the
notebooks with MLP_CORE_PALETTE set, and the committed notebooks are left as they were."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

NOTEBOOK = "03-weights-and-the-weighted-sum.ipynb"   # its pictures colour + and − weights


def pictures(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [hashlib.sha256(out["data"]["image/png"].encode()).hexdigest()
            for cell in nb["cells"] if cell["cell_type"] == "code"
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


def test_an_unknown_palette_is_refused_by_name(tmp_path):
    with pytest.raises(SystemExit, match="no palette 'pink'; the palettes are article, colorblind"):
        build_site.rerun_with_palette("pink", tmp_path)


@pytest.mark.slow
def test_the_colorblind_site_is_built_from_a_rerun_copy(tmp_path, monkeypatch):
    source = tmp_path / "source"
    (source / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, source / "notebooks" / NOTEBOOK)
    monkeypatch.delenv("MLP_CORE_PALETTE", raising=False)
    stored = pictures(source / "notebooks" / NOTEBOOK)
    article = build_site.rerun_with_palette("article", tmp_path / "article", root=source)
    colorblind = build_site.rerun_with_palette("colorblind", tmp_path / "colorblind", root=source)
    assert pictures(source / "notebooks" / NOTEBOOK) == stored, "the source notebook was changed"
    again, changed = pictures(article / "notebooks" / NOTEBOOK), pictures(colorblind / "notebooks" / NOTEBOOK)
    assert len(again) == len(changed) == len(stored) > 0
    # the same run with the article's palette draws the same pictures, so a difference is the palette's
    assert again == stored
    assert any(a != b for a, b in zip(again, changed)), "no picture changed with the colour-blind palette"
    assert "MLP_CORE_PALETTE" not in os.environ, "the variable was left set"
