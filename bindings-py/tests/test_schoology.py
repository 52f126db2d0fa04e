"""Schoology against the sandbox: create an assignment, list it back through pages,
grade 120 enrollments in three batches, read the grades back, delete it; signatures
(a tampered request and a wrong secret are authentication errors); secrets kept out
of reprs and errors; the section's scale read by GradeScale.from_schoology."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest

import gradebridge
from gradebridge import AuthenticationError, GradeScale, InvalidInputError, NotFoundError, Operation

KEY = "sandbox-consumer-key"
SECRET = "sandbox-consumer-secret"
LARGE = 9100


def client(sandbox, **kw):  # type: ignore[no-untyped-def]
    return gradebridge.Schoology(KEY, SECRET, base_url=sandbox.url + "/v1", **kw)


def puts(sandbox, path: str) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for e in sandbox.stats()["log"] if e["method"] == "PUT" and e["path"].startswith(path))


def gets(sandbox, path: str) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for e in sandbox.stats()["log"] if e["method"] == "GET" and e["path"].startswith(path))


def test_create_page_grade_read_back_delete(sandbox) -> None:  # type: ignore[no-untyped-def]
    sg = client(sandbox)
    ids = []
    for n in range(1, 6):
        a = sg.create_assignment(LARGE, {"title": f"Essay {n}", "max_points": 100, "due": "2026-03-02 15:00:00"})
        assert isinstance(a, gradebridge.Assignment)
        assert (a.title, a.max_points, a.type) == (f"Essay {n}", 100.0, "assignment")
        ids.append(a.id)
    before = gets(sandbox, f"/v1/sections/{LARGE}/assignments")
    listed = list(sg.assignments(LARGE, limit=2))
    assert [a.id for a in listed] == ids
    assert gets(sandbox, f"/v1/sections/{LARGE}/assignments") - before == 3

    students = [e.id for e in sg.enrollments(LARGE) if e.admin is False][:120]
    assert len(students) == 120
    target = ids[0]
    grades = [
        {"enrollment_id": e, "assignment_id": target, "grade": (i % 100) + 0.5, "comment": f"note {i}"}
        for i, e in enumerate(students)
    ]
    before = puts(sandbox, f"/v1/sections/{LARGE}/grades")
    outcomes = sg.update_grades(LARGE, grades)
    assert puts(sandbox, f"/v1/sections/{LARGE}/grades") - before == 3
    assert len(outcomes) == 120
    assert all(o.ok and o.status == "ok" for o in outcomes)
    assert [o.enrollment_id for o in outcomes] == students

    back = {g.enrollment_id: (g.grade, g.comment) for g in sg.grades(LARGE, assignment_id=target)}
    assert back == {g["enrollment_id"]: (g["grade"], g["comment"]) for g in grades}

    sg.delete_assignment(LARGE, target)
    with pytest.raises(NotFoundError) as e:
        sg.get_assignment(LARGE, target)
    assert e.value.platform == "schoology"


def test_async_client_and_partial_failure(sandbox) -> None:  # type: ignore[no-untyped-def]
    async def run() -> None:
        sg = gradebridge.AsyncSchoology(KEY, SECRET, base_url=sandbox.url + "/v1")
        first = [a async for a in sg.assignments(9001)][0]
        out = await sg.update_grades(
            9001,
            [
                gradebridge.GradeInput(enrollment_id=9001002, assignment_id=first.id, grade=15),
                {"enrollment_id": 9001999, "assignment_id": first.id, "grade": 15},
                {"enrollment_id": 9001003, "assignment_id": first.id, "exception": 1},
            ],
        )
        assert [(o.ok, o.status) for o in out] == [(True, "ok"), (False, "error"), (True, "ok")]
        assert out[1].response_code == 404
        excused = [g for g in await sg.grades(9001) if g.enrollment_id == 9001003][0]
        assert (excused.grade, excused.exception) == (None, 1)

    asyncio.run(run())


def test_assignees_unset_and_empty_stay_different() -> None:
    unset = Operation("update_assignment", {"section_id": 1, "assignment_id": 2, "changes": {"title": "t"}}, platform="schoology")
    empty = Operation(
        "update_assignment", {"section_id": 1, "assignment_id": 2, "changes": {"assignees": []}}, platform="schoology"
    )
    settings = {"consumer_key": "k", "consumer_secret": "s"}
    r1 = unset.request(None, "https://api.schoology.com/v1", settings=settings, nonce="n", timestamp=1767225600)
    r2 = empty.request(None, "https://api.schoology.com/v1", settings=settings, nonce="n", timestamp=1767225600)
    assert json.loads(r1.body or b"") == {"title": "t"}
    assert json.loads(r2.body or b"") == {"assignees": []}
    assert dict(r1.headers)["authorization"].startswith('OAuth realm="Schoology API",')
    # An attachment without its id would be deleted by Schoology: refused.
    with pytest.raises(InvalidInputError, match=r"changes\.attachments\[0\]\.id"):
        Operation(
            "update_assignment",
            {"section_id": 1, "assignment_id": 2, "changes": {"attachments": [{"title": "x"}]}},
            platform="schoology",
        ).request(None, "https://api.schoology.com/v1", settings=settings, nonce="n", timestamp=1)


def test_bad_grades_are_refused_before_anything_is_sent(sandbox) -> None:  # type: ignore[no-untyped-def]
    sg = client(sandbox)
    grades = [{"enrollment_id": 9100000 + i, "assignment_id": 7, "grade": 1.0} for i in range(1, 121)]
    grades[73]["grade"] = float("nan")
    before = sandbox.stats()["requests"]
    with pytest.raises(InvalidInputError, match=r"grades\[73\]\.grade"):
        sg.update_grades(LARGE, grades)
    grades[73]["grade"] = 1.0
    grades[80]["exception"] = 1
    with pytest.raises(InvalidInputError, match=r"grades\[80\]\.grade"):
        sg.update_grades(LARGE, grades)
    assert sandbox.stats()["requests"] == before


def test_signatures_and_secrets(sandbox) -> None:  # type: ignore[no-untyped-def]
    wrong = gradebridge.Schoology(KEY, "wrong-SECRET-1", token="tok-SECRET-2", token_secret="ts-SECRET-3", base_url=sandbox.url + "/v1")
    with pytest.raises(AuthenticationError) as e:
        wrong.get_user(60001)
    assert e.value.status == 401
    text = f"{e.value} {e.value!r} {wrong!r} {vars(e.value)}"
    for secret in ("wrong-SECRET-1", "tok-SECRET-2", "ts-SECRET-3"):
        assert secret not in text
    # A request signed for one URL and sent to another: 401.
    op = Operation("get_user", {"uid": 60001}, platform="schoology")
    import time

    req = op.request(
        None, sandbox.url + "/v1", settings={"consumer_key": KEY, "consumer_secret": SECRET},
        nonce="py-tamper-1", timestamp=int(time.time()),
    )
    ok = urllib.request.Request(req.url, headers=dict(req.headers))
    with urllib.request.urlopen(ok) as r:
        assert r.status == 200
    tampered = urllib.request.Request(req.url.replace("60001", "60002"), headers=dict(req.headers))
    with pytest.raises(urllib.error.HTTPError) as http:
        urllib.request.urlopen(tampered)
    assert http.value.code == 401
    # PLAINTEXT and three-legged are accepted.
    for kw in (
        {"signature_method": "PLAINTEXT"},
        {"token": "sandbox-access-token", "token_secret": "sandbox-token-secret"},
    ):
        assert client(sandbox, **kw).get_user(60001).school_uid == "S5001"


def test_grading_scale_reads_into_grade_scale(sandbox) -> None:  # type: ignore[no-untyped-def]
    scales = client(sandbox).grading_scales(9001)
    ib = [s for s in scales if s.title == "IB 1-7"][0]
    assert isinstance(ib, gradebridge.GradingScale)
    scale = GradeScale.from_schoology(ib)
    assert scale.grade(72) == "6"
    assert GradeScale.from_schoology(ib.to_dict()) == scale
