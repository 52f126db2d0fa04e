// gradebridge for JavaScript: ManageBac, Schoology and Blackboard from the browser and
// Node, on gradebridge's Rust core compiled to WebAssembly. This file is glue only:
// argument names, error classes, the async iterator. Requests, validation,
// pagination, rate limiting, retries and parsing happen in the core.
//
// The API, with the module not yet loaded: `index.js` (ES module, `import`) loads it
// with a top-level await, `index.cjs` (`require`) synchronously; both re-export this.
import * as native from "./gradebridge_wasm.js";
import { OPERATIONS, PLATFORMS } from "./operations.js";
import { FAST } from "./readers.js";
import { FAIL, vec as R_vec } from "./read.js";

/** Base class of every gradebridge error; `code` names the kind. */
export class GradebridgeError extends Error {
  constructor(message, record = {}) {
    super(message);
    this.name = new.target.name;
    this.code = record.code ?? "internal";
    this.platform = record.platform ?? null;
    this.maybeApplied = record.maybeApplied ?? false;
    this.timeout = record.timeout ?? false;
    this.attempts = record.attempts ?? null;
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

/** An abort, carrying the signal's reason through `guardAsync` unchanged. */
class Aborted {
  constructor(reason) {
    this.reason = reason;
  }
}

function toError(e) {
  if (e instanceof GradebridgeError) return e;
  if (e instanceof Aborted) return e.reason;
  if (e !== null && typeof e === "object" && e.gradebridgeError === true) {
    return new (BY_CODE[e.code] ?? GradebridgeError)(e.message, e);
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

/**
 * Refuse what JSON would silently change: NaN and Infinity (which JSON.stringify
 * writes as null), and values JSON has no form for. `path` names the field.
 */
function assertSendable(value, path) {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new InvalidInputError(`invalid \`${path}\`: must be a finite number, got ${value}`, { code: "invalid_input", field: path });
  }
  if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol") {
    throw new InvalidInputError(`invalid \`${path}\`: cannot be sent: a ${typeof value}`, { code: "invalid_input", field: path });
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v === undefined) throw new InvalidInputError(`invalid \`${path}[${i}]\`: undefined in a list`, { code: "invalid_input", field: `${path}[${i}]` });
      assertSendable(v, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) assertSendable(v, path ? `${path}.${k}` : k);
  }
}

const isOptions = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function buildArgs(op, params) {
  const args = {};
  let i = 0;
  for (; i < op.positional.length; i++) {
    const name = op.positional[i];
    const value = params[i];
    if (i >= op.required && (isOptions(value) || value === undefined) && i === params.length - 1) break;
    if (value === undefined || value === null) {
      if (i < op.required) {
        throw new InvalidInputError(`invalid \`${name}\`: is required`, { code: "invalid_input", field: name });
      }
      continue;
    }
    args[name] = value;
  }
  if (params.length > i + 1) {
    throw new InvalidInputError(`invalid arguments: ${op.method} takes at most ${op.positional.length} positional arguments and an options object`, {
      code: "invalid_input",
      field: "arguments",
    });
  }
  const options = params[i];
  if (options !== undefined && options !== null) {
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new InvalidInputError("invalid `options`: must be an object", { code: "invalid_input", field: "options" });
    }
    // Optional positional arguments may be given as options too.
    const names = [...op.positional.slice(op.required), ...op.options];
    for (const [key, value] of Object.entries(options)) {
      const name = snake(key);
      if (!names.includes(name)) {
        const known = names.map(camel).join(", ") || "none";
        throw new InvalidInputError(`invalid \`${key}\`: unknown option of ${op.method} (known: ${known})`, {
          code: "invalid_input",
          field: key,
        });
      }
      if (value !== undefined && value !== null) args[name] = value;
    }
  }
  assertSendable(args, "");
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
  #signal;
  #platform;
  constructor(nativeClient, name, args, signal, platform = "managebac") {
    this.#native = nativeClient;
    this.#name = name;
    this.#args = args;
    this.#signal = signal;
    this.#platform = platform;
  }
  /**
   * The pages, fetched one at a time: `{items, meta, next}`, `next` the next page's
   * `Operation` (`null` on the last), as Python's `.pages()` gives.
   */
  async *pages() {
    let args = this.#args;
    while (args) {
      // The answer comes back unparsed and is read here, as `parseResponse` reads it.
      const argsText = JSON.stringify(args);
      const [status, headers, body, attempts] = await guardAsync(() => abortable((stop) => this.#native.fetch(this.#name, argsText, stop), this.#signal));
      const page = guard(() => readAnswer(this.#platform, this.#name, argsText, status, headers, body, attempts));
      const next = page.next ? new Operation(this.#name, page.next, { platform: this.#platform }) : null;
      yield { items: page.items, meta: page.meta ?? null, next };
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

const COMMON_OPTIONS = ["baseUrl", "timeoutMs", "maxRetries", "requestsPerMinute", "retry", "onEvent", "userAgent", "headers"];

/** The `headers` option as `[name, value]` pairs (JSON text), checked. */
function headerPairs(headers) {
  if (headers === undefined || headers === null) return undefined;
  if (!isOptions(headers)) throw new InvalidInputError("invalid `headers`: must be an object of header names to values", { code: "invalid_input", field: "headers" });
  const pairs = Object.entries(headers);
  for (const [k, v] of pairs) {
    if (typeof v !== "string") throw new InvalidInputError(`invalid \`headers.${k}\`: must be a string`, { code: "invalid_input", field: `headers.${k}` });
  }
  return JSON.stringify(pairs);
}
const RETRY_OPTIONS = ["maxRetries", "backoffMs", "maxBackoffMs", "maxRetryAfterMs", "statuses"];

/** The `retry` option, checked: `{maxRetries, backoffMs, maxBackoffMs, maxRetryAfterMs, statuses}`. */
function retryOptions(options) {
  const retry = options.retry ?? {};
  if (!isOptions(retry)) throw new InvalidInputError("invalid `retry`: must be an object { maxRetries?, backoffMs?, maxBackoffMs?, maxRetryAfterMs?, statuses? }", { code: "invalid_input", field: "retry" });
  for (const key of Object.keys(retry)) {
    if (!RETRY_OPTIONS.includes(key)) throw new InvalidInputError(`invalid \`retry.${key}\`: unknown option (known: ${RETRY_OPTIONS.join(", ")})`, { code: "invalid_input", field: `retry.${key}` });
  }
  if (options.maxRetries !== undefined && retry.maxRetries !== undefined && options.maxRetries !== retry.maxRetries) {
    throw new InvalidInputError("invalid `maxRetries`: give it in `retry` or alone, not both", { code: "invalid_input", field: "maxRetries" });
  }
  const statuses = retry.statuses;
  if (statuses !== undefined && (!Array.isArray(statuses) || !statuses.every((s) => Number.isInteger(s) && s >= 0 && s <= 999))) {
    throw new InvalidInputError("invalid `retry.statuses`: must be a list of HTTP statuses", { code: "invalid_input", field: "retry.statuses" });
  }
  for (const key of ["maxRetries", "backoffMs", "maxBackoffMs", "maxRetryAfterMs"]) {
    const v = retry[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
      throw new InvalidInputError(`invalid \`retry.${key}\`: must be a finite number, at least 0`, { code: "invalid_input", field: `retry.${key}` });
    }
  }
  return { ...retry, maxRetries: retry.maxRetries ?? options.maxRetries, statuses: statuses === undefined ? undefined : Uint16Array.from(statuses) };
}

/** The user's `onEvent`, given camelCase events; what it throws is not the request's business. */
function eventHook(onEvent) {
  if (onEvent === undefined || onEvent === null) return undefined;
  if (typeof onEvent !== "function") throw new InvalidInputError("invalid `onEvent`: must be a function", { code: "invalid_input", field: "onEvent" });
  return (text) => {
    try {
      onEvent(camelKeys(JSON.parse(text)));
    } catch {
      // A failing log hook must not fail the call.
    }
  };
}

/**
 * Start the call (`start(stop)`) and settle with it, or reject at once with the
 * signal's reason when it aborts; an already aborted signal sends nothing. `stop` is
 * a Promise (or undefined without a signal) that settles on the abort: the wasm side
 * then drops the call, its fetch in flight, its retry or 429 wait and anything it had
 * yet to send.
 */
function abortable(start, signal) {
  if (signal === undefined) return start(undefined);
  if (!signal || typeof signal.aborted !== "boolean" || typeof signal.addEventListener !== "function") {
    return Promise.reject(new InvalidInputError("invalid `signal`: must be an AbortSignal", { code: "invalid_input", field: "signal" }));
  }
  if (signal.aborted) return Promise.reject(new Aborted(signal.reason));
  let stopNative;
  const stop = new Promise((resolve) => {
    stopNative = resolve;
  });
  const promise = start(stop);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stopNative();
      reject(new Aborted(signal.reason));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Take `signal` out of a call's trailing options object. */
function takeSignal(params) {
  const last = params[params.length - 1];
  if (isOptions(last) && "signal" in last) {
    const { signal, ...rest } = last;
    return [signal, [...params.slice(0, -1), ...(Object.keys(rest).length ? [rest] : [])]];
  }
  return [undefined, params];
}

/**
 * The client class of one platform, from the generated table: its constructor
 * takes the platform's settings and the common options, and it has one method per
 * operation. Its string and JSON forms never show a credential.
 */
function clientClass(platform) {
  const ops = OPERATIONS.filter((op) => op.platform === platform.id);
  const known = [...platform.settings.map((s) => s.option), ...COMMON_OPTIONS];
  const Client = class {
    constructor(options) {
      if (!options || typeof options !== "object") {
        const keys = platform.settings.map((s) => s.option).join(", ");
        throw new InvalidInputError(`invalid \`options\`: pass { ${keys}, baseUrl?, ... }`, { code: "invalid_input", field: "options" });
      }
      for (const key of Object.keys(options)) {
        if (!known.includes(key)) {
          throw new InvalidInputError(`invalid \`${key}\`: unknown option (known: ${known.join(", ")})`, { code: "invalid_input", field: key });
        }
      }
      const settings = {};
      for (const s of platform.settings) {
        const value = options[s.option];
        if (value === undefined || value === null) {
          if (s.required) throw new InvalidInputError(`invalid \`${s.option}\`: must be a string`, { code: "invalid_input", field: s.option });
          continue;
        }
        if (typeof value !== "string") {
          throw new InvalidInputError(`invalid \`${s.option}\`: must be a string`, { code: "invalid_input", field: s.option });
        }
        settings[s.name] = value;
      }
      const { baseUrl, timeoutMs, requestsPerMinute } = options;
      const retry = retryOptions(options);
      const hook = eventHook(options.onEvent);
      const headers = headerPairs(options.headers);
      if (options.userAgent !== undefined && typeof options.userAgent !== "string") {
        throw new InvalidInputError("invalid `userAgent`: must be a string", { code: "invalid_input", field: "userAgent" });
      }
      NATIVE.set(
        this,
        guard(
          () =>
            new native.NativeClient(
              platform.id,
              JSON.stringify(settings),
              baseUrl ?? undefined,
              timeoutMs ?? undefined,
              retry.maxRetries ?? undefined,
              requestsPerMinute ?? undefined,
              requestsPerMinute === null,
              retry.backoffMs,
              retry.maxBackoffMs,
              retry.maxRetryAfterMs,
              retry.statuses,
              hook,
              options.userAgent,
              headers,
            ),
        ),
      );
    }
    /** The API's base URL. */
    get baseUrl() {
      return NATIVE.get(this).baseUrl;
    }
    toString() {
      return `${platform.name}(${this.baseUrl})`;
    }
    toJSON() {
      return { baseUrl: this.baseUrl };
    }
    [Symbol.for("nodejs.util.inspect.custom")]() {
      return this.toString();
    }
  };
  Object.defineProperty(Client, "name", { value: platform.name });
  for (const op of ops) {
    Object.defineProperty(Client.prototype, op.method, {
      value: function (...given) {
        const nativeClient = NATIVE.get(this);
        const [signal, params] = takeSignal(given);
        if (op.paged) return new PagedList(nativeClient, op.name, guard(() => buildArgs(op, params)), signal, platform.id);
        return guardAsync(async () => {
          const args = JSON.stringify(buildArgs(op, params));
          const result = JSON.parse(await abortable((stop) => nativeClient.call(op.name, args, stop), signal));
          return result === null ? undefined : result;
        });
      },
      writable: true,
      configurable: true,
    });
  }
  return Client;
}

const CLIENTS = Object.fromEntries(PLATFORMS.map((p) => [p.id, clientClass(p)]));

/** The ManageBac client: `new ManageBac({ token, baseUrl? })`. */
export const ManageBac = CLIENTS.managebac;

/** The Schoology client: `new Schoology({ consumerKey, consumerSecret, token?, tokenSecret?, baseUrl? })`. */
export const Schoology = CLIENTS.schoology;

/** The Blackboard Learn Grades Journey client: `new Blackboard({ host, key, secret })`. */
export const Blackboard = CLIENTS.blackboard;

/** For the tests: make the Rust core panic (an abort on wasm32). */
export function _panicForTests() {
  return guard(() => native.panicForTests());
}

let REGISTRY = null;
/** The registry, read from the wasm module once. */
const registryEntries = () => (REGISTRY ??= JSON.parse(native.operations()));
/** One operation's registry entry (`name` in either casing), or undefined. */
const registryEntry = (platform, name) => registryEntries().find((o) => o.platform === platform && o.name === snake(String(name)));

/** Every operation name of a platform (snake_case, as in Rust and Python). */
export function operations(platform = "managebac") {
  return JSON.parse(native.operations())
    .filter((o) => o.platform === platform)
    .map((o) => o.name);
}

/** The operation registry: `{platform, name, type_name, paged, positional, required}` each. */
export function registry() {
  return JSON.parse(native.operations());
}

/**
 * Sans-IO: the request for an operation, for your own HTTP stack.
 * `buildRequest("class_grades", { class_id: 1, term_id: 2 }, { token })`; another
 * platform's operation names it: `{ platform: "schoology", ... }`.
 */
export function buildRequest(name, args, { platform = "managebac", baseUrl, nonce, timestamp, bearer, ...settings } = {}) {
  return guard(() => {
    const s = {};
    for (const [k, v] of Object.entries(settings)) if (v !== undefined && v !== null) s[snake(k)] = v;
    if (baseUrl !== undefined && baseUrl !== null) s.base_url = baseUrl;
    assertSendable(args ?? {}, "");
    const r = JSON.parse(native.buildRequest(platform, snake(name), JSON.stringify(args ?? {}), JSON.stringify(s), nonce ?? undefined, timestamp ?? undefined, bearer ?? undefined));
    return { method: r.method, url: r.url, headers: r.headers, body: r.body ?? null };
  });
}

/**
 * Sans-IO: parse a response into the operation's output, or throw. A list operation
 * gives a page: `{items, meta, next}`, `next` the `Operation` for the following page
 * (`null` on the last), as Python's `Page.next`.
 */
export function parseResponse(name, args, { status, headers = [], body }, { platform = "managebac" } = {}) {
  const pairs = JSON.stringify(Array.isArray(headers) ? headers : Object.entries(headers));
  const out = guard(() => readAnswer(platform, snake(name), JSON.stringify(args ?? {}), status, pairs, body));
  // A list operation's page: its `next` (the next page's arguments) as an Operation.
  if (registryEntry(platform, name)?.paged) {
    out.next = out.next === null ? null : new Operation(snake(name), out.next, { platform });
  }
  return out;
}

function bodyBytes(body) {
  return typeof body === "string" ? new TextEncoder().encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A list's page read in JS: `JSON.parse`, the records through the generated readers
 * (readers.js), and the rest of the answer (status, position, next page) through the
 * core with the records left out. `undefined` when a reader is not certain (see
 * read.js): then the core reads the whole answer, or names what is wrong in it.
 */
/**
 * An answer's output: for a list whose records the readers know, read in JS
 * (`readPage`); otherwise, or when they are not certain, by the core. `attempts`
 * (a client's) goes on a parse error.
 */
function readAnswer(platform, name, argsText, status, pairs, body, attempts) {
  const fast = FAST[`${platform}/${name}`];
  return (
    (fast !== undefined && status >= 200 && status < 300 && readPage(fast, platform, name, argsText, status, pairs, body, attempts)) ||
    JSON.parse(native.parseResponse(platform, name, argsText, status, pairs, bodyBytes(body), attempts))
  );
}

function readPage(fast, platform, name, argsText, status, pairs, body, attempts) {
  let doc;
  try {
    doc = JSON.parse(typeof body === "string" ? body : UTF8.decode(body));
  } catch {
    return undefined;
  }
  let holder = doc;
  for (let i = 0; i < fast.at.length - 1; i++) holder = holder !== null && typeof holder === "object" ? holder[fast.at[i]] : undefined;
  if (holder === null || typeof holder !== "object" || Array.isArray(holder)) return undefined;
  const key = fast.at[fast.at.length - 1];
  let items;
  try {
    items = R_vec(Object.hasOwn(holder, key) ? holder[key] : undefined, fast.read);
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
  holder[key] = [];
  const envelope = new TextEncoder().encode(JSON.stringify(doc));
  const page = JSON.parse(native.parseEnvelope(platform, name, argsText, status, pairs, envelope, items.length, attempts));
  page.items = items;
  return page;
}

/**
 * Sans-IO, one operation as a value (Python's `gradebridge.Operation`):
 * `new Operation("classGrades", { class_id: 10, term_id: 20 })`, then
 * `.request({ token })` and `.parse({ status, headers, body })`; a page's `next` is one.
 */
export class Operation {
  constructor(name, args = {}, { platform = "managebac" } = {}) {
    const info = registryEntry(platform, name);
    if (info === undefined) {
      throw new InvalidInputError(`invalid \`name\`: unknown ${platform} operation \`${name}\``, { code: "invalid_input", field: "name" });
    }
    /** The operation's name (snake_case, as in the registry and Python). */
    this.name = info.name;
    /** Its platform. */
    this.platform = platform;
    /** Its arguments, with the API's JSON names. */
    this.args = args ?? {};
    // Read the arguments now, as Python's Operation does: a wrong one throws here,
    // naming its field, not later at `request` or `parse`.
    isIdempotent(this.name, this.args, { platform });
    /** True for list operations (`parse` gives a page). */
    this.paged = info.paged;
    Object.freeze(this);
  }
  /** Whether a retry after a 5xx or a dropped connection is safe. */
  get idempotent() {
    return isIdempotent(this.name, this.args, { platform: this.platform });
  }
  /** The request, `{method, url, headers, body}` (settings as `buildRequest` takes them). */
  request(settings = {}) {
    return buildRequest(this.name, this.args, { ...settings, platform: this.platform });
  }
  /** Parse the answer: the output, a page for a list operation, or throw. */
  parse(response) {
    return parseResponse(this.name, this.args, response, { platform: this.platform });
  }
  toString() {
    return `Operation(${this.name})`;
  }
}

/** Sans-IO: whether a request may be retried after a 5xx or a dropped connection. */
export function isIdempotent(name, args, { platform = "managebac" } = {}) {
  return guard(() => native.idempotent(platform, snake(name), JSON.stringify(args ?? {})));
}

// ---------------------------------------------------------------------------------
// Grade mapping: exact decimal arithmetic in the core. Percentages and decimals come
// back as text ("90.00") so that nothing is lost to floating point.

/**
 * `decimals` for the wasm, checked: wasm-bindgen would pass `"x"` as 0, `-1` as
 * 4294967295 and `2.5` as 2.
 */
const decimalsArg = (decimals) => {
  if (decimals === undefined || decimals === null) return undefined;
  if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 0xffffffff) return decimals;
  const got = typeof decimals === "string" ? JSON.stringify(decimals) : String(decimals);
  throw new InvalidInputError(`invalid \`decimals\`: must be a whole number, at least 0, got ${got}`, { code: "invalid_input", field: "decimals" });
};

const numText = (field, v) => {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  throw new InvalidInputError(`invalid \`${field}\`: must be a finite number`, { code: "invalid_input", field });
};

/** What a value is, for an error message: `null`, `undefined`, `an array`, `a string`, ... */
function kindOf(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * `percents` for `gradeMany` as a Float64Array. Only numbers (and BigInts) are read, as
 * Python's `grade_many` reads them: `Float64Array.from` would make `null` 0, `true` 1 and
 * `"85"` 85, so a missing grade would come back as the lowest symbol.
 */
function doubles(percents) {
  if (percents instanceof Float64Array) return percents;
  if (ArrayBuffer.isView(percents) && !(percents instanceof DataView)) {
    // Other typed arrays hold numbers (or BigInts) only.
    return percents instanceof BigInt64Array || percents instanceof BigUint64Array
      ? Float64Array.from(percents, Number)
      : Float64Array.from(percents);
  }
  if (percents == null || typeof percents === "string" || typeof percents[Symbol.iterator] !== "function") {
    throw new InvalidInputError(`invalid \`percents\`: must be an array, typed array or other iterable of numbers, not ${kindOf(percents)}`, {
      code: "invalid_input",
      field: "percents",
    });
  }
  const items = Array.isArray(percents) ? percents : Array.from(percents);
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "bigint") out[i] = Number(v);
    else {
      throw new InvalidInputError(`invalid \`percents[${i}]\`: must be a number, not ${kindOf(v)}`, {
        code: "invalid_input",
        field: `percents[${i}]`,
      });
    }
  }
  return out;
}

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
  /**
   * From levels `{symbol, lower_bound?, value?}` (numbers or decimal strings), any
   * order: the shape `levels` gives, named as the models are (`lowerBound` is taken
   * too).
   */
  static fromLevels(levels) {
    const json = JSON.stringify(
      levels.map((l, i) => {
        const bound = l.lower_bound ?? l.lowerBound;
        const key = l.lower_bound != null ? "lower_bound" : "lowerBound";
        return {
          symbol: l.symbol,
          lower_bound: bound == null ? null : numText(`levels[${i}].${key}`, bound),
          value: l.value == null ? null : numText(`levels[${i}].value`, l.value),
        };
      }),
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
  /** The levels, highest first: `{symbol, lower_bound, value}` with decimal text (as Python's `ScaleLevel`). */
  get levels() {
    return JSON.parse(this.#native.levels()).map((l) => ({ symbol: l.symbol, lower_bound: l.lower_bound ?? null, value: l.value ?? null }));
  }
  /** The symbol for a percentage (a number, or decimal text for exactness). */
  grade(percent) {
    return guard(() => this.#native.grade(numText("percent", percent)));
  }
  /** The symbols for many percentages: numbers in an array, a typed array or any iterable (anything else is refused at its index). */
  gradeMany(percents) {
    const values = doubles(percents);
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
  /** `JSON.stringify(scale)` gives its levels. */
  toJSON() {
    return { levels: this.levels };
  }
}

/** `score / maxPoints * 100` as exact decimal text, rounded as asked. */
export function percent(score, maxPoints, { decimals, rounding } = {}) {
  return guard(() => native.percentText(numText("score", score), numText("max_points", maxPoints), decimalsArg(decimals), rounding ?? undefined));
}

/** The IB MYP grade (1-7) for four criteria levels (0-8 each). */
export function mypGrade(criteria) {
  return guard(() => native.mypGrade(JSON.stringify(criteria)));
}

/** ManageBac's group_mark: the task percentage through a scale (numbers or decimal text, as `percent`). */
export function groupMark(score, maxPoints, scale) {
  return guard(() => native.groupMark(numText("score", score), numText("max_points", maxPoints), scaleNative(scale)));
}

const scaleNative = (scale) => {
  if (!(scale instanceof GradeScale)) throw new InvalidInputError("invalid `scale`: must be a GradeScale", { code: "invalid_input", field: "scale" });
  return GradeScale._native(scale);
};

/**
 * A weighted term average. `tasks`: `{category, score, max_points, task_id?, excused?,
 * missing?}`, or a student's `assignments` from `classGrades` (their categories come
 * from `classTasks`, the class's `tasks`); `categories`: `{category, weight}`, or what
 * `taskCategories` returns. Percentages come back as text.
 */
export function weightedAverage(tasks, categories, { classTasks, method, decimals, rounding } = {}) {
  try {
    return JSON.parse(
      guard(() =>
        native.weightedAverage(
          JSON.stringify(tasks),
          JSON.stringify(categories),
          classTasks === undefined || classTasks === null ? undefined : JSON.stringify(classTasks),
          method ?? undefined,
          decimalsArg(decimals),
          rounding ?? undefined,
        ),
      ),
    );
  } catch (e) {
    // The core names the option as Python does (`class_tasks`): name JS's.
    if (e instanceof GradebridgeError) {
      e.message = e.message.replaceAll("class_tasks", "classTasks");
      if (typeof e.field === "string") e.field = e.field.replace(/^class_tasks/, "classTasks");
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------
// The sync: the same plan and apply as `gradebridge sync`, in the browser and Node.

const snakeKeys = (v) =>
  Array.isArray(v) ? v.map(snakeKeys) : isOptions(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeKeys(x)])) : v;
const camelKeys = (v) =>
  Array.isArray(v) ? v.map(camelKeys) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelKeys(x)])) : v;

/**
 * What a sync has written where: in memory, kept by the caller between runs
 * (`JSON.stringify(ledger)` saves it, `new Ledger(saved)` restores it). Grades Journey
 * cannot be read back, so the ledger is how the next plan knows what Blackboard holds.
 */
class Ledger {
  #native;
  constructor(saved) {
    const text = saved === undefined || saved === null ? undefined : typeof saved === "string" ? saved : JSON.stringify(saved);
    this.#native = guard(() => new native.SyncLedger(text));
  }
  /** Past runs, newest first: `{id, direction, started, finished, written, failed}`. */
  runs() {
    return JSON.parse(guard(() => this.#native.runs()));
  }
  toJSON() {
    return JSON.parse(guard(() => this.#native.toJSONText()));
  }
  static _native(ledger) {
    return ledger.#native;
  }
}

function syncConfig(config) {
  if (!isOptions(config)) {
    throw new InvalidInputError("invalid `config`: must be an object with the keys of sync.toml (`direction`, `termId`, `managebac`, ...)", { code: "invalid_input", field: "config" });
  }
  assertSendable(config, "config");
  return JSON.stringify(snakeKeys(config));
}

function syncEnv(env) {
  if (env === undefined) {
    const p = typeof process !== "undefined" ? process : undefined;
    env = p && p.env ? p.env : {};
  }
  if (!isOptions(env) && !(env && typeof env === "object")) {
    throw new InvalidInputError("invalid `env`: must be an object of environment variables", { code: "invalid_input", field: "env" });
  }
  const out = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return JSON.stringify(out);
}

function syncLedger(ledger) {
  if (ledger === undefined) return new Ledger();
  if (!(ledger instanceof Ledger)) throw new InvalidInputError("invalid `ledger`: must be a sync.Ledger", { code: "invalid_input", field: "ledger" });
  return ledger;
}

const toPlan = (plan, table) => ({ ...camelKeys(plan), table });

/** Read both sides and plan; nothing is written. `signal` (an AbortSignal) stops it. */
async function plan(config, { ledger, env, signal } = {}) {
  return guardAsync(async () => {
    const led = syncLedger(ledger);
    const [configText, envText] = [syncConfig(config), syncEnv(env)];
    const out = JSON.parse(await abortable((stop) => native.syncPlan(configText, envText, Ledger._native(led), stop), signal));
    return toPlan(out.plan, out.table);
  });
}

/**
 * Plan, then write the plan in the largest batches, recording every outcome in the
 * ledger; `progress({done, total, phase})` after each batch. Resolves to a report:
 * `{run, written, failed: [{change, reason}], requests, ok, plan}`. `signal` (an
 * AbortSignal) stops it: nothing more is sent, and the batches written before stay
 * in the ledger.
 */
async function apply(config, { ledger, env, progress, allowUnmatched = false, signal } = {}) {
  return guardAsync(async () => {
    const led = syncLedger(ledger);
    if (progress !== undefined && typeof progress !== "function") {
      throw new InvalidInputError("invalid `progress`: must be a function", { code: "invalid_input", field: "progress" });
    }
    const cb = progress ? (done, total, phase) => progress({ done, total, phase }) : undefined;
    const [configText, envText] = [syncConfig(config), syncEnv(env)];
    const out = JSON.parse(await abortable((stop) => native.syncApply(configText, envText, Ledger._native(led), cb, allowUnmatched === true, stop), signal));
    const report = camelKeys(out.report);
    return { ...report, ok: report.failed.length === 0, plan: toPlan(out.plan, undefined) };
  });
}

/** The grade sync: `sync.plan(config, {ledger})`, `sync.apply(config, {ledger, progress})`. */
export const sync = Object.freeze({ Ledger, plan, apply });
