/**
 * Evaluation overhead per cell: keel's evaluator (transpile + rewrite for re-runnable declarations and
 * top-level await + vm.Script + run) against the floor it cannot go under, measured in the same run on
 * the same cells: TypeScript's transpileModule of the cell, then a plain vm.Script run in a context.
 * Prints µs per cell for both and the ratio. Run: npx vitest bench --run bench/kernel-eval.bench.ts
 */
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import { afterAll, bench, describe } from 'vitest';
import { createEvaluator } from '../src/kernel/eval/index.js';
import { ts } from '../src/kernel/eval/typescript.js';

const evaluator = createEvaluator();
const baselineContext = vm.createContext({});
const classCell = [
  'class BenchStrategy {',
  '  private count = 0;',
  '  constructor(readonly name: string) {}',
  '  onBar(close: number): number { this.count += 1; return close * 2; }',
  '}',
].join('\n');

/** The floor: strip types, compile, run; no state kept across cells, no re-declaration, no await. */
function baseline(cell: string): unknown {
  const js = ts.transpileModule(cell, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  // A class re-declared in one context throws: each baseline run gets a block scope, as keel's rewrite would.
  return new vm.Script(`{${js}}`).runInContext(baselineContext);
}

const timings: Record<string, { keel: number[]; floor: number[] }> = {};
function timed(name: string, side: 'keel' | 'floor', run: () => unknown | Promise<unknown>) {
  return async () => {
    const t = performance.now();
    await run();
    ((timings[name] ??= { keel: [], floor: [] })[side]).push(performance.now() - t);
  };
}

afterAll(() => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const lines = Object.entries(timings).map(([name, t]) => {
    const k = median(t.keel) * 1000;
    const f = median(t.floor) * 1000;
    return `EVAL FIGURE: ${name}: keel ${k.toFixed(0)} µs vs transpile + vm.Script ${f.toFixed(0)} µs per cell = ${(k / f).toFixed(2)}× (medians of ${t.keel.length} / ${t.floor.length})`;
  });
  process.stdout.write(`\n${lines.join('\n')}\n`);
});

describe('evaluate one cell, keel vs the transpile + vm floor', () => {
  const opts = { iterations: 200, warmupIterations: 20, time: 0 };
  bench('trivial cell `1 + 1` (keel)', timed('trivial cell', 'keel', () => evaluator.evaluate('1 + 1')), opts);
  bench('trivial cell `1 + 1` (floor)', timed('trivial cell', 'floor', () => baseline('1 + 1')), opts);
  bench('class definition, re-declared each time (keel)', timed('class cell', 'keel', () => evaluator.evaluate(classCell)), opts);
  bench('class definition (floor)', timed('class cell', 'floor', () => baseline(classCell)), opts);
  bench('isComplete on a 5-line class', () => {
    evaluator.isComplete(classCell);
  });
});
