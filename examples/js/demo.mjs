// The gradebridge demo in Node: start the sandbox binary, list classes, fetch a
// class's tasks and its grades for a term, write a bulk grade update, read it back,
// print a table.
//
//   node examples/js/demo.mjs          (after scripts/build-npm.sh)
//
// With GRADEBRIDGE_BASE_URL and GRADEBRIDGE_TOKEN it reads a live school instead
// (and writes only with GRADEBRIDGE_DEMO_WRITE=1).
import { ManageBac, GradebridgeError } from "../../bindings-wasm/pkg/index.js";
import { startSandbox } from "../../bindings-wasm/tests/sandbox.mjs";

// The class's students (from the directory) with their email and level beside their
// grades: how a sync matches people across systems.
async function roster(mb, classId, grades, rows = 8) {
  let members;
  let people;
  try {
    members = await mb.classStudents(classId);
    people = new Map((await mb.students({ perPage: 200 })).map((s) => [s.id, s]));
  } catch (e) {
    console.log(`\n(no roster: ${e.message})`);
    return;
  }
  const averages = new Map(
    grades.map((s) => {
      const scored = s.assignments.filter((a) => a.score != null && a.max_points != null);
      const total = scored.reduce((n, a) => n + a.max_points, 0);
      const got = scored.reduce((n, a) => n + a.score, 0);
      return [s.id, total ? (100 * got / total).toFixed(1) : "-"];
    }),
  );
  console.log(`\nRoster of class ${classId}: ${members.length} students, email and level beside the term average`);
  console.log(`  ${"student".padEnd(24)} ${"email".padEnd(42)} ${"id".padEnd(8)} ${"level".padEnd(5)} ${"avg %".padStart(6)}`);
  for (const m of members.slice(0, rows)) {
    const p = people.get(m.id);
    const name = p ? `${p.last_name}, ${p.first_name}` : "?";
    console.log(
      `  ${name.slice(0, 24).padEnd(24)} ${(p?.email ?? "-").slice(0, 42).padEnd(42)} ${(p?.student_id ?? "-").padEnd(8)} ${(m.level ?? "-").padEnd(5)} ${String(averages.get(m.id) ?? "-").padStart(6)}`,
    );
  }
  if (members.length > rows) console.log(`  ... ${members.length - rows} more students`);
}

function table(tasks, students, rows = 8) {
  const cols = tasks.slice(0, 6);
  console.log("  " + "student".padEnd(24) + cols.map((_, i) => ` ${("T" + (i + 1)).padStart(9)}`).join("") + " " + "avg %".padStart(7));
  for (const s of students.slice(0, rows)) {
    const byTask = new Map(s.assignments.map((a) => [a.id, a]));
    let got = 0;
    let max = 0;
    const cells = cols.map((t) => {
      const a = byTask.get(t.id);
      if (a?.score == null || a?.max_points == null) return ` ${"-".padStart(9)}`;
      got += a.score;
      max += a.max_points;
      return ` ${`${a.score}/${a.max_points}`.padStart(9)}`;
    });
    const avg = max ? (100 * got / max).toFixed(1).padStart(7) : "-".padStart(7);
    console.log("  " + (s.name ?? "?").slice(0, 24).padEnd(24) + cells.join("") + " " + avg);
  }
  if (students.length > rows) console.log(`  ... ${students.length - rows} more students`);
  cols.forEach((t, i) => console.log(`  T${i + 1} = ${t.name} (${t.id})`));
}

async function main() {
  let sandbox = null;
  let baseUrl = process.env.GRADEBRIDGE_BASE_URL;
  let token = process.env.GRADEBRIDGE_TOKEN;
  let mayWrite = true;
  if (baseUrl && token) {
    console.log(`Live school at ${baseUrl}`);
    mayWrite = process.env.GRADEBRIDGE_DEMO_WRITE === "1";
  } else {
    sandbox = await startSandbox();
    ({ url: baseUrl, token } = sandbox);
    console.log(`Sandbox listening on ${baseUrl}`);
  }
  try {
    const mb = new ManageBac({ token, baseUrl });
    const classes = await mb.classes();
    console.log(`\n${classes.length} classes:`);
    for (const c of classes) console.log(`  ${String(c.id).padStart(6)}  ${(c.name ?? "-").padEnd(55)} ${c.program ?? ""}`);
    const klass = classes.find((c) => String(c.id) === process.env.GRADEBRIDGE_CLASS_ID) ?? classes[0];
    const termId = Number(process.env.GRADEBRIDGE_TERM_ID ?? klass.start_term_id);
    const tasks = await mb.tasks(klass.id, { termId });
    const grades = await mb.classGrades(klass.id, termId);
    console.log(`\nClass ${klass.id} "${klass.name}", term ${termId}: ${tasks.length} tasks, ${grades.length} students`);
    table(tasks, grades);
    await roster(mb, klass.id, grades);

    const task = tasks.find((t) => t.assessments?.points);
    if (!task || !mayWrite) {
      console.log("\nNo grade write (no task with points, or a live school without GRADEBRIDGE_DEMO_WRITE=1).");
      return;
    }
    const top = task.assessments.points.max_points ?? 100;
    const writes = [];
    for (const s of grades) {
      const a = s.assignments.find((x) => x.id === task.id);
      if (a?.score != null && writes.length < 5) writes.push({ id: s.id, task_grade: { points: Math.min(a.score + 1, top) } });
    }
    const extra = grades.find((s) => !writes.some((w) => w.id === s.id));
    if (extra) writes.push({ id: extra.id, task_grade: { points: top + 10 } }); // refused: shown as data
    console.log(`\nWriting ${writes.length} grades to task ${task.id} "${task.name}" (max ${top}):`);
    const outcomes = await mb.updateTaskGrades(task.id, writes);
    for (const o of outcomes) {
      const detail = Object.entries(o.errors ?? {}).map(([k, v]) => `${k} ${v.join(", ")}`).join("; ");
      console.log(`  student ${String(o.id).padStart(6)}  ${(o.ok ? "ok" : "FAIL").padEnd(4)} ${o.status.padEnd(22)} ${detail}`);
    }
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`  ${outcomes.length - failed} applied, ${failed} refused`);
    console.log("\nAfter the write:");
    table(tasks, await mb.classGrades(klass.id, termId));
  } catch (e) {
    if (e instanceof GradebridgeError) {
      console.error(`demo failed: ${e.name} (${e.code}): ${e.message}`);
      process.exitCode = 1;
    } else throw e;
  } finally {
    sandbox?.stop();
  }
}

await main();
