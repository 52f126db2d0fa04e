// The npm package against the sandbox: every operation, pagination, 429, 422, 401,
// error classes, bulk outcomes, secrets.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { startSandbox } from "./sandbox.mjs";

let sb;
let mb;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(async () => {
  await sb.reset();
  mb = new gb.ManageBac({ token: sb.token, baseUrl: sb.url });
});

test("classes, getClass", async () => {
  const classes = await mb.classes();
  assert.deepEqual(classes.map((c) => c.id), [1001, 1002, 1003]);
  assert.deepEqual(await mb.getClass(1002), classes[1]);
  assert.deepEqual(classes[0].applicable_levels, ["HL", "SL"]);
  const archived = await mb.classes({ archived: true });
  assert.deepEqual(archived, []);
});

test("tasks, getTask, taskResults, criteria, taskCategories", async () => {
  const tasks = await mb.tasks(1001, { termId: 2601 });
  const state = await sb.state();
  assert.deepEqual(
    tasks.map((t) => t.id),
    state.tasks.filter((t) => t.class_id === 1001 && t.term_id === 2601).map((t) => t.id),
  );
  assert.equal((await mb.tasks(1001).toArray()).length, 8);
  // Optional arguments that are positional in the registry are positional here too,
  // as in Python (mb.tasks(1001, 2601)).
  assert.deepEqual((await mb.tasks(1001, 2601)).map((t) => t.id), tasks.map((t) => t.id));
  const task = await mb.getTask(1001, tasks[0].id);
  assert.equal(task.name, tasks[0].name);
  assert.equal(task.category.weight, 20);
  const results = await mb.taskResults(1001, tasks[0].id);
  assert.equal(results.length, 24);
  assert.equal((await mb.criteria(1001)).length, 4);
  const cats = await mb.taskCategories(1001);
  assert.equal(cats.reduce((s, c) => s + c.weight, 0), 100);
});

test("classGrades and termGrades match the sandbox", async () => {
  const students = await mb.classGrades(1001, 2601);
  assert.equal(students.length, 24);
  for (const a of students[0].assignments) {
    assert.equal(a.score, (await sb.grade(a.id, students[0].id)).points);
  }
  const some = await mb.termGrades(1001, 2601, { studentIds: [5002, 5003] });
  assert.deepEqual(some.map((s) => s.id), [5002, 5003]);
  for (const s of some) assert.equal(s.term_grade.grade, s.term_grade.average.grade);
  const former = await mb.termGrades(1001, 2601, { unenrolledOnly: true });
  assert.deepEqual(former.map((s) => s.id), [5025]);
});

test("pagination over several pages with a short one, lazily", async () => {
  await sb.faults({ short_page: 2 });
  const it = mb.classGrades(1002, 2601, { perPage: 10 })[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal((await sb.stats()).requests, 1, "one page fetched");
  const ids = [first.value.id];
  for (let r = await it.next(); !r.done; r = await it.next()) ids.push(r.value.id);
  assert.equal(ids.length, 29);
  assert.equal(new Set(ids).size, 29);
  assert.equal((await sb.stats()).requests, 4);
  const sizes = [];
  const nexts = [];
  for await (const page of mb.classGrades(1002, 2601, { perPage: 10 }).pages()) {
    sizes.push(page.items.length);
    nexts.push(page.next === null ? null : [page.next instanceof gb.Operation, page.next.name, page.next.args.page]);
  }
  assert.deepEqual(sizes, [10, 5, 10, 4]);
  // Each page's next is the Operation for the next page, as Python's .pages() gives.
  assert.deepEqual(nexts, [[true, "class_grades", 2], [true, "class_grades", 3], [true, "class_grades", 4], null]);
});

test("task lifecycle", async () => {
  const created = await mb.createTask(1001, { name: "Lab report", due_date: "2026-03-02T15:00:00" });
  assert.equal(created.name, "Lab report");
  const updated = await mb.updateTask(1001, created.id, { notes: "Goggles" });
  assert.equal(updated.notes, "Goggles");
  assert.equal(updated.name, "Lab report");
  assert.equal(await mb.deleteTask(1001, created.id), undefined);
  await assert.rejects(mb.getTask(1001, created.id), gb.NotFoundError);
});

test("grade writes: every outcome, failures included", async () => {
  const g = await mb.updateTaskGrade(70001, 5001, { points: 30, comment: "Excellent" });
  assert.equal(g.points, 30);
  assert.equal((await sb.grade(70001, 5001)).points, 30);
  const out = await mb.updateTaskGrades(70001, [
    { id: 5002, task_grade: { points: 31 } },
    { id: 5003, task_grade: { points: 99 } },
    { id: 5029, task_grade: { points: 10 } },
  ]);
  assert.deepEqual(
    out.map((o) => [o.id, o.ok, o.status]),
    [
      [5002, true, "ok"],
      [5003, false, "unprocessable_entity"],
      [5029, false, "not_found"],
    ],
  );
  assert.deepEqual(out[1].errors, { points: ["must be less than or equal to 32"] });
  const reset = await mb.resetTaskGrades(70001, [5002, 5029]);
  assert.deepEqual(reset.map((o) => o.ok), [true, false]);
  assert.equal(await sb.grade(70001, 5002), null);
});

test("class writes", async () => {
  const c = await mb.createClass({ name: "IB DP Biology", program: "diploma" });
  assert.equal(c.program_code, "diploma");
  assert.equal((await mb.updateClass(c.id, { description: "Field work" })).description, "Field work");
  const ups = await mb.upsertClasses([{ id: c.id, archived: true }, { name: "New" }, { id: 424242, name: "x" }]);
  assert.deepEqual(ups.map((o) => [o.index, o.ok]), [[0, true], [1, true], [2, false]]);
  assert.equal(ups[0].class.archived, true);
  assert.equal((await mb.addClassStudents(1003, [5001])).status, "ok");
  assert.ok((await sb.state()).classes["1003"].members.includes(5001));
  assert.equal((await mb.removeClassStudents(1003, [5001])).status, "ok");
  const levels = await mb.updateClassStudents(1001, [{ id: 5001, level: "SL" }, { id: 5002, level: "XL" }]);
  assert.deepEqual(levels.map((o) => o.status), ["ok", "unprocessable_entity"]);
});

test("a 429 is waited out", async () => {
  await sb.faults({ rate_limit_next: 1, retry_after_secs: 1 });
  const t = Date.now();
  assert.equal((await mb.getClass(1001)).id, 1001);
  assert.ok(Date.now() - t >= 900);
  assert.deepEqual((await sb.stats()).log.map((e) => e.status), [429, 200]);
});

test("422 and 401 map to their Error classes", async () => {
  const e422 = await mb.updateTaskGrade(70001, 5001, { points: 1000 }).catch((e) => e);
  assert.ok(e422 instanceof gb.UnprocessableError);
  assert.ok(e422 instanceof gb.GradebridgeError);
  assert.ok(e422 instanceof Error);
  assert.equal(e422.code, "unprocessable");
  assert.equal(e422.status, 422);
  assert.deepEqual(e422.fieldErrors, { points: ["must be less than or equal to 32"] });
  const bad = new gb.ManageBac({ token: "wrong-token", baseUrl: sb.url });
  const e401 = await bad.classes().catch((e) => e);
  assert.ok(e401 instanceof gb.AuthenticationError);
  assert.equal(e401.name, "AuthenticationError");
  assert.equal(e401.code, "unauthorized");
  assert.ok(!e401.message.includes("wrong-token"));
  const ro = new gb.ManageBac({ token: "sandbox-readonly-token", baseUrl: sb.url });
  await assert.rejects(ro.updateTaskGrade(70001, 5001, { points: 1 }), gb.PermissionDeniedError);
});

test("invalid input names the field, before any request", async () => {
  const e1 = await mb.updateTaskGrades(70001, [{ id: 5001, task_grade: { pionts: 3 } }]).catch((e) => e);
  assert.ok(e1 instanceof gb.InvalidInputError);
  assert.equal(e1.field, "grades[0].task_grade.pionts");
  const e2 = await mb.classes({ perPage: 500 }).catch((e) => e);
  assert.equal(e2.field, "per_page");
  const e3 = (() => {
    try {
      mb.classGrades(1001, 2601, { colour: "red" });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(e3 instanceof gb.InvalidInputError);
  assert.equal(e3.field, "colour");
  assert.throws(() => new gb.ManageBac({ token: "t", baseUrl: "http://example.com" }), gb.InvalidInputError);
  // Unicode host names are not read (ASCII hosts only, for the module's size).
  assert.throws(
    () => new gb.ManageBac({ token: "t", baseUrl: "https://bücher.example" }),
    (e) => e instanceof gb.InvalidInputError && e.field === "base_url" && e.message.includes("xn--"),
  );
  assert.equal((await sb.stats()).requests, 0);
});

test("503s are retried for a GET; a create is not", async () => {
  await sb.faults({ fail_next: 2 });
  assert.equal((await mb.getClass(1001)).id, 1001);
  await sb.reset();
  await sb.faults({ fail_next: 1 });
  await assert.rejects(mb.createTask(1001, { name: "Once" }), gb.ServerError);
  assert.equal((await sb.stats()).requests, 1);
});

test("the token never shows", async () => {
  const token = "super-secret-token-123";
  const client = new gb.ManageBac({ token, baseUrl: sb.url });
  assert.ok(!String(client).includes(token));
  assert.ok(!JSON.stringify(client).includes(token));
  const { inspect } = await import("node:util");
  assert.ok(!inspect(client).includes(token));
  const e = await client.getClass(1001).catch((err) => err);
  assert.ok(e instanceof gb.AuthenticationError);
  assert.ok(!String(e).includes(token) && !JSON.stringify(e).includes(token) && !e.stack.includes(token));
});

test("weightedAverage over what the API returns gives the term average ManageBac reports", async () => {
  let checked = 0;
  for (const classId of [1001, 1002, 1003]) {
    const [grades, categories, classTasks, term] = await Promise.all([
      mb.classGrades(classId, 2601),
      mb.taskCategories(classId),
      mb.tasks(classId),
      mb.termGrades(classId, 2601),
    ]);
    for (const student of grades) {
      const avg = gb.weightedAverage(student.assignments, categories, { classTasks, decimals: 1 });
      const reported = term.find((t) => t.id === student.id).term_grade?.average?.percent ?? null;
      assert.equal(avg.percent === null ? null : Number(avg.percent), reported, `student ${student.id}`);
      if (reported !== null) checked += 1;
    }
  }
  assert.ok(checked >= 20, `only ${checked} compared`);
  const [student] = await mb.classGrades(1001, 2601);
  const categories = await mb.taskCategories(1001);
  assert.throws(
    () => gb.weightedAverage(student.assignments, categories),
    (e) => e instanceof gb.InvalidInputError && e.field === "tasks[0]" && e.message.includes("`classTasks`"),
  );
  assert.equal(gb.weightedAverage([{ category: 1, score: 5, max_points: 10 }], [{ category: 1, weight: 100 }]).percent, "50");
  assert.throws(
    () => gb.weightedAverage(student.assignments, categories, { classTasks: 5 }),
    (e) => e instanceof gb.InvalidInputError && e.field === "classTasks",
  );
});
