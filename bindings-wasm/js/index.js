// The package's ES module entry (`import ... from "gradebridge"`): loads the
// WebAssembly module once (from disk in Node, by URL in a browser), then gives the
// API of lib.js. `require("gradebridge")` is index.cjs.
import init from "./gradebridge_wasm.js";

const wasmUrl = new URL("./gradebridge_wasm_bg.wasm", import.meta.url);
if (typeof process !== "undefined" && process.versions && process.versions.node && wasmUrl.protocol === "file:") {
  const { readFile } = await import("node:fs/promises");
  await init({ module_or_path: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

export * from "./lib.js";
