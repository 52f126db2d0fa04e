"""ManageBac OAuth2 client credentials and regions from Python: one token request for
many calls, renewal after expiry, secrets out of reprs and errors."""

from __future__ import annotations

import asyncio
import logging

import gradebridge
import pytest
from conftest import Sandbox

CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"


def test_concurrent_calls_share_one_token(sandbox: Sandbox) -> None:
    async def run() -> None:
        amb = gradebridge.AsyncManageBac(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=sandbox.url)
        students = await asyncio.gather(*(amb.get_student(5001 + i % 30) for i in range(50)))
        assert len(students) == 50

    asyncio.run(run())
    assert sandbox.stats()["tokens_issued"] == 1


def test_an_expired_token_is_renewed(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=sandbox.url)
    assert mb.ping() == "ok"
    sandbox.control("POST", "/__sandbox/expire-tokens")
    assert mb.ping() == "ok"
    assert sandbox.stats()["tokens_issued"] == 2


def test_secrets_never_show(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    mb = gradebridge.ManageBac(client_id=CLIENT_ID, client_secret="wrong-secret-value", base_url=sandbox.url)
    with pytest.raises(gradebridge.AuthenticationError) as e:
        mb.ping()
    assert e.value.platform == "managebac"
    for shown in (str(e.value), repr(e.value), repr(mb), caplog.text):
        assert "wrong-secret-value" not in shown
    op = gradebridge.Operation("ping")
    r = op.request(settings={"client_id": "a", "client_secret": "s3cret-value"}, bearer="b-token-value")
    assert dict(r.headers)["authorization"] == "Bearer b-token-value"
    assert "b-token-value" not in repr(r)


def test_settings_errors_name_the_setting() -> None:
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.ManageBac()
    assert e.value.field == "token"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.ManageBac(client_id="x")
    assert e.value.field == "client_secret"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.ManageBac("t", region="eu")
    assert e.value.field == "region" and "us1" in str(e.value)
    assert gradebridge.ManageBac("t", region="us1").base_url == "https://api.us.managebac.com"
