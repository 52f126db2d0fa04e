// Blackboard Grades Journey from JS against the sandbox: a schema from a GradeScale,
// a manual column using it, 100 grade values read back from the sandbox, the external
// grade column, the column deleted; one bad item an ERROR outcome; one token for 50
// concurrent calls; secrets never shown; limits checked before anything is sent.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { startSandbox } from "./sandbox.mjs";

const KEY = "sandbox-bb-key";
const SECRET = "sandbox-bb-secret";

let sb;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(async () => {
  await sb.reset();
});

const client = (secret = SECRET) => new gb.Blackboard({ host: sb.url, key: KEY, secret });
const journey = () => sb.control("GET", "/__sandbox/blackboard");
const manual = (courseId, name, gradeSchema) => ({ courseId, name, itemType: "MANUAL_COLUMN", points: 7, gradeSchema });

test("schema, column, 100 values read back, external column, delete", async () => {
  const bb = client();
  const scale = gb.GradeScale.fromLevels([0, 25, 40, 50, 60, 70, 80].map((b, i) => ({ symbol: String(i + 1), lowerBound: b })));
  const out = await bb.createGradeSchemas([{ title: "IB 1-7", symbols: scale.toBlackboardSymbols() }]);
  assert.deepEqual(out.map((o) => o.ok), [true]);
  assert.equal(gb.GradeScale.fromBlackboardSymbols("P=80:F=0").toBlackboardSymbols(), "P=80:F=0");
  assert.ok((await bb.createGradableItems([manual("ADV11", "Term 1 grade", "IB 1-7")]))[0].ok);
  const values = Array.from({ length: 100 }, (_, i) => ({ courseId: "ADV11", userId: `X${String(i + 1).padStart(3, "0")}`, name: "Term 1 grade", value: String(((i + 1) % 7) + 1) }));
  const res = await bb.updateGradeValues(values, { chunkSize: 40 });
  assert.equal(res.length, 100);
  assert.ok(res.every((o) => o.ok));
  assert.deepEqual(res.map((o) => o.index), values.map((_, i) => i));
  assert.equal((await sb.stats()).log.filter((e) => e.path.endsWith("/gradeValueAPI")).length, 3);
  const stored = (await journey()).courses.ADV11.values["Term 1 grade"];
  assert.deepEqual(stored, Object.fromEntries(values.map((v) => [v.userId, v.value])));
  assert.ok((await bb.setExternalGradeColumns([{ courseId: "ADV11", name: "Term 1 grade" }]))[0].ok);
  assert.equal((await journey()).courses.ADV11.external, "Term 1 grade");
  assert.ok((await bb.deleteGradeColumns([{ courseId: "ADV11", name: "Term 1 grade" }]))[0].ok);
  assert.deepEqual((await journey()).courses.ADV11.columns, {});
});

test("one bad item is an ERROR outcome; one token for 50 concurrent calls", async () => {
  const bb = client();
  await bb.createGradeSchemas([{ title: "PF", symbols: "P=50:F=0" }]);
  await bb.createGradableItems([manual("GB1002", "Essay", "PF")]);
  const out = await bb.updateGradeValues([
    { courseId: "GB1002", userId: "S5001", name: "Essay", value: "P" },
    { courseId: "GB1002", userId: "S9999", name: "Essay", value: "P" },
    { courseId: "GB1002", userId: "S5003", name: "Essay", value: "F" },
  ]);
  assert.deepEqual(out.map((o) => [o.ok, o.status]), [[true, "OK"], [false, "ERROR"], [true, "OK"]]);
  const fresh = client();
  const all = await Promise.all(
    Array.from({ length: 50 }, (_, i) => fresh.createUserMetadata([{ courseId: "GB1002", userId: `S${5001 + (i % 30)}`, optionalData: { EnrollType: "Audit" } }])),
  );
  assert.ok(all.every((r) => r[0].ok));
  assert.equal((await journey()).tokens_issued, 1);
});

test("a wrong secret is an AuthenticationError; secrets never show; limits refuse before sending", async () => {
  const bb = client("wrong-SECRET-1");
  await assert.rejects(bb.updateGradeValues([{ courseId: "GB1002", userId: "S5001", name: "x", value: "1" }]), (e) => {
    const text = `${e} ${JSON.stringify(e)} ${String(bb)} ${JSON.stringify(bb)}`;
    return e instanceof gb.AuthenticationError && e.platform === "blackboard" && !text.includes("wrong-SECRET-1");
  });
  const ok = client();
  const requests = (await sb.stats()).requests;
  for (const [item, field] of [
    [{ courseId: "c".repeat(257), name: "n", itemType: "TEST" }, "items[0].courseId"],
    [{ courseId: "c", name: "n", itemType: "WEIGHTED_COLUMN", mapping: "A=30,B=30" }, "items[0].mapping"],
    [{ courseId: "c", name: "n", itemType: "TEST", optionalData: { a: "b=c" } }, "items[0].optionalData.a"],
  ]) {
    await assert.rejects(ok.createGradableItems([item]), (e) => e instanceof gb.InvalidInputError && e.field === field);
  }
  assert.equal((await sb.stats()).requests, requests);
});
