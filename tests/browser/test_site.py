"""The static site (tools/build_site.py) read by a headless Chromium that may not leave it.

The site is built once into a temporary folder and served on 127.0.0.1; every request to any
other address is aborted and counted as a failure, as is any response >= 400, any failed
request and any script error. On every page each image must decode; on every notebook page
with stored widget state each widget view must be drawn; on every page with formulas KaTeX
must have typeset them without errors; axe-core (tools/audit_site.py) must find no critical or
serious WCAG 2.1 A/AA violation; and at a phone's 390×844 nothing may scroll sideways, no picture
may shrink below a readable size and no link of the page's bar may wrap word by word. Every
widget must say, on itself and to assistive technology, that it cannot move here, and Chinese
must be drawn with the site's own web font. One page is also opened over file:// (a USB stick).
Screenshots (1280 and 390 px wide) go to artifacts/site/ to be looked at.

Needs npm (or the tarballs already in build/site-npm/), playwright and /usr/bin/chromium;
skipped with the reason otherwise.
"""

from __future__ import annotations

import functools
import html.parser
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import audit_site  # noqa: E402
import build_site  # noqa: E402
import labdriver as L  # noqa: E402
from audit_site import undrawn_widgets, wait_until_empty  # noqa: E402

ARTIFACTS = ROOT / "artifacts" / "site"
SCREENSHOTS = ("index", "00-", "04-", "07-", "08-", "09-", "11-")
PHONE = {"width": 390, "height": 844}
READABLE_PX = 120   # a picture narrower than this on a phone (or than its own width) is unreadable

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def missing_requirements() -> str | None:
    """Why the site cannot be built and read here: the browser tests' reasons, or no npm packages."""
    reason = L.missing_requirements()
    if reason:
        return reason
    spec = json.loads((ROOT / "site" / "vendor.json").read_text(encoding="utf-8"))
    cached = all(any(build_site.NPM_CACHE.glob(p["name"].lstrip("@").replace("/", "-") + f"-{p['version']}.tgz"))
                 for p in spec["packages"] + spec["test_packages"])
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
    with audit_site.serve(out) as base:
        yield out, base, report


@pytest.fixture(scope="module")
def axe_source(site):
    return audit_site.axe_script()


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


def broken_images(page, timeout_ms: int = 30_000) -> list[str]:
    """Every image that did not decode, once every image has finished loading. A widget draws
    its pictures from blob: URLs after the page itself has loaded (CI once caught two of 08's
    still loading), so an image still on its way is waited for; one still loading after
    `timeout_ms` is reported as such. The wait is for every image decoded, not merely
    `complete` (an <img> whose src is not set yet counts as complete), so only a broken image
    (or one still loading) ever waits the whole time."""
    wait_until_empty(page, _BROKEN_IMAGES_JS, timeout_ms)
    return page.evaluate(_BROKEN_IMAGES_JS)


# At a phone's width: what sticks out sideways, pictures squeezed below READABLE_PX (or below
# their own width when that is smaller), links of the bar broken over more than two lines.
_PHONE_PROBLEMS_JS = """readable => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (scroll > width) problems.push(`the page scrolls sideways: ${scroll} px wide in ${width}`);
    for (const img of document.images) {
        const shown = img.getBoundingClientRect().width;
        if (img.naturalWidth < 20 || !img.offsetParent) continue;          // icons, hidden pictures
        const needed = Math.min(readable, img.naturalWidth / devicePixelRatio);
        if (shown + 0.5 < needed) problems.push(`picture ${Math.round(shown)} px wide (natural ${img.naturalWidth})`);
    }
    for (const link of document.querySelectorAll('nav a')) {
        const lines = new Set([...link.getClientRects()].map(r => Math.round(r.top))).size;
        if (lines > 2) problems.push(`bar link "${link.textContent.trim()}" on ${lines} lines`);
    }
    return problems;
}"""


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


def serious(violations: list[dict]) -> list[str]:
    return [f"axe {v['impact']} {v['id']} ×{len(v['nodes'])}: {v['help']} (e.g. {v['nodes'][0][:80]})"
            for v in violations if v["impact"] in ("critical", "serious")]


# Every widget's controls as the site leaves them: [control, what is wrong] for any control a
# reader could still move, or that still offers itself to assistive technology as movable.
_LIVE_CONTROLS_JS = """() => {
    const live = [];
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').forEach(s => {
        const area = s.parentElement;
        if (!area.querySelector('.site-frozen-note')) live.push(['widget', 'no note on the widget']);
        area.querySelectorAll('input, button, select, textarea').forEach(c => {
            if (!c.disabled) live.push([c.outerHTML.slice(0, 60), 'not disabled']);
        });
        area.querySelectorAll('.noUi-handle').forEach(h => {
            if (h.getAttribute('aria-disabled') !== 'true') live.push([h.outerHTML.slice(0, 60), 'no aria-disabled']);
            if (h.hasAttribute('tabindex')) live.push([h.outerHTML.slice(0, 60), 'takes the keyboard focus']);
        });
    });
    return live;
}"""


def widget_problems(page) -> list[str]:
    """Widget views not drawn, no page note, or a control left movable (see _LIVE_CONTROLS_JS)."""
    problems = []
    views, undrawn = undrawn_widgets(page)
    if not views or undrawn:
        problems.append(f"{len(undrawn)} of {views} widget views not drawn")
    if not page.locator(".site-note").is_visible():
        problems.append("no note saying the widgets need the runnable notebook")
    audit_site.wait_page_ready(page)
    return problems + [f"widget control {what}: {control}" for control, what in page.evaluate(_LIVE_CONTROLS_JS)]


def content_problems(page, source: str) -> list[str]:
    """Images that do not decode (widgets' too), formulas left raw or typeset with errors."""
    problems = [f"image does not decode: {src}" for src in broken_images(page)]
    if page.evaluate(UNTYPESET_DOLLARS):
        problems.append("a '$' left in the markdown text: a formula KaTeX did not typeset")
    if ("\\frac" in source or "$$" in source) and page.locator(".katex").count() == 0:
        problems.append("formulas in the notebook, none typeset")
    return problems + [f"KaTeX error: {e[:80]}" for e in page.locator(".katex-error").all_inner_texts()]


def test_every_page_reads_completely_with_the_internet_blocked(site, chromium, axe_source):
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
        has_widgets = "application/vnd.jupyter.widget-state+json" in source
        widget_pages += has_widgets
        problems = (widget_problems(page) if has_widgets else []) + content_problems(page, source)
        if "No description has been provided" in page.content():
            problems.append("nbconvert's filler alt text is on the page")
        violations = audit_site.axe_violations(page, axe_source)
        problems += serious(violations)
        name = f"{path.parent.name}-{path.stem}" if path.stem != "index" else "index"
        if path.stem.startswith(SCREENSHOTS) or path.stem == "index":
            page.screenshot(path=ARTIFACTS / f"{name}.png")
            for kind, selector in (("widget", ".jp-OutputArea-output:has(.jupyter-widgets)"),
                                   ("formula", ".jp-MarkdownOutput:has(.katex-display)")):
                if page.locator(selector).count():
                    page.locator(selector).first.screenshot(path=ARTIFACTS / f"{name}-{kind}.png")
        page.set_viewport_size(PHONE)
        page.wait_for_function("w => document.documentElement.clientWidth === w", arg=PHONE["width"])
        problems += [f"at {PHONE['width']} px: {p}" for p in page.evaluate(_PHONE_PROBLEMS_JS, READABLE_PX)]
        if path.stem.startswith(SCREENSHOTS) or path.stem == "index":
            page.screenshot(path=ARTIFACTS / f"{name}-390.png", full_page=True)
        page.wait_for_timeout(300)  # late requests (fonts) are counted too
        problems += visit.problems
        visit.close()
        if problems:
            failures[relative] = problems
    assert widget_pages > 0, "no notebook page carried widget state: the test would prove nothing"
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_every_picture_on_the_site_has_a_description(site):
    """Every <img> of every page has an alt (a widget's pictures are drawn from the stored
    widget state: an ImageModel has no alt, so this checks the stored outputs only)."""
    out, _, _ = site

    class Images(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.undescribed = 0

        def handle_starttag(self, tag, attrs):
            if tag == "img" and not dict(attrs).get("alt", "").strip():
                self.undescribed += 1

    undescribed = {}
    for path in notebook_pages(out):
        parser = Images()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.undescribed:
            undescribed[path.relative_to(out).as_posix()] = parser.undescribed
    assert not undescribed, f"pictures without a description: {undescribed}"


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG 2.1's contrast ratio of two sRGB colours (0-255 each)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_wcag_examples():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((0xB0, 0xB0, 0xB0), (255, 255, 255)) == pytest.approx(2.16, abs=0.01)   # issue 23's prompt


def test_the_keyboard_focus_is_drawn_with_a_ring_of_3_to_1(site, chromium):
    """Tab to the first link of a page: its focus ring is at least 2 px and 3:1 against the page."""
    out, base, _ = site
    visit = Visit(chromium, base)
    page = visit.open(base + "en/04-sigmoid.html")
    page.keyboard.press("Tab")
    ring = page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e), rgb = c => c.match(/[0-9.]+/g).map(Number);
        let under = e.parentElement;        // the ring is drawn outside the element, on what it sits on
        while (under && rgb(getComputedStyle(under).backgroundColor)[3] === 0) under = under.parentElement;
        return {tag: e.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: rgb(s.outlineColor).slice(0, 3),
                bg: under ? rgb(getComputedStyle(under).backgroundColor).slice(0, 3) : [255, 255, 255]};
    }""")
    visit.close()
    assert ring["tag"] == "A" and ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(ring["colour"], ring["bg"]) >= 3, ring


def test_a_widget_cannot_be_moved_and_says_so(site, chromium):
    """The first slider of 04 and 08: clicking its track, pressing a key and dragging its handle
    leave its value as it was, and the note on the widget is in the page's language (08: the
    pad's own note)."""
    out, base, _ = site
    for code, page_file, key in (("en", "04-sigmoid.html", "frozen_note"), ("en", "08-draw-your-own-digit.html", "pad_note"),
                                 ("zh-CN", "04-sigmoid.html", "frozen_note")):
        if not (out / code / page_file).exists():
            continue
        visit = Visit(chromium, base)
        page = visit.open(f"{base}{code}/{page_file}")
        audit_site.wait_page_ready(page)
        notes = page.locator(".site-frozen-note").all_inner_texts()
        assert build_site.TEXT[code][key] in notes, (code, page_file, notes)
        if page_file.startswith("04-"):   # its start picture is the one of viz.plot_sigmoid(2.0) above
            copy = page.locator(".celltag_site-start-picture-above .mlp-figure")
            assert copy.count() == 1 and not copy.is_visible(), "04's widget shows its start picture a second time"
        handle = page.locator(".noUi-handle").first
        before = handle.get_attribute("aria-valuenow")
        track = page.locator(".noUi-target").first.bounding_box()
        page.mouse.click(track["x"] + track["width"] - 2, track["y"] + track["height"] / 2)
        page.keyboard.press("ArrowRight")
        handle.drag_to(page.locator(".noUi-target").first, target_position={"x": 5, "y": track["height"] / 2}, force=True)
        after = handle.get_attribute("aria-valuenow")
        visit.close()
        assert after == before, f"{code}/{page_file}: the slider moved from {before} to {after} with no kernel"


def test_chinese_is_drawn_with_the_sites_own_font(site, chromium):
    """The zh-CN title and the English page's link to 简体中文 are drawn with the web font the
    site ships (Chromium's own account of the fonts it used, through CDP), not a system font."""
    out, base, report = site
    assert report["webfont"] and report["webfont"]["characters"] > 500, report["webfont"]
    assert not report["webfont"]["lacking"], report["webfont"]
    for url, selector in (("zh-CN/04-sigmoid.html", "h1"), ("en/04-sigmoid.html", "nav a[hreflang='zh-CN']")):
        if not (out / url).exists():
            continue
        visit = Visit(chromium, base)
        page = visit.open(base + url)
        page.wait_for_function("document.fonts.status === 'loaded'")
        cdp = visit.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        visit.close()
        shipped = [f for f in fonts if f["isCustomFont"] and f["familyName"] == build_site.WEBFONT_FAMILY]
        assert shipped, f"{url} {selector}: drawn with {fonts}, loaded web fonts {loaded}"


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
    report = build_site.build(out, root=tmp_path, kit=False)   # the teacher's kit needs notebooks 01-08
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
