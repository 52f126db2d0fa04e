// A write whose answer was lost after it was applied says so (maybeApplied).
import test from "node:test";
import assert from "node:assert/strict";
import * as gb from "../pkg/index.js";
import { useSandbox } from "./sandbox.mjs";

const ctx = useSandbox(test, gb);

test("maybeApplied on a write whose answer was lost after the write", async () => {
  const { sb, mb } = ctx;
  await sb.faults({ drop_after_write_next: 1 });
  await assert.rejects(mb.createTask(1001, { name: "Lost answer" }), (e) => e instanceof gb.TransportError && e.maybeApplied === true);
  const state = await sb.state();
  assert.equal(state.tasks.filter((t) => t.task.name === "Lost answer").length, 1);
});
