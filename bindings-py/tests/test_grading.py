"""The shared grade-mapping vectors (fixtures/grading/vectors.json), as in Rust and JS."""

from __future__ import annotations

import array
import json
from decimal import Decimal
from typing import Any, Dict

import gradebridge
import pytest
from gradebridge import GradeScale

from conftest import FIXTURES

V: Dict[str, Any] = json.loads((FIXTURES / "grading" / "vectors.json").read_text())


def test_at_least_200_vectors() -> None:
    assert V["count"] >= 200


@pytest.mark.parametrize("v", V["percent"], ids=lambda v: f"{v['score']}/{v['max_points']}-{v['rounding']}")
def test_percent(v: Dict[str, Any]) -> None:
    if "error" in v:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.percent(v["score"], v["max_points"], decimals=v["decimals"], rounding=v["rounding"])
        assert e.value.field == v["error"]
    else:
        got = gradebridge.percent(v["score"], v["max_points"], decimals=v["decimals"], rounding=v["rounding"])
        assert isinstance(got, Decimal)
        assert str(got) == v["expect"]


def test_decimals_is_a_whole_number_at_least_0_or_absent() -> None:
    # As in JS: pyo3's own conversion raised a TypeError or OverflowError that named
    # no argument, and took True as 1.
    assert gradebridge.percent(7, 3, decimals=2) == Decimal("233.33")
    assert gradebridge.percent(7, 3, decimals=None) == gradebridge.percent(7, 3)
    for bad in ("x", "2", -1, 2.5, True, float("nan"), 2**40):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.percent(7, 3, decimals=bad)  # type: ignore[arg-type]
        assert e.value.field == "decimals", bad
        assert str(e.value) == f"invalid `decimals`: must be a whole number, at least 0, got {bad!r}"
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.weighted_average([], [], decimals=bad)  # type: ignore[arg-type]
        assert e.value.field == "decimals", bad


def test_grades() -> None:
    for v in V["grade"]:
        scale = GradeScale.from_blackboard_symbols(v["symbols"])
        assert scale.grade(v["percent"]) == v["expect"], v
        assert scale.grade_many([v["percent"]]) == [v["expect"]], v
    for v in V["grade_errors"]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            GradeScale.from_blackboard_symbols(v["symbols"]).grade(v["percent"])
        assert e.value.field == v["error"]


def test_grade_many_takes_arrays_and_decimals() -> None:
    scale = GradeScale.from_blackboard_symbols("A=90:B=80:F=0")
    assert scale.grade_many(array.array("d", [95.0, 85.0, 10.0])) == ["A", "B", "F"]
    assert scale.grade(Decimal("89.995")) == "B"
    assert scale.grade(90) == "A"
    with pytest.raises(gradebridge.InvalidInputError):
        scale.grade_many([1.0, float("nan")])


def test_grade_many_reads_buffers_of_doubles() -> None:
    # The buffer protocol (array('d'), memoryview, numpy float64 arrays): one copy of
    # the doubles, strides followed; other buffers are read as the iterables they are.
    scale = GradeScale.from_blackboard_symbols("A=90:B=80:F=0")
    doubles = array.array("d", [95.0, 85.0, 10.0, 91.0, 80.0])
    assert scale.grade_many(memoryview(doubles)) == ["A", "B", "F", "A", "B"]
    assert scale.grade_many(memoryview(doubles)[::2]) == ["A", "F", "B"]
    assert scale.grade_many(memoryview(doubles)[::-1]) == ["B", "A", "F", "B", "A"]
    assert scale.grade_many(array.array("d")) == []
    assert scale.grade_many(array.array("f", [95.0, 85.0])) == ["A", "B"]
    assert scale.grade_many(array.array("i", [95, 10])) == ["A", "F"]
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many(memoryview(array.array("d", [1.0] * 4)).cast("B").cast("d", shape=[2, 2]))
    assert e.value.field == "percents" and "one-dimensional" in str(e.value)
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many(array.array("d", [95.0, 85.0, float("inf")]))
    assert e.value.field == "percents[2]"


def test_grade_many_on_a_list_reads_any_number_and_keeps_references_exact() -> None:
    # grade_many reads a list through CPython's C API and takes the symbols'
    # references once per level: the results and every reference count must be as
    # if each item had been graded on its own, also when it stops on an error.
    import gc

    # The counts are compared before and after: no collection of other tests' cycles
    # (which may hold these interned one-letter strings) in between.
    gc.collect()
    gc.disable()
    try:
        _grade_many_keeps_references_exact()
    finally:
        gc.enable()


def _grade_many_keeps_references_exact() -> None:
    import gc
    import sys

    scale = GradeScale.from_blackboard_symbols("A=90:B=80:F=0")
    a, b, f = scale.grade_many([95.0, 85.0, 10.0])
    before = [sys.getrefcount(x) for x in (a, b, f)]
    out = scale.grade_many([95.0, 85, Decimal("80"), 10.0, 0, 90.0] * 1000)
    assert out[:6] == ["A", "B", "B", "F", "F", "A"] and len(out) == 6000
    assert [sys.getrefcount(x) for x in (a, b, f)] == [b_ + n for b_, n in zip(before, (2000, 2000, 2000))]
    del out
    assert [sys.getrefcount(x) for x in (a, b, f)] == before
    for bad, field, why in (
        ([95.0] * 10 + ["x"], "percents[10]", "must be a number"),
        ([85.0] * 7 + [float("inf")], "percents[7]", "must be a finite number"),
        ([85.0, True], "percents[1]", "not a bool"),
    ):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            scale.grade_many(bad)
        assert e.value.field == field and why in str(e.value), str(e.value)
        assert [sys.getrefcount(x) for x in (a, b, f)] == before

    class Shrinks:
        """A number whose conversion empties the list being graded."""

        def __init__(self, victim: list) -> None:
            self.victim = victim

        def __float__(self) -> float:
            self.victim.clear()
            return 50.0

    victim: list = [95.0] * 40
    victim[3] = Shrinks(victim)
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many(victim)
    assert e.value.field == "percents" and "changed size" in str(e.value)
    assert [sys.getrefcount(x) for x in (a, b, f)] == before
    # Tuples and other iterables are read the same way.
    assert scale.grade_many((95.0, 85)) == ["A", "B"]
    assert scale.grade_many(x for x in (10.0, 90)) == ["F", "A"]
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many((1.0, False))
    assert e.value.field == "percents[1]"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many(5)  # type: ignore[arg-type]
    assert e.value.field == "percents" and "iterable" in str(e.value)
    # Text and bytes are iterables too, of characters and small ints: refused whole.
    for text in ("85", b"abc", bytearray(b"U")):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            scale.grade_many(text)  # type: ignore[arg-type]
        assert e.value.field == "percents", text
        assert str(e.value) == (
            "invalid `percents`: must be a list, tuple or other iterable of numbers, "
            f"not {type(text).__name__}"
        )
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many([95.0, None])  # type: ignore[list-item]
    assert e.value.field == "percents[1]"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        scale.grade_many([1.0, 10**400])
    assert e.value.field == "percents[1]"

    # What the caller's own code raises passes through unchanged.
    def broken():  # type: ignore[no-untyped-def]
        yield 1.0
        raise KeyError("upstream")

    with pytest.raises(KeyError):
        scale.grade_many(broken())

    class Interrupts:
        def __float__(self) -> float:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scale.grade_many([1.0, Interrupts()])
    assert [sys.getrefcount(x) for x in (a, b, f)] == before

    class Peeks:
        """A number whose conversion runs the collector and reads every list it
        tracks: the result being filled is one of them, and must hold exactly the
        grades written so far."""

        seen: list = []

        def __float__(self) -> float:
            gc.collect()
            for o in gc.get_objects():
                if type(o) is list and 0 < len(o) <= 3 and all(x is a or x is b or x is f for x in o):
                    Peeks.seen.append(list(o))
            return 50.0

    gc.collect()  # what the errors above left in cycles, so the counts are steady
    before = [sys.getrefcount(x) for x in (a, b, f)]
    assert scale.grade_many([95.0, 85.0, Peeks(), 10.0]) == ["A", "B", "F", "F"]
    assert ["A", "B"] in Peeks.seen
    Peeks.seen.clear()
    assert [sys.getrefcount(x) for x in (a, b, f)] == before


def test_symbols() -> None:
    for v in V["symbols"]:
        scale = GradeScale.from_blackboard_symbols(v["input"])
        assert scale.to_blackboard_symbols() == v["format"]
        assert GradeScale.from_blackboard_symbols(scale.to_blackboard_symbols()) == scale
    for v in V["symbols_errors"]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            GradeScale.from_blackboard_symbols(v["input"])
        assert e.value.field == v["field"]
        assert f"position {v['position']}" in str(e.value)


def test_schoology() -> None:
    for v in V["schoology"]:
        scale = GradeScale.from_schoology(v["scale"])
        assert scale.to_blackboard_symbols() == v["symbols"]
        for p, sym in v["grades"]:
            assert scale.grade(p) == sym
        for sym, p in v["percent_for"]:
            assert scale.percent_for(sym) == Decimal(p)
        assert GradeScale.from_schoology(scale.to_schoology()) == scale
    for v in V["schoology_errors"]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            GradeScale.from_schoology(v["scale"])
        assert e.value.field == v["field"]


def test_myp_and_group_mark() -> None:
    myp = GradeScale.ib_myp()
    for v in V["myp"]:
        assert gradebridge.myp_grade(v["criteria"]) == v["expect"]
        assert myp.grade(sum(v["criteria"])) == str(v["expect"])
    for v in V["myp_errors"]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.myp_grade(v["criteria"])
        assert e.value.field == v["field"]
    for v in V["group_mark"]:
        scale = GradeScale.from_blackboard_symbols(v["symbols"])
        assert gradebridge.group_mark(v["score"], v["max_points"], scale) == v["expect"]
    # Read as `percent` reads them: a missing score is an error naming it, not a 0.
    ib = GradeScale.from_blackboard_symbols("7=86:6=74:5=62:4=50:3=35:2=20:1=0")
    assert gradebridge.group_mark(Decimal("8"), 10, ib) == gradebridge.group_mark(8.0, 10, ib) == "6"
    for score, max_points, field in ((None, 10, "score"), (7, None, "max_points"), (True, 10, "score"), ("x", 10, "score")):
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.group_mark(score, max_points, ib)  # type: ignore[arg-type]
        assert e.value.field == field, (score, max_points)


def test_weighted_average() -> None:
    for v in V["weighted"]:
        got = gradebridge.weighted_average(v["tasks"], v["categories"], method=v["method"], decimals=2)
        expect = None if v["expect"] is None else Decimal(v["expect"])
        assert got["percent"] == expect, v["name"]
        if expect is not None:
            assert str(got["percent"]) == v["expect"]
        assert [c["task_id"] for c in got["contributing"]] == v["contributing"]
    for v in V["weighted_errors"]:
        with pytest.raises(gradebridge.InvalidInputError) as e:
            gradebridge.weighted_average(v["tasks"], v["categories"])
        assert e.value.field == v["field"]


def test_scale_from_levels_and_repr() -> None:
    scale = GradeScale([{"symbol": "F", "lower_bound": 0}, {"symbol": "A", "lower_bound": Decimal("89.5"), "value": 95}])
    assert scale.levels == [("A", Decimal("89.5"), Decimal("95")), ("F", Decimal("0"), None)]
    assert repr(scale) == "GradeScale.from_blackboard_symbols('A=89.5:F=0')"
    with pytest.raises(gradebridge.InvalidInputError) as e:
        GradeScale([{"symbol": "A", "lower_bound": 1}, {"symbol": "A", "lower_bound": 2}])
    assert e.value.field == "levels[1].symbol"
    # Levels are named as the models (and as JS's {symbol, lower_bound, value}), and
    # round-trip through the constructor.
    top = scale.levels[0]
    assert isinstance(top, gradebridge.ScaleLevel)
    assert (top.symbol, top.lower_bound, top.value) == ("A", Decimal("89.5"), Decimal("95"))
    assert top._asdict() == {"symbol": "A", "lower_bound": Decimal("89.5"), "value": Decimal("95")}
    assert GradeScale(scale.levels) == scale
