"""``with`` / ``async with`` and ``close()`` / ``aclose()``: the block closes the
client, and a closed client says so instead of sending anything."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import gradebridge


def test_with_closes_the_client(sandbox: Any) -> None:
    with gradebridge.ManageBac(sandbox.token, base_url=sandbox.url) as mb:
        assert mb.ping() == "ok"
    assert "closed" in repr(mb)
    assert mb.base_url == sandbox.url
    with pytest.raises(gradebridge.GradebridgeError, match="closed"):
        mb.ping()
    mb.close()  # closing twice is fine


def test_async_with_closes_the_client(sandbox: Any) -> None:
    async def run() -> None:
        async with gradebridge.AsyncSchoology(
            "sandbox-consumer-key", "sandbox-consumer-secret", base_url=sandbox.url + "/v1"
        ) as sg:
            assert (await sg.get_user(60001)).school_uid == "S5001"
        with pytest.raises(gradebridge.GradebridgeError, match="closed"):
            await sg.get_user(60001)

    asyncio.run(run())
