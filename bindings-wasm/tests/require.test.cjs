// The package loads with `require` as with `import`: the exports map sends each to
// its entry (index.cjs, index.js), and both give the same API over one module.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const PKG = path.resolve(__dirname, "../pkg");

test("require('gradebridge') and import give the same API", async () => {
  const cjs = require(path.join(PKG, "index.cjs"));
  const esm = await import(path.join(PKG, "index.js"));
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  assert.equal(cjs.ManageBac, esm.ManageBac); // one module instance, one class
  assert.equal(
    cjs.buildRequest("get_class", { class_id: 3 }, { token: "t" }).url,
    "https://api.managebac.com/v2p0/classes/3",
  );
  assert.equal(String(cjs.percent(1, 3, { decimals: 2 })), "33.33");
  assert.throws(() => cjs.buildRequest("get_class", {}, { token: "t" }), (e) => e instanceof cjs.InvalidInputError && e.field === "class_id");
});

test("an installed package resolves for require and for import by its name", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gb-require-"));
  try {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(PKG, path.join(dir, "node_modules", "gradebridge"), "dir");
    const run = (args) => execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8" }).trim();
    const probe = 'gb.buildRequest("classes", {}, { token: "t" }).url';
    assert.equal(
      run(["-e", `const gb = require("gradebridge"); console.log(${probe})`]),
      "https://api.managebac.com/v2p0/classes",
    );
    assert.equal(
      run(["--input-type=module", "-e", `import * as gb from "gradebridge"; console.log(${probe})`]),
      "https://api.managebac.com/v2p0/classes",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
