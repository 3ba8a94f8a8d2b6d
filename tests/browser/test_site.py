"""The static site (tools/build_site.py) read by a headless Chromium that may not leave it.

The site is built once into a temporary folder and served on 127.0.0.1; every request to any
other address is aborted and counted as a failure, as is any response >= 400, any failed
request and any script error. On every page each image must decode; on every notebook page
with stored widget state each widget view must be drawn; on every page with formulas KaTeX
must have typeset them without errors. One page is also opened over file:// (a USB stick).
Screenshots go to artifacts/site/ to be looked at.

Needs npm (or the tarballs already in build/site-npm/), playwright and /usr/bin/chromium;
skipped with the reason otherwise.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import labdriver as L  # noqa: E402

ARTIFACTS = ROOT / "artifacts" / "site"
SCREENSHOTS = ("index", "00-", "04-", "07-", "08-", "09-")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def missing_requirements() -> str | None:
    """Why the site cannot be built and read here: the browser tests' reasons, or no npm packages."""
    reason = L.missing_requirements()
    if reason:
        return reason
    spec = json.loads((ROOT / "site" / "vendor.json").read_text(encoding="utf-8"))
    cached = all(any(build_site.NPM_CACHE.glob(p["name"].lstrip("@").replace("/", "-") + f"-{p['version']}.tgz"))
                 for p in spec["packages"])
    if not cached and shutil.which("npm") is None:
        return "npm is missing and build/site-npm/ has no cached packages"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site") / "_site"
    report = build_site.build(out)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/", report
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# The browser is the session's one Chromium (tests/browser/conftest.py): a second sync Playwright
# in the same process fails ("Sync API inside the asyncio loop").


class Visit:
    """One page in a fresh browser context that can reach only `allowed` (a URL prefix)."""

    def __init__(self, browser, allowed: str):
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.context.route("**/*", functools.partial(self._only_local, allowed))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {str(e)[:200]}"))

    def _only_local(self, allowed, route):
        url = route.request.url
        if url.startswith(allowed) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"left the site: {url}")
            route.abort("blockedbyclient")

    def open(self, url: str):
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function("document.body.dataset.mathRendered === 'true' || !window.renderMathInElement",
                                    timeout=30_000)   # KaTeX on a loaded 2-core machine
        return self.page

    def close(self):
        self.context.close()


def notebook_pages(out: Path) -> list[Path]:
    return sorted(out.glob("*/[0-9][0-9]-*.html"))


# Each page function lists what is not (yet) right; the checks below wait until the list is
# empty or their time is up, then report the list: one condition for the wait and the report.
_BROKEN_IMAGES_JS = """() => [...document.images]
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => (img.complete ? '' : 'still loading: ') + (img.currentSrc || img.src).slice(0, 80))"""

_WIDGET_VIEWS_JS = """() => {
    const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
    const undrawn = views.map((s, i) => [i, s.parentElement.querySelector('.jupyter-widgets, .lm-Widget')])
                         .filter(([, drawn]) => !drawn).map(([i]) => i);
    return [views.length, undrawn];
}"""


def _wait_until_empty(page, listing: str, timeout_ms: int) -> None:
    try:
        page.wait_for_function(f"() => ({listing})().length === 0", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass


def broken_images(page, timeout_ms: int = 30_000) -> list[str]:
    """Every image that did not decode, once every image has finished loading. A widget draws
    its pictures from blob: URLs after the page itself has loaded (CI once caught two of 08's
    still loading), so an image still on its way is waited for; one still loading after
    `timeout_ms` is reported as such. The wait is for every image decoded, not merely
    `complete` (an <img> whose src is not set yet counts as complete), so only a broken image
    (or one still loading) ever waits the whole time."""
    _wait_until_empty(page, _BROKEN_IMAGES_JS, timeout_ms)
    return page.evaluate(_BROKEN_IMAGES_JS)


def undrawn_widgets(page, timeout_ms: int = 30_000) -> tuple[int, list[int]]:
    """(number of widget views in the page, indexes of those the widget manager did not draw),
    once every view is drawn or `timeout_ms` has passed: the manager loads after the page and
    draws the views one after another."""
    _wait_until_empty(page, f"() => ({_WIDGET_VIEWS_JS})()[1]", timeout_ms)
    views, undrawn = page.evaluate(_WIDGET_VIEWS_JS)
    return views, undrawn


# Markdown text (not code, not typeset formulas) that still holds a "$": a formula left raw.
UNTYPESET_DOLLARS = """() => [...document.querySelectorAll('.jp-MarkdownOutput')].some(cell => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('code, pre, .katex').forEach(e => e.remove());
    return copy.textContent.includes('$');
})"""


def test_site_has_a_start_page_and_one_page_per_notebook_and_edition(site):
    out, _, report = site
    found = build_site.editions()
    assert report["languages"] == list(found)
    for code, notebooks in found.items():
        assert sorted(p.name for p in (out / code).glob("*.html")) == sorted(n.stem + ".html" for n in notebooks)
    start = (out / "index.html").read_text(encoding="utf-8")
    for code, notebooks in found.items():
        for notebook in notebooks:
            assert f'href="{code}/{notebook.stem}.html"' in start


def test_every_page_reads_completely_with_the_internet_blocked(site, chromium):
    out, base, _ = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [out / "index.html", *notebook_pages(out)]
    failures = {}
    widget_pages = 0
    for path in pages:
        relative = path.relative_to(out).as_posix()
        visit = Visit(chromium, base)
        page = visit.open(base + relative)
        source = path.read_text(encoding="utf-8")
        problems = []
        if "application/vnd.jupyter.widget-state+json" in source:
            widget_pages += 1
            views, undrawn = undrawn_widgets(page)
            if not views or undrawn:
                problems.append(f"{len(undrawn)} of {views} widget views not drawn")
            if not page.locator(".site-note").is_visible():
                problems.append("no note saying the widgets need the runnable notebook")
        problems += [f"image does not decode: {src}" for src in broken_images(page)]   # widgets' too
        if page.evaluate(UNTYPESET_DOLLARS):
            problems.append("a '$' left in the markdown text: a formula KaTeX did not typeset")
        if "\\frac" in source or "$$" in source:
            if page.locator(".katex").count() == 0:
                problems.append("formulas in the notebook, none typeset")
        errors = page.locator(".katex-error").all_inner_texts()
        problems += [f"KaTeX error: {e[:80]}" for e in errors]
        page.wait_for_timeout(300)  # late requests (fonts) are counted too
        problems += visit.problems
        if path.stem.startswith(SCREENSHOTS) or path.stem == "index":
            name = f"{path.parent.name}-{path.stem}" if path.stem != "index" else "index"
            page.screenshot(path=ARTIFACTS / f"{name}.png")
            for kind, selector in (("widget", ".jp-OutputArea-output:has(.jupyter-widgets)"),
                                   ("formula", ".jp-MarkdownOutput:has(.katex-display)")):
                if page.locator(selector).count():
                    page.locator(selector).first.screenshot(path=ARTIFACTS / f"{name}-{kind}.png")
        visit.close()
        if problems:
            failures[relative] = problems
    assert widget_pages > 0, "no notebook page carried widget state: the test would prove nothing"
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_a_notebook_page_works_from_a_folder_over_file_urls(site, chromium):
    """A USB stick: no server at all, every request a file:// inside the site's folder."""
    out, _, _ = site
    with_widgets = [p for p in notebook_pages(out) if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")]
    path = with_widgets[len(with_widgets) // 2]
    visit = Visit(chromium, out.as_uri() + "/")
    page = visit.open(path.as_uri())
    page.wait_for_selector(".widget-output, .widget-slider, .widget-dropdown", timeout=30_000)
    views, undrawn = undrawn_widgets(page)     # every view, not only the first one drawn
    broken = broken_images(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"file-{path.stem}.png")
    # the problems seen on the page, taken before closing: closing the context aborts what is
    # still loading, which is no fault of the page
    problems = list(visit.problems)
    visit.close()
    assert views and not undrawn, f"{len(undrawn)} of {views} widget views not drawn over file://"
    assert not broken, f"images that do not decode over file://: {broken}"
    assert not problems, problems


class Links(html.parser.HTMLParser):
    """The attributes of every <a> in a page."""

    def __init__(self, page: str):
        super().__init__()
        self.found: list[dict] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.found.append(dict(attrs))


def links(path: Path) -> list[dict]:
    return Links(path.read_text(encoding="utf-8")).found


def assert_linked_in_order(out: Path, found: dict[str, list[Path]]):
    for code, notebooks in found.items():
        pages = [out / code / (n.stem + ".html") for n in notebooks]
        for before, after in zip(pages, pages[1:]):
            assert {"rel": "next", "href": after.name} in [{k: a.get(k) for k in ("rel", "href")} for a in links(before)]
            assert {"rel": "prev", "href": before.name} in [{k: a.get(k) for k in ("rel", "href")} for a in links(after)]
        assert not any(a.get("rel") == "prev" for a in links(pages[0]))
        assert not any(a.get("rel") == "next" for a in links(pages[-1]))
        for page in pages:
            assert not any(a.get("href", "").endswith(".ipynb") for a in links(page)), f"{page.name} links a .ipynb"


def test_pages_link_their_neighbours(site):
    out, _, _ = site
    assert_linked_in_order(out, build_site.editions())


def test_a_second_edition_gets_pages_a_language_switch_and_its_own_start_list(site, tmp_path):
    """With notebooks/zh-CN/ present (here: a copy of two English notebooks standing in for
    the translation, and one missing) every page links its twin in the other language."""
    english = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))[:3]
    (tmp_path / "notebooks" / "zh-CN").mkdir(parents=True)
    for notebook in english:
        shutil.copy(notebook, tmp_path / "notebooks" / notebook.name)
    for notebook in english[:2]:
        shutil.copy(notebook, tmp_path / "notebooks" / "zh-CN" / notebook.name)
    out = tmp_path / "_site"
    report = build_site.build(out, root=tmp_path)
    assert report["languages"] == ["en", "zh-CN"] and report["pages"] == 5
    found = build_site.editions(tmp_path)
    assert_linked_in_order(out, found)
    first_en, first_zh = english[0].stem + ".html", english[0].stem + ".html"
    assert {"hreflang": "zh-CN", "href": f"../zh-CN/{first_zh}"} in [
        {k: a.get(k) for k in ("hreflang", "href")} for a in links(out / "en" / first_en)]
    assert {"hreflang": "en", "href": f"../en/{first_en}"} in [
        {k: a.get(k) for k in ("hreflang", "href")} for a in links(out / "zh-CN" / first_zh)]
    # The English page with no translation yet switches to the Chinese contents instead.
    untranslated = out / "en" / (english[2].stem + ".html")
    assert any(a.get("hreflang") == "zh-CN" and a.get("href") == "../index.html#zh-CN" for a in links(untranslated))
    start = [a.get("href") for a in links(out / "index.html")]
    assert start == [f"en/{n.stem}.html" for n in english] + [f"zh-CN/{n.stem}.html" for n in english[:2]]
    assert 'lang="zh-CN"' in (out / "zh-CN" / first_zh).read_text(encoding="utf-8")
