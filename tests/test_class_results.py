"""The class results service and mlp_core's side of it (mlp_core/sharing.py), on loopback.

The service runs for real (`python -m class_results`, tests/class_results_local.py) against a
stand-in for the hub's "whose token is this?" API; the real hub is in
tests/browser/test_class_results_hub.py. Times a check adds (service up, slow, down) are
measured by benchmarks/bench_class_results.py, not asserted here.
"""

from __future__ import annotations

import socket

import pytest
from class_results_local import ACCESS, READ, Service, StandInHub, call

pytest.importorskip("jupyterhub", reason="the service needs jupyterhub: pip install -e '.[hub]'")

import mlp_core  # noqa: E402
from class_results.events import BadEvent, validate  # noqa: E402
from class_results.store import Store  # noqa: E402
from mlp_core import sharing  # noqa: E402
from mlp_core.exercises import check_output_neurons, reset_attempts  # noqa: E402

TOKENS = {"t-ana": ("ana", [ACCESS]), "t-bo": ("bo", [ACCESS]), "t-teacher": ("teacher", [ACCESS, READ]),
          "t-other-service": ("ana", ["read:users:name!user=ana"])}   # ana's token without access to the service
GOOD = {"exercise": "check_bias", "right": False, "tries_before": 0, "time": "2026-12-07T15:00:00Z"}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    work = tmp_path_factory.mktemp("class-results")
    hub = StandInHub(TOKENS)
    running = Service(hub, work / "class.sqlite", work / "service.log")
    try:
        yield running
    finally:
        status = running.stop()
        hub.close()
    assert status == 0, f"the service did not exit cleanly on SIGTERM ({status}):\n{running.log.read_text()}"


@pytest.fixture
def empty(service):
    for token in ("t-ana", "t-bo", "t-teacher"):
        call("DELETE", service.url + "api/events", token=token)
    return service


# ---- the event schema -------------------------------------------------------------------------

def test_a_verdict_with_the_four_fields_is_valid():
    assert validate(dict(GOOD)) == GOOD


@pytest.mark.parametrize("change, named", [
    ({"answer": 10}, "answer"),                         # no answers, code or outputs
    ({"student": "bo"}, "student"),                     # no name: the hub says who sent it
    ({"right": "yes"}, "right"), ({"right": 1}, "right"),
    ({"tries_before": -1}, "tries_before"), ({"tries_before": True}, "tries_before"), ({"tries_before": 2.5}, "tries_before"),
    ({"exercise": "check_x; DROP TABLE"}, "exercise"), ({"exercise": ""}, "exercise"),
    ({"time": "yesterday"}, "time"), ({"time": "2026-02-30T10:00:00Z"}, "time"),
])
def test_anything_else_is_refused_naming_the_field(change, named):
    with pytest.raises(BadEvent, match=named):
        validate({**GOOD, **change})


def test_a_missing_field_is_refused():
    with pytest.raises(BadEvent, match="tries_before"):
        validate({k: v for k, v in GOOD.items() if k != "tries_before"})


# ---- the grid ---------------------------------------------------------------------------------

def test_the_grid_counts_wrong_tries_until_right_and_leaves_blanks():
    store = Store(":memory:")
    for student, exercise, right, before in [("ana", "a", False, 0), ("ana", "a", False, 1), ("ana", "a", True, 2),
                                             ("ana", "a", False, 0),          # after a right answer: still ✔
                                             ("bo", "a", False, 0), ("bo", "b", False, 0), ("bo", "b", False, 1)]:
        store.add(student, {**GOOD, "exercise": exercise, "right": right, "tries_before": before})
    grid = store.grid()
    assert grid["students"] == ["ana", "bo"] and grid["exercises"] == ["a", "b"]
    assert grid["cells"]["ana"] == {"a": {"right": True, "wrong": 2}}              # no "b": a blank
    assert grid["cells"]["bo"] == {"a": {"right": False, "wrong": 1}, "b": {"right": False, "wrong": 2}}
    assert store.withdraw("bo") == 3 and store.grid()["students"] == ["ana"]
    assert store.csv().splitlines()[0] == "student,exercise,right,wrong_tries_before,time,received"


# ---- the service: who may do what -------------------------------------------------------------

def test_a_student_posts_with_their_token_and_the_hub_names_them(empty):
    assert call("POST", empty.url + "api/events", GOOD, token="t-ana")[0] == 201
    status, grid = call("GET", empty.url + "api/grid", token="t-teacher")
    assert status == 200 and grid["cells"] == {"ana": {"check_bias": {"right": False, "wrong": 1}}}


@pytest.mark.parametrize("token, body, status", [
    (None, GOOD, 403),                          # no token
    ("t-nobody", GOOD, 403),                    # a token the hub does not know
    ("t-other-service", GOOD, 403),             # ana's token, but not one that may use this service
    ("t-bo", {**GOOD, "student": "ana"}, 400),  # bo posting as ana: a name in the body is refused
    ("t-bo", {**GOOD, "right": "yes"}, 400),    # malformed
])
def test_forged_unknown_and_malformed_posts_are_refused_and_store_nothing(empty, token, body, status):
    assert call("POST", empty.url + "api/events", body, token=token)[0] == status
    assert call("GET", empty.url + "api/grid", token="t-teacher")[1]["students"] == []


def test_a_body_that_is_not_json_is_refused(empty):
    status, answer = call("POST", empty.url + "api/events", raw=b"right=1", token="t-ana")
    assert status == 400 and "not JSON" in answer["error"]


def test_a_login_cookie_alone_cannot_post(empty):
    # the page's cookie is not a token: a web page a student visits cannot post for them
    status, _ = call("POST", empty.url + "api/events", GOOD, headers={"Cookie": "jupyterhub-services=x"})
    assert status == 403


def test_only_a_teacher_reads_the_class(empty):
    call("POST", empty.url + "api/events", GOOD, token="t-ana")
    for what in ("api/grid", "class.csv", ""):
        assert call("GET", empty.url + what, token="t-ana")[0] == 403, what
        assert call("GET", empty.url + what, token="t-teacher")[0] == 200, what
    csv = call("GET", empty.url + "class.csv", token="t-teacher")[1]
    assert csv.splitlines()[1].startswith("ana,check_bias,0,0,2026-12-07T15:00:00Z,")


def test_the_class_page_speaks_english_or_chinese(empty):
    assert "Class results" in call("GET", empty.url, token="t-teacher")[1]
    assert "全班练习结果" in call("GET", empty.url + "?lang=zh-CN", token="t-teacher")[1]
    assert "全班练习结果" in call("GET", empty.url, token="t-teacher", headers={"Accept-Language": "zh-CN,zh;q=0.9"})[1]


def test_a_withdrawal_deletes_only_the_students_own_rows(empty):
    for token in ("t-ana", "t-ana", "t-bo"):
        call("POST", empty.url + "api/events", GOOD, token=token)
    assert call("DELETE", empty.url + "api/events", token="t-ana") == (200, {"deleted": 2})
    assert call("GET", empty.url + "api/grid", token="t-teacher")[1]["students"] == ["bo"]


# ---- mlp_core's side --------------------------------------------------------------------------

@pytest.fixture
def on_the_hub(empty, tmp_path, monkeypatch):
    """A student kernel on a hub running the service: its address and ana's token, a fresh home."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv(sharing.URL_VARIABLE, empty.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t-ana")
    reset_attempts()
    yield empty
    sharing._outbox.join()
    reset_attempts()


def grid_of(service):
    return call("GET", service.url + "api/grid", token="t-teacher")[1]["cells"]


def test_nothing_is_sent_until_the_student_opts_in(on_the_hub):
    verdict = check_output_neurons(9)
    sharing._outbox.join()
    assert not verdict and grid_of(on_the_hub) == {}


def test_an_opted_in_student_shares_counted_verdicts_only(on_the_hub):
    assert "shared with your teacher" in mlp_core.share_progress(True)
    assert sharing.sharing()
    wrong, not_an_answer, right = check_output_neurons(9), check_output_neurons("ten"), check_output_neurons(10)
    sharing._outbox.join()
    assert (bool(wrong), bool(not_an_answer), bool(right)) == (False, False, True)
    assert grid_of(on_the_hub) == {"ana": {"check_output_neurons": {"right": True, "wrong": 1}}}
    rows = call("GET", on_the_hub.url + "class.csv", token="t-teacher")[1].splitlines()[1:]
    assert [r.split(",")[1:4] for r in rows] == [["check_output_neurons", "0", "0"], ["check_output_neurons", "1", "1"]]


def test_sharing_never_changes_the_feedback(on_the_hub, monkeypatch):
    monkeypatch.delenv(sharing.URL_VARIABLE)
    alone = [check_output_neurons(a) for a in (9, 8, 10)]
    reset_attempts()
    monkeypatch.setenv(sharing.URL_VARIABLE, on_the_hub.url)
    mlp_core.share_progress(True)
    shared = [check_output_neurons(a) for a in (9, 8, 10)]
    assert shared == alone


def test_the_feedback_line_says_the_result_was_shared(on_the_hub, monkeypatch):
    shown = []
    monkeypatch.setattr("mlp_core.exercises.feedback._cell_number", lambda: 1)
    monkeypatch.setattr("IPython.display.display", lambda data, raw: shown.append(data["text/plain"]))
    check_output_neurons(9)
    mlp_core.share_progress(True)
    check_output_neurons(8)
    check_output_neurons("ten")                  # a "not yet" for the form: not counted, not shared
    assert ["shared with your teacher" in s for s in shown] == [False, True, False]


def test_opting_out_deletes_what_was_shared(on_the_hub):
    mlp_core.share_progress(True)
    check_output_neurons(9)
    message = mlp_core.share_progress(False)
    assert "1" in message and grid_of(on_the_hub) == {}
    assert not sharing.sharing()
    check_output_neurons(10)
    sharing._outbox.join()
    assert grid_of(on_the_hub) == {}


def test_without_the_hubs_address_nothing_is_shared(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(sharing.URL_VARIABLE, raising=False)
    assert "nothing is shared" in mlp_core.share_progress(True)
    assert not sharing.sharing() and not (tmp_path / "mlp_core" / "share-progress").exists()
    with pytest.raises(TypeError, match="True or False"):
        mlp_core.share_progress("yes")


def test_a_service_that_hangs_or_is_down_costs_the_check_nothing(tmp_path, monkeypatch):
    """The verdicts come back while the sends still wait on a service that never answers; a service
    that is down refuses at once; nothing raises, and the Feedback is the same."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t-ana")
    monkeypatch.setattr(sharing, "TIMEOUT_S", 120.0)
    silent = socket.socket()                 # takes connections (the kernel's backlog), never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    monkeypatch.setenv(sharing.URL_VARIABLE, f"http://127.0.0.1:{silent.getsockname()[1]}/services/class-results/")
    mlp_core.share_progress(True)
    reset_attempts()
    try:
        verdicts = [check_output_neurons(9), check_output_neurons(10)]
        assert sharing._outbox.unfinished_tasks == 2      # both sends still waiting: the checks did not
    finally:
        silent.close()                                    # now the waiting send fails, then the next one
    sharing._outbox.join()
    assert [bool(v) for v in verdicts] == [False, True]

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))            # bound, not listening: connection refused
    monkeypatch.setenv(sharing.URL_VARIABLE, f"http://127.0.0.1:{closed.getsockname()[1]}/services/class-results/")
    try:
        assert [bool(check_output_neurons(a)) for a in (9, 10)] == [False, True]
        sharing._outbox.join()
        assert "could not be deleted" in mlp_core.share_progress(False)
    finally:
        closed.close()
