// The tolerant-reading rules of `core/src/de.rs`, for the JS readers that
// `scripts/faces.py` generates into `readers.js` (one per model, from the `x-read`
// kind `#[model]` puts on each field of `core/description.json`).
//
// These are a fast path, not a second definition: each rule takes only the shapes
// whose result is certain to be the core's (a number, a plain decimal string, null)
// and throws `FAIL` for anything else. On `FAIL` the whole answer goes to the core's
// decoder in the wasm module, which reads it by the one definition in Rust, or names
// the JSON path of what is wrong. `bindings-wasm/tests/readers.test.mjs` checks that
// both give the same values, on the shared fixtures and on every rule's edge cases.

/** Thrown by a rule: "not certain, let the core read it". */
export const FAIL = Symbol("gradebridge.read.fail");

const WS = "[ \\t\\n\\r]*";
const INT = new RegExp(`^${WS}([+-]?\\d{1,15})${WS}$`);
const DECIMAL = new RegExp(`^${WS}([+-]?(?:\\d+\\.?\\d*|\\.\\d+))${WS}$`);
const NUMBER = new RegExp(`^${WS}([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)${WS}$`);
const BLANK = new RegExp(`^${WS}$`);
const NUMERIC_CHARS = new RegExp(`^${WS}[0-9.+-]+${WS}$`);
const EDGE_SPACE = /^\s|\s$/;
const TRUE = new RegExp(`^${WS}(?:true|1|yes|t)${WS}$`, "i");
const FALSE = new RegExp(`^${WS}(?:false|0|no|f)${WS}$`, "i");

/** `-0` as `0`, as the core writes it. */
const zeroed = (n) => (n === 0 ? 0 : n);

/**
 * Text holding a number: the number `pattern`'s first group holds, when `ok` takes
 * it; undefined for blank text (the core's `None`); else FAIL.
 */
function fromText(v, pattern, ok) {
  const m = pattern.exec(v);
  if (m !== null) {
    const n = Number(m[1]);
    if (ok(n)) return zeroed(n);
  } else if (BLANK.test(v)) {
    return undefined;
  }
  throw FAIL;
}

/** An integer or the text of one, or undefined for null and blank text (`de::opt_int`). */
export function optInt(v) {
  if (typeof v === "number" && Number.isSafeInteger(v)) return zeroed(v);
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return fromText(v, INT, Number.isSafeInteger);
  throw FAIL;
}

/** A required integer (an id; `de::int`). */
export function int(v) {
  const n = optInt(v);
  if (n === undefined) throw FAIL;
  return n;
}

/** A number or the text of one, or undefined (`de::opt_num`). */
export function optNum(v) {
  if (typeof v === "number") return num(v);
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return fromText(v, NUMBER, Number.isFinite);
  throw FAIL;
}

/** A boolean, `0`/`1`, or their text, or undefined (`de::opt_bool`). */
export function optBool(v) {
  if (typeof v === "boolean") return v;
  if (v === null || v === undefined) return undefined;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === "string") {
    if (TRUE.test(v)) return true;
    if (FALSE.test(v)) return false;
    if (BLANK.test(v)) return undefined;
  }
  throw FAIL;
}

/** Text, numbers and booleans as their text, or undefined (`de::opt_string`). */
export function optString(v) {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return undefined;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    // Rust writes floats without an exponent and keeps `-0`: leave those to it.
    const text = String(v);
    if ((Number.isSafeInteger(v) || !Number.isInteger(v)) && !text.includes("e") && !Object.is(v, -0)) return text;
  }
  throw FAIL;
}

/** Text only (a plain `String`, a `Timestamp`). */
export function str(v) {
  if (typeof v === "string") return v;
  throw FAIL;
}

/** A boolean only (a plain `bool`). */
export function bool(v) {
  if (typeof v === "boolean") return v;
  throw FAIL;
}

/** Any number (a plain `f64`). */
export function num(v) {
  if (typeof v === "number" && Number.isFinite(v)) return zeroed(v);
  throw FAIL;
}

/** A grade (`de::Grade`): a number, numeric text as a number, other text as is. */
export function grade(v) {
  if (typeof v === "number") return num(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") {
    if (NUMERIC_CHARS.test(v)) {
      const m = DECIMAL.exec(v);
      if (m !== null) return zeroed(Number(m[1]));
      throw FAIL;
    }
    if (EDGE_SPACE.test(v)) throw FAIL;
    return v;
  }
  throw FAIL;
}

/** `read` of a value that may be null or absent (serde's `Option`), or undefined. */
export function opt(v, read) {
  return v === undefined || v === null ? undefined : read(v);
}

/** `read` of a required value. */
export function plain(v, read) {
  return read(v);
}

/** A ManageBac subject option (`SubjectOption`, untagged): text, or a list of text. */
export function subjectOption(v) {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return list(v, str);
  throw FAIL;
}

/** A JSON list of `read` each (a plain `Vec`). */
export function list(v, read) {
  if (!Array.isArray(v)) throw FAIL;
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = read(v[i]);
  return out;
}

/** A list that may be null or absent, then empty (`de::vec`). */
export function vec(v, read) {
  if (v === null || v === undefined) return [];
  return list(v, read);
}

/** A list of ids, null entries and blank text left out (`de::int_vec`). */
export function intVec(v) {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw FAIL;
  const out = [];
  for (const x of v) {
    const n = optInt(x);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** An object (a model's JSON), or FAIL. */
export function object(v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw FAIL;
  return v;
}
