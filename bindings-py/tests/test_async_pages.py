"""The asyncio clients in parity with the blocking ones and with JS: ``await`` a list
for every record, ``.pages()`` for its pages (``meta.total_count``), and a failed page
fetched again when iterated again."""

from __future__ import annotations

import asyncio
from typing import List

import gradebridge
from gradebridge import AsyncManageBac, Retry

from conftest import Sandbox


def test_await_a_list_and_its_pages(sandbox: Sandbox) -> None:
    async def go() -> None:
        async with AsyncManageBac(sandbox.token, base_url=sandbox.url) as amb:
            classes = await amb.classes()
            assert [c.id for c in classes] == [1001, 1002, 1003]
            assert all(isinstance(c, gradebridge.Class) for c in classes)
            pages: List[gradebridge.Page] = []
            async for page in amb.classes(per_page=2).pages():
                pages.append(page)
            assert [[c.id for c in p.items] for p in pages] == [[1001, 1002], [1003]]
            assert pages[0].meta is not None and pages[0].meta.total_count == 3
            assert pages[0].next is not None and pages[1].next is None
            # Partly iterated, then awaited: the rest.
            it = amb.students(per_page=5)
            first = await it.__anext__()
            rest = await it
            everyone = await amb.students(per_page=200)
            assert [first.id] + [s.id for s in rest] == [s.id for s in everyone]

    asyncio.run(go())


def test_a_failed_page_is_fetched_again(sandbox: Sandbox) -> None:
    async def go() -> None:
        amb = AsyncManageBac(sandbox.token, base_url=sandbox.url, retry=Retry(max_retries=0))
        it = amb.classes(per_page=2)
        assert (await it.__anext__()).id == 1001
        assert (await it.__anext__()).id == 1002
        sandbox.faults(fail_next=1)
        try:
            await it.__anext__()
            raise AssertionError("the injected 503 should have been raised")
        except gradebridge.ServerError:
            pass
        assert (await it.__anext__()).id == 1003
        pages = amb.classes(per_page=2).pages()
        sandbox.faults(fail_next=1)
        try:
            await pages.__anext__()
            raise AssertionError("the injected 503 should have been raised")
        except gradebridge.ServerError:
            pass
        assert [c.id for c in (await pages.__anext__()).items] == [1001, 1002]

    asyncio.run(go())
