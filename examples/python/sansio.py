"""Sans-IO in Python: gradebridge builds each request and parses each answer, and
`requests` sends them. Every page of a class's grades, against the sandbox.

    pip install requests && python examples/python/sansio.py
"""

from __future__ import annotations

import sys
from typing import Optional

import requests

import gradebridge
from demo import start_sandbox


def main() -> int:
    proc, base_url = start_sandbox()
    try:
        token = "sandbox-token"
        students = 0
        op: Optional[gradebridge.Operation] = gradebridge.Operation(
            "class_grades", {"class_id": 1001, "term_id": 2601, "per_page": 10}
        )
        with requests.Session() as http:
            while op is not None:
                req = op.request(token, base_url)
                r = http.request(req.method, req.url, headers=req.headers, data=req.body, timeout=30)
                page = op.parse(r.status_code, r.headers, r.content)  # raises on an error status
                students += len(page.items)
                total = page.meta.total_count if page.meta else None
                print(f"page {page.meta.current_page if page.meta else '?'}: {len(page.items)} students ({students} of {total})")
                op = page.next  # None after the last page
        assert students == total, (students, total)
        return 0
    finally:
        proc.kill()


if __name__ == "__main__":
    sys.exit(main())
