// The binding parity test: every operation of the Rust registry (read from the
// wasm module at run time) is a method of its platform's client class, and the
// generated method table names the same positional arguments in the same order.
import test from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { OPERATIONS, PLATFORMS } from "../pkg/operations.js";

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

test("every registry operation is a method with the same arguments", () => {
  const registry = gb.registry();
  assert.ok(registry.length > 0);
  assert.equal(OPERATIONS.length, registry.length);
  for (const entry of registry) {
    const platform = PLATFORMS.find((p) => p.id === entry.platform);
    assert.ok(platform, entry.platform);
    const Client = gb[platform.name];
    assert.equal(typeof Client.prototype[camel(entry.name)], "function", entry.name);
    const row = OPERATIONS.find((o) => o.platform === entry.platform && o.name === entry.name);
    assert.deepEqual(row.positional, entry.positional, entry.name);
    assert.equal(row.required, entry.required, entry.name);
    assert.equal(row.paged, entry.paged, entry.name);
  }
});

test("errors reach JS as Error objects with code and platform", async () => {
  const mb = new gb.ManageBac({ token: "t", baseUrl: "http://127.0.0.1:9" , maxRetries: 0 });
  await assert.rejects(mb.getTask(1, 2), (e) => e instanceof gb.TransportError && e.code === "transport" && e.platform === "managebac");
  assert.throws(() => gb.buildRequest("class_grades", { class_id: "10", term_id: 2 }, { token: "t" }), (e) => e instanceof gb.InvalidInputError && e.field === "class_id");
});
