import { afterEach, describe, expect, it } from 'vitest';
import { Strategy } from 'keel';
import { Cleanup, createNode, startVenue } from '../engine/node/harness.js';
import { seedBigHistory } from './big-history-seed.js';

/**
 * "The big-history restart" (issue 11 item 4): a node restarts against an account whose history is far
 * larger than one frame (100,000 orders, 500,000 fills, ~200 MiB as JSON). Start-up reconciliation fetches
 * the mass status page by page, each page under the shared frame limit, and the node starts.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Trader extends Strategy {}

describe('the big-history restart', () => {
  it('a node starts against an account with 100,000 orders and 500,000 fills', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const seeded = seedBigHistory(venue, { orders: 100_000, fillsPerOrder: 5 });
    expect(seeded).toEqual({ orders: 100_000, fills: 500_000 });
    // The paged fetch has a timeout per page; the node's reconciliationSecs (default 30) still bounds the
    // whole start-up reconciliation, which for 600,000 reports on a loaded 2-core machine can come near it.
    const { node } = await createNode(venue, {}, { shutdownPolicy: 'leave', timeouts: { reconciliationSecs: 120 } });
    cleanup.add(() => node.dispose());
    node.addStrategy(new Trader({ externalOrderClaims: ['AUDUSD.SIM'] }));

    await node.start();

    const r = node.lastReconciliation!;
    expect(r.success).toBe(true);
    expect(node.cache.orders().length).toBe(100_000);
    const fills = node.cache.orders().reduce((n, o) => n + o.events.filter((e) => e.type === 'OrderFilled').length, 0);
    expect(fills).toBe(500_000);
    expect(node.cache.positionsOpen()).toEqual([]);
    expect(node.cache.orders({ open: true }).length).toBe(1_000);
  }, 180_000);
});
