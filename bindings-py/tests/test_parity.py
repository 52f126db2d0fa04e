"""The binding parity test: every operation of the Rust registry is a method of the
platform's blocking and asyncio clients, with the same positional arguments in the
same order (the required ones without a default)."""

from __future__ import annotations

import inspect
import keyword
from typing import Any

import gradebridge
from gradebridge import _native


def py_name(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) or name == "self" else name


PLATFORMS = {"managebac": "ManageBac", "schoology": "Schoology", "blackboard": "Blackboard"}


def test_every_platform_has_its_clients() -> None:
    assert {e["platform"] for e in _native.registry_entries()} == set(PLATFORMS)
    for platform, name in PLATFORMS.items():
        for prefix in ("", "Async"):
            assert getattr(gradebridge, prefix + name)._platform == platform


def test_every_registry_operation_is_a_method_with_the_same_arguments() -> None:
    entries = _native.registry_entries()
    assert entries, "the registry is empty"
    platforms = PLATFORMS
    for entry in entries:
        for prefix in ("", "Async"):
            cls = getattr(gradebridge, prefix + platforms[entry["platform"]])
            method = getattr(cls, entry["name"], None)
            assert method is not None, f"{cls.__name__}.{entry['name']} is missing"
            params = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
            positional = [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
            assert positional == [py_name(n) for n in entry["positional"]], (cls.__name__, entry["name"])
            required = [p.name for p in params if p.default is inspect.Parameter.empty]
            assert len(required) == entry["required"], (cls.__name__, entry["name"], required)
            if prefix and not entry["paged"]:
                assert inspect.iscoroutinefunction(method), entry["name"]


def test_no_method_without_an_operation() -> None:
    for platform, name in PLATFORMS.items():
        names = {e["name"] for e in _native.registry_entries() if e["platform"] == platform}
        for cls in (getattr(gradebridge, name), getattr(gradebridge, "Async" + name)):
            lifecycle = {"close", "aclose"}
            public = {n for n in dir(cls) if callable(getattr(cls, n)) and not n.startswith("_")} - lifecycle
            assert public == names, public ^ names


def test_operations_lists_the_registry() -> None:
    assert gradebridge.operations() == [e["name"] for e in _native.registry_entries() if e["platform"] == "managebac"]
    assert gradebridge.operations("schoology") == [
        e["name"] for e in _native.registry_entries() if e["platform"] == "schoology"
    ]


def test_optional_positional_arguments_as_in_js(sandbox: Any) -> None:
    # mb.tasks(1001, 2601) in Python, as mb.tasks(1001, 2601) in JS.
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    assert [t.id for t in mb.tasks(1001, 2601)] == [t.id for t in mb.tasks(1001, term_id=2601)]
    assert len(list(mb.tasks(1001, 2601))) == 4
