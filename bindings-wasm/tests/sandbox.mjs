// Start the sandbox binary on a free port for a test file.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TOKEN = "sandbox-token";

export async function startSandbox() {
  const bin = process.env.GRADEBRIDGE_SANDBOX_BIN ?? path.join(ROOT, "target/debug/gradebridge-sandbox");
  const child = spawn(bin, ["--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once("error", reject);
    lines.once("line", (line) => {
      if (line.startsWith("listening on ")) resolve(line.slice("listening on ".length));
      else reject(new Error(`sandbox said: ${line}`));
    });
  });
  const control = async (method, p, body) => {
    const r = await fetch(url + p, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return r.json();
  };
  return {
    url,
    token: TOKEN,
    control,
    faults: (f) => control("PUT", "/__sandbox/faults", f),
    stats: () => control("GET", "/__sandbox/stats"),
    state: () => control("GET", "/__sandbox/state"),
    reset: () => control("POST", "/__sandbox/reset"),
    async grade(taskId, studentId) {
      const s = await control("GET", "/__sandbox/state");
      return s.results.find((r) => r.task_id === taskId && r.student_id === studentId)?.grade ?? null;
    },
    stop: () => child.kill(),
  };
}

/**
 * Register a sandbox for a test file: started once, reset before each test. Returns
 * an object whose `sb` (the sandbox) and `mb` (a fresh ManageBac client) are set per
 * test.
 */
export function useSandbox(test, gb) {
  const ctx = { sb: null, mb: null };
  test.before(async () => {
    ctx.sb = await startSandbox();
  });
  test.after(() => ctx.sb.stop());
  test.beforeEach(async () => {
    await ctx.sb.reset();
    ctx.mb = new gb.ManageBac({ token: ctx.sb.token, baseUrl: ctx.sb.url });
  });
  return ctx;
}
