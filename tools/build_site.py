"""Build the static site _site/ from the notebooks' stored outputs (nothing is executed).

    python tools/build_site.py                      # -> _site/index.html, _site/en/NN-*.html, ...
    python tools/build_site.py --out /media/usb/mlp-site
    python tools/build_site.py --repo https://github.com/<you>/mlp-notebooks   # + Binder links

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
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import markupsafe
import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
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
    },
}


def fetch_vendor(static: Path, cache: Path = NPM_CACHE) -> list[str]:
    """Copy the packages of site/vendor.json into static/, fetching any missing tarball with
    `npm pack` and refusing one whose sha512 is not the one recorded. Returns 'name@version's."""
    spec = json.loads((SITE_SOURCE / "vendor.json").read_text(encoding="utf-8"))
    cache.mkdir(parents=True, exist_ok=True)
    fetched = []
    for package in spec["packages"]:
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


def export_page(exporter: HTMLExporter, nb, site: dict) -> str:
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARK))]
    body, _ = exporter.from_notebook_node(nb, resources={"site": site, "metadata": {"name": site["title"]}})
    return link_ipynb_to_html(body)


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


def build(out: Path, repo: str | None = None, branch: str = "main", root: Path = ROOT) -> dict:
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
            }
            (out / code / page_name(path)).write_text(export_page(exporter, notebooks[path], site), encoding="utf-8")
            pages += 1
    (out / "index.html").write_text(start_page(found, titles), encoding="utf-8")
    teacher_kit.build(out / "kit", root=root)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {"pages": pages, "languages": list(found), "vendored": vendored,
            "bytes": size, "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="output folder (default: _site/; emptied first)")
    parser.add_argument("--repo", help="your fork's web URL: adds a Binder link to each page with widgets")
    parser.add_argument("--branch", default="main", help="the branch the Binder links use (default: main)")
    args = parser.parse_args(argv)
    if args.repo:
        try:
            class_links.Repo(args.repo)
        except ValueError as error:
            parser.error(str(error))
    report = build(args.out.resolve(), args.repo, args.branch)
    print(f"{args.out}: {report['pages']} pages ({', '.join(report['languages'])}), "
          f"{report['bytes'] / 1e6:.1f} MB, {report['seconds']:.1f} s; served locally: {', '.join(report['vendored'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
