"""Sharing exercise results with the teacher's class view on a JupyterHub: opt-in, in the background.

On a hub that runs the class results service (class_results/, docs/class-results.md), the hub
puts the service's address in MLP_CORE_CLASS_RESULTS_URL and each server's token in
JUPYTERHUB_API_TOKEN. A student who runs `share_progress(True)` (00, both editions) opts in;
from then on each counted verdict (a right answer, or a counted wrong one; not a "not yet" for
an answer of the wrong form) is sent as four fields: the exercise (the checker's name), right
or wrong, the wrong tries before, and the time. Nothing else: no answer, no code, no output.
`share_progress(False)` opts out and deletes the student's rows on the service.

Sending happens in one background thread, in order, with a short timeout; a service that is
down or slow costs the cell nothing and never raises. Without the address (Binder, a laptop)
nothing is ever sent. The choice is kept in a small file in the student's home, so every
notebook's kernel knows it.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .i18n import tr

__all__ = ["share_progress", "sharing", "report", "TIMEOUT_S"]

URL_VARIABLE = "MLP_CORE_CLASS_RESULTS_URL"
#: Seconds one send may take before it is dropped (in the background: the cell does not wait).
TIMEOUT_S = 3.0

_outbox: queue.Queue = queue.Queue(maxsize=1000)
_sender: threading.Thread | None = None
_lock = threading.Lock()


def _service_url() -> str | None:
    url = os.environ.get(URL_VARIABLE, "").strip()
    return url.rstrip("/") + "/" if url and os.environ.get("JUPYTERHUB_API_TOKEN") else None


def _choice_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "mlp_core" / "share-progress"


def sharing() -> bool:
    """True when results are sent: the hub runs the service here and the student opted in."""
    return _service_url() is not None and _choice_file().exists()


def _request(method: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(_service_url() + "api/events", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"],
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
        return json.loads(answer.read() or b"{}")


def _send_forever() -> None:
    while True:
        event = _outbox.get()
        try:
            _request("POST", event)
        except Exception:   # noqa: BLE001 - down, slow, refused, a broken answer: the verdict stays local, quietly
            pass
        finally:
            _outbox.task_done()


def report(exercise: str, right: bool, tries_before: int) -> bool:
    """Queue one counted verdict for the class view; True if it will be sent. Never raises, never waits."""
    try:
        if not sharing():
            return False
        global _sender
        with _lock:
            if _sender is None or not _sender.is_alive():
                _sender = threading.Thread(target=_send_forever, name="mlp_core-share-progress", daemon=True)
                _sender.start()
        _outbox.put_nowait({"exercise": exercise, "right": bool(right), "tries_before": int(tries_before),
                            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        return True
    except Exception:    # noqa: BLE001 - sharing must never break a checker
        return False


def share_progress(on: bool) -> str:
    """Opt in (True) to sharing your exercise results with your teacher, or out (False: your shared
    results are deleted). What is shared: the exercise, right or wrong, the wrong tries before, the time."""
    if not isinstance(on, bool):
        raise TypeError(tr("share_progress takes True or False, got {got}", got=repr(on)))
    choice = _choice_file()
    if on:
        if _service_url() is None:
            return tr("This server has no class results service (Binder or your own computer): nothing is shared.")
        choice.parent.mkdir(parents=True, exist_ok=True)
        choice.write_text("on\n")
        return tr("From now on, each checked exercise is shared with your teacher: the exercise, right or wrong, "
                  "the wrong tries before, and the time. Your answers and code are not. "
                  "share_progress(False) stops it and deletes what was shared.")
    choice.unlink(missing_ok=True)
    if _service_url() is None:
        return tr("Sharing is off.")
    _outbox.join()           # what was queued goes first, so the deletion takes it too
    try:
        deleted = _request("DELETE")["deleted"]
    except (OSError, ValueError, KeyError) as err:
        return tr("Sharing is off, but the shared results could not be deleted now ({problem}); "
                  "run share_progress(False) again later.", problem=err)
    return tr("Sharing is off; {n} shared results were deleted.", n=deleted)
