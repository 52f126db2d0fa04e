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


def test_timestamps_read_as_text_with_a_datetime(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    a = next(iter(mb.class_grades(1001, 2601))).assignments[0]
    due = a.due_date
    assert isinstance(due, gradebridge.Timestamp) and isinstance(due, str)
    # The text, as the API sent it, and what to_dict / JSON give back.
    assert due == a.to_dict()["due_date"] and json.loads(a.to_json())["due_date"] == due
    assert due.datetime is not None and due.datetime.tzinfo is not None
    assert due.datetime.isoformat().replace("+00:00", "Z").startswith(due[:19])
    assert repr(due) == f"Timestamp({str(due)!r})"

    T = gradebridge.Timestamp
    assert T("2025-05-08T21:10:00+03:00").datetime == dt.datetime(
        2025, 5, 8, 21, 10, tzinfo=dt.timezone(dt.timedelta(hours=3))
    )
    assert T("2023-04-25T14:05:00.123Z").datetime == dt.datetime(2023, 4, 25, 14, 5, 0, 123000, tzinfo=dt.timezone.utc)
    # A zone abbreviation or no zone: the time as written, naive.
    assert T("2017-11-06T04:35:00.000GST").datetime == dt.datetime(2017, 11, 6, 4, 35)
    assert T("2025-10-01").datetime == dt.datetime(2025, 10, 1)
    assert T("next tuesday").datetime is None
    # It pickles and copies as itself, and a datetime is accepted back on writes.
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(due)) == due and type(pickle.loads(pickle.dumps(due))) is T
    assert copy.deepcopy(a).due_date == due
    assert gradebridge.AssignmentGrade(id=1, due_date=due.datetime).due_date.datetime == due.datetime


def test_weighted_average_over_what_the_api_returns(sandbox: Sandbox) -> None:
    mb = ManageBac(sandbox.token, base_url=sandbox.url)
    checked = 0
    for class_id in (1001, 1002, 1003):
        categories = mb.task_categories(class_id)
        tasks = mb.tasks(class_id)  # an iterator: read once, as given
        class_tasks = list(tasks)
        term = {s.id: s.term_grade for s in mb.term_grades(class_id, 2601)}
        for student in mb.class_grades(class_id, 2601):
            avg = gradebridge.weighted_average(student.assignments, categories, class_tasks=class_tasks, decimals=1)
            reported = term[student.id].average.percent if term[student.id] and term[student.id].average else None
            assert (float(avg["percent"]) if avg["percent"] is not None else None) == reported, student.id
            checked += reported is not None
            # Category ids are integers in ManageBac: they key the result as text.
            assert {c["category"] for c in avg["categories"]} <= {str(c.id) for c in categories}
    assert checked >= 20
    # Iterators work too (the class's tasks straight from the client).
    student = next(iter(mb.class_grades(1001, 2601)))
    assert gradebridge.weighted_average(
        student.assignments, mb.task_categories(1001), class_tasks=mb.tasks(1001)
    ) == gradebridge.weighted_average(student.assignments, mb.task_categories(1001), class_tasks=list(mb.tasks(1001)))
    # Integer category keys in plain dicts.
    got = gradebridge.weighted_average(
        [{"category": 1, "score": 5, "max_points": 10}], [{"category": 1, "weight": 100}]
    )
    assert got["percent"] == Decimal("50")
    # Without the class's tasks, the assignment's category is unknown: said so.
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.weighted_average(student.assignments, mb.task_categories(1001))
    assert e.value.field == "tasks[0]" and "class_tasks" in str(e.value)
