"""Peak memory while paging through a big class: pages of 200 students x 10 tasks from
the sandbox's generated load class, every score read. Streaming (iterating the list,
or its ``.pages()``) holds one page at a time, so 100 pages peak where 10 pages do;
``list(...)`` of every record grows with the pages, shown beside it. Each case runs in
a fresh Python process (a process's peak RSS only grows); the sandbox is another
process.

    python bindings-py/bench/memory_bench.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[2]
PER_PAGE = 200
LOAD_CLASS = 9999


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_case(case: str, pages: int, url: str) -> None:
    import gradebridge

    baseline = peak_mib()
    mb = gradebridge.ManageBac("sandbox-token", base_url=url, requests_per_minute=None)
    records = mb.class_grades(LOAD_CLASS, 2601, per_page=PER_PAGE)
    students, total, after_first = 0, 0.0, float("nan")
    if case == "stream":
        for n, page in enumerate(records.pages(), 1):
            for s in page.items:
                students += 1
                total += sum(a.score for a in s.assignments if a.score is not None)
            if n == 1:
                after_first = peak_mib()
    else:
        everyone = list(records)
        for s in everyone:
            students += 1
            total += sum(a.score for a in s.assignments if a.score is not None)
    assert students == pages * PER_PAGE and total > 0
    print(json.dumps({"students": students, "baseline": baseline, "after_first": after_first, "peak": peak_mib()}))


def control(url: str, path: str, body: object) -> None:
    """PUT to one of the sandbox's control endpoints."""
    req = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="PUT", headers={"content-type": "application/json"}
    )
    urllib.request.urlopen(req, timeout=10).read()


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--case":
        run_case(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return 0
    sys.path.insert(0, str(ROOT / "examples" / "python"))
    from demo import start_sandbox  # type: ignore[import-not-found]  # the sandbox binary, built if missing

    proc, url = start_sandbox()
    try:
        control(url, "/__sandbox/rate-limit", {"limit": 0})
        print(f"Python: pages of {PER_PAGE} students x 10 tasks, every score read; peak RSS of a fresh process")
        print("| case | pages | students | peak after page 1 | peak at the end |")
        print("|---|---|---|---|---|")
        peaks: List[float] = []
        for case, pages in (("stream", 10), ("stream", 100), ("collect", 10), ("collect", 100)):
            control(url, "/__sandbox/load-class", {"students": pages * PER_PAGE, "tasks": 10})
            out = subprocess.run(
                [sys.executable, __file__, "--case", case, str(pages), url], capture_output=True, text=True, check=True
            )
            r = json.loads(out.stdout)
            first = "-" if r["after_first"] != r["after_first"] else f"{r['after_first']:.1f} MiB"
            label = "stream the pages (`.pages()`)" if case == "stream" else "collect every record (`list(...)`)"
            print(f"| {label} | {pages} | {r['students']} | {first} | {r['peak']:.1f} MiB |")
            peaks.append(r["peak"])
        print(
            f"streaming 100 pages peaks at {peaks[1] / peaks[0]:.2f}x the peak of 10 pages "
            f"(one page held at a time: about 1x); collecting, {peaks[3] / peaks[2]:.2f}x"
        )
    finally:
        proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
