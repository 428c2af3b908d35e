import { performance } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { PlainLifecycle } from './lifecycle-ceiling.js';
import { inProcessNode, lifecycles } from './in-process-venue.js';

/**
 * keel's in-process live lifecycle against the plain-JS ceiling, both in this run (issue 16's goal:
 * keel ≥ 25 % of the ceiling). keel's lifecycle: strategy submit → risk → live engine queues → execution
 * engine → the sandbox matching engine in-process → accepted → filled → position → strategy callback.
 * The ceiling (lifecycle-ceiling.ts): create, Map look-up, three events, integer position maths, callback.
 * Rounds alternate between the two so that both see the same machine load.
 *   npx vitest bench --run bench/lifecycle.bench.ts
 */
const BATCH = 2_000;
const ROUNDS = 12;
const WARMUP = 3;
/** vitest 4's bench mode runs only the file's top-level hooks (see live.bench.ts): the suite leaves its figure here. */
let report: (() => Promise<void>) | undefined;
afterAll(async () => report?.());

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('lifecycle vs the plain-JS ceiling', async () => {
  const { node, s } = await inProcessNode();
  const plain = new PlainLifecycle();
  // Per measured round: keel's rate and the ceiling's, side by side (the machine is shared: a median of
  // the rounds' figures is steadier than totals, which one slow stretch on either side skews).
  const keelRates: number[] = [];
  const plainRates: number[] = [];
  const ratios: number[] = [];
  let round = 0;
  bench(`${BATCH} keel lifecycles + ${BATCH * 10} plain-JS lifecycles`, async () => {
    const measured = ++round > WARMUP;
    let t = performance.now();
    await lifecycles(node, s, BATCH);
    const k = (BATCH * 1000) / (performance.now() - t);
    t = performance.now();
    plain.run(BATCH * 10);
    const p = (BATCH * 10 * 1000) / (performance.now() - t);
    if (measured) { keelRates.push(k); plainRates.push(p); ratios.push(k / p); }
  }, { iterations: ROUNDS, warmupIterations: 0 });

  report = async () => {
    await node.dispose();
    if (s.filled !== round * BATCH || plain.callbacks !== round * BATCH * 10) throw new Error(`lifecycles incomplete: keel ${s.filled}, plain ${plain.callbacks}`);
    const n = ratios.length;
    process.stdout.write(`\nLIFECYCLE FIGURE: keel in-process ${Math.round(median(keelRates))} lifecycles/s; plain-JS ceiling ${Math.round(median(plainRates))} lifecycles/s; `
      + `keel / ceiling ${(100 * median(ratios)).toFixed(1)} % (target >= 25 %; medians of ${n} rounds of ${BATCH} keel and ${BATCH * 10} plain lifecycles)\n`);
  };
});
