"""Exceptions, retries, rate limits, secrets."""

from __future__ import annotations

import threading
import time

import gradebridge
import pytest
from gradebridge import ManageBac

from conftest import Sandbox

ERRORS = [
    gradebridge.InvalidInputError,
    gradebridge.AuthenticationError,
    gradebridge.PermissionDeniedError,
    gradebridge.NotFoundError,
    gradebridge.RateLimitError,
    gradebridge.UnprocessableError,
    gradebridge.ServerError,
    gradebridge.TransportError,
    gradebridge.DecodeError,
]


def test_hierarchy() -> None:
    for cls in ERRORS:
        assert issubclass(cls, gradebridge.GradebridgeError)
        assert issubclass(cls, Exception)


def test_wrong_token_is_authentication_error(sandbox: Sandbox) -> None:
    mb = ManageBac("wrong-token", base_url=sandbox.url)
    with pytest.raises(gradebridge.AuthenticationError) as e:
        list(mb.classes())
    assert e.value.status == 401 and e.value.code == "unauthorized"
    assert "wrong-token" not in str(e.value) and "wrong-token" not in repr(e.value)


def test_read_only_token_is_permission_denied(sandbox: Sandbox) -> None:
    mb = ManageBac("sandbox-readonly-token", base_url=sandbox.url)
    assert len(list(mb.classes())) == 3
    with pytest.raises(gradebridge.PermissionDeniedError):
        mb.update_task_grade(70001, 5001, {"points": 1})


def test_422_carries_field_errors(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    with pytest.raises(gradebridge.UnprocessableError) as e:
        mb.update_task_grade(70001, 5001, {"points": 1000})
    assert e.value.status == 422
    assert e.value.field_errors == {"points": ["must be less than or equal to 32"]}
    with pytest.raises(gradebridge.UnprocessableError) as e:
        mb.update_task(1001, 70001, {"task_category_id": 999})
    assert e.value.field_errors == {"task_category_id": ["is invalid"]}


def test_invalid_input_names_the_field_before_sending(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.update_task_grades(70001, [{"id": 5001, "task_grade": {"points": 3, "pionts": 4}}])
    assert e.value.field == "grades[0].task_grade.pionts"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.get_class(0)
    assert e.value.field == "class_id"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        list(mb.classes(per_page=500))
    assert e.value.field == "per_page"
    with pytest.raises(gradebridge.InvalidInputError):
        ManageBac("t", base_url="http://example.com")
    # Unicode host names are not read (ASCII hosts only, for the wasm module's size).
    with pytest.raises(gradebridge.InvalidInputError) as e:
        ManageBac("t", base_url="https://bücher.example")
    assert e.value.field == "base_url" and "xn--" in str(e.value)
    with pytest.raises(gradebridge.InvalidInputError):
        gradebridge.TaskGrade(points="lots")
    assert sandbox.stats()["requests"] == 0


def test_a_429_is_waited_out(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    sandbox.faults(rate_limit_next=1, retry_after_secs=1)
    start = time.monotonic()
    assert mb.get_class(1001).id == 1001
    assert time.monotonic() - start >= 0.9
    assert [e["status"] for e in sandbox.stats()["log"]] == [429, 200]


def test_503_retried_then_server_error(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url, max_retries=2)
    sandbox.faults(fail_next=2)
    assert mb.get_class(1001).id == 1001
    sandbox.faults(fail_next=10)
    with pytest.raises(gradebridge.ServerError) as e:
        mb.get_class(1001)
    assert e.value.status == 503


def test_dropped_connection_and_timeout_are_transport_errors(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url, max_retries=1)
    sandbox.faults(drop_next=10)
    with pytest.raises(gradebridge.TransportError) as dropped:
        mb.get_class(1001)
    assert dropped.value.timeout is False
    sandbox.faults(latency_ms=2000)
    slow = ManageBac(sandbox.token, base_url=sandbox.url, timeout=0.2, max_retries=0)
    with pytest.raises(gradebridge.TransportError) as late:
        slow.get_class(1001)
    assert late.value.timeout is True
    # Every other error says False.
    with pytest.raises(gradebridge.InvalidInputError) as bad:
        mb.get_class(-1)
    assert bad.value.timeout is False


def test_every_error_is_caught_by_the_base_class(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url, max_retries=0)
    calls = [
        lambda: mb.get_class(-1),
        lambda: ManageBac("x", base_url=sandbox.url).get_class(1001),
        lambda: mb.get_task(1001, 12345),
        lambda: mb.update_task_grade(70001, 5001, {"points": -1}),
    ]
    for call in calls:
        try:
            call()
        except gradebridge.GradebridgeError:
            pass
        else:
            raise AssertionError("no error")


def test_the_token_never_shows(sandbox: Sandbox) -> None:
    token = "super-secret-token-123"
    mb = ManageBac(token, base_url=sandbox.url)
    amb = gradebridge.AsyncManageBac(token, base_url=sandbox.url)
    for obj in (mb, amb, mb._native):
        assert token not in repr(obj) and token not in str(obj)
    assert token not in repr(vars(mb))
    req = gradebridge.Operation("get_class", {"class_id": 1}).request(token)
    assert token not in repr(req)
    try:
        mb.get_class(1001)
    except gradebridge.GradebridgeError as e:
        assert token not in repr(e) and token not in str(e)


def test_the_gil_is_released_while_waiting(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    sandbox.faults(latency_ms=500)
    ticks = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    try:
        before = ticks
        mb.get_class(1001)
        during = ticks - before
    finally:
        done.set()
        t.join()
    # With the GIL held for 0.5 s the other thread could not run at all.
    assert during > 50, during


def test_a_rust_panic_is_a_gradebridge_error() -> None:
    from gradebridge import _native

    with pytest.raises(gradebridge.GradebridgeError) as e:
        _native._panic_for_tests()  # type: ignore[attr-defined]
    assert "deliberate test panic" in str(e.value)
    assert isinstance(e.value, Exception)


def test_bad_input_names_the_field_and_nothing_is_coerced() -> None:
    """Input errors name the field: a wrong type, a missing field, a non-finite float."""
    import math

    cases = [
        ("class_grades", {"class_id": "10", "term_id": 2}, "class_id"),
        ("class_grades", {"class_id": 10}, "term_id"),
        ("update_task_grade", {"task_id": 1, "student_id": 2, "grade": {"points": math.nan}}, "grade.points"),
        ("update_task_grades", {"task_id": 1, "grades": [{"id": 1, "task_grade": {"points": 1}}, {"id": 2, "task_grade": {"points": math.inf}}]}, "grades[1].task_grade.points"),
    ]
    for name, args, field in cases:
        with pytest.raises(gradebridge.InvalidInputError) as info:
            gradebridge.Operation(name, args)
        assert info.value.field == field, (name, info.value)
        assert field in str(info.value)
