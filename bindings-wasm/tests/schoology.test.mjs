// Schoology from JS against the sandbox: create an assignment, list it back through
// pages, grade 120 enrollments in three batches, read the grades back, delete it;
// signatures (a tampered request is refused with 401, a wrong secret is an
// AuthenticationError); secrets kept out of strings and errors.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { startSandbox } from "./sandbox.mjs";

const KEY = "sandbox-consumer-key";
const SECRET = "sandbox-consumer-secret";
const LARGE = 9100;

let sb;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(async () => {
  await sb.reset();
});

const client = (extra = {}) => new gb.Schoology({ consumerKey: KEY, consumerSecret: SECRET, baseUrl: sb.url + "/v1", ...extra });
const count = async (method, prefix) => (await sb.stats()).log.filter((e) => e.method === method && e.path.startsWith(prefix)).length;

test("create, page, grade 120 in three batches, read back, delete", async () => {
  const sg = client();
  const ids = [];
  for (let n = 1; n <= 5; n++) {
    const a = await sg.createAssignment(LARGE, { title: `Essay ${n}`, max_points: 100, due: "2026-03-02 15:00:00" });
    assert.equal(a.title, `Essay ${n}`);
    assert.equal(a.max_points, 100);
    assert.equal(a.type, "assignment");
    ids.push(a.id);
  }
  const before = await count("GET", `/v1/sections/${LARGE}/assignments`);
  const listed = await sg.assignments(LARGE, { limit: 2 });
  assert.deepEqual(listed.map((a) => a.id), ids);
  assert.equal((await count("GET", `/v1/sections/${LARGE}/assignments`)) - before, 3);

  const students = (await sg.enrollments(LARGE)).filter((e) => e.admin === false).map((e) => e.id).slice(0, 120);
  assert.equal(students.length, 120);
  const target = ids[0];
  const grades = students.map((e, i) => ({ enrollment_id: e, assignment_id: target, grade: (i % 100) + 0.5, comment: `note ${i}` }));
  const putsBefore = await count("PUT", `/v1/sections/${LARGE}/grades`);
  const outcomes = await sg.updateGrades(LARGE, grades);
  assert.equal((await count("PUT", `/v1/sections/${LARGE}/grades`)) - putsBefore, 3);
  assert.equal(outcomes.length, 120);
  assert.ok(outcomes.every((o) => o.ok && o.status === "ok"));
  assert.deepEqual(outcomes.map((o) => o.enrollment_id), students);

  const back = await sg.grades(LARGE, target);
  const got = Object.fromEntries(back.map((g) => [g.enrollment_id, [g.grade, g.comment]]));
  assert.deepEqual(got, Object.fromEntries(grades.map((g) => [g.enrollment_id, [g.grade, g.comment]])));

  await sg.deleteAssignment(LARGE, target);
  await assert.rejects(sg.getAssignment(LARGE, target), (e) => e instanceof gb.NotFoundError && e.platform === "schoology");
});

test("a bad item is an outcome; bad input is refused before anything is sent", async () => {
  const sg = client();
  const first = (await sg.assignments(9001))[0].id;
  const out = await sg.updateGrades(9001, [
    { enrollment_id: 9001002, assignment_id: first, grade: 15 },
    { enrollment_id: 9001999, assignment_id: first, grade: 15 },
    { enrollment_id: 9001003, assignment_id: first, exception: 1 },
  ]);
  assert.deepEqual(out.map((o) => [o.ok, o.status]), [[true, "ok"], [false, "error"], [true, "ok"]]);
  const grades = Array.from({ length: 120 }, (_, i) => ({ enrollment_id: 9100001 + i, assignment_id: first, grade: 1 }));
  grades[73].grade = NaN;
  const requests = (await sb.stats()).requests;
  await assert.rejects(sg.updateGrades(LARGE, grades), (e) => e instanceof gb.InvalidInputError && /grades\[73\]\.grade/.test(e.message));
  grades[73].grade = 1;
  grades[80].exception = 1;
  await assert.rejects(sg.updateGrades(LARGE, grades), (e) => e instanceof gb.InvalidInputError && e.field === "grades[80].grade");
  assert.equal((await sb.stats()).requests, requests);
});

test("unset and empty assignees stay different; attachments need their id", () => {
  const opts = { platform: "schoology", baseUrl: "https://api.schoology.com/v1", consumerKey: "k", consumerSecret: "s", nonce: "n", timestamp: 1767225600 };
  const unset = gb.buildRequest("update_assignment", { section_id: 1, assignment_id: 2, changes: { title: "t" } }, opts);
  const empty = gb.buildRequest("update_assignment", { section_id: 1, assignment_id: 2, changes: { assignees: [] } }, opts);
  const body = (r) => JSON.parse(r.body);
  assert.deepEqual(body(unset), { title: "t" });
  assert.deepEqual(body(empty), { assignees: [] });
  assert.match(unset.headers.find(([k]) => k === "authorization")[1], /^OAuth realm="Schoology API",/);
  assert.throws(
    () => gb.buildRequest("update_assignment", { section_id: 1, assignment_id: 2, changes: { attachments: [{ title: "x" }] } }, opts),
    (e) => e instanceof gb.InvalidInputError && e.field === "changes.attachments[0].id",
  );
});

test("signatures: tampered requests get 401, a wrong secret is an AuthenticationError, secrets never show", async () => {
  const now = Math.floor(Date.now() / 1000);
  const r = gb.buildRequest("get_user", { uid: 60001 }, { platform: "schoology", baseUrl: sb.url + "/v1", consumerKey: KEY, consumerSecret: SECRET, nonce: "js-tamper-1", timestamp: now });
  const headers = Object.fromEntries(r.headers);
  assert.equal((await fetch(r.url, { headers })).status, 200);
  assert.equal((await fetch(r.url.replace("60001", "60002"), { headers })).status, 401);
  const wrong = client({ consumerSecret: "wrong-SECRET-1", token: "tok-SECRET-2", tokenSecret: "ts-SECRET-3" });
  await assert.rejects(wrong.getUser(60001), (e) => {
    const text = `${e} ${JSON.stringify(e)} ${String(wrong)} ${JSON.stringify(wrong)}`;
    return e instanceof gb.AuthenticationError && e.status === 401 && !/SECRET/.test(text);
  });
  for (const extra of [{ signatureMethod: "PLAINTEXT" }, { token: "sandbox-access-token", tokenSecret: "sandbox-token-secret" }]) {
    assert.equal((await client(extra).getUser(60001)).school_uid, "S5001");
  }
  const users = await Promise.all(Array.from({ length: 50 }, (_, i) => client().getUser(60001 + (i % 30))));
  assert.equal(users.length, 50);
});

test("the section's grading scale reads into a GradeScale", async () => {
  const scales = await client().gradingScales(9001);
  const ib = scales.find((s) => s.title === "IB 1-7");
  const scale = gb.GradeScale.fromSchoology(ib);
  assert.equal(scale.grade(72), "6");
});
