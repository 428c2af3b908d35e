import { performance } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { LiveClock } from '../src/engine/core/live-clock.js';
import { MemoryLogger } from '../src/engine/core/logger.js';
import { TradingNode } from '../src/engine/node.js';
import { Strategy } from '../src/engine/strategy/strategy.js';
import { SandboxExecutionClient } from '../src/engine/venue/sandbox/execution-client.js';
import { SandboxVenue } from '../src/sandbox/sandbox-venue.js';
import { seedBigHistory } from '../test/acceptance/big-history-seed.js';

/**
 * The big-history restart (issue 11 item 4), printed as figures:
 *  - seeding 100,000 orders + 500,000 fills through venue.controls;
 *  - fetching that mass status over ws, page by page (pages, bytes, ms);
 *  - a node's start() against that account (connect + paged mass status + reconciliation + strategies).
 *   npx vitest bench --run bench/big-history.bench.ts
 */
const ORDERS = 100_000;
const FILLS_PER_ORDER = 5;
const say = (line: string): void => { process.stdout.write(`\nBIG HISTORY FIGURE: ${line}\n`); };

class Trader extends Strategy {}

let venue: SandboxVenue | undefined;
// Top level: vitest 4's bench mode never runs an afterAll inside a describe.
afterAll(async () => {
  await venue?.stop();
});

describe('big-history restart', () => {
  const starts: number[] = [];
  bench(`node.start() against ${ORDERS} orders + ${ORDERS * FILLS_PER_ORDER} fills`, async () => {
    if (venue === undefined) {
      venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
      let t = performance.now();
      seedBigHistory(venue, { orders: ORDERS, fillsPerOrder: FILLS_PER_ORDER });
      say(`seeding ${ORDERS} orders + ${ORDERS * FILLS_PER_ORDER} fills: ${(performance.now() - t).toFixed(0)} ms`);
      const client = new SandboxExecutionClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock: new LiveClock(), reconnect: false });
      await client.connect();
      const before = venue.stats();
      t = performance.now();
      const ms = await client.generateMassStatus(null);
      const after = venue.stats();
      say(`paged mass status over ws: ${ms.orderReports.length} orders, ${ms.fillReports.length} fills in ${after.framesOut - before.framesOut} pages, ${(performance.now() - t).toFixed(0)} ms`);
      await client.disconnect();
    }
    const node = await TradingNode.create({
      venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
      execEngine: { inflightCheckIntervalMs: 0 }, timeouts: { reconciliationSecs: 300 }, shutdownPolicy: 'leave',
    }, { logger: new MemoryLogger(undefined, 'warn') });
    node.addStrategy(new Trader({ externalOrderClaims: ['AUDUSD.SIM'] }));
    const t = performance.now();
    await node.start();
    starts.push(performance.now() - t);
    // Printed per run: bench mode runs hooks early, so an afterAll would print before any run.
    say(`node.start() (connect + paged mass status + reconciliation), run ${starts.length}: ${starts.at(-1)!.toFixed(0)} ms`);
    if (!node.lastReconciliation?.success || node.cache.orders().length !== ORDERS) throw new Error('the big-history start did not reconcile every order');
    await node.dispose();
  }, { iterations: 2, warmupIterations: 0, time: 0 });
});
