"""Sans-IO: build requests and parse responses without the built-in client, with the
fixtures the Rust tests use."""

from __future__ import annotations

import json

import gradebridge
import pytest

from conftest import fixture_bytes


def test_build_requests_exactly() -> None:
    req = gradebridge.Operation("class_grades", {"class_id": 10, "term_id": 20, "per_page": 50}).request("tok")
    assert req.method == "GET"
    assert req.url == "https://api.managebac.com/v2/classes/10/assessments/term/20/grades?per_page=50"
    assert req.headers == {"accept": "application/json", "auth-token": "tok"}
    assert req.body is None
    doc = json.loads(fixture_bytes("managebac/update_task_grades.request.json"))
    op = gradebridge.Operation("update_task_grades", {"task_id": 9, "grades": doc["students"]})
    req = op.request("tok", "http://127.0.0.1:8080")
    assert (req.method, req.url) == ("PATCH", "http://127.0.0.1:8080/v2/tasks/9/students")
    assert req.body is not None and json.loads(req.body) == doc
    assert req.headers["content-type"] == "application/json"
    assert op.idempotent and not gradebridge.Operation("create_task", {"class_id": 1, "task": {"name": "x"}}).idempotent


def test_parse_documented_responses() -> None:
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    page = op.parse(200, [], fixture_bytes("managebac/class_grades.response.json"))
    assert isinstance(page, gradebridge.Page)
    assert page.next is None and page.meta is not None and page.meta.total_count == 2
    chloe = page.items[0]
    assert chloe.id == 12068821
    a = chloe.assignments[0]
    assert (a.id, a.group_mark, a.score, a.max_points, a.due_date, a.due_date_extension_days) == (
        18376636, 5, 22, 32, "2023-04-25T14:05:00.000Z", 2
    )
    term = gradebridge.Operation("term_grades", {"class_id": 1, "term_id": 2}).parse(
        200, [], fixture_bytes("managebac/term_grades.response.json")
    )
    raymond = term.items[1].term_grade
    assert raymond.average.percent == 86.5 and raymond.average.grade == 5 and raymond.grade == 5
    outcomes = gradebridge.Operation("update_class_students", {"class_id": 1, "students": [{"id": 1, "level": "HL"}, {"id": 2, "level": "XL"}, {"id": 3, "level": "SL"}]}).parse(
        200, [], fixture_bytes("managebac/update_class_students.response.json")
    )
    assert [(o.id, o.ok, o.status) for o in outcomes] == [(1, True, "ok"), (2, False, "unprocessable_entity"), (3, False, "not_found")]
    assert outcomes[1].errors == {"level": ["is not included in the list"]}
    task = gradebridge.Operation("get_task", {"class_id": 1, "task_id": 2}).parse(200, [], fixture_bytes("managebac/get_task.response.json"))
    assert task.unit.title == "Dynamics & Kinematics" and task.category.weight == 20


def test_next_page_operation() -> None:
    op = gradebridge.Operation("classes", {"per_page": 1})
    body = json.dumps({"classes": [{"id": 1}], "meta": {"current_page": 1, "total_pages": 3}}).encode()
    page = op.parse(200, [], body)
    assert page.next is not None
    assert page.next.request("t").url == "https://api.managebac.com/v2p0/classes?page=2&per_page=1"
    # The same kind of thing as JS's page.next: an Operation with name, platform, args.
    assert isinstance(page.next, gradebridge.Operation)
    assert (page.next.name, page.next.platform, page.next.paged, page.next.idempotent) == ("classes", "managebac", True, True)
    assert page.next.args == {"page": 2, "per_page": 1}
    assert op.args == {"per_page": 1}
    assert gradebridge.Operation("get_class", {"class_id": 3}).args == {"class_id": 3}
    # Following next to the end.
    seen = []
    cur: "gradebridge.Operation | None" = op
    while cur is not None:
        n = cur.args.get("page", 1)
        seen.append(n)
        cur = cur.parse(200, [], json.dumps({"classes": [{"id": n}], "meta": {"current_page": n, "total_pages": 3}})).next
    assert seen == [1, 2, 3]


def test_parse_errors_raise_the_matching_exception() -> None:
    op = gradebridge.Operation("get_task", {"class_id": 1, "task_id": 2})
    with pytest.raises(gradebridge.NotFoundError):
        op.parse(404, [], b'{"error": "Couldn\'t find CoreTask with \'id\'=2"}')
    with pytest.raises(gradebridge.RateLimitError) as e:
        op.parse(429, [("Retry-After", "7")], b"")
    assert e.value.retry_after == 7
    with pytest.raises(gradebridge.DecodeError) as d:
        op.parse(200, [], b'{"task": {"id": "x"}}')
    assert d.value.path == "task.id"
    # A list where an object belongs is an error at its path, not a struct read from
    # the list's items in order (serde's derive would).
    for name, args, body, path in [
        ("get_task", {"class_id": 1, "task_id": 2}, b'{"task": [7, "Essay"]}', "task"),
        ("class_grades", {"class_id": 1, "term_id": 2}, b'{"students": [{"id": 1}, [2, "x"]]}', "students[1]"),
        ("task_results", {"class_id": 1, "task_id": 2}, b'{"students": [[1, "x"]]}', "students[0]"),
    ]:
        with pytest.raises(gradebridge.DecodeError) as d:
            gradebridge.Operation(name, args).parse(200, [], body)
        assert d.value.path == path, str(d.value)
    with pytest.raises(gradebridge.InvalidInputError):
        gradebridge.Operation("nope")
    for args, field in [
        ({"class_id": 1, "term_id": 2, "pge": 3}, "pge"),
        ({"class_id": "1", "term_id": 2}, "class_id"),
        ({"class_id": 1}, "term_id"),
    ]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.Operation("class_grades", args)
        assert e.value.field == field, args
    assert "class_grades" in gradebridge.operations()
    assert gradebridge.operations() == [e["name"] for e in gradebridge._native.registry_entries() if e["platform"] == "managebac"]


def test_parse_takes_headers_and_bodies_as_http_clients_hand_them_over() -> None:
    import email.message
    import http.client

    body = fixture_bytes("managebac/class_grades.response.json")
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    expected = op.parse(200, [("content-type", "application/json")], body)
    message = email.message.Message()  # what urllib's response.headers is
    message["Content-Type"] = "application/json"
    assert isinstance(http.client.HTTPMessage(), email.message.Message)
    for headers in ({"content-type": "application/json"}, message, [("content-type", "application/json")], {}):
        for given in (body, bytearray(body), memoryview(body), body.decode()):
            page = op.parse(200, headers, given)
            assert page.items == expected.items
    for bad_headers in (5, [("a",)], {"a": 1}):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            op.parse(200, bad_headers, body)
        assert e.value.field == "headers"
    for bad_body in (None, 5, [1, 2]):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            op.parse(200, {}, bad_body)  # type: ignore[arg-type]
        assert e.value.field == "body"


def test_operation_names_an_unknown_key_even_an_empty_one() -> None:
    for args, field in (
        ({"class_id": 1, "term_id": 2, "pge": 3}, "pge"),
        ({"class_id": 1, "term_id": 2, "": 3}, '""'),
        ({"task_id": 1, "student_id": 2, "grade": {"": 1}}, 'grade.""'),
    ):
        name = "update_task_grade" if "grade" in args else "class_grades"
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.Operation(name, args)
        assert e.value.field == field
        assert str(e.value).startswith(f"invalid `{field}`: unknown field (not sent, nothing dropped")
    # None is no arguments: an operation without any is made.
    assert gradebridge.Operation("school", None).args == {}


def test_arguments_that_are_not_a_mapping_are_an_invalid_input_error() -> None:
    # As in JS: core refuses them at `arguments` (a list is not read as the fields in
    # order); pyo3's own dict check raised a TypeError that `except
    # gradebridge.InvalidInputError` did not catch.
    for args, want in (
        ([1, 2], "invalid type: sequence, expected struct ClassGrades"),
        ((1, 2), "invalid type: sequence, expected struct ClassGrades"),
        ("class_id=1", 'invalid type: string "class_id=1", expected struct ClassGrades'),
    ):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.Operation("class_grades", args)  # type: ignore[arg-type]
        assert e.value.field == "arguments"
        assert str(e.value) == f"invalid `arguments`: {want}"
