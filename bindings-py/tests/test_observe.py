"""What the client says it is doing (the ``gradebridge`` logger), the retry settings
(``gradebridge.Retry``), attempts in errors, and Ctrl-C during a long 429 wait."""

from __future__ import annotations

import _thread
import asyncio
import logging
import threading
import time

import pytest

import gradebridge
from gradebridge import ManageBac, Retry

from conftest import Sandbox


def fast(sandbox: Sandbox, **kw: object) -> ManageBac:
    return ManageBac(sandbox.token, base_url=sandbox.url, retry=Retry(backoff=0.001, **kw))  # type: ignore[arg-type]


def test_requests_retries_and_waits_are_logged(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    mb = fast(sandbox)
    caplog.set_level(logging.DEBUG, logger="gradebridge")
    sandbox.faults(fail_next=1)
    mb.get_class(1001)
    ours = [r for r in caplog.records if r.name == "gradebridge"]
    assert [(r.levelname, r.gradebridge["type"]) for r in ours] == [  # type: ignore[attr-defined]
        ("DEBUG", "request"),
        ("WARNING", "retry"),
        ("DEBUG", "request"),
    ]
    first = ours[0].gradebridge  # type: ignore[attr-defined]
    assert (first["method"], first["path"], first["status"], first["attempt"]) == ("GET", "/v2p0/classes/1001", 503, 1)
    assert ours[1].getMessage().startswith("managebac GET /v2p0/classes/1001: 503 on attempt 1; retrying in")
    assert ours[2].gradebridge["status"] == 200  # type: ignore[attr-defined]
    caplog.clear()
    sandbox.faults(rate_limit_next=1, retry_after_secs=1)
    mb.get_class(1001)
    waits = [r for r in caplog.records if r.name == "gradebridge" and r.levelno == logging.INFO]
    assert len(waits) == 1 and "429 rate limited on attempt 1; waiting" in waits[0].getMessage()
    assert all(sandbox.token not in r.getMessage() and sandbox.token not in repr(r.__dict__) for r in caplog.records)
    # Above DEBUG, a plain request logs nothing.
    caplog.clear()
    caplog.set_level(logging.INFO, logger="gradebridge")
    mb.get_class(1001)
    assert [r for r in caplog.records if r.name == "gradebridge"] == []


def test_async_client_logs_too(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="gradebridge")

    async def go() -> None:
        async with gradebridge.AsyncManageBac(sandbox.token, base_url=sandbox.url) as amb:
            await amb.get_class(1001)

    asyncio.run(go())
    assert [r.gradebridge["status"] for r in caplog.records if r.name == "gradebridge"] == [200]  # type: ignore[attr-defined]


def test_retry_settings_and_attempts(sandbox: Sandbox) -> None:
    mb = fast(sandbox, max_retries=1, statuses=(503,))
    sandbox.faults(fail_next=3)
    with pytest.raises(gradebridge.ServerError) as e:
        mb.get_class(1001)
    assert e.value.attempts == 2
    assert str(e.value).endswith("(after 2 attempts)")
    # Not a listed status: not retried.
    sandbox.faults(fail_next=1, fail_status=503)
    with pytest.raises(gradebridge.ServerError) as e:
        fast(sandbox, statuses=(502,)).get_class(1001)
    assert e.value.attempts == 1 and "attempts" not in str(e.value)
    # A Retry-After over the cap is raised at once.
    sandbox.faults(rate_limit_next=1, retry_after_secs=3)
    started = time.monotonic()
    with pytest.raises(gradebridge.RateLimitError):
        fast(sandbox, max_retry_after=0.5).get_class(1001)
    assert time.monotonic() - started < 3
    sandbox.faults()
    # Bad settings name themselves.
    for kw, field in [
        ({"statuses": (429,)}, "retry_statuses"),
        ({"backoff": 2.0, "max_backoff": 1.0}, "max_backoff"),
        ({"backoff": float("nan")}, "retry.backoff"),
    ]:
        with pytest.raises(gradebridge.InvalidInputError) as bad:
            ManageBac("t", retry=Retry(**kw))  # type: ignore[arg-type]
        assert bad.value.field == field, kw
    with pytest.raises(gradebridge.InvalidInputError):
        ManageBac("t", max_retries=2, retry=Retry(max_retries=5))
    with pytest.raises(gradebridge.InvalidInputError):
        ManageBac("t", retry={"max_retries": 5})  # type: ignore[arg-type]
    assert ManageBac("t", max_retries=0) is not None


def test_ctrl_c_interrupts_a_long_429_wait(sandbox: Sandbox) -> None:
    assert threading.current_thread() is threading.main_thread()
    mb = fast(sandbox)
    # Every request is refused with a 30 s wait (not only the next one: a late
    # request of an earlier test must not take the one 429 this test waits on), and
    # the timer is cancelled whatever happens, so that no interrupt reaches a later
    # test.
    sandbox.faults(rate_limit_next=1000, retry_after_secs=30)
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            mb.get_class(1001)
        took = time.monotonic() - started
        assert took < 10, f"the interrupt took {took:.1f} s (the server asked for 30)"
    finally:
        timer.cancel()
    # The same in an iteration: the page is fetched again when iterating again.
    it = iter(fast(sandbox, max_retry_after=60).classes())
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            next(it)
    finally:
        timer.cancel()
        sandbox.faults()


def test_ctrl_c_during_logging_still_stops_the_call(sandbox: Sandbox) -> None:
    # Python runs a pending Ctrl-C's handler in the next Python code the main thread
    # runs, which may be a logging handler called for one of the client's events.
    # That KeyboardInterrupt must still stop the call, not end inside the logging.
    class Interrupting(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise KeyboardInterrupt

    logger = logging.getLogger("gradebridge")
    handler = Interrupting()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    sandbox.faults(rate_limit_next=1000, retry_after_secs=30)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            fast(sandbox).get_class(1001)
        took = time.monotonic() - started
        assert took < 10, f"the interrupt took {took:.1f} s (the server asked for 30)"
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        sandbox.faults()


def test_user_agent_headers_and_proxy(sandbox: Sandbox) -> None:
    version = gradebridge.__version__
    ManageBac(sandbox.token, base_url=sandbox.url).get_class(1001)
    ManageBac(
        sandbox.token,
        base_url=sandbox.url,
        user_agent="nightly-sync/2.3",
        headers={"X-School": "Lycee Voltaire"},
    ).get_class(1001)
    log = sandbox.stats()["log"]
    assert log[0]["user_agent"] == f"gradebridge/{version}"
    assert log[1]["user_agent"] == f"gradebridge/{version} nightly-sync/2.3"
    assert log[1]["x_headers"] == {"x-school": "Lycee Voltaire"}
    for headers, field in [({"Authorization": "Bearer x"}, "headers.Authorization"), ({"X-A": "a\nb"}, "headers.X-A")]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            ManageBac("t", headers=headers)
        assert e.value.field == field
    # The sandbox stands in for a forward proxy: nothing listens at the base URL.
    via = ManageBac(sandbox.token, base_url="http://127.0.0.1:9", proxy=sandbox.url, retry=Retry(max_retries=0))
    assert via.get_class(1001).id == 1001
    with pytest.raises(gradebridge.InvalidInputError) as e:
        ManageBac("t", proxy="::nope")
    assert e.value.field == "proxy"
