"""Python accepts what Python users hold: Decimal for points, datetime and date for
times (sent as ISO 8601 text); a non-finite Decimal is refused naming the field."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import gradebridge
from gradebridge import ManageBac

from conftest import Sandbox


def test_decimal_points_and_datetime_due_dates(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    task = next(iter(mb.tasks(1001, term_id=2601)))
    grade = mb.update_task_grade(task.id, 5001, {"points": Decimal("7.5"), "comment": "ok"})
    assert grade.points == 7.5
    assert sandbox.grade(task.id, 5001)["points"] == 7.5
    outcomes = mb.update_task_grades(task.id, [gradebridge.StudentTaskGrade(id=5002, task_grade=gradebridge.TaskGrade(points=Decimal("3")))])
    assert outcomes[0].ok
    due = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    op = gradebridge.Operation("create_task", {"class_id": 1001, "task": {"name": "Essay", "due_date": due}})
    body = op.request("tok").body
    assert body is not None and json.loads(body)["core_task"]["due_date"] == "2026-03-02T15:00:00+01:00"
    op = gradebridge.Operation("create_task", {"class_id": 1001, "task": {"name": "Essay", "due_date": dt.date(2026, 3, 2)}})
    body = op.request("tok").body
    assert body is not None and json.loads(body)["core_task"]["due_date"] == "2026-03-02"
    created = mb.create_task(1001, {"name": "Dated", "due_date": due})
    assert created.name == "Dated"
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            mb.update_task_grade(task.id, 5001, {"points": bad})
        assert e.value.field == "grade.points"
