"""Blackboard Grades Journey against the sandbox: a schema from a GradeScale, a manual
column using it, 100 grade values read back from the sandbox, the external grade
column, the column deleted; one bad item an ERROR outcome among OKs; one token for
concurrent calls, renewed once; secrets kept out of reprs and errors; limits checked
before anything is sent."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

import pytest

import gradebridge
from gradebridge import AuthenticationError, GradeScale, InvalidInputError

KEY = "sandbox-bb-key"
SECRET = "sandbox-bb-secret"


def client(sandbox: Any, secret: str = SECRET) -> gradebridge.Blackboard:
    return gradebridge.Blackboard(sandbox.url, KEY, secret)


def journey(sandbox: Any) -> Dict[str, Any]:
    return sandbox.control("GET", "/__sandbox/blackboard")  # type: ignore[no-any-return]


def manual(course: str, name: str, schema: str) -> Dict[str, Any]:
    return {"courseId": course, "name": name, "itemType": "MANUAL_COLUMN", "points": 7, "gradeSchema": schema}


def test_schema_column_values_external_delete(sandbox: Any) -> None:
    bb = client(sandbox)
    bounds = [0, 25, 40, 50, 60, 70, 80]
    scale = GradeScale([{"symbol": str(i + 1), "lower_bound": b} for i, b in enumerate(bounds)])
    out = bb.create_grade_schemas([{"title": "IB 1-7", "symbols": scale.to_blackboard_symbols()}])
    assert [o.ok for o in out] == [True]
    assert isinstance(out[0], gradebridge.JourneyOutcome)
    assert GradeScale.from_blackboard_symbols("P=80:F=0").to_blackboard_symbols() == "P=80:F=0"
    assert bb.create_gradable_items([manual("ADV11", "Term 1 grade", "IB 1-7")])[0].ok
    values = [
        gradebridge.GradeValueInput(courseId="ADV11", userId=f"X{n:03}", name="Term 1 grade", value=str(n % 7 + 1))
        for n in range(1, 101)
    ]
    out = bb.update_grade_values(values, chunk_size=40)
    assert len(out) == 100 and all(o.ok for o in out)
    assert [o.index for o in out] == list(range(100))
    posts = [e for e in sandbox.stats()["log"] if e["path"].endswith("/gradeValueAPI")]
    assert len(posts) == 3
    stored = journey(sandbox)["courses"]["ADV11"]["values"]["Term 1 grade"]
    assert stored == {v.userId: v.value for v in values}
    assert bb.set_external_grade_columns([{"courseId": "ADV11", "name": "Term 1 grade"}])[0].ok
    assert journey(sandbox)["courses"]["ADV11"]["external"] == "Term 1 grade"
    assert bb.delete_grade_columns([{"courseId": "ADV11", "name": "Term 1 grade"}])[0].ok
    assert journey(sandbox)["courses"]["ADV11"]["columns"] == {}


def test_one_bad_item_and_async(sandbox: Any) -> None:
    async def run() -> None:
        bb = gradebridge.AsyncBlackboard(sandbox.url, KEY, SECRET)
        await bb.create_grade_schemas([{"title": "PF", "symbols": "P=50:F=0"}])
        await bb.create_gradable_items([manual("GB1002", "Essay", "PF")])
        out = await bb.update_grade_values(
            [
                {"courseId": "GB1002", "userId": "S5001", "name": "Essay", "value": "P"},
                {"courseId": "GB1002", "userId": "S9999", "name": "Essay", "value": "P"},
                {"courseId": "GB1002", "userId": "S5003", "name": "Essay", "value": "F"},
            ]
        )
        assert [(o.ok, o.status) for o in out] == [(True, "OK"), (False, "ERROR"), (True, "OK")]
        assert "not enrolled" in (out[1].message or "")
        many = [
            bb.create_user_metadata([{"courseId": "GB1002", "userId": f"S{5001 + i % 30}", "optionalData": {"EnrollType": "Audit"}}])
            for i in range(20)
        ]
        results = await asyncio.gather(*many)
        assert all(r[0].ok for r in results)

    asyncio.run(run())
    assert journey(sandbox)["tokens_issued"] == 1
    sandbox.control("POST", "/__sandbox/expire-tokens")
    assert client(sandbox).delete_grade_columns([{"courseId": "GB1002", "name": "Essay"}])[0].ok


def test_secrets_and_limits(sandbox: Any) -> None:
    bb = client(sandbox, "wrong-SECRET-1")
    with pytest.raises(AuthenticationError) as e:
        bb.update_grade_values([{"courseId": "GB1002", "userId": "S5001", "name": "x", "value": "1"}])
    assert "Invalid client credentials" in str(e.value)
    assert e.value.platform == "blackboard"
    assert "wrong-SECRET-1" not in f"{e.value} {e.value!r} {bb!r}"
    ok = client(sandbox)
    before = sandbox.stats()["requests"]
    for item, field in [
        ({"courseId": "c" * 257, "name": "n", "itemType": "TEST"}, "items[0].courseId"),
        ({"courseId": "c", "name": "n" * 334, "itemType": "TEST"}, "items[0].name"),
        ({"courseId": "c", "name": "n", "itemType": "QUIZ"}, "items[0].itemType"),
        ({"courseId": "c", "name": "n", "itemType": "WEIGHTED_COLUMN", "mapping": "A=30,B=30"}, "items[0].mapping"),
        ({"courseId": "c", "name": "n", "itemType": "TEST", "optionalData": {"a": "b:c"}}, "items[0].optionalData.a"),
        # A misspelt key is named where it is, with the keys that exist.
        ({"course_id": "c", "name": "n", "itemType": "TEST"}, "items[0].course_id"),
    ]:
        with pytest.raises(InvalidInputError) as err:
            ok.create_gradable_items([item])
        assert err.value.field == field, str(err.value)
    assert "expected one of `courseId`" in str(err.value)
    assert ok.create_gradable_items([{"courseId": "c" * 256, "name": "n" * 333, "itemType": "TEST"}])[0].status == "ERROR"
    assert sandbox.stats()["requests"] == before + 1  # the one accepted call (the token endpoint is not counted)
