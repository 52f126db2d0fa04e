// The grade sync from Node against the sandbox binary: plan (nothing written), apply
// with progress, plan again ("nothing to do"), with the ledger kept as JSON.
//
//   node examples/js/sync.mjs          (after scripts/build-npm.sh)
import { sync } from "../../bindings-wasm/pkg/index.js";
import { startSandbox } from "../../bindings-wasm/tests/sandbox.mjs";

const sb = await startSandbox();
try {
  const config = {
    direction: "managebac-to-blackboard",
    termId: 2601,
    managebac: { baseUrl: sb.url, tokenEnv: "MANAGEBAC_TOKEN" },
    blackboard: { host: sb.url, key: "sandbox-bb-key", secretEnv: "BLACKBOARD_SECRET" },
    classes: { match: "uniq_id" },
    grades: { termGradeColumn: "Term 1 grade" },
  };
  const env = { MANAGEBAC_TOKEN: "sandbox-token", BLACKBOARD_SECRET: "sandbox-bb-secret" };
  let saved = null; // a nightly job would keep this in a file or a database
  const ledger = new sync.Ledger(saved);
  const plan = await sync.plan(config, { ledger, env });
  console.log(plan.table.split("\n").slice(0, 12).join("\n"));
  console.log(`... ${plan.changes.length} writes planned`);
  let last = "";
  const report = await sync.apply(config, {
    ledger,
    env,
    progress: ({ done, total, phase }) => {
      if (phase !== last) console.log(`apply: ${phase}`);
      last = phase;
      if (done === total) console.log(`apply: ${done}/${total}`);
    },
  });
  console.log(`written ${report.written}, failed ${report.failed.length}, ${report.requests} requests`);
  saved = JSON.stringify(ledger);
  const again = await sync.plan(config, { ledger: new sync.Ledger(saved), env });
  console.log(again.table.split("\n")[0]);
  if (!report.ok || again.changes.length !== 0) process.exitCode = 1;
} finally {
  sb.stop();
}
