"""The class results service (class_results/) on loopback, with a stand-in for the hub's user API.

The service asks the hub who a token belongs to (GET <api>/user); `StandInHub` answers that for
the tokens it was given, as JupyterHub does: the user model with the token's scopes, 403 for an
unknown token. The service itself runs for real, as its own process (`python -m class_results`),
so its validation, storage, permissions and SIGTERM exit are the ones a hub runs. The real hub
test is tests/browser/test_class_results_hub.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PREFIX = "/services/class-results/"
ACCESS = "access:services!service=class-results"
READ = "custom:class-results:read"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StandInHub:
    """Answers GET /hub/api/user for `tokens` ({token: (name, scopes)}), on a loopback port."""

    def __init__(self, tokens: dict[str, tuple[str, list[str]]]):
        known = tokens

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                token = self.headers.get("Authorization", "").partition(" ")[2]
                if self.path.rstrip("/") != "/hub/api/user" or token not in known:
                    self.send_response(403)
                    self.end_headers()
                    return
                name, scopes = known[token]
                body = json.dumps({"kind": "user", "name": name, "admin": False, "groups": [], "scopes": scopes}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.api_url = f"http://127.0.0.1:{self.server.server_port}/hub/api"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Service:
    """`python -m class_results` as the hub would start it, against `hub`; stop() sends SIGTERM."""

    def __init__(self, hub: StandInHub, db: Path, log: Path):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}{PREFIX}"
        env = {**os.environ, "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}", "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
               "JUPYTERHUB_API_URL": hub.api_url, "JUPYTERHUB_API_TOKEN": "the-services-own-token",
               "JUPYTERHUB_CLIENT_ID": "service-class-results", "JUPYTERHUB_BASE_URL": "/",
               "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps([ACCESS]),
               "JUPYTERHUB_OAUTH_CALLBACK_URL": PREFIX + "oauth_callback"}
        self.log = log
        self.proc = subprocess.Popen([sys.executable, "-m", "class_results", "--db", str(db)], cwd=REPO, env=env,
                                     stdout=log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while call("GET", self.url + "api/grid", token="nobody")[0] is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the service did not start (exit {self.proc.poll()}):\n{log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


def call(method: str, url: str, body=None, token: str | None = None, raw: bytes | None = None,
         headers: dict | None = None, timeout: float = 10) -> tuple[int | None, dict | str]:
    """(HTTP status, JSON or text answer); (None, "") when nothing answers."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read().decode()
    except (urllib.error.URLError, OSError):
        return None, ""
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text
