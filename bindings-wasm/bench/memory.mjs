// Peak memory while paging through a big class: pages of 200 students x 10 tasks from
// the sandbox's generated load class, every score read. Streaming (`for await` over
// `.pages()`) holds one page at a time, so 100 pages peak where 10 pages do; `await`
// of every record grows with the pages, shown beside it. Each case runs in a fresh
// Node process (a process's peak RSS only grows; `process.resourceUsage().maxRSS`);
// the sandbox is another process. The WebAssembly memory is inside that RSS (it
// grows and never shrinks, so a page held once is kept as capacity). V8 collects
// lazily, so the RSS peak also carries garbage not yet collected: the last column is
// the JS heap still in use after a full collection at the end of the run (children
// run with --expose-gc), which is what the run holds.
//
//     node bindings-wasm/bench/memory.mjs        (after scripts/build-npm.sh)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const PER_PAGE = 200;
const LOAD_CLASS = 9999;
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

async function runCase(kind, pages, url) {
  const gb = await import("../pkg/index.js");
  const mb = new gb.ManageBac({ token: "sandbox-token", baseUrl: url, requestsPerMinute: null });
  const list = mb.classGrades(LOAD_CLASS, 2601, { perPage: PER_PAGE });
  let students = 0;
  let total = 0;
  let afterFirst = null;
  let kept = [];
  const read = (s) => {
    students += 1;
    for (const a of s.assignments) if (a.score != null) total += a.score;
  };
  if (kind === "stream") {
    let n = 0;
    for await (const page of list.pages()) {
      page.items.forEach(read);
      n += 1;
      if (n === 1) afterFirst = peakMiB();
    }
  } else {
    kept = await list;
    kept.forEach(read);
  }
  if (students !== pages * PER_PAGE || !(total > 0)) throw new Error(`read ${students} students`);
  const peak = peakMiB();
  globalThis.gc();
  // What the run still holds (for collect, the records, still referenced below).
  const held = process.memoryUsage().heapUsed / 1048576;
  console.log(JSON.stringify({ students, afterFirst, peak, held, kept: kept.length }));
}

async function main() {
  const [, , flag, kind, pages, url] = process.argv;
  if (flag === "--case") return runCase(kind, Number(pages), url);
  const { startSandbox } = await import("../tests/sandbox.mjs");
  const sb = await startSandbox();
  try {
    await sb.control("PUT", "/__sandbox/rate-limit", { limit: 0 });
    console.log(`JS (Node ${process.versions.node}): pages of ${PER_PAGE} students x 10 tasks, every score read; peak RSS of a fresh process`);
    console.log("| case | pages | students | peak after page 1 | peak at the end | JS heap held after GC |");
    console.log("|---|---|---|---|---|---|");
    const peaks = [];
    const held = [];
    for (const [kind, pages] of [["stream", 10], ["stream", 100], ["collect", 10], ["collect", 100]]) {
      await sb.control("PUT", "/__sandbox/load-class", { students: pages * PER_PAGE, tasks: 10 });
      const out = execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--case", kind, String(pages), sb.url], { encoding: "utf8" });
      const r = JSON.parse(out);
      const first = r.afterFirst === null ? "-" : `${r.afterFirst.toFixed(1)} MiB`;
      const label = kind === "stream" ? "stream the pages (`.pages()`)" : "collect every record (`await`)";
      console.log(`| ${label} | ${pages} | ${r.students} | ${first} | ${r.peak.toFixed(1)} MiB | ${r.held.toFixed(1)} MiB |`);
      peaks.push(r.peak);
      held.push(r.held);
    }
    console.log(
      `streaming 100 pages peaks at ${(peaks[1] / peaks[0]).toFixed(2)}x the peak of 10 pages and holds ${(held[1] / held[0]).toFixed(2)}x the heap (one page held at a time: about 1x); collecting, ${(peaks[3] / peaks[2]).toFixed(2)}x and ${(held[3] / held[2]).toFixed(2)}x`,
    );
  } finally {
    sb.stop();
  }
}

await main();
