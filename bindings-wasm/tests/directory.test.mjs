// The ManageBac directory against the sandbox, mirroring bindings-py/tests/test_directory.py.
import test from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { useSandbox } from "./sandbox.mjs";

const ctx = useSandbox(test, gb);

test("students page through and match grades", async () => {
  const { sb, mb } = ctx;
  const students = await mb.students({ perPage: 7 });
  assert.equal(students.length, 30);
  assert.equal(new Set(students.map((s) => s.id)).size, 30);
  assert.ok(students.every((s) => s.email.includes("@")));
  assert.deepEqual(await mb.getStudent(5001), students[0]);
  const roster = await mb.classStudents(1001);
  assert.equal(roster.length, 24);
  const emails = new Map(students.map((s) => [s.id, s.email]));
  const grades = await mb.classGrades(1001, 2601);
  assert.ok(grades.every((g) => emails.has(g.id)));
  assert.equal((await mb.students({ yearGroupIds: [302] })).length, 10);
});

test("a student is created, updated, archived", async () => {
  const { sb, mb } = ctx;
  const created = await mb.createStudent({ email: "js.student@demo.gradebridge.test", first_name: "Ines" });
  const updated = await mb.updateStudent(created.id, { nickname: "" });
  assert.equal(updated.nickname, "");
  await mb.archiveStudent(created.id);
  assert.ok((await mb.students({ archived: true })).some((s) => s.id === created.id));
  await mb.unarchiveStudent(created.id);
  assert.equal((await mb.getStudent(created.id)).archived, false);
  await assert.rejects(mb.createStudent({ email: "js.student@demo.gradebridge.test" }), (e) => e instanceof gb.UnprocessableError && "email" in e.fieldErrors);
  await assert.rejects(mb.createStudent({ first_name: "x" }), (e) => e instanceof gb.InvalidInputError && e.field === "student.email");
});

test("year groups, memberships, the school", async () => {
  const { sb, mb } = ctx;
  assert.deepEqual((await mb.yearGroups()).map((g) => g.id), [301, 302]);
  assert.equal((await mb.yearGroupStudents(301)).length, 20);
  assert.equal((await mb.yearGroupAdvisors(301))[0].id, 1963);
  const members = await mb.memberships({ classIds: [1001] });
  assert.equal(members.length, 25);
  assert.equal((await mb.school()).name, "gradebridge Demo School");
  const years = await mb.academicYears({ programCode: "diploma" });
  assert.deepEqual(Object.keys(years), ["diploma"]);
  assert.deepEqual(years.diploma[0].academic_terms.map((t) => t.id), [2601, 2602]);
  assert.equal(await mb.ping(), "ok");
});

test("attendance", async () => {
  const { sb, mb } = ctx;
  const term = await mb.homeroomTermAttendance(301, 2601);
  assert.equal(term.length, 20);
  const day = await mb.classDateAttendance(1001, "2026-03-02");
  assert.deepEqual(Object.keys(day.students[0].attendance), ["1", "3"]);
  await assert.rejects(mb.homeroomDateAttendance(301, "2026-3-2"), (e) => e instanceof gb.InvalidInputError && e.field === "date");
});

test("avatar", async () => {
  const { sb, mb } = ctx;
  const avatar = await mb.avatar(5001);
  assert.equal(avatar.contentType ?? avatar.content_type, "image/png");
  assert.ok(Buffer.from(avatar.data, "base64").subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
});

test("every directory operation against the sandbox", async () => {
  const { sb, mb } = ctx;
  const t = await mb.createTeacher({ email: "t.js@demo.gradebridge.test" });
  assert.equal((await mb.updateTeacher(t.id, { last_name: "Cher" })).last_name, "Cher");
  assert.equal((await mb.getTeacher(t.id)).last_name, "Cher");
  const p = await mb.createParent({ email: "p.js@demo.gradebridge.test", child_ids: [5002] });
  assert.equal((await mb.updateParent(p.id, { employer: "Acme" })).employer, "Acme");
  assert.deepEqual((await mb.getParent(p.id)).child_ids, [5002]);
  assert.equal((await mb.archiveParent(p.id)).status, "ok");
  assert.equal((await mb.unarchiveParent(p.id)).status, "ok");
  assert.equal((await mb.removeYearGroupStudents(301, [5001])).status, "ok");
  assert.equal((await mb.addYearGroupStudents(302, [5001])).status, "ok");
  assert.equal((await mb.getStudent(5001)).year_group_id, 302);
  assert.equal((await mb.homeroomDateAttendance(301, "2026-03-02")).length, 19);
  assert.equal((await mb.classTermAttendance(1001, 2601)).students.length, 24);
  assert.deepEqual((await mb.schoolGrades()).map((g) => g.code), ["diploma", "myp"]);
  assert.ok((await mb.subjects()).diploma.length > 0);
  assert.ok((await mb.resetAllTaskGrades(70002)).length > 0);
  assert.equal(gb.registry().filter((o) => o.platform === "managebac").length, 55);
});
