/**
 * What the await checkpoint costs (every `await` written in a cell goes through it, so a spin can be
 * interrupted): 100,000 awaits in a keel cell against the same loop in a plain async function, measured
 * in the same run. Prints ns per await for both.  Run: npx vitest bench --run bench/await-checkpoint.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { createEvaluator } from '../src/kernel/eval/index.js';

const AWAITS = 100_000;
const evaluator = createEvaluator();
const cell = `{ let n = 0; for (let i = 0; i < ${AWAITS}; i++) { n += await i; } n }`;
async function plain(): Promise<number> {
  let n = 0;
  for (let i = 0; i < AWAITS; i++) n += await i;
  return n;
}

const runs: Record<'keel' | 'plain', number[]> = { keel: [], plain: [] };
afterAll(() => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const k = (median(runs.keel) * 1e6) / AWAITS;
  const p = (median(runs.plain) * 1e6) / AWAITS;
  process.stdout.write(`\nAWAIT CHECKPOINT FIGURE: ${k.toFixed(0)} ns per await in a keel cell vs ${p.toFixed(0)} ns in a plain async function (+${(k - p).toFixed(0)} ns; medians of ${runs.keel.length} / ${runs.plain.length} runs of ${AWAITS} awaits)\n`);
});

describe(`${AWAITS} awaits`, () => {
  const opts = { iterations: 20, warmupIterations: 3, time: 0 };
  bench('in a keel cell (checkpointed)', async () => {
    const t = performance.now();
    await evaluator.evaluate(cell);
    runs.keel.push(performance.now() - t);
  }, opts);
  bench('in a plain async function', async () => {
    const t = performance.now();
    await plain();
    runs.plain.push(performance.now() - t);
  }, opts);
});
