// The package's CommonJS entry (`const gb = require("gradebridge")`): loads the
// WebAssembly module synchronously from disk, then gives the same API as index.js.
// The ES modules it requires have no top-level await, so Node's require(esm) takes
// them (Node 20.19+ and 22.12+).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const wasm = require("./gradebridge_wasm.js");
wasm.initSync({ module: readFileSync(join(__dirname, "gradebridge_wasm_bg.wasm")) });
module.exports = require("./lib.js");
