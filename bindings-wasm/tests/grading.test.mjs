// The shared grade-mapping vectors (fixtures/grading/vectors.json), as in Rust and Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as gb from "../pkg/index.js";
import { ROOT } from "./sandbox.mjs";

const V = JSON.parse(readFileSync(`${ROOT}/fixtures/grading/vectors.json`, "utf8"));

const fieldOf = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof gb.InvalidInputError, String(e));
    return e.field;
  }
  assert.fail("no error");
};

test("at least 200 vectors", () => assert.ok(V.count >= 200));

test("percent", () => {
  for (const v of V.percent) {
    const call = () => gb.percent(v.score, v.max_points, { decimals: v.decimals, rounding: v.rounding });
    if (v.error) assert.equal(fieldOf(call), v.error, JSON.stringify(v));
    else assert.equal(call(), v.expect, JSON.stringify(v));
  }
});

test("grade and gradeMany (arrays and Float64Array)", () => {
  for (const v of V.grade) {
    const scale = gb.GradeScale.fromBlackboardSymbols(v.symbols);
    assert.equal(scale.grade(v.percent), v.expect, JSON.stringify(v));
    assert.deepEqual(scale.gradeMany([v.percent]), [v.expect]);
    assert.deepEqual(scale.gradeMany(Float64Array.of(v.percent)), [v.expect]);
  }
  for (const v of V.grade_errors) {
    assert.equal(fieldOf(() => gb.GradeScale.fromBlackboardSymbols(v.symbols).grade(v.percent)), v.error);
  }
  assert.equal(fieldOf(() => gb.GradeScale.fromBlackboardSymbols("A=90:F=0").gradeMany([1, NaN])), "percents[1]");
});

test("gradeMany reads numbers only: a null is not 0, a string not its number", () => {
  const scale = gb.GradeScale.fromBlackboardSymbols("A=90:B=80:F=0");
  // Typed arrays, iterables and BigInts are numbers.
  assert.deepEqual(scale.gradeMany(Int32Array.of(95, 10)), ["A", "F"]);
  assert.deepEqual(scale.gradeMany(Float32Array.of(85)), ["B"]);
  assert.deepEqual(scale.gradeMany(BigInt64Array.of(95n)), ["A"]);
  assert.deepEqual(scale.gradeMany(new Set([95, 85n])), ["A", "B"]);
  assert.deepEqual(scale.gradeMany([]), []);
  // Anything else is refused at its index, where Float64Array.from made null 0 (an F).
  for (const [bad, kind] of [[null, "null"], [undefined, "undefined"], ["85", "a string"], [true, "a boolean"], [{}, "an object"]]) {
    const e = (() => {
      try {
        scale.gradeMany([95, bad]);
      } catch (err) {
        return err;
      }
      assert.fail(`${String(bad)} was graded`);
    })();
    assert.ok(e instanceof gb.InvalidInputError);
    assert.equal(e.field, "percents[1]");
    assert.equal(e.message, `invalid \`percents[1]\`: must be a number, not ${kind}`);
  }
  // A hole in an array is undefined.
  assert.equal(fieldOf(() => scale.gradeMany([95, , 85])), "percents[1]"); // eslint-disable-line no-sparse-arrays
  for (const bad of [null, 5, "85", { length: 1, 0: 95 }]) {
    assert.equal(fieldOf(() => scale.gradeMany(bad)), "percents");
  }
});

test("Blackboard symbols", () => {
  for (const v of V.symbols) {
    const scale = gb.GradeScale.fromBlackboardSymbols(v.input);
    assert.equal(scale.toBlackboardSymbols(), v.format);
    assert.ok(gb.GradeScale.fromBlackboardSymbols(scale.toBlackboardSymbols()).equals(scale));
  }
  for (const v of V.symbols_errors) {
    try {
      gb.GradeScale.fromBlackboardSymbols(v.input);
      assert.fail("no error");
    } catch (e) {
      assert.ok(e instanceof gb.InvalidInputError);
      assert.equal(e.field, v.field);
      assert.ok(e.message.includes(`position ${v.position}`), e.message);
    }
  }
});

test("Schoology scales", () => {
  for (const v of V.schoology) {
    const scale = gb.GradeScale.fromSchoology(v.scale);
    assert.equal(scale.toBlackboardSymbols(), v.symbols);
    for (const [p, sym] of v.grades) assert.equal(scale.grade(p), sym);
    for (const [sym, p] of v.percent_for) assert.equal(Number(scale.percentFor(sym)), Number(p));
    assert.ok(gb.GradeScale.fromSchoology(scale.toSchoology()).equals(scale));
  }
  for (const v of V.schoology_errors) assert.equal(fieldOf(() => gb.GradeScale.fromSchoology(v.scale)), v.field);
});

test("IB MYP and group_mark", () => {
  const myp = gb.GradeScale.ibMyp();
  for (const v of V.myp) {
    assert.equal(gb.mypGrade(v.criteria), v.expect);
    assert.equal(myp.grade(v.criteria.reduce((a, b) => a + b, 0)), String(v.expect));
  }
  for (const v of V.myp_errors) assert.equal(fieldOf(() => gb.mypGrade(v.criteria)), v.field);
  for (const v of V.group_mark) {
    assert.equal(gb.groupMark(v.score, v.max_points, gb.GradeScale.fromBlackboardSymbols(v.symbols)), v.expect);
  }
  // Read as `percent` reads them: a missing score is an error naming it, not a 0 (a "1").
  const ib = gb.GradeScale.fromBlackboardSymbols("7=86:6=74:5=62:4=50:3=35:2=20:1=0");
  assert.equal(gb.groupMark("8", 10, ib), gb.groupMark(8, 10, ib));
  for (const [score, maxPoints, field] of [[null, 10, "score"], [7, null, "max_points"], [true, 10, "score"], [undefined, 10, "score"], [NaN, 10, "score"]]) {
    assert.equal(fieldOf(() => gb.groupMark(score, maxPoints, ib)), field, String([score, maxPoints]));
  }
});

test("decimals is a whole number, at least 0, or absent", () => {
  assert.equal(gb.percent(7, 3, { decimals: 2 }), "233.33");
  assert.equal(gb.percent(7, 3, { decimals: null }), gb.percent(7, 3));
  // wasm-bindgen would have passed "x" as 0, -1 as 4294967295 and 2.5 as 2.
  for (const bad of ["x", "2", -1, 2.5, true, NaN]) {
    assert.equal(fieldOf(() => gb.percent(7, 3, { decimals: bad })), "decimals", String(bad));
    assert.equal(fieldOf(() => gb.weightedAverage([], [], { decimals: bad })), "decimals", String(bad));
  }
});

test("weighted averages", () => {
  for (const v of V.weighted) {
    const got = gb.weightedAverage(v.tasks, v.categories, { method: v.method, decimals: 2 });
    assert.equal(got.percent, v.expect, v.name);
    assert.deepEqual(got.contributing.map((c) => c.task_id), v.contributing);
  }
  for (const v of V.weighted_errors) assert.equal(fieldOf(() => gb.weightedAverage(v.tasks, v.categories)), v.field);
});

test("scales from levels", () => {
  const scale = gb.GradeScale.fromLevels([{ symbol: "F", lower_bound: 0 }, { symbol: "A", lowerBound: "89.5", value: 95 }]);
  assert.deepEqual(scale.levels, [
    { symbol: "A", lower_bound: "89.5", value: "95" },
    { symbol: "F", lower_bound: "0", value: null },
  ]);
  assert.equal(String(scale), "GradeScale(A=89.5:F=0)");
  assert.equal(fieldOf(() => gb.GradeScale.fromLevels([{ symbol: "A", lowerBound: 1 }, { symbol: "A", lowerBound: 2 }])), "levels[1].symbol");
  // levels round-trip through fromLevels, and a bad bound names its key.
  assert.deepEqual(gb.GradeScale.fromLevels(scale.levels).levels, scale.levels);
  assert.equal(fieldOf(() => gb.GradeScale.fromLevels([{ symbol: "A", lower_bound: "x" }])), "levels[0].lower_bound");
});

test("JSON.stringify(scale) gives its levels", () => {
  const scale = gb.GradeScale.fromBlackboardSymbols("P=80:F=0");
  assert.deepEqual(JSON.parse(JSON.stringify(scale)), { levels: scale.levels });
  assert.equal(JSON.parse(JSON.stringify(scale)).levels[0].symbol, "P");
});
