"""A list's ``.pages()``: each page with its records and ``meta`` (``total_count``
for a progress bar) and ``next``, fetched one at a time."""

from __future__ import annotations

from typing import Any

import gradebridge


def test_pages_with_total_count(sandbox: Any) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    pages = list(mb.students(per_page=7).pages())  # type: ignore[attr-defined]
    assert [len(p.items) for p in pages] == [7, 7, 7, 7, 2]
    assert all(p.meta.total_count == 30 for p in pages)
    assert pages[-1].next is None and pages[0].next is not None
    assert isinstance(pages[0], gradebridge.Page)
    ids = [s.id for p in pages for s in p.items]
    assert ids == sorted(set(ids)) and len(ids) == 30
    sg = gradebridge.Schoology("sandbox-consumer-key", "sandbox-consumer-secret", base_url=sandbox.url + "/v1")
    seen = [len(p.items) for p in sg.enrollments(9100, limit=100).pages()]  # type: ignore[attr-defined]
    assert seen == [100, 51]
