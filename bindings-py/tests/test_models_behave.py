"""Models behave like Python values: pickle, copy, deepcopy, ==, to_dict, to_json."""

from __future__ import annotations

import copy
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
