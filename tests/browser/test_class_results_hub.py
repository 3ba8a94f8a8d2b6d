"""The class results service on a real local JupyterHub: two students and a teacher.

The hub is test_hub.py's (same config, same helpers), plus what docs/class-results.md tells a
school to add: the service, the custom scope, the teacher role, the server role allowed to post,
and the service's address in every student server's environment. Each student's "kernel" is a
Python process with exactly the environment the hub gave that student's server (read from the
server process: its JUPYTERHUB_API_TOKEN is the token a kernel there holds), running the checkers
as a notebook cell would. The teacher's grid is read in Chromium, in English and Chinese.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import test_hub as H
from class_results_local import READ, call

STUDENTS = ("student1", "student2")
DRIVER_TOKEN = "class-results-test-driver-token"
ARTIFACTS = H.REPO / "artifacts" / "class-results"

SERVICE_CONFIG = """
import sys
c.Authenticator.allowed_users = set(PORTS) | {{"teacher"}}
c.JupyterHub.services = [
    {{"name": "class-results", "url": "http://127.0.0.1:{service}", "cwd": {repo!r}, "oauth_no_confirm": True,
      "command": [sys.executable, "-m", "class_results", "--db", {db!r}],
      "oauth_client_allowed_scopes": ["access:services!service=class-results", "custom:class-results:read"]}},
    {{"name": "test-driver", "api_token": {driver!r}}},   # the test starts the students' servers through the API
]
c.JupyterHub.custom_scopes = {{"custom:class-results:read": {{"description": "See the class's exercise results"}}}}
c.JupyterHub.load_roles = [
    {{"name": "teacher", "users": ["teacher"],
      "scopes": ["custom:class-results:read", "access:services!service=class-results"]}},
    {{"name": "user", "scopes": ["self", "access:services!service=class-results"]}},   # a token never has more than its owner
    {{"name": "server", "scopes": ["users:activity!user", "access:servers!server", "access:services!service=class-results"]}},
    {{"name": "test-driver", "services": ["test-driver"], "scopes": ["servers", "read:users"]}},
]
c.Spawner.environment["MLP_CORE_CLASS_RESULTS_URL"] = "http://127.0.0.1:{proxy}/services/class-results/"
"""

KERNEL = """
import mlp_core
from mlp_core import sharing
from mlp_core.exercises import check_neuron_count, check_output_neurons
{opt}
for answer in {answers!r}:
    print(bool(check_output_neurons(answer)))
print(bool(check_neuron_count(826)))
sharing._outbox.join()
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = H.L.missing_requirements()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("jupyterhub", reason="pip install -e '.[hub]' (make test does)")
    pytest.importorskip("jupyter_events", reason="pip install -e '.[hub]' (make test does)")
    if not (H.shutil.which("npm") and H.shutil.which("node")):
        pytest.skip("node and npm are needed for JupyterHub's proxy (apt-get install nodejs npm; .ci/run does)")
    work = tmp_path_factory.mktemp("class-hub")
    ports = {name: H.L.free_port() for name in ("proxy", "proxy_api", "hub", "service", *STUDENTS)}
    config_dir = work / "jupyter_config"
    (config_dir / "labconfig").mkdir(parents=True)
    for folder in ("state", "cache", "homes"):
        (work / folder).mkdir()
    config = work / "jupyterhub_config.py"
    config.write_text(H.HUB_CONFIG.format(
        proxy=ports["proxy"], hub=ports["hub"], proxy_api=ports["proxy_api"], chp=str(H.proxy_command()),
        state=str(work / "state"), password=H.PASSWORD, homes=str(work / "homes"),
        singleuser=str(Path(sys.executable).with_name("jupyterhub-singleuser")), ports={s: ports[s] for s in STUDENTS},
        config_dir=str(config_dir), binder=str(H.REPO / "binder"), cache=str(work / "cache"), mpl=str(work / "matplotlib"))
        + SERVICE_CONFIG.format(service=ports["service"], repo=str(H.REPO), db=str(work / "state" / "class-results.sqlite"),
                                driver=DRIVER_TOKEN, proxy=ports["proxy"]))
    log = work / "hub.log"
    proc = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)], cwd=work,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{ports['proxy']}"
    started = []
    try:
        H.wait_until(lambda: H.answers(f"{url}/hub/health"), "JupyterHub's /hub/health", 120, proc, log)
        H.wait_until(lambda: call("POST", f"{url}/services/class-results/api/events", {})[0] == 403,
                     "the class results service", 60, proc, log)
        yield url, work, proc, log
        started = H.descendants(proc.pid)
    finally:
        left = H.stop_hub(proc, started or H.descendants(proc.pid))
    assert proc.returncode == 0, f"JupyterHub exited with {proc.returncode}: see {log}"
    assert not left, f"still running after the hub stopped (the service too?): {left}"
    assert "class-results" in log.read_text()


def start_server(url: str, user: str, proc, log) -> dict:
    """Start `user`'s server through the hub's API; the environment the hub gave it."""
    status, _ = call("POST", f"{url}/hub/api/users/{user}/server", token=DRIVER_TOKEN, timeout=120)
    assert status in (201, 202), f"starting {user}'s server: {status}"
    H.wait_until(lambda: call("GET", f"{url}/hub/api/users/{user}", token=DRIVER_TOKEN)[1].get("servers", {})
                 .get("", {}).get("ready"), f"{user}'s server", 180, proc, log)
    for pid in H.descendants(proc.pid):
        try:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        env = dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)
        if env.get("JUPYTERHUB_USER") == user and "JUPYTERHUB_API_TOKEN" in env:
            return env
    raise AssertionError(f"no server process of {user} below the hub")


def run_kernel(env: dict, opt: str, answers: tuple) -> list[str]:
    """What a notebook cell in that student's server runs; its printed verdicts."""
    out = subprocess.run([sys.executable, "-c", KERNEL.format(opt=opt, answers=answers)], env=env, cwd=env["HOME"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def teacher_grid(page, url: str, lang: str) -> list[list[str]]:
    page.goto(f"{url}/services/class-results/?lang={lang}")
    page.wait_for_selector("#grid table", timeout=60_000)
    return page.eval_on_selector_all("#grid tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


def test_a_class_of_two_students_and_a_teacher(hub, chromium):
    url, work, proc, log = hub
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    service = f"{url}/services/class-results/"
    env = {user: start_server(url, user, proc, log) for user in STUDENTS}
    assert env["student1"]["MLP_CORE_CLASS_RESULTS_URL"] == service

    # student1 opts in: wrong (9), right (10), then another exercise right; student2 does the same, not opted in
    assert run_kernel(env["student1"], "print(mlp_core.share_progress(True))", (9, 10))[-3:] == ["False", "True", "True"]
    run_kernel(env["student2"], "", (9, 8, 10))
    # student2 cannot post as student1, nor read the class; a malformed event is refused
    token2 = env["student2"]["JUPYTERHUB_API_TOKEN"]
    event = {"exercise": "check_bias", "right": True, "tries_before": 0, "time": "2026-12-07T15:00:00Z"}
    assert call("POST", service + "api/events", {**event, "student": "student1"}, token=token2)[0] == 400
    assert call("POST", service + "api/events", {**event, "right": "yes"}, token=token2)[0] == 400
    assert call("POST", service + "api/events", event)[0] == 403
    for what in ("api/grid", "class.csv"):
        assert call("GET", service + what, token=token2)[0] == 403, what

    # the teacher logs in at the hub and sees the grid
    context = chromium.new_context(viewport={"width": 900, "height": 500}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(service)
        H.log_in(page, "teacher")
        rows = teacher_grid(page, url, "en")
        assert rows == [["Student", "check_output_neurons", "check_neuron_count"], ["student1", "✔", "✔"]]
        page.screenshot(path=ARTIFACTS / "teacher-grid-en.png")
        assert teacher_grid(page, url, "zh-CN")[0][0] == "学生"
        page.screenshot(path=ARTIFACTS / "teacher-grid-zh.png")
        csv = page.evaluate("fetch('class.csv', {headers: {'X-XSRFToken': XSRF}}).then(r => r.text())")
        assert [line.split(",")[:4] for line in csv.splitlines()[1:]] == [
            ["student1", "check_output_neurons", "0", "0"], ["student1", "check_output_neurons", "1", "1"],
            ["student1", "check_neuron_count", "1", "0"]]

        # student2 opts in and misses twice; the open page shows it without a reload
        run_kernel(env["student2"], "mlp_core.share_progress(True)", (9, 8))
        page.wait_for_function("() => document.body.dataset.rows === '2'", timeout=30_000)
        rows = page.eval_on_selector_all("#grid tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")
        assert rows[2] == ["student2", "✘ 2", "✔"]
        page.screenshot(path=ARTIFACTS / "teacher-grid-zh-live.png")

        # student1 withdraws: the rows are deleted
        out = subprocess.run([sys.executable, "-c", "import mlp_core; print(mlp_core.share_progress(False))"],
                             env=env["student1"], capture_output=True, text=True, timeout=120)
        assert "3" in out.stdout, out.stderr
        page.wait_for_function("() => document.body.dataset.rows === '1'", timeout=30_000)
        assert "student1" not in page.inner_text("#grid")

        # a student opening the class view is refused
        student = chromium.new_context()
        student_page = student.new_page()
        student_page.goto(service)
        H.log_in(student_page, "student2")
        student_page.wait_for_url(lambda u: "/hub/login" not in u, timeout=60_000)
        student_page.wait_for_load_state()
        text = student_page.inner_text("body")
        student_page.screenshot(path=ARTIFACTS / "student-refused.png")
        assert "403" in text or READ in text, text[:500]
        assert student_page.locator("#grid").count() == 0
        student.close()
    finally:
        context.close()
