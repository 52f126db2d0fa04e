// gradebridge for JavaScript: ManageBac from the browser and Node, on gradebridge's
// Rust core compiled to WebAssembly. This file is glue only: argument names,
// error classes, the async iterator. Requests, validation, pagination, rate limiting,
// retries and parsing happen in the core.
import init, * as native from "./gradebridge_wasm.js";
import { OPERATIONS } from "./operations.js";

const wasmUrl = new URL("./gradebridge_wasm_bg.wasm", import.meta.url);
if (typeof process !== "undefined" && process.versions && process.versions.node && wasmUrl.protocol === "file:") {
  const { readFile } = await import("node:fs/promises");
  await init({ module_or_path: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

/** Base class of every gradebridge error; `code` names the kind. */
export class GradebridgeError extends Error {
  constructor(message, record = {}) {
    super(message);
    this.name = new.target.name;
    this.code = record.code ?? "internal";
    this.status = record.status ?? null;
    this.field = record.field ?? null;
    this.path = record.path ?? null;
    this.fieldErrors = record.fieldErrors ?? {};
    this.retryAfter = record.retryAfter ?? null;
    this.bodyExcerpt = record.bodyExcerpt ?? null;
  }
}
export class InvalidInputError extends GradebridgeError {}
export class AuthenticationError extends GradebridgeError {}
export class PermissionDeniedError extends GradebridgeError {}
export class NotFoundError extends GradebridgeError {}
export class RateLimitError extends GradebridgeError {}
export class UnprocessableError extends GradebridgeError {}
export class ServerError extends GradebridgeError {}
export class TransportError extends GradebridgeError {}
export class DecodeError extends GradebridgeError {}

const BY_CODE = {
  invalid_input: InvalidInputError,
  unauthorized: AuthenticationError,
  forbidden: PermissionDeniedError,
  not_found: NotFoundError,
  rate_limited: RateLimitError,
  unprocessable: UnprocessableError,
  server: ServerError,
  unexpected_status: ServerError,
  transport: TransportError,
  decode: DecodeError,
};

function toError(e) {
  if (e instanceof GradebridgeError) return e;
  if (typeof e === "string" && e.startsWith('{"gradebridgeError":true')) {
    const record = JSON.parse(e);
    return new (BY_CODE[record.code] ?? GradebridgeError)(record.message, record);
  }
  if (e instanceof WebAssembly.RuntimeError) {
    // wasm32 aborts on a Rust panic: report it as a gradebridge error, never a crash.
    return new GradebridgeError(`internal error in gradebridge (a Rust panic): ${e.message}`, { code: "internal" });
  }
  return new GradebridgeError(String(e && e.message ? e.message : e), { code: "internal" });
}

function guard(fn) {
  try {
    return fn();
  } catch (e) {
    throw toError(e);
  }
}

async function guardAsync(fn) {
  try {
    return await fn();
  } catch (e) {
    throw toError(e);
  }
}

const snake = (s) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function buildArgs(op, params) {
  const args = {};
  op.positional.forEach((name, i) => {
    if (params[i] === undefined || params[i] === null) {
      throw new InvalidInputError(`invalid \`${name}\`: is required`, { code: "invalid_input", field: name });
    }
    args[name] = params[i];
  });
  const options = params[op.positional.length];
  if (options !== undefined && options !== null) {
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new InvalidInputError("invalid `options`: must be an object", { code: "invalid_input", field: "options" });
    }
    for (const [key, value] of Object.entries(options)) {
      const name = snake(key);
      if (!op.options.includes(name)) {
        const known = op.options.map(camel).join(", ") || "none";
        throw new InvalidInputError(`invalid \`${key}\`: unknown option of ${op.method} (known: ${known})`, {
          code: "invalid_input",
          field: key,
        });
      }
      if (value !== undefined && value !== null) args[name] = value;
    }
  }
  return args;
}

const NATIVE = new WeakMap();

/**
 * The records of a list operation: `for await (const x of list)` fetches pages
 * lazily; `await list` (or `list.toArray()`) collects every record.
 */
export class PagedList {
  #native;
  #name;
  #args;
  constructor(nativeClient, name, args) {
    this.#native = nativeClient;
    this.#name = name;
    this.#args = args;
  }
  /** The pages, fetched one at a time: `{items, meta}`. */
  async *pages() {
    let args = this.#args;
    while (args) {
      const page = JSON.parse(await guardAsync(() => this.#native.call(this.#name, JSON.stringify(args))));
      yield { items: page.items, meta: page.meta ?? null };
      args = page.next;
    }
  }
  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page.items;
  }
  /** Every record of every page. */
  async toArray() {
    const out = [];
    for await (const page of this.pages()) out.push(...page.items);
    return out;
  }
  then(resolve, reject) {
    return this.toArray().then(resolve, reject);
  }
  catch(reject) {
    return this.toArray().catch(reject);
  }
  finally(fn) {
    return this.toArray().finally(fn);
  }
}

/** The ManageBac client. Its string and JSON forms never show the token. */
export class ManageBac {
  constructor(options) {
    if (!options || typeof options !== "object") {
      throw new InvalidInputError("invalid `options`: pass { token, baseUrl?, ... }", { code: "invalid_input", field: "options" });
    }
    const known = ["token", "baseUrl", "timeoutMs", "maxRetries", "requestsPerMinute"];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        throw new InvalidInputError(`invalid \`${key}\`: unknown option (known: ${known.join(", ")})`, { code: "invalid_input", field: key });
      }
    }
    const { token, baseUrl, timeoutMs, maxRetries, requestsPerMinute } = options;
    if (typeof token !== "string") {
      throw new InvalidInputError("invalid `token`: must be a string", { code: "invalid_input", field: "token" });
    }
    NATIVE.set(
      this,
      guard(
        () =>
          new native.NativeClient(
            token,
            baseUrl ?? undefined,
            timeoutMs ?? undefined,
            maxRetries ?? undefined,
            requestsPerMinute ?? undefined,
            requestsPerMinute === null,
          ),
      ),
    );
  }
  /** The API's base URL. */
  get baseUrl() {
    return NATIVE.get(this).baseUrl;
  }
  toString() {
    return `ManageBac(${this.baseUrl})`;
  }
  toJSON() {
    return { baseUrl: this.baseUrl };
  }
  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toString();
  }
}

for (const op of OPERATIONS) {
  Object.defineProperty(ManageBac.prototype, op.method, {
    value: function (...params) {
      const nativeClient = NATIVE.get(this);
      if (op.paged) return new PagedList(nativeClient, op.name, guard(() => buildArgs(op, params)));
      return guardAsync(async () => {
        const result = JSON.parse(await nativeClient.call(op.name, JSON.stringify(buildArgs(op, params))));
        return result === null ? undefined : result;
      });
    },
    writable: true,
    configurable: true,
  });
}

/** For the tests: make the Rust core panic (an abort on wasm32). */
export function _panicForTests() {
  return guard(() => native.panicForTests());
}

/** Every operation name (snake_case, as in Rust and Python). */
export function operations() {
  return JSON.parse(native.operations());
}

/**
 * Sans-IO: the request for an operation, for your own HTTP stack.
 * `buildRequest("class_grades", { class_id: 1, term_id: 2 }, { token })`.
 */
export function buildRequest(name, args, { token, baseUrl } = {}) {
  return guard(() => {
    const r = JSON.parse(native.buildRequest(name, JSON.stringify(args ?? {}), token, baseUrl ?? undefined));
    return { method: r.method, url: r.url, headers: r.headers, body: r.body ?? null };
  });
}

/** Sans-IO: parse a response into the operation's output (a page for lists), or throw. */
export function parseResponse(name, args, { status, headers = [], body }) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return JSON.parse(guard(() => native.parseResponse(name, JSON.stringify(args ?? {}), status, JSON.stringify(pairs), bytes)));
}

/** Sans-IO: whether a request may be retried after a 5xx or a dropped connection. */
export function isIdempotent(name, args) {
  return guard(() => native.idempotent(name, JSON.stringify(args ?? {})));
}

// ---------------------------------------------------------------------------------
// Grade mapping: exact decimal arithmetic in the core. Percentages and decimals come
// back as text ("90.00") so that nothing is lost to floating point.

const numText = (field, v) => {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  throw new InvalidInputError(`invalid \`${field}\`: must be a finite number`, { code: "invalid_input", field });
};

/** An ordered grading scale (highest level first). */
export class GradeScale {
  #native;
  #symbols;
  constructor(nativeScale) {
    if (!(nativeScale instanceof native.NativeScale)) {
      throw new InvalidInputError("use GradeScale.fromLevels, .fromBlackboardSymbols, .fromSchoology or .ibMyp", { code: "invalid_input" });
    }
    this.#native = nativeScale;
    this.#symbols = JSON.parse(nativeScale.levels()).map((l) => l.symbol);
  }
  /** From levels `{symbol, lowerBound?, value?}` (numbers or decimal strings), any order. */
  static fromLevels(levels) {
    const json = JSON.stringify(
      levels.map((l, i) => ({
        symbol: l.symbol,
        lower_bound: l.lowerBound == null ? null : numText(`levels[${i}].lowerBound`, l.lowerBound),
        value: l.value == null ? null : numText(`levels[${i}].value`, l.value),
      })),
    );
    return new GradeScale(guard(() => native.NativeScale.fromLevels(json)));
  }
  /** From a Blackboard Grades Journey `symbols` string (`A=90:B=80:F=0`). */
  static fromBlackboardSymbols(symbols) {
    return new GradeScale(guard(() => native.NativeScale.fromBlackboardSymbols(symbols)));
  }
  /** From Schoology's `grading_scale` object. */
  static fromSchoology(gradingScale) {
    return new GradeScale(guard(() => native.NativeScale.fromSchoology(JSON.stringify(gradingScale))));
  }
  /** The IB MYP scale over criteria totals 0-32. */
  static ibMyp() {
    return new GradeScale(native.NativeScale.ibMyp());
  }
  toBlackboardSymbols() {
    return guard(() => this.#native.toBlackboardSymbols());
  }
  toSchoology(title) {
    return JSON.parse(guard(() => this.#native.toSchoology(title ?? undefined)));
  }
  /** The levels, highest first: `{symbol, lowerBound, value}` with decimal text. */
  get levels() {
    return JSON.parse(this.#native.levels()).map((l) => ({ symbol: l.symbol, lowerBound: l.lower_bound ?? null, value: l.value ?? null }));
  }
  /** The symbol for a percentage (a number, or decimal text for exactness). */
  grade(percent) {
    return guard(() => this.#native.grade(numText("percent", percent)));
  }
  /** The symbols for many percentages: a number array or a Float64Array. */
  gradeMany(percents) {
    const values = percents instanceof Float64Array ? percents : Float64Array.from(percents);
    const idx = guard(() => this.#native.gradeIndices(values));
    const out = new Array(idx.length);
    const symbols = this.#symbols;
    for (let i = 0; i < idx.length; i++) out[i] = symbols[idx[i]];
    return out;
  }
  /** The percentage standing for a symbol, as decimal text, or null. */
  percentFor(symbol) {
    return this.#native.percentFor(symbol) ?? null;
  }
  equals(other) {
    return other instanceof GradeScale && this.#native.equals(other.#native);
  }
  static _native(scale) {
    return scale.#native;
  }
  toString() {
    return `GradeScale(${this.toBlackboardSymbols()})`;
  }
}

/** `score / maxPoints * 100` as exact decimal text, rounded as asked. */
export function percent(score, maxPoints, { decimals, rounding } = {}) {
  return guard(() => native.percentText(numText("score", score), numText("max_points", maxPoints), decimals ?? undefined, rounding ?? undefined));
}

/** The IB MYP grade (1-7) for four criteria levels (0-8 each). */
export function mypGrade(criteria) {
  return guard(() => native.mypGrade(JSON.stringify(criteria)));
}

/** ManageBac's group_mark: the task percentage through a scale. */
export function groupMark(score, maxPoints, scale) {
  return guard(() => native.groupMark(score, maxPoints, scaleNative(scale)));
}

const scaleNative = (scale) => {
  if (!(scale instanceof GradeScale)) throw new InvalidInputError("invalid `scale`: must be a GradeScale", { code: "invalid_input", field: "scale" });
  return GradeScale._native(scale);
};

/**
 * A weighted term average. `tasks`: `{category, score, max_points, task_id?, excused?,
 * missing?}`; `categories`: `{category, weight}`. Percentages come back as text.
 */
export function weightedAverage(tasks, categories, { method, decimals, rounding } = {}) {
  return JSON.parse(
    guard(() => native.weightedAverage(JSON.stringify(tasks), JSON.stringify(categories), method ?? undefined, decimals ?? undefined, rounding ?? undefined)),
  );
}
