// Remove the `name` (function names, for debuggers) and `producers` custom sections
// from the package's .wasm: about 0.6 MB raw that browsers download for nothing.
// wasm-pack cannot be told to drop them, and Debian's wasm-opt is too old for
// today's wasm (CONTRIBUTING.md, "Toolchain"); the format is simple enough to do here.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const buf = readFileSync(file);
const DROP = new Set(["name", "producers"]);

function leb(pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}

if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a wasm module`);
const parts = [buf.subarray(0, 8)];
let pos = 8;
let dropped = 0;
while (pos < buf.length) {
  const start = pos;
  const id = buf[pos++];
  const [size, body] = leb(pos);
  const end = body + size;
  let keep = true;
  if (id === 0) {
    const [nameLen, nameStart] = leb(body);
    const name = buf.subarray(nameStart, nameStart + nameLen).toString("utf8");
    keep = !DROP.has(name);
  }
  if (keep) parts.push(buf.subarray(start, end));
  else dropped += end - start;
  pos = end;
}
writeFileSync(file, Buffer.concat(parts));
console.error(`strip-custom-sections: removed ${dropped} bytes from ${file}`);
