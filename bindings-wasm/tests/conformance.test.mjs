// Conformance fixes seen from JS (mirrors bindings-py/tests/test_conformance.py).
import test from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { useSandbox } from "./sandbox.mjs";

const ctx = useSandbox(test, gb);

test("an empty string clears; unset sends nothing", async () => {
  const { sb, mb } = ctx;
  const r = gb.buildRequest("update_task_grade", { task_id: 1, student_id: 2, grade: { points: "", comment: "x" } }, { token: "t" });
  assert.deepEqual(JSON.parse(r.body), { task_grade: { points: "", comment: "x" } });
  const state = await sb.state();
  const student = state.results.find((x) => x.task_id === 70001 && x.grade && "points" in x.grade).student_id;
  await mb.updateTaskGrade(70001, student, { points: "", comment: "cleared" });
  const after = (await sb.state()).results.find((x) => x.task_id === 70001 && x.student_id === student).grade;
  assert.ok(!("points" in after));
  assert.equal(after.comment, "cleared");
});

test("a class without a name; reset a whole task; create-only fields refused", async () => {
  const { sb, mb } = ctx;
  assert.ok((await mb.createClass({ program: "myp" })).name);
  const outcomes = await mb.resetAllTaskGrades(70001);
  assert.ok(outcomes.length > 0 && outcomes.every((o) => o.ok));
  await assert.rejects(mb.updateClass(1001, { start_term_id: 2601 }), (e) => e instanceof gb.InvalidInputError && e.field === "class.start_term_id");
});
