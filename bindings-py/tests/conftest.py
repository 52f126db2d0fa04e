"""Start the sandbox binary on a free port for the whole session; reset it per test."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
TOKEN = "sandbox-token"


def sandbox_binary() -> Path:
    env = os.environ.get("GRADEBRIDGE_SANDBOX_BIN")
    if env:
        return Path(env)
    path = ROOT / "target" / "debug" / "gradebridge-sandbox"
    if not path.exists():
        subprocess.run(["cargo", "build", "-p", "gradebridge-sandbox"], cwd=ROOT, check=True)
    return path


class Sandbox:
    def __init__(self, url: str) -> None:
        self.url = url
        self.token = TOKEN

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("content-type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"null")

    def faults(self, **faults: Any) -> None:
        self.control("PUT", "/__sandbox/faults", faults)

    def rate_limit(self, limit: Any, period_secs: int = 60) -> None:
        self.control("PUT", "/__sandbox/rate-limit", {"limit": limit, "period_secs": period_secs})

    def stats(self) -> Dict[str, Any]:
        return self.control("GET", "/__sandbox/stats")  # type: ignore[no-any-return]

    def state(self) -> Dict[str, Any]:
        return self.control("GET", "/__sandbox/state")  # type: ignore[no-any-return]

    def grade(self, task_id: int, student_id: int) -> Any:
        for r in self.state()["results"]:
            if r["task_id"] == task_id and r["student_id"] == student_id:
                return r["grade"]
        return None

    def reset(self) -> None:
        self.control("POST", "/__sandbox/reset")


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    proc = subprocess.Popen(
        [str(sandbox_binary()), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("listening on "), line
    try:
        yield Sandbox(line[len("listening on ") :])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    sandbox_server.reset()
    yield sandbox_server
    sandbox_server.reset()


def fixture_bytes(rel: str) -> bytes:
    return (FIXTURES / rel).read_bytes()
