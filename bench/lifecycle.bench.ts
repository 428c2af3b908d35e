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

describe('lifecycle vs the plain-JS ceiling', async () => {
  const { node, s } = await inProcessNode();
  const plain = new PlainLifecycle();
  let keelMs = 0;
  let keelN = 0;
  let plainMs = 0;
  let plainN = 0;
  let round = 0;
  bench(`${BATCH} keel lifecycles + ${BATCH * 10} plain-JS lifecycles`, async () => {
    const measured = ++round > WARMUP;
    let t = performance.now();
    await lifecycles(node, s, BATCH);
    if (measured) { keelMs += performance.now() - t; keelN += BATCH; }
    t = performance.now();
    plain.run(BATCH * 10);
    if (measured) { plainMs += performance.now() - t; plainN += BATCH * 10; }
  }, { iterations: ROUNDS, warmupIterations: 0 });

  report = async () => {
    await node.dispose();
    if (s.filled !== round * BATCH || plain.callbacks !== round * BATCH * 10) throw new Error(`lifecycles incomplete: keel ${s.filled}, plain ${plain.callbacks}`);
    const k = (keelN * 1000) / keelMs;
    const p = (plainN * 1000) / plainMs;
    process.stdout.write(`\nLIFECYCLE FIGURE: keel in-process ${Math.round(k)} lifecycles/s (${keelN}); plain-JS ceiling ${Math.round(p)} lifecycles/s (${plainN}); ratio ${((100 * k) / p).toFixed(1)} % (target >= 25 %)\n`);
  };
});
