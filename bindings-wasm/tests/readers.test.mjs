// The JS readers (read.js, and readers.js generated from the description) against
// the core's decoder in the wasm module: on the shared fixtures, and with each
// tolerant-reading rule fed its edge cases, `parseResponse` (which reads a list's
// records in JS when the readers are certain) gives exactly what the core gives for
// the whole answer, or the same error with the same JSON path.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { parseResponse, registry } from "../pkg/index.js";
import * as native from "../pkg/gradebridge_wasm.js";
import { FAST } from "../pkg/readers.js";
import { FAIL } from "../pkg/read.js";

const FIXTURES = new URL("../../fixtures/", import.meta.url);
/** A list's required arguments, each 7. */
function argsOf(platform, name) {
  const entry = registry().find((o) => o.platform === platform && o.name === name);
  return Object.fromEntries(entry.positional.slice(0, entry.required).map((p) => [p, 7]));
}
const ARGS = { class_id: 7, term_id: 7 };

function fixtureFor(platform, name) {
  for (const rel of [`${platform}/${name}.response.json`, `${platform}/directory/${name}.response.json`, `${platform}/tolerant/${name}.json`]) {
    const url = new URL(rel, FIXTURES);
    if (existsSync(url)) return readFileSync(url, "utf8");
  }
  return undefined;
}

/** What the core alone makes of the answer: `{items, meta, next}` or `{error}`. */
function core(platform, name, text) {
  try {
    const out = JSON.parse(native.parseResponse(platform, name, JSON.stringify(argsOf(platform, name)), 200, "[]", new TextEncoder().encode(text)));
    return { items: out.items, meta: out.meta, next: out.next };
  } catch (e) {
    return { error: e.message, path: e.path };
  }
}

/** What the package makes of it. */
function pkg(platform, name, text, asBytes = true) {
  try {
    const body = asBytes ? new TextEncoder().encode(text) : text;
    const out = parseResponse(name, argsOf(platform, name), { status: 200, body }, { platform });
    return { items: out.items, meta: out.meta, next: out.next?.args ?? null };
  } catch (e) {
    return { error: e.message, path: e.path };
  }
}

const at = (doc, path) => path.reduce((v, k) => v[k], doc);

test("every documented list whose records JS reads: the same records as the core, read in JS", () => {
  let checked = 0;
  for (const [key, fast] of Object.entries(FAST)) {
    const [platform, name] = key.split("/");
    const text = fixtureFor(platform, name);
    if (text === undefined) continue;
    // The readers are certain of every documented record (the fast path is taken).
    for (const record of at(JSON.parse(text), fast.at) ?? []) fast.read(record);
    const expected = core(platform, name, text);
    assert.equal(expected.error, undefined, key);
    assert.deepEqual(pkg(platform, name, text), expected, key);
    assert.deepEqual(pkg(platform, name, text, false), core(platform, name, text), key);
    checked++;
  }
  assert.ok(checked >= 8, `only ${checked} lists checked`);
});

// Each rule's edge cases as raw JSON text (so that `-0`, `5.0` and `1e21` reach the
// parser as written); `undefined` leaves the field out.
const CASES = {
  int: ["5", '"5"', '" 5 "', '"+5"', "-0", "5.0", '"5.0"', '""', "null", "true", '"abc"', "1e16", '"12345678901234567"', "1.5", '"0x10"', '"1e3"', '"\\u00a05"', "[]", undefined],
  opt_int: ["5", '"5"', '" 7"', "-0", "5.0", '""', '"  "', "null", "true", '"x"', "1.5", "9007199254740993", '"-12"', undefined],
  opt_num: ["1.5", '"1.5"', '" 2 "', '"1e3"', '"1E-2"', '""', "null", "true", '"abc"', '"inf"', '"NaN"', '"Infinity"', '"0x10"', '".5"', '"5."', '"-0"', "-0.0", '"1e400"', "1e308", "-0", undefined],
  opt_bool: ["true", "false", "0", "1", "2", "1.0", "0.0", "-0", "1e0", "0.5", '"true"', '"TRUE"', '" yes "', '"t"', '"F"', '"no"', '"0"', '"1"', '""', '"maybe"', "null", "[]", undefined],
  opt_string: ['"x"', '""', '" x "', "5", "5.0", "1.5", "1e21", "1e-7", "12345678901234567890", "-0", "-0.0", "true", "null", "[]", "{}", undefined],
  timestamp: ['"2023-04-25T14:05:00.000Z"', '""', "5", "null", "true", undefined],
  int_vec: ["[1, 2]", '["3", " 4 "]', '[null, 5, ""]', "null", '"1,2"', "[1.5]", "[true]", "{}", undefined],
  grade: ["6", '"6"', '" 6 "', '"6.5"', '"A"', '" A "', '""', '"1.2.3"', '"+5"', '"-"', '"."', '"5."', '".5"', '"1e3"', "true", "null", "[]", '"\\u00a06"', "6.0", '"007"', "-0", undefined],
  vec: ["null", "[]", '"x"', "{}", "[null]", undefined],
  subject_option: ['"Language and literature"', '["1", "2", "3"]', '""', "[]", "[1]", '["1", null]', "5", "true", "null", "{}", undefined],
};

// Where each rule is exercised: a list, its fixture, a field of its first record.
const WHERE = [
  ["int", "schoology", "assignments", ["assignment", 0], "id"],
  ["opt_int", "schoology", "assignments", ["assignment", 0], "grading_scale"],
  ["opt_num", "schoology", "assignments", ["assignment", 0], "max_points"],
  ["opt_bool", "schoology", "assignments", ["assignment", 0], "is_final"],
  ["opt_string", "schoology", "assignments", ["assignment", 0], "title"],
  ["timestamp", "schoology", "assignments", ["assignment", 0], "due"],
  ["int_vec", "schoology", "assignments", ["assignment", 0], "assignees"],
  ["int", "managebac", "class_grades", ["students", 0], "id"],
  ["vec", "managebac", "class_grades", ["students", 0], "assignments"],
  ["grade", "managebac", "class_grades", ["students", 0, "assignments", 0], "group_mark"],
  ["opt_num", "managebac", "class_grades", ["students", 0, "assignments", 0], "score"],
  ["subject_option", "managebac", "classes", ["classes", 0], "subject_option"],
];

test("each reading rule's edge cases: the package gives what the core gives, or the same error and path", () => {
  let fast = 0;
  for (const [kind, platform, name, recordPath, field] of WHERE) {
    for (const raw of CASES[kind]) {
      const doc = JSON.parse(fixtureFor(platform, name));
      const record = at(doc, recordPath);
      if (raw === undefined) delete record[field];
      else record[field] = "__gb_placeholder__";
      const text = JSON.stringify(doc).replace('"__gb_placeholder__"', raw);
      const label = `${platform}/${name} ${field} = ${raw}`;
      assert.deepEqual(pkg(platform, name, text), core(platform, name, text), label);
      // Count the cases JS read itself.
      try {
        const list = at(JSON.parse(text), FAST[`${platform}/${name}`].at);
        list.forEach(FAST[`${platform}/${name}`].read);
        fast++;
      } catch (e) {
        if (e !== FAIL) throw e;
      }
    }
  }
  assert.ok(fast > 60, `only ${fast} cases read in JS`);
});

test("an answer the readers are not sure of still reads, and a bad one names its path", () => {
  const text = fixtureFor("managebac", "class_grades");
  const doc = JSON.parse(text);
  doc.students[0].assignments[0].score = "lots";
  const bad = JSON.stringify(doc);
  const out = pkg("managebac", "class_grades", bad);
  assert.equal(out.path, "students[0].assignments[0].score");
  assert.deepEqual(out, core("managebac", "class_grades", bad));
  // Not JSON, a BOM, invalid UTF-8: the core reads or refuses, as without the readers.
  for (const body of ["{", "\ufeff" + text]) assert.deepEqual(pkg("managebac", "class_grades", body), core("managebac", "class_grades", body));
  const invalid = new Uint8Array([...new TextEncoder().encode('{"students": [{"id": 1, "name": "'), 0xff, ...new TextEncoder().encode('"}]}')]);
  assert.throws(() => parseResponse("class_grades", ARGS, { status: 200, body: invalid }), (e) => e.code === "decode");
});

test("a page read in JS keeps its position and next page", () => {
  const doc = JSON.parse(fixtureFor("managebac", "class_grades"));
  doc.meta = { current_page: 1, total_pages: 3, total_count: 600, per_page: 200 };
  const page = parseResponse("class_grades", { class_id: 7, term_id: 7 }, { status: 200, body: JSON.stringify(doc) });
  assert.deepEqual(page.meta, doc.meta);
  assert.deepEqual(page.next.args, { class_id: 7, term_id: 7, page: 2 });
  // A failure status is the core's error, as before.
  assert.throws(() => parseResponse("class_grades", ARGS, { status: 404, body: "{}" }), (e) => e.code === "not_found");
});

test("a client's list is read the same way: records in JS, errors with path and attempts", async () => {
  const { createServer } = await import("node:http");
  const { ManageBac } = await import("../pkg/index.js");
  const good = fixtureFor("managebac", "class_grades");
  const doc = JSON.parse(good);
  doc.students[0].assignments[0].score = "lots";
  const bodies = [good, JSON.stringify(doc)];
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(bodies.shift());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const mb = new ManageBac({ token: "t", baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    const records = await mb.classGrades(7, 7);
    assert.deepEqual(records, core("managebac", "class_grades", good).items);
    await assert.rejects(mb.classGrades(7, 7), (e) => e.code === "decode" && e.path === "students[0].assignments[0].score" && e.attempts === 1 && e.platform === "managebac");
  } finally {
    server.close();
  }
});
