"""Conformance fixes seen from Python: an empty string is sent on purpose (and not
setting a field sends nothing), a class without a name, resetting a whole task by
its own name, create-only fields refused on update, zone abbreviations."""

from __future__ import annotations

import json

import gradebridge
import pytest
from conftest import Sandbox


def test_empty_string_clears_and_unset_sends_nothing(sandbox: Sandbox) -> None:
    op = gradebridge.Operation("update_task_grade", {"task_id": 1, "student_id": 2, "grade": {"points": "", "comment": "x"}})
    body = op.request("t").body
    assert body is not None and json.loads(body) == {"task_grade": {"points": "", "comment": "x"}}
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    student = next(r["student_id"] for r in sandbox.state()["results"] if r["task_id"] == 70001 and "points" in (r["grade"] or {}))
    answer = mb.update_task_grade(70001, student, {"points": "", "comment": "cleared"})
    assert answer.comment == "cleared"
    grade = sandbox.grade(70001, student)
    assert "points" not in grade and grade["comment"] == "cleared"
    g = gradebridge.TaskGrade(points="", is_late="")
    assert g.points == "" and g.is_late == "" and g.to_dict() == {"points": "", "is_late": ""}
    assert gradebridge.TaskGrade(comment="y").to_dict() == {"comment": "y"}


def test_class_without_a_name_and_reset_all(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    created = mb.create_class({"program": "myp"})
    assert created.name
    outcomes = mb.reset_all_task_grades(70001)
    assert outcomes and all(o.ok for o in outcomes)
    assert all(r["task_id"] != 70001 for r in sandbox.state()["results"])
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.update_class(1001, {"start_term_id": 2601})
    assert e.value.field == "class.start_term_id"
    req = gradebridge.Operation("classes", {"modified_since": "2017-11-06T04:35:00.000TRT"}).request("t")
    assert "TRT" in req.url
