// Decode the 1,000 students x 10 tasks class-grades page (the payload of the Rust and
// Python benchmarks) through the package and through JSON.parse alone.
//   node bindings-wasm/bench/decode.mjs
import { parseResponse } from "../pkg/index.js";
// The module's own decoder (index.js has loaded it): what the sync, single answers
// and pages the JS readers are not certain of go through.
import * as native from "../pkg/gradebridge_wasm.js";

function payload(students = 1000, tasks = 10) {
  const out = [];
  for (let s = 0; s < students; s++) {
    const assignments = [];
    for (let t = 0; t < tasks; t++) {
      const max = 10 + 5 * (t % 5);
      const score = (s * 7 + t * 3) % (max + 1);
      let mark = 1 + Math.floor((score * 6) / max);
      if ((s + t) % 3 === 0) mark = String(mark);
      const comment = (s + t) % 4 === 0 ? "Great analysis, the improvement is noticeable" : null;
      assignments.push({ id: 18_000_000 + t, name: `Task number ${t}`, group_mark: mark, dropbox_status: "early",
        due_date: "2023-04-25T14:05:00.000Z", comment, score, max_points: max });
    }
    out.push({ id: 12_000_000 + s, name: `Student${String(s).padStart(4, "0")}, Given`, assignments });
  }
  return JSON.stringify({ students: out, meta: { current_page: 1, total_pages: 1, total_count: students, per_page: students } });
}

const text = payload();
const bytes = new TextEncoder().encode(text);
const args = { class_id: 1, term_id: 2 };

function median(fn, repeat = 15) {
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const page = parseResponse("class_grades", args, { status: 200, body: bytes });
if (page.items.length !== 1000) throw new Error("bad decode");
const rows = [
  ["JSON.parse (no validation)", median(() => JSON.parse(text))],
  ["JSON.parse of the bytes (TextDecoder + parse)", median(() => JSON.parse(new TextDecoder().decode(bytes)))],
  ["gradebridge parseResponse (validated, typed)", median(() => parseResponse("class_grades", args, { status: 200, body: bytes }))],
  ["the wasm module's decoder alone (to Rust models, written back as JSON, parsed)",
    median(() => JSON.parse(native.parseResponse("managebac", "class_grades", JSON.stringify(args), 200, "[]", bytes, undefined)))],
];
console.log(`class-grades page, 1,000 students x 10 tasks, ${(bytes.length / 1048576).toFixed(2)} MiB, median of 15, Node ${process.version}`);
console.log("| decoder | ms |");
console.log("|---|---|");
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} |`);
console.log(`gradebridge / JSON.parse: ${(rows[2][1] / rows[0][1]).toFixed(2)}x`);
console.log(`the wasm module's decoder / JSON.parse: ${(rows[3][1] / rows[0][1]).toFixed(2)}x`);
