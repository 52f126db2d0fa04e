// ManageBac OAuth2 client credentials and regions from JS.
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

const control = async (method, path) => (await fetch(sb.url + path, { method })).json();

test("concurrent calls share one token; an expired one is renewed", async () => {
  const mb = new gb.ManageBac({ clientId: "sandbox-client", clientSecret: "sandbox-secret", baseUrl: sb.url });
  const students = await Promise.all(Array.from({ length: 50 }, (_, i) => mb.getStudent(5001 + (i % 30))));
  assert.equal(students.length, 50);
  assert.equal((await control("GET", "/__sandbox/stats")).tokens_issued, 1);
  await control("POST", "/__sandbox/expire-tokens");
  assert.equal(await mb.ping(), "ok");
  assert.equal((await control("GET", "/__sandbox/stats")).tokens_issued, 2);
});

test("secrets never show; settings errors name the setting", async () => {
  const mb = new gb.ManageBac({ clientId: "sandbox-client", clientSecret: "wrong-secret-value", baseUrl: sb.url });
  await assert.rejects(mb.ping(), (e) => e instanceof gb.AuthenticationError && !JSON.stringify(e).includes("wrong-secret-value") && !String(e).includes("wrong-secret-value"));
  assert.ok(!String(mb).includes("wrong-secret-value") && !JSON.stringify(mb).includes("wrong-secret-value"));
  assert.throws(() => new gb.ManageBac({ token: "t", region: "eu" }), (e) => e instanceof gb.InvalidInputError && e.field === "region");
  assert.equal(new gb.ManageBac({ token: "t", region: "us1" }).baseUrl, "https://api.us.managebac.com");
  const r = gb.buildRequest("ping", {}, { clientId: "a", clientSecret: "b", bearer: "tok" });
  assert.deepEqual(r.headers.find(([k]) => k === "authorization"), ["authorization", "Bearer tok"]);
});
