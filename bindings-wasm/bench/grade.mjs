// Grade 1,000,000 percentages: GradeScale.gradeMany (Float64Array and number[])
// against a plain JS loop over the same bounds. Prints the ratio.
//   node bindings-wasm/bench/grade.mjs
import { GradeScale } from "../pkg/index.js";

const scale = GradeScale.fromBlackboardSymbols("7=86:6=74:5=62:4=50:3=35:2=20:1=0");
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const N = 1_000_000;
const values = Float64Array.from({ length: N }, () => Math.round(rand() * 105 * 1000) / 1000);
const array = Array.from(values);
const levels = scale.levels.map((l) => ({ symbol: l.symbol, bound: Number(l.lower_bound) })); // highest first

function plainLoop(xs) {
  const out = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    let s = levels[levels.length - 1].symbol;
    for (const l of levels) {
      if (xs[i] >= l.bound) {
        s = l.symbol;
        break;
      }
    }
    out[i] = s;
  }
  return out;
}

function median(fn, repeat = 7) {
  const ts = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

const a = scale.gradeMany(values);
const b = plainLoop(values);
if (a.some((s, i) => s !== b[i])) throw new Error("gradeMany and the plain loop disagree");
const rows = [
  ["gradebridge gradeMany(Float64Array)", median(() => scale.gradeMany(values))],
  ["gradebridge gradeMany(number[])", median(() => scale.gradeMany(array))],
  ["plain JS loop", median(() => plainLoop(values))],
];
console.log(`grading ${N.toLocaleString("en")} percentages on a 7-level scale, median of 7, Node ${process.version}`);
console.log("| method | ms | ns per grade |");
console.log("|---|---|---|");
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${((ms * 1e6) / N).toFixed(1)} |`);
console.log(`plain loop / gradeMany(Float64Array): ${(rows[2][1] / rows[0][1]).toFixed(2)}x`);
