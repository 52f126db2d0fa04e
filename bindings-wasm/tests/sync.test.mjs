// The sync from JS against the sandbox, as `gradebridge sync` does it: plan (nothing
// written), apply with progress, plan again is empty; the ledger saved as JSON and
// restored; secrets from `env`; bad config, a wrong token and unmatched classes are
// clear errors with nothing written.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { startSandbox } from "./sandbox.mjs";

let sb;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(async () => {
  await sb.reset();
});

const blackboard = (extra = {}) => ({
  direction: "managebac-to-blackboard",
  termId: 2601,
  managebac: { baseUrl: sb.url, token: "sandbox-token" },
  blackboard: { host: sb.url, key: "sandbox-bb-key", secret: "sandbox-bb-secret" },
  classes: { match: "uniq_id" },
  grades: { termGradeColumn: "Term 1 grade" },
  ...extra,
});
const bbState = async () => (await fetch(sb.url + "/__sandbox/blackboard")).json();
const writes = async () => (await sb.stats()).log.filter((e) => e.method !== "GET" && !e.path.startsWith("/__sandbox") && !e.path.includes("/oauth2/token")).length;

test("ManageBac to Blackboard: plan, apply with progress, plan again is empty", async () => {
  const ledger = new gb.sync.Ledger();
  const plan = await gb.sync.plan(blackboard(), { ledger });
  assert.equal(plan.direction, "managebac-to-blackboard");
  assert.equal(plan.summary.classes, 3);
  assert.ok(plan.changes.length > 100, plan.table);
  assert.equal(plan.summary.changes, plan.changes.length);
  assert.equal(plan.summary.byAction["set grade"], plan.changes.filter((c) => c.action === "set grade").length);
  assert.match(plan.table, /set grade/);
  assert.equal(await writes(), 0, "a plan writes nothing");
  const seen = [];
  const report = await gb.sync.apply(blackboard(), { ledger, progress: (p) => seen.push(p) });
  assert.equal(report.ok, true, JSON.stringify(report.failed));
  assert.equal(report.written, plan.changes.length);
  assert.deepEqual(seen.at(-1), { done: plan.changes.length, total: plan.changes.length, phase: seen.at(-1).phase });
  // The sandbox holds exactly the planned values.
  const state = await bbState();
  const values = plan.changes.filter((c) => c.write.kind === "blackboard_value").map((c) => c.write.value);
  for (const v of values) assert.equal(state.courses[v.courseId].values[v.name][v.userId], v.value);
  const stored = Object.values(state.courses).reduce((n, c) => n + Object.values(c.values).reduce((m, u) => m + Object.keys(u).length, 0), 0);
  assert.equal(stored, values.length);
  assert.equal(state.courses.GB1001.external, "Term 1 grade");
  // Plan again: nothing to do; and the same from the ledger saved and restored.
  assert.deepEqual((await gb.sync.plan(blackboard(), { ledger })).changes, []);
  const saved = JSON.stringify(ledger);
  const restored = new gb.sync.Ledger(saved);
  const again = await gb.sync.plan(blackboard(), { ledger: restored });
  assert.deepEqual(again.changes, []);
  assert.match(again.table, /^nothing to do/);
  const runs = restored.runs();
  assert.equal(runs.length, 1);
  assert.equal(runs[0].written, plan.changes.length);
  assert.equal(runs[0].failed, 0);
  // A fresh ledger knows nothing: Grades Journey cannot be read back.
  assert.equal((await gb.sync.plan(blackboard())).changes.length, plan.changes.length);
});

test("an AbortSignal stops an apply: nothing more is sent, and the batches written stay in the ledger", async () => {
  const total = (await gb.sync.plan(blackboard())).changes.length;
  await sb.faults({ latency_ms: 20 });
  const ledger = new gb.sync.Ledger();
  const controller = new AbortController();
  const seen = [];
  const progress = (p) => {
    seen.push(p);
    controller.abort();
  };
  await assert.rejects(gb.sync.apply(blackboard(), { ledger, progress, signal: controller.signal }), (e) => e.name === "AbortError");
  assert.equal(seen.length, 1);
  const sent = await writes();
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await writes(), sent, "writes went on after the abort");
  await sb.faults({});
  // What was written before the abort is in the ledger, so it is not planned again.
  const rest = await gb.sync.plan(blackboard(), { ledger });
  assert.equal(rest.changes.length, total - seen[0].done);
  // The ledger is free again: the rest applies, and then nothing is left.
  assert.equal((await gb.sync.apply(blackboard(), { ledger })).ok, true);
  assert.deepEqual((await gb.sync.plan(blackboard(), { ledger })).changes, []);
  // An already aborted signal plans nothing and sends nothing.
  const before = (await sb.stats()).log.length;
  await assert.rejects(gb.sync.plan(blackboard(), { ledger, signal: AbortSignal.abort() }), (e) => e.name === "AbortError");
  assert.equal((await sb.stats()).log.length, before);
});

test("ManageBac to Schoology with secrets from env, and a scale refused for Schoology", async () => {
  const config = {
    direction: "managebac-to-schoology",
    termId: 2601,
    managebac: { baseUrl: sb.url, tokenEnv: "MB_TOKEN" },
    schoology: { baseUrl: sb.url + "/v1", consumerKey: "sandbox-consumer-key", consumerSecretEnv: "SG_SECRET" },
    classes: { pairs: { 1001: "9001", 1002: "9002" } },
  };
  const env = { MB_TOKEN: "sandbox-token", SG_SECRET: "sandbox-consumer-secret" };
  const ledger = new gb.sync.Ledger();
  const plan = await gb.sync.plan(config, { ledger, env });
  const grades = plan.changes.filter((c) => c.action === "set grade");
  assert.ok(grades.length > 10, plan.table);
  const report = await gb.sync.apply(config, { ledger, env });
  assert.equal(report.ok, true, JSON.stringify(report.failed));
  assert.deepEqual((await gb.sync.plan(config, { ledger, env })).changes, []);
  // What Schoology holds is what was planned.
  const sg = new gb.Schoology({ consumerKey: "sandbox-consumer-key", consumerSecret: "sandbox-consumer-secret", baseUrl: sb.url + "/v1" });
  const held = await sg.grades(9001);
  for (const c of grades.filter((c) => c.write.sectionId === 9001)) {
    const g = held.find((h) => h.enrollment_id === c.write.enrollmentId && String(h.grade) === c.new);
    assert.ok(g, `${c.student} ${c.task} ${c.new}`);
  }
  // A variable that is not set names itself.
  await assert.rejects(gb.sync.plan(config, { env: { MB_TOKEN: "sandbox-token" } }), (e) => {
    assert.ok(e instanceof gb.InvalidInputError, String(e));
    assert.equal(e.field, "schoology.consumer_secret_env");
    assert.match(e.message, /SG_SECRET/);
    return true;
  });
  await assert.rejects(gb.sync.plan({ ...config, grades: { value: "scale", scale: "A=90:F=0" } }, { env }), (e) => e instanceof gb.InvalidInputError && e.field === "grades.value");
});

test("bad config, a wrong token and unmatched classes: clear errors, nothing written", async () => {
  await assert.rejects(gb.sync.plan(blackboard({ grades: { value: "letters" } })), (e) => {
    assert.ok(e instanceof gb.InvalidInputError);
    assert.equal(e.field, "grades.value");
    return true;
  });
  await assert.rejects(gb.sync.plan(blackboard({ colour: "blue" })), (e) => e instanceof gb.InvalidInputError && /colour/.test(e.message));
  await assert.rejects(gb.sync.plan("direction = 'x'"), (e) => e instanceof gb.InvalidInputError && e.field === "config");
  await assert.rejects(gb.sync.plan(blackboard({ termId: NaN })), (e) => e instanceof gb.InvalidInputError && e.field === "config.termId");
  const wrong = blackboard({ managebac: { baseUrl: sb.url, token: "not-the-token-4242" } });
  await assert.rejects(gb.sync.apply(wrong), (e) => {
    assert.ok(e instanceof gb.AuthenticationError, String(e));
    assert.doesNotMatch(e.message + JSON.stringify(e), /not-the-token-4242/);
    return true;
  });
  const unmatched = blackboard({ classes: { pairs: { 1001: "GB1001", 999999: "NOPE" } } });
  const ledger = new gb.sync.Ledger();
  const plan = await gb.sync.plan(unmatched, { ledger });
  assert.ok(plan.unmatched.some((u) => u.who === "class 999999"), JSON.stringify(plan.unmatched));
  await assert.rejects(gb.sync.apply(unmatched, { ledger }), (e) => e instanceof gb.InvalidInputError && e.field === "unmatched" && /nothing was written/.test(e.message));
  assert.equal(await writes(), 0);
  assert.deepEqual(ledger.runs(), []);
  // Allowed, the rest is written.
  const report = await gb.sync.apply(unmatched, { ledger, allowUnmatched: true });
  assert.equal(report.ok, true);
  assert.ok(report.written > 0);
  // A progress callback that throws surfaces its own error, after the ledger is back.
  await assert.rejects(
    gb.sync.apply(blackboard({ grades: {} }), { ledger: new gb.sync.Ledger(), progress: () => { throw new Error("from the callback"); } }),
    /from the callback/,
  );
});
