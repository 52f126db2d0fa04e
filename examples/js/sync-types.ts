// Type-checked with `tsc --noEmit --strict` in the tests: the sync from TypeScript.
import { sync, type SyncConfig, type SyncPlan, type SyncReport, type SyncChange } from "gradebridge";

export async function nightly(saved: string | null, log: (line: string) => void): Promise<string> {
  const config: SyncConfig = {
    direction: "managebac-to-blackboard",
    termId: 2601,
    managebac: { tokenEnv: "MANAGEBAC_TOKEN" },
    blackboard: { host: "https://learn.school.edu", key: "app-key", secretEnv: "BLACKBOARD_SECRET" },
    classes: { match: "uniq_id" },
    grades: { value: "scale", scale: "7=84:6=70:5=57:4=44:3=32:2=19:1=0", scaleTitle: "IB 1-7", termGradeColumn: "Term 1 grade" },
  };
  const ledger = new sync.Ledger(saved);
  const plan: SyncPlan = await sync.plan(config, { ledger });
  const grades: SyncChange[] = plan.changes.filter((c) => c.action === "set grade");
  log(`${grades.length} grades to send; ${plan.summary.byAction["create column"] ?? 0} columns`);
  for (const u of plan.unmatched) log(`unmatched: ${u.who}: ${u.why}`);
  const report: SyncReport = await sync.apply(config, {
    ledger,
    progress: ({ done, total, phase }) => log(`${phase} ${done}/${total}`),
  });
  for (const f of report.failed) log(`failed: ${f.change.student} ${f.change.task}: ${f.reason}`);
  return JSON.stringify(ledger);
}
