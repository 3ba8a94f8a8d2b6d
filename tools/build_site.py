"""Build the static site _site/ from the notebooks' stored outputs (nothing is executed).

    python tools/build_site.py                      # -> _site/index.html, _site/en/NN-*.html, ...
    python tools/build_site.py --out /media/usb/mlp-site
    python tools/build_site.py --repo https://github.com/<you>/mlp-notebooks   # + Binder links
    python tools/build_site.py --palette colorblind # re-run a copy in the colour-blind palette first

One page per notebook and language edition (tools/class_links.EDITIONS: English in notebooks/,
简体中文 in notebooks/zh-CN/ when that folder exists), a start page listing them, previous /
next links and a language switch. Pages are nbconvert's HTML export with a template of our own
(site/templates/mlp-site): JupyterLab's look, widgets drawn from the widget state stored in
each notebook, formulas typeset by KaTeX.

Nothing on a page is fetched from outside the site's folder, so it works from a USB stick
(file://) or an intranet server: require.js, the Jupyter widget manager, anywidget (the drawing
pad) and KaTeX with its fonts are taken from the npm registry by `npm pack` at build time
(site/vendor.json gives the versions and the registry's sha512 of each tarball, checked here),
cached in build/site-npm/, and copied to _site/_static/. Text uses the reader's system fonts.
"""

from __future__ import annotations

import argparse
import base64
import copy
import fnmatch
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import markupsafe
import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_font  # noqa: E402  (a sibling tool: the Noto Sans CJK SC subsetter of the figures' font)
import class_links  # noqa: E402  (a sibling tool: the editions table and the Binder links)
import teacher_kit  # noqa: E402  (the teacher's kit: printable pages in kit/; `make kit` adds their PDFs)
from notebook_nav import NAV_MARK  # noqa: E402  (marks the notebooks' own link cells; the site bar replaces them)

ROOT = Path(__file__).resolve().parent.parent
SITE_SOURCE = ROOT / "site"
NPM_CACHE = ROOT / "build" / "site-npm"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# What the pages say, per language; a new edition adds one entry here and one in class_links.EDITIONS.
TEXT = {
    "en": {
        "site_title": "What is a neural network? Notebooks",
        "home": "Contents",
        "intro": "A reading copy of the notebooks: every figure and widget as the notebook left it, "
                 "readable with no internet. To move the sliders, run the notebooks themselves "
                 "(see “Teaching a class” in the README).",
        "widget_note": "The sliders and buttons on this page show how they start. Moving them needs "
                       "the runnable notebook with its Python kernel: on your own computer "
                       "(<code>make lab</code>), on your class's JupyterHub, or on Binder. "
                       "The README's “Teaching a class” says how.",
        "binder": "Run this notebook on Binder",
        "frozen_note": "Needs a running notebook: here the controls only show how they start.",
        "pad_note": "The drawing pad needs a running notebook: on this page it cannot read what you draw.",
        "range_ends": ["lower end", "upper end"],
        "icon_names": {"play": "Play", "pause": "Pause", "stop": "Stop", "repeat": "Repeat", "retweet": "Repeat"},
        "nav_top": "Notebooks", "nav_bottom": "Notebooks (end of page)",
    },
    "zh-CN": {
        "site_title": "神经网络是什么？笔记本",
        "home": "目录",
        "intro": "笔记本的阅读版：每张图、每个控件都保持笔记本保存时的样子，不联网也能读。"
                 "要拖动滑块，请运行笔记本本身（见 README 的 “Teaching a class”）。",
        "widget_note": "本页的滑块和按钮只显示初始状态。要拖动它们，需要能运行的笔记本和它的 Python 内核："
                       "在自己的电脑上（<code>make lab</code>）、在课堂的 JupyterHub 上，或在 Binder 上。"
                       "做法见 README 的 “Teaching a class” 一节。",
        "binder": "在 Binder 上运行这个笔记本",
        "frozen_note": "需要运行中的笔记本：这里的控件只显示初始状态，拖不动。",
        "pad_note": "画板需要运行中的笔记本：在这个页面上，它读不出你画的数字。",
        "range_ends": ["下限", "上限"],
        "icon_names": {"play": "播放", "pause": "暂停", "stop": "停止", "repeat": "循环播放", "retweet": "循环播放"},
        "nav_top": "笔记本导航", "nav_bottom": "笔记本导航（页尾）",
    },
}


def fetch_vendor(static: Path, cache: Path = NPM_CACHE, kind: str = "packages") -> list[str]:
    """Copy the packages of site/vendor.json into static/, fetching any missing tarball with
    `npm pack` and refusing one whose sha512 is not the one recorded. Returns 'name@version's.
    kind="test_packages": the tests' own packages (axe-core), which the site never serves."""
    spec = json.loads((SITE_SOURCE / "vendor.json").read_text(encoding="utf-8"))
    cache.mkdir(parents=True, exist_ok=True)
    fetched = []
    for package in spec[kind]:
        name, version = package["name"], package["version"]
        tarball = cache / (name.lstrip("@").replace("/", "-") + f"-{version}.tgz")
        if not tarball.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise SystemExit("build_site: npm is needed to fetch the site's scripts (Node.js's npm, from your package manager)")
            subprocess.run([npm, "pack", f"{name}@{version}", "--pack-destination", str(cache), "--silent"],
                           check=True, stdout=subprocess.DEVNULL)
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if digest != package["integrity"]:
            tarball.unlink()
            raise SystemExit(f"build_site: {tarball.name} has {digest[:30]}…, site/vendor.json expects "
                             f"{package['integrity'][:30]}…; refusing it (deleted, run again to re-fetch)")
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                inside = member.name.split("/", 1)[1] if "/" in member.name else ""  # npm puts files in package/
                if member.isfile() and any(fnmatch.fnmatch(inside, pattern) for pattern in package["files"]):
                    target = static / package["dest"] / inside
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.extractfile(member).read())
        fetched.append(f"{name}@{version}")
    return fetched


WEBFONT_FAMILY = "Noto Sans SC site subset"      # the name site/static/site.css gives it
WEBFONT_POSTSCRIPT = "NotoSansSC-site-subset"


def site_characters(out: Path, notebooks) -> set[str]:
    """The CJK characters the site can show (build_font.is_cjk, the unicode-range of site.css):
    those of every written page (markup decoded) and of every notebook's JSON, which holds the
    widget state a widget draws its labels and readouts from."""
    text = "".join(html.unescape(page.read_text(encoding="utf-8")) for page in out.rglob("*.html"))
    text += "".join(json.dumps(nb, ensure_ascii=False) for nb in notebooks)
    return {ch for ch in set(text) if build_font.is_cjk(ch)}


def build_webfont(static: Path, characters: set[str]) -> dict | None:
    """Write _static/fonts/: the regular and bold Noto Sans CJK SC (OFL, the family of the
    figures' font) cut down to `characters`, as WOFF, with OFL.txt. Returns what was written,
    or None (and says so) where Debian's fonts-noto-cjk is not installed: then Chinese falls
    back to whatever CJK font the reader's machine has."""
    missing = [str(source) for source in build_font.SOURCES if not source.is_file()]
    if missing:
        print(f"build_site: no web font for Chinese ({', '.join(missing)} missing: apt-get install fonts-noto-cjk); "
              "the pages fall back to the reader's own CJK font", file=sys.stderr)
        return None
    folder = static / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = characters & build_font.cmap_of(build_font.SOURCES[0], build_font.SOURCE_FACE)
    files = []
    for source, weight in zip(build_font.SOURCES, build_font.WEIGHTS):
        font = build_font.subset_face(source, wanted, weight, WEBFONT_FAMILY, WEBFONT_POSTSCRIPT)
        font.flavor = "woff"
        target = folder / f"{WEBFONT_POSTSCRIPT}-{weight}.woff"
        font.save(str(target))
        files.append(target)
    (folder / "OFL.txt").write_text(build_font.licence_text(WEBFONT_FAMILY, tuple(f.name for f in files),
                                                            "tools/build_site.py from the site's own text"), encoding="utf-8")
    return {"characters": len(wanted), "lacking": sorted(characters - wanted),
            "bytes": sum(f.stat().st_size for f in files)}


class SiteExporter(HTMLExporter):
    """nbconvert's HTML exporter, except that the template's style sheets (JupyterLab's
    notebook CSS, about 300 kB) become one shared file in _static/lab/ linked from every page,
    instead of a copy inlined in each."""

    def __init__(self, static: Path, **kwargs):
        super().__init__(**kwargs)
        self.static = static

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)

        def link_css(name: str):
            target = self.static / "lab" / Path(name).name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.environment.loader.get_source(self.environment, name)[0], encoding="utf-8")
            return markupsafe.Markup(f'<link rel="stylesheet" href="{resources["site"]["static"]}/lab/{target.name}">')

        resources["include_css"] = link_css
        return resources


def title_of(nb, fallback: str) -> str:
    """The notebook's first '# ' heading outside the navigation cells, without a leading number."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not cell.source.startswith(NAV_MARK):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"^\s*\d+\s*[·.:-]?\s*", "", line[2:]).strip() or fallback
    return fallback


def has_widget_state(nb) -> bool:
    return bool(nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state"))


def editions(root: Path = ROOT) -> dict[str, list[Path]]:
    """Language code -> its notebooks, for every edition whose folder exists."""
    found = {}
    for code, (folder, _label) in class_links.EDITIONS.items():
        notebooks = sorted((root / folder).glob("[0-9][0-9]-*.ipynb"))
        if notebooks:
            found[code] = notebooks
    return found


def page_name(notebook: Path) -> str:
    return notebook.stem + ".html"


def link_ipynb_to_html(page: str) -> str:
    """A link to a sibling notebook (href="04-sigmoid.ipynb#x") points at its page instead."""
    return re.sub(r'href="(\d\d-[^"/]+)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', page)


# nbconvert gives every <img> without alt this one (in English, on every page): a screen reader
# reads it out for every figure. An image without a description stays without one on the site
# (axe's image-alt then names it); a description comes only from the notebook's own outputs (a
# text/html output with <img alt="...">, which nbconvert prefers to the bare image/png).
NBCONVERT_FILLER_ALT = ' alt="No description has been provided for this image"'


def export_page(exporter: HTMLExporter, nb, site: dict) -> str:
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARK))]
    body, _ = exporter.from_notebook_node(nb, resources={"site": site, "metadata": {"name": site["title"]}})
    return link_ipynb_to_html(body.replace(NBCONVERT_FILLER_ALT, ""))


def start_page(found: dict[str, list[Path]], titles: dict[Path, str]) -> str:
    sections = []
    for code, notebooks in found.items():
        text = TEXT[code]
        items = "\n".join(
            f'<li><a href="{code}/{page_name(nb)}">{nb.name[:2]} · {html.escape(titles[nb])}</a></li>' for nb in notebooks)
        sections.append(f'<section id="{code}" lang="{code}"><h2>{class_links.EDITIONS[code][1]}</h2>'
                        f'<p>{text["intro"]}</p><ul class="site-contents">\n{items}\n</ul></section>')
    title = " · ".join(TEXT[code]["site_title"] for code in found)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title><link rel="stylesheet" href="_static/site.css"></head>
<body><main class="site-page"><h1>{html.escape(title)}</h1>
<div class="site-editions">{"".join(sections)}</div></main></body></html>
"""


def build(out: Path, repo: str | None = None, branch: str = "main", root: Path = ROOT, kit: bool = True) -> dict:
    """Write the site to `out` (emptied first) from the notebooks under `root`; returns what
    was built: pages, languages, the vendored packages, bytes and seconds."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    static = out / "_static"
    static.mkdir(parents=True)
    vendored = fetch_vendor(static)
    for source in (SITE_SOURCE / "static").iterdir():
        shutil.copy(source, static / source.name)

    found = editions(root)
    if not found:
        raise SystemExit(f"build_site: no notebooks found in {root / 'notebooks'}")
    notebooks = {path: nbformat.read(path, as_version=4) for paths in found.values() for path in paths}
    titles = {path: title_of(nb, path.stem) for path, nb in notebooks.items()}

    exporter = SiteExporter(static, extra_template_basedirs=[str(SITE_SOURCE / "templates")], template_name="mlp-site")
    pages = 0
    for code, paths in found.items():
        exporter.language_code = code
        (out / code).mkdir()
        for index, path in enumerate(paths):
            text = TEXT[code]
            neighbour = lambda i, paths=paths: {"href": page_name(paths[i]),  # noqa: E731 -- used at once, in this loop
                                                "title": f"{paths[i].name[:2]} · {titles[paths[i]]}"}
            other_languages = []
            for other in found:
                twin = next((p for p in found[other] if p.name[:3] == path.name[:3]), None)
                href = f"../{other}/{page_name(twin)}" if twin else f"../index.html#{other}"
                other_languages.append({"code": other, "label": class_links.EDITIONS[other][1],
                                        "href": href, "current": other == code})
            note = text["widget_note"]
            if repo:
                relative = path.relative_to(root).as_posix()
                link = class_links.binder_url(class_links.Repo(repo), branch, relative)
                note += f' <a href="{html.escape(link)}">{text["binder"]}</a>.'
            site = {
                "static": "../_static", "home": f"../index.html#{code}", "home_label": text["home"],
                "title": f"{path.name[:2]} · {titles[path]}",
                "prev": neighbour(index - 1) if index > 0 else None,
                "next": neighbour(index + 1) if index + 1 < len(paths) else None,
                "languages": other_languages if len(found) > 1 else [],
                "has_widgets": has_widget_state(notebooks[path]), "widget_note": note,
                **{key: text[key] for key in ("frozen_note", "pad_note", "range_ends", "icon_names", "nav_top", "nav_bottom")},
            }
            (out / code / page_name(path)).write_text(export_page(exporter, notebooks[path], site), encoding="utf-8")
            pages += 1
    (out / "index.html").write_text(start_page(found, titles), encoding="utf-8")
    if kit:   # (the kit needs the lesson's notebooks 01-08 in every edition)
        teacher_kit.build(out / "kit", root=root)
    webfont = build_webfont(static, site_characters(out, notebooks.values()))   # after the kit: its pages' text too
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {"pages": pages, "languages": list(found), "vendored": vendored, "webfont": webfont,
            "bytes": size, "seconds": time.perf_counter() - started}


def rerun_with_palette(palette: str, workdir: Path, root: Path = ROOT) -> Path:
    """A copy of root's notebooks/ in workdir, every edition re-run (tools/run_notebooks.py)
    with MLP_CORE_PALETTE=palette, which each kernel inherits and mlp_core.palette reads: the
    site in the colour-blind palette without touching the committed notebooks. Returns the
    copy's root, for build(root=...)."""
    import run_notebooks

    from mlp_core.palette import PALETTE_VARIABLE, PALETTES

    if palette not in PALETTES:
        raise SystemExit(f"build_site: no palette {palette!r}; the palettes are {', '.join(PALETTES)}")
    shutil.copytree(root / "notebooks", workdir / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    before = os.environ.get(PALETTE_VARIABLE)
    os.environ[PALETTE_VARIABLE] = palette
    try:
        for paths in editions(workdir).values():
            for path in paths:
                seconds = run_notebooks.run(path)
                print(f"re-ran {path.relative_to(workdir)} with the {palette} palette: {seconds:.1f} s")
    finally:
        if before is None:
            del os.environ[PALETTE_VARIABLE]
        else:
            os.environ[PALETTE_VARIABLE] = before
    return workdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="output folder (default: _site/; emptied first)")
    parser.add_argument("--repo", help="your fork's web URL: adds a Binder link to each page with widgets")
    parser.add_argument("--branch", default="main", help="the branch the Binder links use (default: main)")
    parser.add_argument("--palette", help="re-run a copy of the notebooks with this mlp_core palette first "
                        "(e.g. colorblind; needs a Python kernel: make site PALETTE=colorblind installs one)")
    args = parser.parse_args(argv)
    if args.repo:
        try:
            class_links.Repo(args.repo)
        except ValueError as error:
            parser.error(str(error))
    with tempfile.TemporaryDirectory() as workdir:
        root = rerun_with_palette(args.palette, Path(workdir)) if args.palette else ROOT
        report = build(args.out.resolve(), args.repo, args.branch, root=root)
    print(f"{args.out}: {report['pages']} pages ({', '.join(report['languages'])}), "
          f"{report['bytes'] / 1e6:.1f} MB, {report['seconds']:.1f} s; served locally: {', '.join(report['vendored'])}")
    if report["webfont"]:
        font = report["webfont"]
        print(f"Chinese web font: {font['characters']} characters, {font['bytes'] / 1024:.0f} kB (two weights)"
              + (f"; not in Noto Sans CJK SC: {''.join(font['lacking'])}" if font["lacking"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
