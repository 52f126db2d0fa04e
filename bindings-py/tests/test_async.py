"""The same operations with AsyncManageBac, mirrored from test_sync.py."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, List, TypeVar

import gradebridge
import pytest
from gradebridge import AsyncManageBac

from conftest import Sandbox

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


async def collect(it: Any) -> List[Any]:
    return [x async for x in it]


@pytest.fixture
def amb(sandbox: Sandbox) -> Callable[[], AsyncManageBac]:
    # A client per event loop (each test runs its own loop).
    return lambda: AsyncManageBac(sandbox.token, base_url=sandbox.url)


def test_lists_and_reads(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    async def main() -> None:
        mb = amb()
        classes = await collect(mb.classes())
        assert [c.id for c in classes] == [1001, 1002, 1003]
        assert await mb.get_class(class_id=1002) == classes[1]
        tasks = await collect(mb.tasks(1001, term_id=2601))
        assert len(tasks) == 4
        task = await mb.get_task(1001, tasks[0].id)
        assert task.name == tasks[0].name
        grades = await collect(mb.class_grades(class_id=1001, term_id=2601))
        assert len(grades) == 24
        for a in grades[0].assignments:
            assert a.score == sandbox.grade(a.id, grades[0].id)["points"]
        term = await collect(mb.term_grades(1001, 2601, student_ids=[5002]))
        assert [s.id for s in term] == [5002]
        assert len(await collect(mb.task_results(1001, tasks[0].id))) == 24
        assert len(await mb.criteria(1001)) == 4
        assert sum(c.weight or 0 for c in await mb.task_categories(1001)) == 100

    run(main())


def test_writes(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    async def main() -> None:
        mb = amb()
        created = await mb.create_task(1001, {"name": "Async task"})
        updated = await mb.update_task(1001, created.id, gradebridge.TaskInput(notes="n"))
        assert updated.notes == "n"
        await mb.delete_task(1001, created.id)
        g = await mb.update_task_grade(70001, 5001, {"points": 12})
        assert g.points == 12 and sandbox.grade(70001, 5001)["points"] == 12
        out = await mb.update_task_grades(70001, [{"id": 5002, "task_grade": {"points": 1}}, {"id": 5003, "task_grade": {"points": 100}}])
        assert [o.ok for o in out] == [True, False]
        assert out[1].errors["points"] == ["must be less than or equal to 32"]
        assert [o.ok for o in await mb.reset_task_grades(70001, [5002])] == [True]
        c = await mb.create_class({"name": "Async class"})
        assert (await mb.update_class(c.id, {"language": "fr"})).language == "fr"
        ups = await mb.upsert_classes([{"id": c.id, "name": "Renamed"}])
        assert ups[0].ok and ups[0].class_ is not None and ups[0].class_.name == "Renamed"
        assert (await mb.add_class_students(1003, [5001])).status == "ok"
        assert (await mb.remove_class_students(1003, [5001])).status == "ok"
        levels = await mb.update_class_students(1001, [{"id": 5001, "level": "HL"}])
        assert levels[0].ok

    run(main())


def test_async_pagination_is_lazy(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    sandbox.faults(short_page=2)

    async def main() -> None:
        it = amb().class_grades(1002, 2601, per_page=10)
        first = await it.__anext__()
        assert sandbox.stats()["requests"] == 1
        rest = await collect(it)
        ids = [first.id] + [s.id for s in rest]
        assert len(ids) == len(set(ids)) == 29

    run(main())


def test_ten_concurrent_calls_overlap(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    sandbox.faults(latency_ms=300)

    async def main() -> float:
        mb = amb()
        start = time.perf_counter()
        got = await asyncio.gather(*(mb.get_class(1001) for _ in range(10)))
        assert all(c.id == 1001 for c in got)
        return time.perf_counter() - start

    elapsed = run(main())
    # Serially this would take at least 3 s; overlapping, about 0.3 s.
    assert elapsed < 1.5, elapsed


def test_async_errors(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    async def main() -> None:
        with pytest.raises(gradebridge.NotFoundError):
            await amb().get_task(1001, 1)
        bad = AsyncManageBac("nope", base_url=sandbox.url)
        with pytest.raises(gradebridge.AuthenticationError):
            await collect(bad.classes())
        with pytest.raises(gradebridge.InvalidInputError) as e:
            await amb().create_task(1001, {"nmae": "typo"})
        assert e.value.field == "task.nmae"

    run(main())


def test_a_cancelled_call_sends_nothing_more(amb: Callable[[], AsyncManageBac], sandbox: Sandbox) -> None:
    # Cancelling the awaiting task (here by a timeout) during a 429 wait drops the
    # call: no retry is sent after it, as with an AbortSignal in JS.
    sandbox.faults(rate_limit_next=1, retry_after_secs=2)

    async def cancelled() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(amb().get_class(1001), timeout=0.3)
        sent = len(sandbox.stats()["log"])
        await asyncio.sleep(2.5)
        assert len(sandbox.stats()["log"]) == sent, "a retry was sent after the cancel"

    run(cancelled())
    sandbox.faults()
