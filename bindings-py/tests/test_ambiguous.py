"""A write whose answer was lost after it was applied says so (``maybe_applied``);
one that never left does not."""

from __future__ import annotations

import socket

import gradebridge
import pytest
from conftest import Sandbox


def test_maybe_applied(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    sandbox.faults(drop_after_write_next=1)
    with pytest.raises(gradebridge.TransportError) as e:
        mb.create_task(1001, {"name": "Lost answer"})
    assert e.value.maybe_applied is True
    assert "may have been applied" in str(e.value)
    assert sum(1 for t in sandbox.state()["tasks"] if t["task"]["name"] == "Lost answer") == 1


def test_never_sent_is_not_maybe_applied() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mb = gradebridge.ManageBac("tok", base_url=f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(gradebridge.TransportError) as e:
        mb.create_task(1001, {"name": "Never sent"})
    assert e.value.maybe_applied is False
