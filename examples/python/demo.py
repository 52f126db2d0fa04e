"""The gradebridge demo in Python: start the sandbox binary, list classes, fetch a
class's tasks and grades for a term, write a bulk grade update, read it back, print a
table.

    python examples/python/demo.py

With GRADEBRIDGE_BASE_URL and GRADEBRIDGE_TOKEN set it reads a live school instead
(and writes only with GRADEBRIDGE_DEMO_WRITE=1). GRADEBRIDGE_SANDBOX_BIN points at the
sandbox binary (default: target/debug/gradebridge-sandbox, built if missing).
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from decimal import Decimal
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import gradebridge

ROOT = Path(__file__).resolve().parents[2]


def start_sandbox() -> Tuple["subprocess.Popen[str]", str]:
    binary = Path(os.environ.get("GRADEBRIDGE_SANDBOX_BIN", ROOT / "target" / "debug" / "gradebridge-sandbox"))
    if not binary.exists():
        subprocess.run(["cargo", "build", "-q", "-p", "gradebridge-sandbox"], cwd=ROOT, check=True)
    proc = subprocess.Popen([str(binary), "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return proc, line[len("listening on ") :]


def print_roster(mb: gradebridge.ManageBac, class_id: int, grades: List[gradebridge.StudentGrades], rows: int = 8) -> None:
    """The class's students (from the directory) with their email and level beside
    their grades: how a sync matches people across systems."""
    try:
        roster = list(mb.class_students(class_id))
        people = {s.id: s for s in mb.students(per_page=200)}
    except gradebridge.GradebridgeError as e:
        print(f"\n(no roster: {e})")
        return
    averages = {}
    for s in grades:
        got = sum(a.score for a in s.assignments if a.score is not None and a.max_points is not None)
        total = sum(a.max_points for a in s.assignments if a.score is not None and a.max_points is not None)
        averages[s.id] = f"{100 * got / total:.1f}" if total else "-"
    print(f"\nRoster of class {class_id}: {len(roster)} students, email and level beside the term average")
    print(f"  {'student':<24} {'email':<42} {'id':<8} {'level':<5} {'avg %':>6}")
    for r in roster[:rows]:
        p = people.get(r.id)
        name = f"{p.last_name}, {p.first_name}" if p else "?"
        email = (p.email or "-") if p else "?"
        number = (p.student_id or "-") if p else "?"
        print(f"  {name[:24]:<24} {email[:42]:<42} {number:<8} {r.level or '-':<5} {averages.get(r.id, '-'):>6}")
    if len(roster) > rows:
        print(f"  ... {len(roster) - rows} more students")


def print_table(tasks: List[gradebridge.Task], students: List[gradebridge.StudentGrades], rows: int = 8) -> None:
    cols = tasks[:6]
    print(f"  {'student':<24}" + "".join(f" {'T' + str(i + 1):>9}" for i in range(len(cols))) + f" {'avg %':>7}")
    for s in students[:rows]:
        by_task: Dict[int, gradebridge.AssignmentGrade] = {a.id: a for a in s.assignments}
        got = total = 0.0
        cells = []
        for t in cols:
            a = by_task.get(t.id)
            if a is not None and a.score is not None and a.max_points is not None:
                got += a.score
                total += a.max_points
                cells.append(f" {f'{a.score:g}/{a.max_points:g}':>9}")
            else:
                cells.append(f" {'-':>9}")
        avg = f"{100 * got / total:7.1f}" if total else f"{'-':>7}"
        print(f"  {(s.name or '?')[:24]:<24}" + "".join(cells) + f" {avg}")
    if len(students) > rows:
        print(f"  ... {len(students) - rows} more students")
    for i, t in enumerate(cols):
        print(f"  T{i + 1} = {t.name} ({t.id})")


def main() -> int:
    base_url = os.environ.get("GRADEBRIDGE_BASE_URL")
    token = os.environ.get("GRADEBRIDGE_TOKEN")
    proc: Optional["subprocess.Popen[str]"] = None
    may_write = True
    if base_url and token:
        print(f"Live school at {base_url}")
        may_write = os.environ.get("GRADEBRIDGE_DEMO_WRITE") == "1"
    else:
        proc, base_url = start_sandbox()
        token = "sandbox-token"
        print(f"Sandbox listening on {base_url}")
    try:
        mb = gradebridge.ManageBac(token, base_url=base_url)
        classes = list(mb.classes())
        print(f"\n{len(classes)} classes:")
        for c in classes:
            print(f"  {c.id:>6}  {c.name or '-':<55} {c.program or ''}")
        wanted = os.environ.get("GRADEBRIDGE_CLASS_ID")
        klass = next((c for c in classes if str(c.id) == wanted), classes[0]) if wanted else classes[0]
        term_env = os.environ.get("GRADEBRIDGE_TERM_ID")
        term_id = int(term_env) if term_env else klass.start_term_id
        if term_id is None:
            raise SystemExit("set GRADEBRIDGE_TERM_ID: the class names no term")

        tasks = list(mb.tasks(klass.id, term_id=term_id))
        grades = list(mb.class_grades(klass.id, term_id))
        print(f'\nClass {klass.id} "{klass.name}", term {term_id}: {len(tasks)} tasks, {len(grades)} students')
        print_table(tasks, grades)
        print_roster(mb, klass.id, grades)

        # Timestamps are the API's text with a .datetime; a datetime goes back as
        # ISO 8601 (classes changed in the last two years).
        print("\nDue dates:")
        for t in tasks[:3]:
            when = t.due_date.datetime if t.due_date is not None else None
            print(f"  {t.name or '-':<45} {f'{when:%a %d %b %Y %H:%M %Z}' if when else '-'}  (sent as {t.due_date})")
        since = datetime.now(timezone.utc) - timedelta(days=730)
        recent = list(mb.classes(modified_since=since))
        print(f"{len(recent)} classes changed since {since:%d %b %Y}")

        task = next((t for t in tasks if t.assessments and t.assessments.points), None)
        if task is None or not may_write:
            print("\nNo grade write (no task with points, or a live school without GRADEBRIDGE_DEMO_WRITE=1).")
            return 0
        assert task.assessments is not None and task.assessments.points is not None
        top = task.assessments.points.max_points or 100.0
        writes: List[gradebridge.StudentTaskGrade] = []
        for s in grades:
            a = next((a for a in s.assignments if a.id == task.id), None)
            if a is not None and a.score is not None and len(writes) < 5:
                # Points as a Decimal (sent as the number it is), half points included.
                points = min(Decimal(str(a.score)) + Decimal("0.5"), Decimal(str(top)))
                writes.append(gradebridge.StudentTaskGrade(id=s.id, task_grade=gradebridge.TaskGrade(points=points)))
        extra = next((s for s in grades if all(w.id != s.id for w in writes)), None)
        if extra is not None:  # over the maximum: refused, and reported as data
            writes.append(gradebridge.StudentTaskGrade(id=extra.id, task_grade=gradebridge.TaskGrade(points=top + 10)))
        print(f'\nWriting {len(writes)} grades to task {task.id} "{task.name}" (max {top:g}):')
        outcomes = mb.update_task_grades(task.id, writes)
        for o in outcomes:
            detail = "; ".join(f"{k} {', '.join(v)}" for k, v in o.errors.items())
            print(f"  student {o.id:>6}  {'ok' if o.ok else 'FAIL':<4} {o.status:<22} {detail}")
        failed = sum(not o.ok for o in outcomes)
        print(f"  {len(outcomes) - failed} applied, {failed} refused")

        print("\nAfter the write:")
        print_table(tasks, list(mb.class_grades(klass.id, term_id)))
        return 0
    except gradebridge.GradebridgeError as e:
        print(f"demo failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    sys.exit(main())
