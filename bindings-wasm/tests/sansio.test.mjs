// Sans-IO: build requests and parse the shared fixtures without the built-in fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as gb from "../pkg/index.js";
import { ROOT } from "./sandbox.mjs";

const fixture = (rel) => readFileSync(`${ROOT}/fixtures/${rel}`);

test("buildRequest gives the exact request", () => {
  const r = gb.buildRequest("class_grades", { class_id: 10, term_id: 20, per_page: 50 }, { token: "tok" });
  assert.deepEqual(r, {
    method: "GET",
    url: "https://api.managebac.com/v2/classes/10/assessments/term/20/grades?per_page=50",
    headers: [
      ["accept", "application/json"],
      ["auth-token", "tok"],
    ],
    body: null,
  });
  const doc = JSON.parse(fixture("managebac/update_task_grades.request.json"));
  const w = gb.buildRequest("update_task_grades", { task_id: 9, grades: doc.students }, { token: "tok", baseUrl: "http://127.0.0.1:8080" });
  assert.equal(w.method, "PATCH");
  assert.equal(w.url, "http://127.0.0.1:8080/v2/tasks/9/students");
  assert.deepEqual(JSON.parse(w.body), doc);
  assert.equal(gb.isIdempotent("update_task_grades", { task_id: 9, grades: doc.students }), true);
  assert.equal(gb.isIdempotent("create_task", { class_id: 1, task: { name: "x" } }), false);
});

test("parseResponse reads the documented payloads", () => {
  const page = gb.parseResponse("class_grades", { class_id: 1, term_id: 2 }, { status: 200, body: fixture("managebac/class_grades.response.json") });
  assert.equal(page.next, null);
  assert.equal(page.meta.total_count, 2);
  assert.deepEqual(page.items[0].assignments[0], {
    id: 18376636,
    name: "Short Story Analysis Quiz",
    group_mark: 5,
    dropbox_status: "waiting",
    due_date_extension_days: 2,
    due_date: "2023-04-25T14:05:00.000Z",
    score: 22,
    max_points: 32,
  });
  const term = gb.parseResponse("term_grades", { class_id: 1, term_id: 2 }, { status: 200, body: fixture("managebac/term_grades.response.json") });
  assert.equal(term.items[1].term_grade.average.grade, 5, '"5" reads as 5');
  assert.equal(term.items[1].term_grade.average.percent, 86.5);
  const out = gb.parseResponse(
    "update_class_students",
    { class_id: 1, students: [{ id: 1, level: "HL" }, { id: 2, level: "XL" }, { id: 3, level: "SL" }] },
    { status: 200, body: fixture("managebac/update_class_students.response.json") },
  );
  assert.deepEqual(out.map((o) => [o.id, o.ok, o.status]), [[1, true, "ok"], [2, false, "unprocessable_entity"], [3, false, "not_found"]]);
});

test("parseResponse throws the matching error", () => {
  assert.throws(() => gb.parseResponse("get_task", { class_id: 1, task_id: 2 }, { status: 404, body: '{"error": "nope"}' }), gb.NotFoundError);
  try {
    gb.parseResponse("get_task", { class_id: 1, task_id: 2 }, { status: 429, headers: [["Retry-After", "7"]], body: "" });
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof gb.RateLimitError);
    assert.equal(e.retryAfter, 7);
  }
  try {
    gb.parseResponse("get_task", { class_id: 1, task_id: 2 }, { status: 200, body: '{"task": {"id": "x"}}' });
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof gb.DecodeError);
    assert.equal(e.path, "task.id");
  }
  // A list where an object belongs is an error at its path, not a struct read from
  // the list's items in order (serde's derive would), in a list read by JS and not.
  for (const [name, args, body, path] of [
    ["get_task", { class_id: 1, task_id: 2 }, '{"task": [7, "Essay"]}', "task"],
    ["class_grades", { class_id: 1, term_id: 2 }, '{"students": [{"id": 1}, [2, "x"]]}', "students[1]"],
    ["task_results", { class_id: 1, task_id: 2 }, '{"students": [[1, "x"]]}', "students[0]"],
  ]) {
    try {
      gb.parseResponse(name, args, { status: 200, body });
      assert.fail(`${name}: no error`);
    } catch (e) {
      assert.ok(e instanceof gb.DecodeError, `${name}: ${e}`);
      assert.equal(e.path, path, `${name}: ${e.message}`);
    }
  }
  assert.deepEqual(gb.operations(), gb.registry().filter((o) => o.platform === "managebac").map((o) => o.name));
});

test("an Operation reads its arguments when it is made, as in Python", () => {
  for (const [args, field] of [
    [{ class_id: 1, term_id: 2, pge: 3 }, "pge"],
    [{ class_id: "1", term_id: 2 }, "class_id"],
    [{ class_id: 1 }, "term_id"],
    // An empty key is named quoted, not as nothing.
    [{ class_id: 1, term_id: 2, "": 3 }, '""'],
    // A list is not read as the fields in order (it was, before 2026-11-27).
    [[1, 2], "arguments"],
  ]) {
    assert.throws(
      () => new gb.Operation("class_grades", args),
      (e) => e instanceof gb.InvalidInputError && e.field === field,
      JSON.stringify(args),
    );
  }
  assert.equal(new gb.Operation("class_grades", { class_id: 1, term_id: 2 }).paged, true);
});

test("a page's next is the Operation for the next page, as in Python", () => {
  const body = JSON.stringify({ classes: [{ id: 1 }], meta: { current_page: 1, total_pages: 3 } });
  const page = gb.parseResponse("classes", { per_page: 1 }, { status: 200, body });
  assert.ok(page.next instanceof gb.Operation);
  assert.equal(page.next.name, "classes");
  assert.equal(page.next.platform, "managebac");
  assert.equal(page.next.paged, true);
  assert.equal(page.next.idempotent, true);
  assert.deepEqual(page.next.args, { page: 2, per_page: 1 });
  assert.equal(page.next.request({ token: "t" }).url, "https://api.managebac.com/v2p0/classes?page=2&per_page=1");
  // Following next to the end: each page parsed by its own operation.
  let op = new gb.Operation("classes", { per_page: 1 });
  const seen = [];
  while (op !== null) {
    const n = op.args.page ?? 1;
    seen.push(op.request({ token: "t" }).url);
    op = op.parse({ status: 200, body: JSON.stringify({ classes: [{ id: n }], meta: { current_page: n, total_pages: 3 } }) }).next;
  }
  assert.deepEqual(seen.map((u) => new URL(u).searchParams.get("page")), [null, "2", "3"]);
  // The same operation as buildRequest / parseResponse, camelCase names included.
  const single = new gb.Operation("getClass", { class_id: 3 });
  assert.equal(single.name, "get_class");
  assert.deepEqual(single.request({ token: "t" }), gb.buildRequest("get_class", { class_id: 3 }, { token: "t" }));
  assert.equal(single.parse({ status: 200, body: '{"class": {"id": 3}}' }).id, 3);
  assert.equal(new gb.Operation("gradingScales", { section_id: 1 }, { platform: "schoology" }).platform, "schoology");
  assert.throws(() => new gb.Operation("no_such_thing", {}), (e) => e instanceof gb.InvalidInputError && e.field === "name");
});

test("a Rust panic surfaces as a GradebridgeError, and the module keeps working", () => {
  assert.throws(() => gb._panicForTests(), (e) => e instanceof gb.GradebridgeError && e.code === "internal" && e.name === "GradebridgeError");
  const r = gb.buildRequest("get_class", { class_id: 3 }, { token: "t" });
  assert.equal(r.url, "https://api.managebac.com/v2p0/classes/3");
});
