"""Every operation with the blocking client, checked against the sandbox's state."""

from __future__ import annotations

import gradebridge
import pytest
from gradebridge import ManageBac

from conftest import Sandbox


@pytest.fixture
def mb(sandbox: Sandbox) -> ManageBac:
    return ManageBac(sandbox.token, base_url=sandbox.url)


def test_classes_and_get_class(mb: ManageBac, sandbox: Sandbox) -> None:
    classes = list(mb.classes())
    assert [c.id for c in classes] == [1001, 1002, 1003]
    assert all(isinstance(c, gradebridge.Class) for c in classes)
    one = mb.get_class(class_id=1002)
    assert one == classes[1]
    assert one.applicable_levels == ["HL", "SL"]
    assert one.teachers[0].teacher_id == 1961
    assert one.to_dict()["name"] == sandbox.state()["classes"]["1002"]["class"]["name"]


def test_tasks_get_task_and_results(mb: ManageBac, sandbox: Sandbox) -> None:
    tasks = list(mb.tasks(1001, term_id=2601))
    expected = [t["id"] for t in sandbox.state()["tasks"] if t["class_id"] == 1001 and t["term_id"] == 2601]
    assert [t.id for t in tasks] == expected
    assert len(list(mb.tasks(class_id=1001))) == 8
    task = mb.get_task(class_id=1001, task_id=tasks[0].id)
    assert task.name == tasks[0].name
    assert task.category is not None and task.category.weight == 20
    assert task.assessments is not None and task.assessments.points is not None
    results = list(mb.task_results(1001, tasks[0].id))
    assert len(results) == 24
    first = results[0]
    assert first.assessments is not None and first.assessments.points is not None
    grade = sandbox.grade(tasks[0].id, first.id)
    assert first.assessments.points.score == (grade["points"] if grade else None)


def test_class_grades_match_the_state(mb: ManageBac, sandbox: Sandbox) -> None:
    students = list(mb.class_grades(class_id=1001, term_id=2601))
    assert len(students) == 24
    s = students[0]
    assert isinstance(s, gradebridge.StudentGrades)
    for a in s.assignments:
        assert a.score == sandbox.grade(a.id, s.id)["points"]
        assert a.max_points is not None and a.max_points > 0
        assert isinstance(a.group_mark, int)


def test_term_grades_with_filters(mb: ManageBac) -> None:
    assert len(list(mb.term_grades(1001, 2601))) == 24
    some = list(mb.term_grades(1001, 2601, student_ids=[5002, 5003]))
    assert [s.id for s in some] == [5002, 5003]
    # "grade": "5" beside "grade": 5 reads as the same number.
    for s in some:
        assert s.term_grade is not None and s.term_grade.average is not None
        assert s.term_grade.grade == s.term_grade.average.grade
        assert isinstance(s.term_grade.average.grade, int)
    assert [s.id for s in mb.term_grades(1001, 2601, unenrolled_only=True)] == [5025]
    assert len(list(mb.term_grades(1002, 2601, include_archived_students=True))) == 30


def test_criteria_and_categories(mb: ManageBac) -> None:
    criteria = mb.criteria(1001)
    assert [c.title for c in criteria] == ["Criterion A", "Criterion B", "Criterion C", "Criterion D"]
    cats = mb.task_categories(class_id=1001)
    assert sum(c.weight or 0 for c in cats) == 100


def test_task_lifecycle_with_models_and_dicts(mb: ManageBac, sandbox: Sandbox) -> None:
    created = mb.create_task(
        1001,
        gradebridge.TaskInput(
            name="Lab report",
            due_date="2026-03-02T15:00:00",
            assessments=gradebridge.TaskAssessmentsInput(points=gradebridge.PointsInput(enabled=True, max_points=40)),
        ),
    )
    assert created.name == "Lab report"
    state = {t["id"]: t for t in sandbox.state()["tasks"]}
    assert state[created.id]["term_id"] == 2602
    updated = mb.update_task(1001, created.id, {"notes": "Bring goggles"})
    assert updated.notes == "Bring goggles" and updated.name == "Lab report"
    mb.delete_task(class_id=1001, task_id=created.id)
    assert created.id not in {t["id"] for t in sandbox.state()["tasks"]}
    with pytest.raises(gradebridge.NotFoundError) as e:
        mb.get_task(1001, created.id)
    assert e.value.status == 404


def test_grade_writes_and_partial_failure(mb: ManageBac, sandbox: Sandbox) -> None:
    g = mb.update_task_grade(70001, 5001, gradebridge.TaskGrade(points=30, comment="Excellent"))
    assert g.points == 30
    assert sandbox.grade(70001, 5001)["points"] == 30
    outcomes = mb.update_task_grades(
        task_id=70001,
        grades=[
            gradebridge.StudentTaskGrade(id=5002, task_grade=gradebridge.TaskGrade(points=31)),
            {"id": 5003, "task_grade": {"points": 99}},
            {"id": 5029, "task_grade": {"points": 10}},
        ],
    )
    assert [(o.id, o.ok, o.status) for o in outcomes] == [
        (5002, True, "ok"),
        (5003, False, "unprocessable_entity"),
        (5029, False, "not_found"),
    ]
    assert outcomes[1].errors == {"points": ["must be less than or equal to 32"]}
    assert sandbox.grade(70001, 5002)["points"] == 31
    assert sandbox.grade(70001, 5003)["points"] != 99
    reset = mb.reset_task_grades(70001, [5002, 5029])
    assert [(o.id, o.ok) for o in reset] == [(5002, True), (5029, False)]
    assert sandbox.grade(70001, 5002) is None


def test_class_writes(mb: ManageBac, sandbox: Sandbox) -> None:
    created = mb.create_class(gradebridge.ClassInput(name="IB DP Biology", program="diploma"))
    assert created.program_code == "diploma"
    updated = mb.update_class(created.id, {"description": "Field work"})
    assert updated.description == "Field work"
    outcomes = mb.upsert_classes([{"id": created.id, "archived": True}, {"name": "New class"}, {"id": 424242, "name": "x"}])
    assert [(o.index, o.ok) for o in outcomes] == [(0, True), (1, True), (2, False)]
    assert outcomes[0].class_ is not None and outcomes[0].class_.archived is True
    assert [c.id for c in mb.classes(archived=True)] == [created.id]
    assert mb.add_class_students(1003, [5001, 5002]).status == "ok"
    assert 5001 in sandbox.state()["classes"]["1003"]["members"]
    mb.remove_class_students(class_id=1003, student_ids=[5001])
    assert 5001 not in sandbox.state()["classes"]["1003"]["members"]
    levels = mb.update_class_students(1001, [gradebridge.StudentLevel(id=5001, level="SL"), {"id": 5002, "level": "XL"}])
    assert [o.status for o in levels] == ["ok", "unprocessable_entity"]
    assert sandbox.state()["classes"]["1001"]["levels"]["5001"] == "SL"


def test_pagination_over_several_pages_with_a_short_one(mb: ManageBac, sandbox: Sandbox) -> None:
    sandbox.faults(short_page=2)
    it = mb.class_grades(1002, 2601, per_page=10)
    first = next(it)
    assert sandbox.stats()["requests"] == 1, "lazy: one page fetched"
    rest = list(it)
    ids = [first.id] + [s.id for s in rest]
    assert len(ids) == len(set(ids)) == 29
    members = set(sandbox.state()["classes"]["1002"]["members"]) - {5030}
    assert set(ids) == members
    assert sandbox.stats()["requests"] == 4


def test_models_repr_eq_to_dict(mb: ManageBac) -> None:
    task = mb.get_task(1001, 70001)
    again = mb.get_task(1001, 70001)
    assert task == again and task is not again
    assert repr(task).startswith("Task(id=70001, name=")
    d = task.to_dict()
    assert d["id"] == 70001 and gradebridge.Task.from_dict(d) == task
