"""Every malformed input of fixtures/managebac/malformed_inputs.json (shared with the
Rust and JS suites) is refused before anything is sent, naming the field; and what
only Python can hold (NaN, infinities, big ints, objects) too."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List

import gradebridge
import pytest
from conftest import FIXTURES

CASES: List[Dict[str, Any]] = json.loads((FIXTURES / "managebac/malformed_inputs.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['operation']}: {c['why']}" for c in CASES])
def test_refused_naming_the_field(case: Dict[str, Any]) -> None:
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.Operation(case["operation"], case["args"]).request("t")
    assert e.value.field == case["field"], str(e.value)
    assert case["field"] in str(e.value)


SCHOOLOGY: List[Dict[str, Any]] = json.loads((FIXTURES / "schoology/malformed_inputs.json").read_text())["cases"]


@pytest.mark.parametrize("case", SCHOOLOGY, ids=[f"{c['operation']}: {c['why']}" for c in SCHOOLOGY])
def test_schoology_refused_naming_the_field(case: Dict[str, Any]) -> None:
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.Operation(case["operation"], case["args"], platform="schoology").request(
            None,
            settings={"consumer_key": "k", "consumer_secret": "s"},
            nonce="n",
            timestamp=1767225600,
        )
    assert e.value.field == case["field"], str(e.value)
    assert case["field"] in str(e.value)


@pytest.mark.parametrize(
    "args, field",
    [
        ({"task_id": 1, "student_id": 2, "grade": {"points": math.nan}}, "grade.points"),
        ({"task_id": 1, "student_id": 2, "grade": {"points": math.inf}}, "grade.points"),
        ({"task_id": 1, "student_id": 2, "grade": {"points": -math.inf}}, "grade.points"),
        ({"task_id": 1, "student_id": 2**70, "grade": {"points": 1}}, "student_id"),
        ({"task_id": 1, "student_id": 2, "grade": {"comment": object()}}, "grade.comment"),
        ({"task_id": 1, "student_id": 2, "grade": {1: "x"}}, "grade"),
    ],
)
def test_python_only_values_are_refused(args: Dict[str, Any], field: str) -> None:
    with pytest.raises(gradebridge.InvalidInputError) as e:
        gradebridge.Operation("update_task_grade", args)
    assert e.value.field == field, str(e.value)


def test_client_methods_refuse_too() -> None:
    mb = gradebridge.ManageBac("t", base_url="http://127.0.0.1:9")
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.reset_task_grades(70001, 5001)  # type: ignore[arg-type]
    assert e.value.field == "student_ids"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.update_task_grade(70001, 5001, {"points": math.nan})
    assert e.value.field == "grade.points"
