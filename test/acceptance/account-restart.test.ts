import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TradingNode, openJournal } from 'keel';
import { SandboxVenue } from 'keel/sandbox';
import { openRedisView } from 'keel/testing';
import { redisAvailable, startRedis } from '../support/redis-server.js';
import { isEvent, runNode } from '../kernel/promote/node-child.js';
import { NODE_ENV, writeNodeFolder, type NodePersistence } from './support/node-folder.js';

/**
 * Issue 15, accounts: a headless node's account state is journaled; after a SIGKILL the restarted node holds
 * the last state the venue reported before it starts (no venue asked), and start-up reconciliation shows
 * where the venue's state moved while the node was down (the venue's value is taken).
 */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STRATEGY = `import { Strategy, Quantity } from 'keel';

/** On its first quote: one MARKET BUY of 1,000 AUDUSD (fills at the ask), then nothing more. */
export class OneBuy extends Strategy {
  done = false;
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    if (this.done) return;
    this.done = true;
    this.submitOrder(this.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000') }));
  }
}
`;

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await cond())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The journal (embedded default) and a real redis-server: the same records, the same restore. */
type Backend = { name: string; run: boolean; setUp: (dir: string) => Promise<{ folder?: NodePersistence; node: { kind: 'journal'; dir: string } | { kind: 'redis'; url: string }; usdTotal: () => Promise<string | undefined> }> };
const usdOf = (s: { accounts: Map<string, { balances: readonly { currency: string; total: { toString(): string } }[] }> }) => s.accounts.get('SIM')?.balances.find((b) => b.currency === 'USD')?.total.toString();
const BACKENDS: Backend[] = [
  { name: 'journal', run: true, setUp: async (dir) => ({ node: { kind: 'journal', dir: join(dir, 'journal') }, usdTotal: async () => usdOf(openJournal(dir).state) }) },
  {
    name: 'redis',
    run: redisAvailable(),
    setUp: async () => {
      const redis = await startRedis();
      cleanups.push(() => redis.dispose());
      return { folder: { kind: 'redis', url: redis.url }, node: { kind: 'redis', url: redis.url }, usdTotal: async () => usdOf((await openRedisView(redis.url, 'TRADER-001')).state) };
    },
  },
];

describe.each(BACKENDS)('account state across a SIGKILL restart ($name)', ({ run, setUp }) => {
  it.runIf(run)('the last AccountState is restored before start; a balance moved while down is a reconciliation row (keel\'s and the venue\'s totals)', { timeout: 90_000 }, async () => {
    // Arrange: a venue with a 1,000,000 USD margin account, a node folder journaling to journal/
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
    cleanups.push(() => venue.stop());
    const accountId = [...venue.engine.accounts.keys()][0]!;
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const dir = mkdtempSync(join(tmpdir(), 'keel-account-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const backend = await setUp(dir);
    writeNodeFolder(dir, venue.url, { source: STRATEGY, className: 'OneBuy', packageName: 'account-node' }, backend.folder);

    // Act 1: the node buys 1,000 at 1.00010 (taker fee 1000 x 1.00010 x 0.00002 = 0.020002 USD), then is killed
    const first = runNode(dir, NODE_ENV);
    cleanups.push(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
    await first.waitFor((l) => l.msg === 'node running', 30_000, 'node running');
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    await first.waitFor(isEvent('OrderFilled'), 20_000, 'the fill');
    await until(async () => (await backend.usdTotal()) === '999999.979998', 20_000, 'the account state after the fill in the store');
    first.child.kill('SIGKILL');
    const killed = await first.exited;

    // Act 2: while the node is down, 250 USD is deposited at the venue (admin adjustBalance)
    venue.adjustBalance(accountId, 'USD', '250');

    // Act 3: the node is created again on its journal (restored, not started), then started
    const node = await TradingNode.create({
      traderId: 'TRADER-001', venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
      execEngine: { reconciliationStartupDelaySecs: 0, inflightCheckIntervalMs: 0, openCheckIntervalSecs: 0 },
      persistence: backend.node, shutdownPolicy: 'leave',
    });
    cleanups.push(() => node.dispose());
    const restored = node.account('SIM');
    await node.start();
    const rows = node.lastReconciliation!.items.filter((i) => i.kind === 'account');

    // Assert
    expect(killed.signal).toBe('SIGKILL');
    expect([restored?.accountId, restored?.accountType, restored?.balances.map((b) => [b.currency, b.total.toString(), b.locked.toString(), b.free.toString()])]).toEqual([
      accountId, 'MARGIN', [['USD', '999999.979998', '100.01', '999899.969998']],
    ]);
    // Start-up reconciliation: the deposit made while down is one row naming the currency and both totals; the venue's is taken.
    expect(rows.map((r) => [r.key, r.outcome, r.had?.total, r.venue.total])).toEqual([['SIM:USD', 'UPDATED', '999999.979998', '1000249.979998']]);
    expect(rows[0]!.reason).toBe(`USD total of ${accountId}: keel had 999999.979998, the venue reports 1000249.979998 (STARTUP; the venue's value is taken)`);
    expect(node.account('SIM')!.balances.map((b) => [b.currency, b.total.toString(), b.free.toString()])).toEqual([['USD', '1000249.979998', '1000149.969998']]);
    // The first state after the restart is reconciliation's to compare: no anomaly is raised for it.
    expect(node.accounts.anomalies).toEqual([]);
  });
});
