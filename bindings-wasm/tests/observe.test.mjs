// What the client says it is doing (onEvent), the retry settings, attempts in
// errors, and AbortSignal: a call aborted during a long 429 wait rejects at once, and
// nothing more is sent for it.
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

const client = (extra = {}) => new gb.ManageBac({ token: sb.token, baseUrl: sb.url, ...extra, retry: { backoffMs: 1, ...(extra.retry ?? {}) } });

test("requests, retries and 429 waits are events, without secrets", async () => {
  const events = [];
  const mb = client({ onEvent: (e) => events.push(e) });
  await sb.faults({ fail_next: 1 });
  await mb.getClass(1001);
  assert.deepEqual(
    events.map((e) => [e.type, e.status ?? null, e.attempt]),
    [
      ["request", 503, 1],
      ["retry", 503, 1],
      ["request", 200, 2],
    ],
  );
  assert.equal(events[0].method, "GET");
  assert.equal(events[0].path, "/v2p0/classes/1001");
  assert.equal(typeof events[0].elapsedMs, "number");
  assert.ok(events[1].delayS >= 0);
  events.length = 0;
  await sb.faults({ rate_limit_next: 1, retry_after_secs: 1 });
  await mb.getClass(1001);
  assert.equal(events[1].type, "rate_limited");
  assert.ok(events[1].waitS > 0 && events[1].waitS <= 1, JSON.stringify(events[1]));
  assert.doesNotMatch(JSON.stringify(events), new RegExp(sb.token));
  // A hook that throws does not fail the call.
  const loud = client({ onEvent: () => { throw new Error("log sink down"); } });
  assert.equal((await loud.getClass(1001)).id, 1001);
});

test("retry settings and attempts in errors", async () => {
  await sb.faults({ fail_next: 3 });
  await assert.rejects(client({ retry: { maxRetries: 1, statuses: [503] } }).getClass(1001), (e) => {
    assert.ok(e instanceof gb.ServerError, String(e));
    assert.equal(e.attempts, 2);
    assert.match(e.message, /\(after 2 attempts\)$/);
    return true;
  });
  await sb.faults({ fail_next: 1, fail_status: 503 });
  await assert.rejects(client({ retry: { statuses: [502] } }).getClass(1001), (e) => e.attempts === 1 && !/attempts/.test(e.message));
  await sb.faults({ rate_limit_next: 1, retry_after_secs: 3 });
  const started = Date.now();
  await assert.rejects(client({ retry: { maxRetryAfterMs: 500 } }).getClass(1001), gb.RateLimitError);
  assert.ok(Date.now() - started < 3000);
  await sb.faults({});
  for (const [options, field] of [
    [{ retry: { statuses: [429] } }, "retry_statuses"],
    [{ retry: { backoffMs: 2000, maxBackoffMs: 1000 } }, "max_backoff"],
    [{ retry: { backoffMs: NaN } }, "retry.backoffMs"],
    [{ retry: { tries: 2 } }, "retry.tries"],
    [{ retry: { maxRetries: 5 }, maxRetries: 2 }, "maxRetries"],
    [{ onEvent: "log" }, "onEvent"],
  ]) {
    assert.throws(() => new gb.ManageBac({ token: "t", ...options }), (e) => e instanceof gb.InvalidInputError && e.field === field, JSON.stringify(options));
  }
});

test("an AbortSignal rejects a call at once, even during a long 429 wait, and stops it", async () => {
  const mb = client();
  await sb.faults({ rate_limit_next: 1, retry_after_secs: 2 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const started = Date.now();
  await assert.rejects(mb.getClass(1001, { signal: controller.signal }), (e) => e.name === "AbortError");
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  // The call itself is dropped with its 429 wait: no retry follows the abort.
  const sentByThen = (await sb.stats()).log.length;
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal((await sb.stats()).log.length, sentByThen, "a retry was sent after the abort");
  // A request in flight is cancelled too: a slow answer never comes back as a result.
  await sb.faults({ latency_ms: 1500 });
  const slow = new AbortController();
  setTimeout(() => slow.abort("enough"), 200);
  await assert.rejects(mb.getClass(1001, { signal: slow.signal }), (e) => e === "enough");
  await sb.faults({});
  // Already aborted, with a reason of the caller's: rejected with that reason, nothing sent.
  const before = (await sb.stats()).log.length;
  await assert.rejects(client().getClass(1001, { signal: AbortSignal.abort("changed my mind") }), (e) => e === "changed my mind");
  await assert.rejects(client().classes({ perPage: 2, signal: AbortSignal.abort() }).toArray(), (e) => e.name === "AbortError");
  assert.equal((await sb.stats()).log.length, before);
  // Lists: the signal stops the iteration between pages.
  await sb.faults({});
  const pages = new AbortController();
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const c of client().classes({ perPage: 1, signal: pages.signal })) {
        seen.push(c.id);
        pages.abort();
      }
    })(),
    (e) => e.name === "AbortError",
  );
  assert.deepEqual(seen, [1001]);
  await assert.rejects(client().getClass(1001, { signal: "stop" }), (e) => e instanceof gb.InvalidInputError && e.field === "signal");
});

test("userAgent and headers", async () => {
  const pkg = JSON.parse(await (await import("node:fs/promises")).readFile(new URL("../pkg/package.json", import.meta.url), "utf8"));
  await client().getClass(1001);
  await client({ userAgent: "nightly-sync/2.3", headers: { "X-School": "Lycee Voltaire" } }).getClass(1001);
  const log = (await sb.stats()).log;
  assert.match(log[0].user_agent, /^gradebridge\/\d+\.\d+\.\d+$/);
  assert.equal(log[1].user_agent, `${log[0].user_agent} nightly-sync/2.3`);
  assert.deepEqual(log[1].x_headers, { "x-school": "Lycee Voltaire" });
  assert.ok(pkg.version);
  for (const [options, field] of [
    [{ headers: { Authorization: "Bearer x" } }, "headers.Authorization"],
    [{ headers: { "X-A": 5 } }, "headers.X-A"],
    [{ headers: "X-A: 1" }, "headers"],
    [{ userAgent: 5 }, "userAgent"],
  ]) {
    assert.throws(() => new gb.ManageBac({ token: "t", ...options }), (e) => e instanceof gb.InvalidInputError && e.field === field, JSON.stringify(options));
  }
});
