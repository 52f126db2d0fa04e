// Every malformed input of fixtures/managebac/malformed_inputs.json (shared with the
// Rust and Python suites) is refused before anything is sent, naming the field; and
// what only JS can hold (NaN, Infinity, undefined in a list, BigInt) too.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as gb from "../pkg/index.js";
import { ROOT } from "./sandbox.mjs";

const { cases } = JSON.parse(readFileSync(path.join(ROOT, "fixtures/managebac/malformed_inputs.json"), "utf8"));

test("every shared malformed input is refused naming the field", () => {
  assert.ok(cases.length >= 60);
  for (const c of cases) {
    assert.throws(
      () => gb.buildRequest(c.operation, c.args, { token: "t" }),
      (e) => e instanceof gb.InvalidInputError && e.field === c.field,
      `${c.operation}: ${c.why}`,
    );
  }
});

test("every shared malformed Schoology input is refused naming the field", () => {
  const schoology = JSON.parse(readFileSync(path.join(ROOT, "fixtures/schoology/malformed_inputs.json"), "utf8")).cases;
  assert.ok(schoology.length >= 40);
  const opts = { platform: "schoology", consumerKey: "k", consumerSecret: "s", nonce: "n", timestamp: 1767225600 };
  for (const c of schoology) {
    assert.throws(
      () => gb.buildRequest(c.operation, c.args, opts),
      (e) => e instanceof gb.InvalidInputError && e.field === c.field,
      `${c.operation}: ${c.why}`,
    );
  }
});

test("NaN, Infinity, undefined in a list and BigInt are refused, not sent as null", async () => {
  for (const [args, field] of [
    [{ task_id: 1, student_id: 2, grade: { points: NaN } }, "grade.points"],
    [{ task_id: 1, student_id: 2, grade: { points: Infinity } }, "grade.points"],
    [{ task_id: 1, student_id: 2, grade: { points: 10n } }, "grade.points"],
  ]) {
    assert.throws(() => gb.buildRequest("update_task_grade", args, { token: "t" }), (e) => e instanceof gb.InvalidInputError && e.field === field);
  }
  assert.throws(() => gb.buildRequest("reset_task_grades", { task_id: 1, student_ids: [1, undefined] }, { token: "t" }), (e) => e.field === "student_ids[1]");
  const mb = new gb.ManageBac({ token: "t", baseUrl: "http://127.0.0.1:9" });
  await assert.rejects(mb.updateTaskGrade(70001, 5001, { points: NaN }), (e) => e instanceof gb.InvalidInputError && e.field === "grade.points");
  await assert.rejects(mb.resetTaskGrades(70001, 5001), (e) => e instanceof gb.InvalidInputError && e.field === "student_ids");
});
