/**
 * Evaluation overhead per cell (transpile + rewrite + vm.Script + run), in ms per cell: vitest reports
 * the mean time of one `evaluate` call. Run: npx vitest bench --run bench/kernel-eval.bench.ts
 */
import { bench, describe } from 'vitest';
import { createEvaluator } from '../src/kernel/eval/index.js';

const evaluator = createEvaluator();
const classCell = [
  'class BenchStrategy {',
  '  private count = 0;',
  '  constructor(readonly name: string) {}',
  '  onBar(close: number): number { this.count += 1; return close * 2; }',
  '}',
].join('\n');

describe('evaluate one cell', () => {
  bench('trivial cell `1 + 1`', async () => {
    await evaluator.evaluate('1 + 1');
  });

  bench('class definition (re-declared each time)', async () => {
    await evaluator.evaluate(classCell);
  });

  bench('isComplete on a 5-line class', () => {
    evaluator.isComplete(classCell);
  });
});
