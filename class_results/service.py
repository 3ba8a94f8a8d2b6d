"""The class results service, run by JupyterHub (`python -m class_results --db FILE`).

Routes, under the service's prefix (/services/class-results/):

    POST   api/events   one verdict of the student whose token is in the Authorization header
    DELETE api/events   withdraw: delete every row of that student
    GET    ./           the class grid (teachers: scope custom:class-results:read), hub login
    GET    api/grid     the grid as JSON (the page polls it)
    GET    class.csv    every row, for a spreadsheet
    GET    oauth_callback   the hub login's return

The API takes only a token in the Authorization header (the kernel's JUPYTERHUB_API_TOKEN),
never the login cookie, so a web page cannot post for a student. The hub says whose the token
is; the body has no name in it. Stops cleanly on SIGTERM, as the hub stops its services.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated, UserNotAllowed
from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler, authenticated

from .events import BadEvent, validate
from .store import Store

READ_SCOPE = "custom:class-results:read"
POLL_MS = 3000

TEXT = {
    "en": {"title": "Class results", "student": "Student", "none": "No results shared yet.",
           "csv": "Download CSV", "legend": "✔ right · ✘ n: n wrong tries, not right yet · blank: not tried or not shared",
           "updated": "updated", "lang": "中文", "other": "zh-CN"},
    "zh-CN": {"title": "全班练习结果", "student": "学生", "none": "还没有学生分享结果。",
              "csv": "下载 CSV", "legend": "✔ 答对 · ✘ n：错了 n 次，还没答对 · 空白：没做或没有分享",
              "updated": "更新于", "lang": "English", "other": "en"},
}


def language(handler: RequestHandler) -> str:
    """?lang= first (en, zh, zh-CN), then the browser's Accept-Language; English otherwise."""
    asked = handler.get_argument("lang", "") or handler.request.headers.get("Accept-Language", "")
    return "zh-CN" if asked.strip().lower().startswith("zh") else "en"


class Hub(HubOAuthenticated, RequestHandler):
    """A handler whose user the hub names (a token, or the login cookie after OAuth)."""

    async def prepare(self):
        model = await self.hub_auth.get_user(self, sync=False)
        try:
            self.current_user = self.check_hub_user(model) if model else None
        except UserNotAllowed:
            logging.warning("%s may not use the class results service (scopes %s)", model.get("name"), model.get("scopes"))
            self.current_user = None

    def write_error(self, status_code, **kwargs):
        error = kwargs.get("exc_info", (None, None))[1]
        self.finish({"error": getattr(error, "log_message", None) or self._reason})

    @property
    def store(self) -> Store:
        return self.settings["store"]


class Events(Hub):
    def check_xsrf_cookie(self):      # token only (below): no cookie, so no cross-site request to guard against
        pass

    def student(self) -> str:
        if not self.request.headers.get("Authorization"):
            raise HTTPError(403, "send your server's token: Authorization: token $JUPYTERHUB_API_TOKEN")
        if not self.current_user or self.current_user.get("kind", "user") != "user":
            raise HTTPError(403, "the hub does not know this token, or it may not use this service")
        return self.current_user["name"]

    def post(self):
        student = self.student()
        try:
            event = validate(json.loads(self.request.body or b"null"))
        except json.JSONDecodeError as err:
            raise HTTPError(400, f"the body is not JSON: {err}") from None
        except BadEvent as err:
            raise HTTPError(400, f"not an exercise verdict (schema v1): {err}") from None
        self.store.add(student, event)
        self.set_status(201)
        self.finish({"stored": True})

    def delete(self):
        self.finish({"deleted": self.store.withdraw(self.student())})


class Teacher(Hub):
    def check_teacher(self):
        if READ_SCOPE not in self.current_user.get("scopes", []):
            raise HTTPError(403, f"the class view needs the scope {READ_SCOPE} (the teacher role)")


class Grid(Teacher):
    @authenticated
    def get(self):
        self.check_teacher()
        self.finish(self.store.grid())


class ClassCsv(Teacher):
    @authenticated
    def get(self):
        self.check_teacher()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="class-results.csv"')
        self.finish(self.store.csv())


class Page(Teacher):
    @authenticated
    def get(self):
        self.check_teacher()
        lang = language(self)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        # the page's own requests carry the xsrf token: the hub login refuses a cookie-only fetch
        xsrf = self.xsrf_token
        self.finish(PAGE.format(lang=lang, text=TEXT[lang], poll=POLL_MS, strings=json.dumps(TEXT[lang], ensure_ascii=False),
                                xsrf=json.dumps(xsrf.decode() if isinstance(xsrf, bytes) else xsrf)))


PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{text[title]}</title>
<style>
 body {{ font-family: "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 24px; color: #222 }}
 table {{ border-collapse: collapse }} th, td {{ border: 1px solid #ccc; padding: 6px 12px; text-align: center }}
 th.student, td.student {{ text-align: left }} .right {{ color: #1a7f37; font-weight: bold }}
 .wrong {{ color: #b35900; font-weight: bold }} .note {{ color: #666; font-size: 90% }}
</style></head><body>
<h1>{text[title]}</h1>
<p><a href="class.csv">{text[csv]}</a> · <a href="?lang={text[other]}">{text[lang]}</a></p>
<div id="grid"></div>
<p class="note">{text[legend]}</p><p class="note" id="updated"></p>
<script>
const T = {strings};
const XSRF = {xsrf};
function cell(c) {{
  if (!c) return "<td></td>";
  return c.right ? '<td class="right">✔</td>' : '<td class="wrong">✘ ' + c.wrong + '</td>';
}}
function esc(s) {{ const d = document.createElement("div"); d.textContent = s; return d.innerHTML; }}
async function refresh() {{
  const r = await fetch("api/grid", {{credentials: "same-origin", headers: {{"X-XSRFToken": XSRF}}}});
  if (r.ok) {{
    const g = await r.json();
    document.getElementById("grid").innerHTML = g.students.length === 0 ? "<p>" + T.none + "</p>" :
      "<table><tr><th class='student'>" + T.student + "</th>" +
      g.exercises.map(e => "<th>" + esc(e) + "</th>").join("") + "</tr>" +
      g.students.map(s => "<tr><td class='student'>" + esc(s) + "</td>" +
                          g.exercises.map(e => cell(g.cells[s][e])).join("") + "</tr>").join("") + "</table>";
    document.getElementById("updated").textContent = T.updated + " " + new Date().toLocaleTimeString();
    document.body.dataset.rows = g.students.length;
  }}
  setTimeout(refresh, {poll});
}}
refresh();
</script></body></html>
"""


def make_app(store: Store, prefix: str) -> Application:
    prefix = prefix.rstrip("/") + "/"
    return Application([
        (prefix + "api/events", Events), (prefix + "api/grid", Grid), (prefix + "class.csv", ClassCsv),
        (prefix + "oauth_callback", HubOAuthCallbackHandler), (prefix, Page),
    ], store=store, cookie_secret=os.urandom(32))


async def serve(db: str) -> None:
    """Serve at $JUPYTERHUB_SERVICE_URL until SIGTERM or SIGINT, then close the database and return."""
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    store = Store(db)
    server = HTTPServer(make_app(store, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")), xheaders=True)
    server.listen(url.port, url.hostname)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.stop()
    await server.close_all_connections()
    store.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m class_results", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="class-results.sqlite", help="the SQLite file (made if missing)")
    args = parser.parse_args(argv)
    if "JUPYTERHUB_SERVICE_URL" not in os.environ:
        parser.error("run by JupyterHub as a service: JUPYTERHUB_SERVICE_URL is not set")
    logging.basicConfig(level=logging.INFO, format="[%(levelname)1.1s %(asctime)s class-results] %(message)s")
    asyncio.run(serve(args.db))
