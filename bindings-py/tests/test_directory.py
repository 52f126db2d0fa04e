"""The ManageBac directory against the sandbox: people with their emails, matched to
grades; writes read back; year groups, memberships and the school. Mirrors
core/tests/directory_client.rs and bindings-wasm/tests/directory.test.mjs."""

from __future__ import annotations

import asyncio

import gradebridge
import pytest
from conftest import Sandbox


def test_students_page_through_and_match_grades(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    students = list(mb.students(per_page=7))
    assert len(students) == 30 and len({s.id for s in students}) == 30
    assert all(s.email and "@" in s.email for s in students)
    assert mb.get_student(5001) == students[0]
    assert students[0].student_id == "S5001"
    roster = list(mb.class_students(1001))
    assert len(roster) == 24 and all(s.level for s in roster)
    emails = {s.id: s.email for s in students}
    grades = list(mb.class_grades(1001, 2601))
    assert all(g.id in emails for g in grades)
    assert len(list(mb.students(year_group_ids=[302]))) == 10
    assert any(s.id == 5001 for s in mb.students(q=students[0].first_name))


def test_a_student_is_created_updated_archived(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    created = mb.create_student({"email": "py.student@demo.gradebridge.test", "first_name": "Ines", "student_id": "S9002"})
    assert isinstance(created, gradebridge.Student) and created.first_name == "Ines"
    updated = mb.update_student(created.id, gradebridge.StudentInput(nickname=""))
    assert updated.nickname == ""
    mb.archive_student(created.id)
    assert any(s.id == created.id for s in mb.students(archived=True))
    mb.unarchive_student(created.id)
    assert mb.get_student(created.id).archived is False
    with pytest.raises(gradebridge.UnprocessableError) as e:
        mb.create_student({"email": "py.student@demo.gradebridge.test"})
    assert "email" in e.value.field_errors
    with pytest.raises(gradebridge.InvalidInputError) as bad:
        mb.create_student({"first_name": "No email"})
    assert bad.value.field == "student.email"
    with pytest.raises(gradebridge.InvalidInputError) as unknown:
        mb.create_student({"email": "x@y.z", "emial": "typo"})
    assert unknown.value.field == "student.emial"


def test_year_groups_memberships_school(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    assert [g.id for g in mb.year_groups()] == [301, 302]
    assert len(list(mb.year_group_students(301))) == 20
    assert mb.year_group_advisors(301)[0].roles == ["homeroom", "cas"]
    members = list(mb.memberships(class_ids=[1001]))
    assert len(members) == 25 and all(m.user_email for m in members)
    assert mb.school().name == "gradebridge Demo School"
    years = mb.academic_years(program_code="diploma")
    assert list(years) == ["diploma"]
    assert [t.id for t in years["diploma"][0].academic_terms] == [2601, 2602]
    assert mb.ping() == "ok"
    teachers = list(mb.teachers())
    assert mb.get_teacher(teachers[0].id) == teachers[0]
    assert list(mb.parents())[0].child_ids == [5001]


def test_async_directory(sandbox: Sandbox) -> None:
    async def run() -> None:
        amb = gradebridge.AsyncManageBac(sandbox.token, base_url=sandbox.url)
        students = [s async for s in amb.students(per_page=9)]
        assert len(students) == 30
        assert (await amb.get_student(5002)).id == 5002
        assert (await amb.school()).subdomain == "demo"

    asyncio.run(run())


def test_attendance(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    term = mb.homeroom_term_attendance(301, 2601)
    assert len(term) == 20 and sum(term[0].attendance.values()) == 60
    day = mb.class_date_attendance(1001, "2026-03-02")
    assert set(day.students[0].attendance) == {"1", "3"}
    with pytest.raises(gradebridge.InvalidInputError) as e:
        mb.homeroom_date_attendance(301, "2026-3-2")
    assert e.value.field == "date"


def test_avatar(sandbox: Sandbox) -> None:
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    avatar = mb.avatar(5001)
    assert avatar.content_type == "image/png"
    assert isinstance(avatar.data, bytes) and avatar.data.startswith(b"\x89PNG")
    assert sandbox.stats()["avatars_with_credentials"] == 0


def test_every_directory_operation_against_the_sandbox(sandbox: Sandbox) -> None:
    """Each of the directory's operations once, blocking, with a check of its answer."""
    mb = gradebridge.ManageBac(sandbox.token, base_url=sandbox.url)
    t = mb.create_teacher({"email": "t.py@demo.gradebridge.test", "first_name": "Tea"})
    assert mb.update_teacher(t.id, {"last_name": "Cher"}).last_name == "Cher"
    assert mb.get_teacher(t.id).last_name == "Cher"
    p = mb.create_parent({"email": "p.py@demo.gradebridge.test", "child_ids": [5002]})
    assert mb.update_parent(p.id, {"employer": "Acme"}).employer == "Acme"
    assert mb.get_parent(p.id).child_ids == [5002]
    assert mb.archive_parent(p.id).status == "ok"
    assert mb.unarchive_parent(p.id).status == "ok"
    assert mb.remove_year_group_students(301, [5001]).status == "ok"
    assert mb.add_year_group_students(302, [5001]).status == "ok"
    assert mb.get_student(5001).year_group_id == 302
    assert len(mb.homeroom_date_attendance(301, "2026-03-02")) == 19
    assert len(mb.class_term_attendance(1001, 2601).students) == 24
    assert [g.code for g in mb.school_grades()] == ["diploma", "myp"]
    assert mb.subjects()["diploma"]
    assert mb.reset_all_task_grades(70002)
    names = {e["name"] for e in gradebridge._native.registry_entries() if e["platform"] == "managebac"}
    assert len(names) == 55
