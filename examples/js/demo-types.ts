// Type-checked with `tsc --noEmit --strict` in the tests: the generated declarations
// describe every method and model.
import {
  ManageBac,
  GradebridgeError,
  UnprocessableError,
  buildRequest,
  parseResponse,
  weightedAverage,
  Operation,
  type StudentGrades,
  type ItemOutcome,
  type Task,
  type TaskGrade,
} from "gradebridge";

export async function sync(token: string, baseUrl: string): Promise<number> {
  const mb = new ManageBac({ token, baseUrl, timeoutMs: 10_000, maxRetries: 2, requestsPerMinute: 120 });
  let total = 0;
  for await (const student of mb.classGrades(1001, 2601, { perPage: 50 })) {
    const s: StudentGrades = student;
    for (const a of s.assignments) {
      const score: number | undefined = a.score;
      const mark: number | string | undefined = a.group_mark;
      total += score ?? 0;
      void mark;
    }
  }
  const tasks: Task[] = await mb.tasks(1001, { termId: 2601 });
  const grade: TaskGrade = await mb.updateTaskGrade(tasks[0].id, 5001, { points: 3, comment: "ok" });
  const outcomes: ItemOutcome[] = await mb.updateTaskGrades(tasks[0].id, [{ id: 5001, task_grade: { points: 4 } }]);
  for (const o of outcomes) {
    if (!o.ok) console.log(o.id, o.status, o.errors?.points);
  }
  try {
    await mb.createClass({ name: "Biology", program: "diploma" });
  } catch (e) {
    if (e instanceof UnprocessableError) console.log(e.fieldErrors);
    else if (e instanceof GradebridgeError) console.log(e.code, e.status);
  }
  const req = buildRequest("get_class", { class_id: 1 }, { token });
  const parsed = parseResponse("get_class", { class_id: 1 }, { status: 200, body: '{"class": {"id": 1}}' });
  void req.url;
  void parsed;
  await mb.deleteTask(1001, tasks[0].id);
  // `points` may be "" (a cleared grade) as well as a number.
  return total + (typeof grade.points === "number" ? grade.points : 0);
}

export async function observed(token: string, log: (line: string) => void): Promise<number> {
  const mb = new ManageBac({
    token,
    retry: { maxRetries: 5, backoffMs: 500, statuses: [502, 503, 504] },
    onEvent: (e) => {
      if (e.type === "retry") log(`retrying ${e.path} in ${e.delayS} s`);
      else if (e.type === "rate_limited") log(`waiting ${e.waitS} s`);
      else log(`${e.method} ${e.path} -> ${e.status ?? e.error}`);
    },
  });
  try {
    const c = await mb.getClass(1001, { signal: AbortSignal.timeout(5_000) });
    const tasks = await mb.tasks(1001, { termId: 2601, signal: AbortSignal.timeout(5_000) });
    return c.id + tasks.length;
  } catch (e) {
    if (e instanceof GradebridgeError) log(`failed after ${e.attempts ?? 0} attempts`);
    throw e;
  }
}

export function sansIo(token: string): number {
  // The sans-IO functions are typed per operation: names in either casing, the
  // arguments with the API's JSON names, the result of that operation.
  const req = buildRequest("classGrades", { class_id: 10, term_id: 20, per_page: 50 }, { token });
  const page = parseResponse("class_grades", { class_id: 10, term_id: 20 }, { status: 200, body: '{"students": []}' });
  const first: StudentGrades | undefined = page.items[0];
  const task: Task = parseResponse("getTask", { class_id: 1, task_id: 2 }, { status: 200, body: '{"task": {"id": 2}}' });
  // @ts-expect-error: an id as text is a compile error
  buildRequest("get_class", { class_id: "1" }, { token });
  // @ts-expect-error: an unknown operation is a compile error
  buildRequest("get_klass", { class_id: 1 }, { token });
  // @ts-expect-error: a missing required argument is a compile error
  buildRequest("class_grades", { class_id: 10 }, { token });
  // An Operation value (Python's too): request, parse, and `next` an Operation again.
  let op: Operation<"class_grades"> | null = new Operation("class_grades", { class_id: 10, term_id: 20 });
  let pages = 0;
  while (op !== null) {
    const r = op.request({ token });
    const p = op.parse({ status: 200, headers: [], body: '{"students": []}' });
    const s: StudentGrades[] = p.items;
    pages += r.url.length > 0 ? s.length + 1 : 0;
    op = p.next;
  }
  return req.url.length + (first ? 1 : 0) + task.id + pages;
}

export async function termAverage(mb: ManageBac): Promise<string | null> {
  // weightedAverage over the API's own models.
  const [student] = await mb.classGrades(1001, 2601);
  const avg = weightedAverage(student.assignments, await mb.taskCategories(1001), { classTasks: await mb.tasks(1001), decimals: 1 });
  return avg.percent;
}
