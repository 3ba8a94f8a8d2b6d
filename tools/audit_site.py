"""Check every page of the static site with axe-core (WCAG 2.1 A and AA rules) in headless Chromium.

    python tools/audit_site.py                 # build the site into a temporary folder, audit it
    python tools/audit_site.py --site _site    # audit a site already built
    python tools/audit_site.py --width 390     # at a phone's width (default 1280)

Prints, per page, the violations by rule with their impact and number of elements, then the
totals per rule. axe-core comes from the npm registry like the site's own scripts
(site/vendor.json, "test_packages": checked by sha512, cached in build/site-npm/); it is injected
into the page under test and never copied into the site. tests/browser/test_site.py runs the
same audit and fails on any critical or serious violation.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # noqa: E402
import labdriver as L  # noqa: E402

# WCAG 2.0/2.1 level A and AA: what schools are held to (Section 508, EN 301 549).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN_JS = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(' '))})))"""

# The widget views of a page the widget manager has not drawn yet: [views, indexes undrawn].
WIDGET_VIEWS_JS = """() => {
    const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
    const undrawn = views.map((s, i) => [i, s.parentElement.querySelector('.jupyter-widgets, .lm-Widget')])
                         .filter(([, drawn]) => !drawn).map(([i]) => i);
    return [views.length, undrawn];
}"""


def axe_script(cache: Path = build_site.NPM_CACHE) -> str:
    """axe.min.js, fetched and checked by build_site.fetch_vendor into a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        build_site.fetch_vendor(Path(folder), cache, kind="test_packages")
        return (Path(folder) / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def wait_until_empty(page, listing: str, timeout_ms: int) -> None:
    """Wait until the JS function `listing` returns an empty list, or the time is up (no error:
    the caller reports what is still listed)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => ({listing})().length === 0", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass


def undrawn_widgets(page, timeout_ms: int = 30_000) -> tuple[int, list[int]]:
    """(number of widget views in the page, indexes of those the widget manager did not draw),
    once every view is drawn or `timeout_ms` has passed: the manager loads after the page and
    draws the views one after another."""
    wait_until_empty(page, f"() => ({WIDGET_VIEWS_JS})()[1]", timeout_ms)
    views, undrawn = page.evaluate(WIDGET_VIEWS_JS)
    return views, undrawn


def wait_page_ready(page) -> None:
    """Formulas typeset, widget views drawn, and marked as needing a kernel by the site's site.js
    (on a page that has it)."""
    page.wait_for_function("document.body.dataset.mathRendered === 'true' || !window.renderMathInElement",
                           timeout=30_000)
    undrawn_widgets(page)
    page.wait_for_function("!document.querySelector('script[src$=\"/site.js\"]')"
                           " || document.body.dataset.widgetsMarked === 'true'", timeout=30_000)


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now: id, impact, help, nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(AXE_RUN_JS, AXE_TAGS)


def site_pages(out: Path) -> list[Path]:
    return [out / "index.html", *sorted(out.glob("*/[0-9][0-9]-*.html"))]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """The folder over http on 127.0.0.1 (a free port); yields the base URL ending in '/'."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def audit(out: Path, width: int = 1280, height: int = 900) -> dict[str, list[dict]]:
    """Page (relative path) -> its axe violations, for every page of the site in `out`."""
    from playwright.sync_api import sync_playwright

    axe_source = axe_script()
    found = {}
    with serve(out) as base, sync_playwright() as p:
        browser = L.launch_chromium(p)
        for path in site_pages(out):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(base + path.relative_to(out).as_posix(), wait_until="load")
            wait_page_ready(page)
            found[path.relative_to(out).as_posix()] = axe_violations(page, axe_source)
            context.close()
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS pixels (default 1280)")
    args = parser.parse_args(argv)
    reason = L.missing_requirements()
    if reason:
        parser.error(reason)
    with tempfile.TemporaryDirectory() as folder:
        out = args.site
        if out is None:
            out = Path(folder) / "_site"
            build_site.build(out)
        found = audit(out.resolve(), args.width)
    totals = collections.Counter()
    impacts = {}
    for page, violations in found.items():
        print(page + ("" if violations else ": no violations"))
        for v in violations:
            print(f"  {v['impact']:9} {v['id']:28} {len(v['nodes']):4}  e.g. {v['nodes'][0][:70]}")
            totals[v["id"]] += len(v["nodes"])
            impacts[v["id"]] = v["impact"]
    print(f"\n{len(found)} pages at {args.width} px wide; elements failing, per rule:")
    for rule, count in totals.most_common():
        print(f"  {impacts[rule]:9} {rule:28} {count:5}")
    serious = sum(c for r, c in totals.items() if impacts[r] in ("critical", "serious"))
    print(f"critical or serious: {serious}")
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main())
