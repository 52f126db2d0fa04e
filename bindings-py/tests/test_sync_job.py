"""The grade sync from Python against the sandbox binary: plan, apply with progress,
plan again is empty; the ledger on disk carries it across calls; unmatched people
stop it before anything is written; the console script runs the same command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest

import gradebridge
from gradebridge import sync


def config(sandbox: Any, **grades: Any) -> dict:  # type: ignore[type-arg]
    return {
        "direction": "managebac-to-blackboard",
        "term_id": 2601,
        "managebac": {"base_url": sandbox.url, "token": "sandbox-token"},
        "blackboard": {"host": sandbox.url, "key": "sandbox-bb-key", "secret": "sandbox-bb-secret"},
        "classes": {"match": "uniq_id"},
        "grades": grades,
    }


def test_plan_apply_plan_again(sandbox: Any, tmp_path: Path) -> None:
    ledger = sync.Ledger(tmp_path / "ledger.sqlite")
    cfg = config(sandbox, term_grade_column="Term 1 grade")
    plan = sync.plan(cfg, ledger=ledger)
    assert plan.summary.classes == 3
    assert plan.changes and plan.changes[0].action == "create column"
    assert "set grade" in plan.table
    seen: List[sync.Progress] = []
    report = sync.apply(cfg, ledger=ledger, progress=seen.append)
    assert report.ok and report.written == len(plan.changes), report.failed
    assert seen[-1].done == seen[-1].total == len(plan.changes)
    received = sandbox.control("GET", "/__sandbox/blackboard")["courses"]["GB1001"]["external"]
    assert received == "Term 1 grade"
    # A new ledger object on the same file knows what was sent.
    again = sync.plan(cfg, ledger=sync.Ledger(tmp_path / "ledger.sqlite"))
    assert again.changes == [] and again.table.startswith("nothing to do")
    assert ledger.runs()[0]["written"] == len(plan.changes)


def test_a_scale_is_sent_as_symbols_with_its_schema(sandbox: Any) -> None:
    ib = "7=84:6=70:5=57:4=44:3=32:2=19:1=0"
    cfg = config(sandbox, value="scale", scale=ib, scale_title="IB 1-7")
    ledger = sync.Ledger()
    plan = sync.plan(cfg, ledger=ledger)
    schemas = [c for c in plan.changes if c.action == "create grade schema"]
    assert [(c.task, c.new) for c in schemas] == [("IB 1-7", ib)]
    scale = gradebridge.GradeScale.from_blackboard_symbols(ib)
    grades = [c for c in plan.changes if c.action == "set grade"]
    assert grades and {c.new for c in grades} <= set("1234567")
    report = sync.apply(cfg, ledger=ledger)
    assert report.ok, report.failed
    held = sandbox.control("GET", "/__sandbox/blackboard")
    assert held["schemas"]["IB 1-7"]["symbols"] == scale.to_blackboard_symbols() == ib
    assert all(c["gradeSchema"] == "IB 1-7" for c in held["courses"]["GB1001"]["columns"].values())
    assert sync.plan(cfg, ledger=ledger).changes == []
    with pytest.raises(gradebridge.InvalidInputError) as e:
        sync.plan(config(sandbox, value="scale", scale="A=90:B 80"))
    assert e.value.field == "grades.scale"


def test_unmatched_people_stop_the_apply(sandbox: Any) -> None:
    cfg = config(sandbox)
    cfg["people"] = {"match": "email"}
    cfg["classes"] = {"pairs": {"1001": "GB1001", "4242": "NOPE"}}
    plan = sync.plan(cfg)
    assert [u.who for u in plan.unmatched] == ["class 4242"]
    with pytest.raises(gradebridge.InvalidInputError) as e:
        sync.apply(cfg)
    assert e.value.field == "unmatched"
    assert not [x for x in sandbox.stats()["log"] if x["method"] == "POST"]
    with pytest.raises(gradebridge.InvalidInputError) as e:
        sync.plan({**cfg, "grades": {"value": "letters"}})
    assert e.value.field == "grades.value"


def test_console_script(sandbox: Any, tmp_path: Path) -> None:
    path = tmp_path / "sync.toml"
    path.write_text(
        'direction = "managebac-to-blackboard"\nterm_id = 2601\n'
        f'[managebac]\nbase_url = "{sandbox.url}"\ntoken_env = "GB_TOKEN"\n'
        f'[blackboard]\nhost = "{sandbox.url}"\nkey = "sandbox-bb-key"\nsecret_env = "GB_SECRET"\n'
        '[classes]\nmatch = "uniq_id"\n'
    )
    script = Path(sys.executable).with_name("gradebridge")
    cmd = [str(script)] if script.exists() else [sys.executable, "-c", "from gradebridge._cli import main; main()"]
    env = {**os.environ, "GB_TOKEN": "sandbox-token", "GB_SECRET": "sandbox-bb-secret"}
    out = subprocess.run([*cmd, "sync", "apply", "--config", str(path)], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "0 failed" in out.stdout
    out = subprocess.run([*cmd, "sync", "plan", "--config", str(path)], env=env, capture_output=True, text=True)
    assert out.stdout.startswith("nothing to do"), out.stdout
    bad = subprocess.run([*cmd, "sync", "plan", "--config", str(tmp_path / "missing.toml")], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "cannot read" in bad.stderr
