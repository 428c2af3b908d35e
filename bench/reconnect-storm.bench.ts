import { afterAll, bench, describe } from 'vitest';
import { Cleanup } from '../test/engine/node/harness.js';
import { reconnectStorm, type StormFigures } from '../test/engine/node/reconnect-storm.js';

/**
 * Issue 11 item 2b, the full attack: a strategy trades market orders against the sandbox venue, which
 * drops every connection every 200 ms for 20 s (unclaimed, then claimed by the strategy). Prints the
 * phantom counts (synthetic O-RECON orders, fills the venue never made; both must be 0) and whether
 * keel's net position equals the venue's.
 *   npx vitest bench --run bench/reconnect-storm.bench.ts
 */
const DURATION_MS = Number(process.env.STORM_MS ?? 20_000);
const rows: Array<{ claim: boolean } & StormFigures> = [];
const cleanup = new Cleanup();

describe('reconnect storm', () => {
  for (const claim of [false, true]) {
    bench(`disconnect every 200 ms for ${DURATION_MS / 1000} s${claim ? ' (claimed)' : ''}`, async () => {
      const { figures } = await reconnectStorm({ durationMs: DURATION_MS, everyMs: 200, claim }, cleanup);
      rows.push({ claim, ...figures });
      await cleanup.run();
    }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
  }
});

afterAll(async () => {
  await cleanup.run();
  console.log('\nreconnect storm (phantoms must be 0):');
  for (const r of rows) {
    console.log(`  ${r.claim ? 'claimed  ' : 'unclaimed'}  orders ${r.submitted}  disconnects ${r.disconnects}  reconnect runs ${r.reconnectRuns}  ` +
      `deferred ${r.deferred}  failed items ${r.failedItems.length}  synthetic O-RECON ${r.syntheticOrders.length}  phantom fills ${r.phantomFills.length}  ` +
      `keel ${r.keelNet} venue ${r.venueNet} ${r.keelNet === r.venueNet ? '(equal)' : '(DIFFERENT)'}  open orders ${r.openOrders}`);
  }
});
