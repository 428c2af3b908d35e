import { afterAll, bench, describe } from 'vitest';
import { describeResult, massStatus, reconcileIntoEmptyNode } from './reconciliation-scenario.js';
import type { Scale } from './reconciliation-scenario.js';

/**
 * Reconciliation at scale (issue 16): an empty node reconciles a venue's mass status in process (plan +
 * apply, no socket). CPU time (process.cpuUsage) of the reconciliation alone, best of the runs:
 *  - 10,000 orders + 50,000 fills + 100 positions: goal <= 500 ms;
 *  - 50,000 orders + 250,000 fills + 100 positions: goal <= 5.5 × the 10k case measured in the same run (linear).
 *   npx vitest bench --run bench/reconciliation.bench.ts
 */
const SMALL: Scale = { orders: 10_000, fillsPerOrder: 5, positions: 100 };
const LARGE: Scale = { orders: 50_000, fillsPerOrder: 5, positions: 100 };

const best = new Map<Scale, number>();
const summaries = new Map<Scale, string>();

function scenario(scale: Scale, iterations: number): void {
  const ms = massStatus(scale);
  bench(`${scale.orders} orders + ${scale.orders * scale.fillsPerOrder} fills + ${scale.positions} positions into an empty node`, async () => {
    const run = await reconcileIntoEmptyNode(ms);
    if (!run.result.success || run.result.counts.orders !== scale.orders) throw new Error(`reconciliation did not succeed: ${describeResult(run.result)}`);
    best.set(scale, Math.min(best.get(scale) ?? Infinity, run.cpuMs));
    summaries.set(scale, describeResult(run.result));
  }, { iterations, warmupIterations: 1 });
}

describe('reconciliation at scale', () => {
  scenario(SMALL, 5);
  scenario(LARGE, 3);
});

// vitest 4's bench mode runs only top-level hooks: the figures are printed here, after both scenarios.
afterAll(() => {
  const small = best.get(SMALL);
  const large = best.get(LARGE);
  const lines = [
    `RECON FIGURE: 10k orders + 50k fills + 100 positions: ${small?.toFixed(0)} ms CPU best of runs (goal <= 500 ms; ${summaries.get(SMALL)})`,
    `RECON FIGURE: 50k orders + 250k fills + 100 positions: ${large?.toFixed(0)} ms CPU best of runs (${summaries.get(LARGE)})`,
    `RECON FIGURE: 50k case / 10k case = ${small !== undefined && large !== undefined ? (large / small).toFixed(2) : '?'} (goal <= 5.5, linear would be 5.0)`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
});
