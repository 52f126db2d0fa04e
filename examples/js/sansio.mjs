// Sans-IO in JavaScript: gradebridge builds each request and parses each answer, and
// fetch sends them (the same in a browser). Every page of a class's grades, against
// the sandbox.
//
//     node examples/js/sansio.mjs
import { Operation } from "../../bindings-wasm/pkg/index.js";
import { startSandbox } from "../../bindings-wasm/tests/sandbox.mjs";

const sb = await startSandbox();
try {
  let students = 0;
  let total = null;
  let op = new Operation("classGrades", { class_id: 1001, term_id: 2601, per_page: 10 });
  while (op !== null) {
    const req = op.request({ token: sb.token, baseUrl: sb.url });
    const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
    // Throws the matching GradebridgeError on an error status.
    const page = op.parse({ status: r.status, headers: [...r.headers], body: new Uint8Array(await r.arrayBuffer()) });
    students += page.items.length;
    total = page.meta?.total_count ?? null;
    console.log(`page ${page.meta?.current_page}: ${page.items.length} students (${students} of ${total})`);
    op = page.next; // null after the last page
  }
  if (students !== total) throw new Error(`read ${students} of ${total}`);
} finally {
  sb.stop();
}
