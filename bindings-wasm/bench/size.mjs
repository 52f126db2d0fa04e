// Print the size of the package's WebAssembly, raw and gzipped (target: at most
// 400 KB gzipped, HTTP client included). Exits 1 over the target.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const wasm = readFileSync(fileURLToPath(new URL("../pkg/gradebridge_wasm_bg.wasm", import.meta.url)));
const js = readFileSync(fileURLToPath(new URL("../pkg/gradebridge_wasm.js", import.meta.url)));
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => (n / 1000).toFixed(1).padStart(8) + " KB";
console.log("| file | raw | gzipped |");
console.log("|---|---|---|");
console.log(`| gradebridge_wasm_bg.wasm | ${kb(wasm.length)} | ${kb(gz(wasm))} |`);
console.log(`| gradebridge_wasm.js (glue) | ${kb(js.length)} | ${kb(gz(js))} |`);
const limit = 400_000;
console.log(`wasm gzipped: ${gz(wasm)} bytes (target: at most ${limit})`);
if (gz(wasm) > limit) process.exit(1);
