"""Decode a class-grades page of 1,000 students x 10 tasks into Python objects:
gradebridge against json.loads, pydantic v2 and msgspec models of the same shape.

    pip install pydantic msgspec && python bindings-py/bench/decode_bench.py

gradebridge's models are Rust structs behind Python classes: decoding builds the
1,000 student objects, and nested values are converted when first read. So the table
also shows "decode + read every field", which touches every value the way a sync
script would.
"""

import json
import sys
from typing import Any, Callable, List, Optional, Union

import gradebridge
from timing import median, paired


def payload(students: int = 1000, tasks: int = 10) -> bytes:
    """The same payload as the Rust criterion benchmark (core/benches/decode.rs)."""
    out = []
    for s in range(students):
        assignments = []
        for t in range(tasks):
            mx = 10 + 5 * (t % 5)
            score = (s * 7 + t * 3) % (mx + 1)
            mark: Any = 1 + (score * 6) // mx
            if (s + t) % 3 == 0:
                mark = str(mark)
            comment = "Great analysis, the improvement is noticeable" if (s + t) % 4 == 0 else None
            assignments.append(
                {"id": 18_000_000 + t, "name": f"Task number {t}", "group_mark": mark, "dropbox_status": "early",
                 "due_date": "2023-04-25T14:05:00.000Z", "comment": comment, "score": score, "max_points": mx}
            )
        out.append({"id": 12_000_000 + s, "name": f"Student{s:04}, Given", "assignments": assignments})
    meta = {"current_page": 1, "total_pages": 1, "total_count": students, "per_page": students}
    return json.dumps({"students": out, "meta": meta}).encode()


def main() -> int:
    body = payload()
    op = gradebridge.Operation("class_grades", {"class_id": 1, "term_id": 2})
    rows: List[Any] = []

    def gb_decode() -> Any:
        return op.parse(200, [], body).items

    def gb_touch() -> int:
        n = 0
        for s in op.parse(200, [], body).items:
            n += s.id
            _ = s.name
            for a in s.assignments:
                _ = (a.id, a.name, a.group_mark, a.dropbox_status, a.due_date, a.comment, a.score, a.max_points)
                n += 1
        return n

    def read_scores(students: Any) -> float:
        """What a sync does with a page: every score of every student."""
        total = 0.0
        for s in students:
            for a in s.assignments:
                if a.score is not None:
                    total += a.score
        return total

    def gb_scores() -> float:
        return read_scores(op.parse(200, [], body).items)

    def gb_scores_twice() -> float:
        items = op.parse(200, [], body).items
        return read_scores(items) + read_scores(items)

    assert len(gb_decode()) == 1000
    rows.append(("json.loads (dicts, no validation)", median(lambda: json.loads(body))))
    rows.append(("gradebridge (typed models)", median(gb_decode)))
    rows.append(("gradebridge, decode + read every field", median(gb_touch)))
    rows.append(("gradebridge, decode + read every score", median(gb_scores)))
    rows.append(("gradebridge, decode + read every score twice", median(gb_scores_twice)))

    try:
        import pydantic

        class PAssignment(pydantic.BaseModel):
            id: int
            name: Optional[str] = None
            group_mark: Optional[Union[int, str]] = None
            dropbox_status: Optional[str] = None
            due_date: Optional[str] = None
            comment: Optional[str] = None
            score: Optional[float] = None
            max_points: Optional[float] = None

        class PStudent(pydantic.BaseModel):
            id: int
            name: Optional[str] = None
            assignments: List[PAssignment] = []

        class PMeta(pydantic.BaseModel):
            current_page: Optional[int] = None
            total_pages: Optional[int] = None
            total_count: Optional[int] = None
            per_page: Optional[int] = None

        class PPage(pydantic.BaseModel):
            students: List[PStudent]
            meta: Optional[PMeta] = None

        assert len(PPage.model_validate_json(body).students) == 1000
        rows.append((f"pydantic {pydantic.VERSION} model_validate_json", median(lambda: PPage.model_validate_json(body))))
    except ImportError:
        print("(pydantic not installed: pip install pydantic)", file=sys.stderr)

    try:
        import msgspec

        class MAssignment(msgspec.Struct):
            id: int
            name: Optional[str] = None
            group_mark: Optional[Union[int, str]] = None
            dropbox_status: Optional[str] = None
            due_date: Optional[str] = None
            comment: Optional[str] = None
            score: Optional[float] = None
            max_points: Optional[float] = None

        class MStudent(msgspec.Struct):
            id: int
            name: Optional[str] = None
            assignments: List[MAssignment] = []

        class MMeta(msgspec.Struct):
            current_page: Optional[int] = None
            total_pages: Optional[int] = None
            total_count: Optional[int] = None
            per_page: Optional[int] = None

        class MPage(msgspec.Struct):
            students: List[MStudent]
            meta: Optional[MMeta] = None

        dec = msgspec.json.Decoder(MPage)
        assert len(dec.decode(body).students) == 1000
        rows.append((f"msgspec {msgspec.__version__} Struct decode", median(lambda: dec.decode(body))))
        assert read_scores(dec.decode(body).students) == gb_scores()
        ms_scores = lambda: read_scores(dec.decode(body).students)  # noqa: E731
        rows.append(("msgspec, decode + read every score", median(ms_scores)))
        side_by_side = (paired(gb_decode, lambda: dec.decode(body)), paired(gb_scores, ms_scores))
    except ImportError:
        print("(msgspec not installed: pip install msgspec)", file=sys.stderr)

    base = rows[1][1]
    print(f"class-grades page, 1,000 students x 10 tasks, {len(body) / 1048576:.2f} MiB, median of 15")
    print(f"| {'decoder':<44} | {'ms':>7} | {'vs gradebridge':>14} |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 16}|")
    for name, t in rows:
        print(f"| {name:<44} | {t * 1000:7.2f} | {t / base:13.2f}x |")
    by_name = {name.split()[0]: t for name, t in rows if "," not in name}
    by_row = dict(rows)
    if "msgspec" in by_name:
        print(f"gradebridge / msgspec, decode: {base / by_name['msgspec']:.2f}x (target: at most 1.5x)")
        print(
            "gradebridge / msgspec, decode + read every score: "
            f"{by_row['gradebridge, decode + read every score'] / by_row['msgspec, decode + read every score']:.2f}x"
            " (target: at most 1.2x)"
        )
        print(
            "side by side (median of 31 runs that alternate the two): "
            f"decode {side_by_side[0]:.2f}x, decode + read every score {side_by_side[1]:.2f}x msgspec"
        )
    if "pydantic" in by_name:
        print(f"pydantic / gradebridge: {by_name['pydantic'] / base:.2f}x (target: above 1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
