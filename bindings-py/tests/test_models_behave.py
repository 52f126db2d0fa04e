"""Models behave like Python values: pickle, copy, deepcopy, ==, to_dict, to_json."""

from __future__ import annotations

import copy
import gc
import json
import pickle
from typing import Any

import gradebridge


def test_models_pickle_copy_and_compare(sandbox: Any) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    task = mb.get_task(1001, 70001)
    for clone in (pickle.loads(pickle.dumps(task)), copy.copy(task), copy.deepcopy(task)):
        assert clone == task and clone is not task
        assert type(clone) is gradebridge.Task
    assert json.loads(task.to_json()) == task.to_dict()
    grades = list(mb.class_grades(1001, 2601))
    assert pickle.loads(pickle.dumps(grades)) == grades
    sg = gradebridge.Schoology("sandbox-consumer-key", "sandbox-consumer-secret", base_url=sandbox.url + "/v1")
    a = next(iter(sg.assignments(9001)))
    b = pickle.loads(pickle.dumps(a))
    assert b == a and b.type == "assignment"


def test_an_attribute_read_twice_is_the_same_object(sandbox: Any) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    s = next(iter(mb.class_grades(1001, 2601)))
    # Nested lists, nested models and timestamps are converted once, then kept.
    assert s.assignments is s.assignments
    assert s.assignments[0] is s.assignments[0]
    a = s.assignments[0]
    assert a.due_date is a.due_date
    task = mb.get_task(1001, 70001)
    assert task.category is task.category and task.unit is task.unit
    assert task.assigned_students is task.assigned_students
    # Scalars read as before; the values agree with to_dict, before and after.
    assert [x.score for x in s.assignments] == [x.get("score") for x in s.to_dict()["assignments"]]
    # A copy, a pickle round trip and from_dict start with nothing kept.
    for other in (copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s)), gradebridge.StudentGrades.from_dict(s.to_dict())):
        assert other == s and other.assignments is not s.assignments and other.assignments == s.assignments
    # Still read-only: a field cannot be set, nor a new attribute added.
    for name in ("assignments", "id", "extra"):
        try:
            setattr(s, name, [])
            raise AssertionError(f"{name} was set on a model")
        except AttributeError:
            pass


def test_a_nested_model_outlives_the_model_it_was_read_from() -> None:
    # Nested models borrow their values from the top-level model's (no copy): one
    # kept alone keeps them, and reads the same as before.
    body = json.dumps(
        {"students": [{"id": 1, "name": "Ana", "assignments": [{"id": i, "name": f"T{i}", "score": i} for i in range(3)]}]}
    ).encode()
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    items = op.parse(200, [], body).items
    kept = items[0].assignments[2]
    expected = kept.to_dict()
    del items
    gc.collect()
    assert kept.to_dict() == expected == {"id": 2, "name": "T2", "score": 2}
    assert (kept.id, kept.name, kept.score) == (2, "T2", 2)
    assert kept == gradebridge.AssignmentGrade.from_dict(expected)
    task = gradebridge.Task.from_dict({"id": 7, "category": {"id": 3, "name": "Essay"}})
    category = task.category
    del task
    gc.collect()
    assert category is not None and (category.id, category.name) == (3, "Essay")
    assert copy.deepcopy(category) == category


def test_decoded_models_cost_the_gc_nothing_until_they_hold_a_list() -> None:
    body = json.dumps(
        {"students": [{"id": 1, "assignments": [{"id": 2, "score": 3, "due_date": "2023-04-25"}]}]}
    ).encode()
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    s = op.parse(200, [], body).items[0]
    # Built untracked: a page of task results is nothing the GC walks.
    assert not gc.is_tracked(s)
    a = s.assignments[0]
    assert not gc.is_tracked(a) and a.score == 3
    # Nor once it keeps a timestamp (text, which can be in no cycle).
    assert isinstance(a.due_date, gradebridge.Timestamp) and not gc.is_tracked(a.due_date)
    assert not gc.is_tracked(a)
    # A model with only scalar fields, or whose kept fields are leaf values
    # (timestamps, grades), is no GC type at all; one that keeps lists is.
    have_gc = 1 << 14  # Py_TPFLAGS_HAVE_GC
    assert not gc.is_tracked(gradebridge.PageMeta(current_page=1))
    assert not type(a).__flags__ & have_gc and not gradebridge.PageMeta.__flags__ & have_gc
    assert type(s).__flags__ & have_gc
    made = gradebridge.AssignmentGrade(id=5, due_date="2024-01-01", group_mark="B")
    assert made.group_mark == "B" and not gc.is_tracked(made)
    # Holding a list (which the caller could append the model to), it is tracked,
    # and the GC sees the list through it.
    assert gc.is_tracked(s) and s.assignments in gc.get_referents(s)
    # So a cycle through a kept list is collected.
    gc.collect()
    s.assignments.append(s)
    del s, a
    assert gc.collect() >= 2


def test_from_dict_reads_api_data_as_answers_are_read_and_input_strictly() -> None:
    # A model the API answers with: numbers as text coerced, unknown keys ignored.
    t = gradebridge.Task.from_dict({"id": "70001", "name": 5, "added_next_year": True, "category": {"id": "3"}})
    assert t.id == 70001 and t.name == "5" and t.category is not None and t.category.id == 3
    # What a caller writes: unknown keys refused, naming them.
    try:
        gradebridge.StudentTaskGrade.from_dict({"id": 1, "task_grade": {"pionts": 5}})
        raise AssertionError("an unknown key was accepted")
    except gradebridge.InvalidInputError as e:
        assert e.field == "task_grade.pionts"


def test_number_fields_keep_their_values_and_types_when_shared() -> None:
    # Numbers are Python objects made with the model; equal ones seen recently are one
    # shared object (ints and floats are immutable). Values, types and signs as sent.
    scores = [0.0, -0.0, 7.0, 7.5, 1e300, 5e-324, 10.0, 10.0, 2.0**53 + 2, -3.25]
    ids = [1, -7, 256, 257, 2**40, -(2**62), 2**63 - 1, 18_000_000, 18_000_000, 0]
    body = json.dumps(
        {"students": [
            {"id": 12_000_000 + s, "assignments": [
                {"id": i, "score": x, "max_points": 10.0, "due_date_extension_days": i}
                for i, x in zip(ids, scores)
            ]} for s in range(3)
        ]}
    ).encode()
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    students = op.parse(200, [], body).items
    for n, s in enumerate(students):
        assert s.id == 12_000_000 + n and type(s.id) is int
        got = [(a.id, a.score, a.max_points, a.due_date_extension_days) for a in s.assignments]
        assert got == [(i, x, 10.0, i) for i, x in zip(ids, scores)]
        for a, x in zip(s.assignments, scores):
            assert type(a.score) is float and type(a.id) is int and type(a.max_points) is float
            assert str(a.score) == str(x)  # -0.0 stays -0.0
    # The same maximum in every task result of every student: one object.
    maxima = {id(a.max_points) for s in students for a in s.assignments}
    assert len(maxima) == 1
    # None stays None; an absent number is None.
    empty = gradebridge.AssignmentGrade.from_dict({"id": 2**40})
    assert empty.score is None and empty.id == 2**40


def test_number_fields_are_right_from_many_threads_at_once() -> None:
    import threading

    body = json.dumps(
        {"students": [{"id": s, "assignments": [{"id": 1000 + t, "score": s * 0.5 + t} for t in range(20)]} for s in range(200)]}
    ).encode()
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    failures: list = []

    def work() -> None:
        for _ in range(20):
            for s in op.parse(200, [], body).items:
                for t, a in enumerate(s.assignments):
                    if (a.id, a.score) != (1000 + t, s.id * 0.5 + t):
                        failures.append((s.id, t, a.id, a.score))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
