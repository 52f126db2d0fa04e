// Headless Chromium (Debian's, driven by playwright-core) loads a page on localhost
// that imports the package, calls the sandbox through fetch (CORS) and shows the
// grades; the test checks them against the Node client's answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import * as gb from "../pkg/index.js";
import { startSandbox } from "./sandbox.mjs";
import { serve } from "../../examples/js/serve.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let sb;
let server;
let browser;
before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: the test command installs Debian's chromium`);
  sb = await startSandbox();
  server = await serve(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives each launch a fresh profile; these keep Chromium off the
    // network (this machine reaches only package registries) and run it as root.
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
  sb?.stop();
});

test("the browser page lists the class's grades from the sandbox", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = `http://127.0.0.1:${server.address().port}/?api=${encodeURIComponent(sb.url)}&token=sandbox-token&class=1001&term=2601`;
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.status !== "loading", null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.status), "done", await page.textContent("#message"));
  assert.deepEqual(errors, []);
  const rows = await page.$$eval("#grades tr[data-student-id]", (trs) =>
    trs.map((tr) => ({ id: Number(tr.dataset.studentId), cells: [...tr.querySelectorAll("td[data-task-id]")].map((td) => td.textContent) })),
  );
  const mb = new gb.ManageBac({ token: sb.token, baseUrl: sb.url });
  const tasks = await mb.tasks(1001, { termId: 2601 });
  const expected = (await mb.classGrades(1001, 2601)).map((s) => {
    const byTask = new Map(s.assignments.map((a) => [a.id, a]));
    return { id: s.id, cells: tasks.map((t) => (byTask.get(t.id)?.score != null ? `${byTask.get(t.id).score}/${byTask.get(t.id).max_points}` : "-")) };
  });
  assert.equal(rows.length, 24);
  assert.deepEqual(rows, expected);
  assert.equal(await page.textContent("#message"), "24 students");
  // The requests came from the page, across origins (CORS).
  const log = (await sb.stats()).log.map((e) => e.path);
  assert.ok(log.some((p) => p.startsWith("/v2/classes/1001/assessments/term/2601/grades?per_page=10&page=3")) || log.some((p) => p.includes("page=3")), log.join("\n"));
  if (process.env.GRADEBRIDGE_SCREENSHOT) await page.screenshot({ path: process.env.GRADEBRIDGE_SCREENSHOT, fullPage: true });
  await page.close();
});
