// The wasm32 transport (`fetch`, core/src/client/fetch.rs): a server that accepts
// the connection and never answers is a TransportError that says it timed out, after
// `timeoutMs`; a refused connection names the URL and fetch's cause; neither error
// carries the token.
import test from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import * as gb from "../pkg/index.js";

test("a server that never answers times out after timeoutMs, naming the URL", async () => {
  const sockets = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  try {
    const mb = new gb.ManageBac({ token: "secret-token-1", baseUrl, maxRetries: 0, timeoutMs: 250 });
    const started = Date.now();
    await assert.rejects(mb.getTask(1, 2), (e) => {
      assert.ok(e instanceof gb.TransportError, String(e));
      assert.equal(e.code, "transport");
      assert.equal(e.timeout, true);
      assert.match(e.message, /timed out/);
      assert.ok(e.message.includes(`${baseUrl}/v2/classes/1/tasks/2`), e.message);
      assert.ok(!e.message.includes("secret-token-1"), e.message);
      return true;
    });
    assert.ok(Date.now() - started >= 200, "gave up before timeoutMs");
    assert.ok(sockets.length >= 1, "the request never reached the server");
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a refused connection is a TransportError with the URL and fetch's cause", async () => {
  // A port that was just free: nothing listens there.
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  const mb = new gb.ManageBac({ token: "secret-token-2", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  await assert.rejects(mb.getTask(1, 2), (e) => {
    assert.ok(e instanceof gb.TransportError, String(e));
    assert.equal(e.timeout, false);
    assert.match(e.message, /^the connection failed: error sending request for url \(http:\/\/127\.0\.0\.1:\d+\/v2\/classes\/1\/tasks\/2\): /);
    assert.ok(!e.message.includes("secret-token-2"), e.message);
    assert.ok(!e.message.includes("\n"), "a stack trace in the message: " + e.message);
    return true;
  });
});
