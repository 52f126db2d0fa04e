"""The grade sync from Python: the same plan and apply as ``gradebridge sync``.

>>> from gradebridge import sync
>>> ledger = sync.Ledger("sync.ledger.sqlite")      # or sync.Ledger() in memory
>>> plan = sync.plan("sync.toml", ledger=ledger)    # nothing written
>>> print(plan.table)
>>> report = sync.apply("sync.toml", ledger=ledger, progress=lambda p: print(p.done, p.total, p.phase))
>>> sync.plan("sync.toml", ledger=ledger).changes   # []

``config`` is the path of a TOML config (see ``examples/sync/``) or the same as a
dict. Secrets are read from the environment variables the config names
(``token_env``, ``secret_env``, ``consumer_secret_env``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from . import _native

__all__ = ["Change", "Failure", "Ledger", "Plan", "Progress", "Report", "Summary", "Unmatched", "apply", "plan"]

Config = Union[str, "os.PathLike[str]", Mapping[str, Any]]


@dataclass(frozen=True)
class Change:
    """One write: class, target (course or section), action, task, student, old -> new, why."""

    class_: str
    target: str
    action: str
    task: Optional[str]
    student: Optional[str]
    old: Optional[str]
    new: str
    why: str
    write: Dict[str, Any] = field(repr=False)

    @staticmethod
    def _from(d: Mapping[str, Any]) -> "Change":
        return Change(d["class"], d["target"], d["action"], d.get("task"), d.get("student"), d.get("old"), d["new"], d["why"], dict(d["write"]))


@dataclass(frozen=True)
class Unmatched:
    """Someone or something that could not be matched (listed, never skipped silently)."""

    class_: str
    who: str
    why: str


@dataclass(frozen=True)
class Summary:
    """Counts of a plan."""

    classes: int
    changes: int
    by_action: Dict[str, int]
    unchanged: int
    unmatched: int


@dataclass(frozen=True)
class Plan:
    """What a sync would write: ``changes`` in apply order, ``unmatched``, ``summary``,
    and ``table`` (what ``gradebridge sync plan`` prints)."""

    direction: str
    changes: List[Change]
    unmatched: List[Unmatched]
    summary: Summary
    table: str = field(repr=False)

    @staticmethod
    def _from(d: Mapping[str, Any], table: str) -> "Plan":
        return Plan(
            d["direction"],
            [Change._from(c) for c in d["changes"]],
            [Unmatched(u["class"], u["who"], u["why"]) for u in d["unmatched"]],
            Summary(**d["summary"]),
            table,
        )


@dataclass(frozen=True)
class Progress:
    """Where an apply stands: writes done of total, and the phase."""

    done: int
    total: int
    phase: str


@dataclass(frozen=True)
class Failure:
    """A write that failed, with its platform's reason."""

    change: Change
    reason: str


@dataclass(frozen=True)
class Report:
    """What an apply did: ``written``, ``failed`` (each with its reason), ``requests``
    made to the target, the ledger's ``run`` id; ``ok`` when nothing failed."""

    run: int
    written: int
    failed: List[Failure]
    requests: int
    plan: Plan = field(repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed


class Ledger:
    """What was written where: a SQLite file (WAL) for a job that runs every night, or
    in memory (``Ledger()``). Grades Journey cannot be read back, so the ledger is how
    the next plan knows what Blackboard holds."""

    def __init__(self, path: Optional[Union[str, "os.PathLike[str]"]] = None) -> None:
        self._native = _native.SyncLedger(None if path is None else os.fspath(path))

    def runs(self) -> List[Dict[str, Any]]:
        """Past runs, newest first: id, direction, started, finished, written, failed."""
        return self._native.runs()

    def __repr__(self) -> str:
        return repr(self._native)


def _config(config: Config) -> Any:
    return os.fspath(config) if isinstance(config, (str, os.PathLike)) else dict(config)


def plan(config: Config, *, ledger: Optional[Ledger] = None) -> Plan:
    """Read both sides and plan; nothing is written."""
    led = ledger if ledger is not None else Ledger()
    text, table = _native.sync_plan(_config(config), led._native)
    return Plan._from(json.loads(text), table)


def apply(
    config: Config,
    *,
    ledger: Optional[Ledger] = None,
    progress: Optional[Callable[[Progress], Any]] = None,
    allow_unmatched: bool = False,
) -> Report:
    """Plan, then write it in the largest batches, recording each batch's outcomes in
    ``ledger``; ``progress`` is called after each batch. Raises ``InvalidInputError``
    (field ``unmatched``) without writing anything when people or classes cannot be
    matched, unless ``allow_unmatched``."""
    led = ledger if ledger is not None else Ledger()
    cb = None if progress is None else (lambda done, total, phase: progress(Progress(done, total, phase)))
    plan_text, report_text = _native.sync_apply(_config(config), led._native, cb, allow_unmatched)
    p = Plan._from(json.loads(plan_text), "")
    r = json.loads(report_text)
    return Report(
        r["run"],
        r["written"],
        [Failure(Change._from(f["change"]), f["reason"]) for f in r["failed"]],
        r["requests"],
        p,
    )
