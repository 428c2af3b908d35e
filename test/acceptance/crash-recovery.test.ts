import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type JournalView } from 'keel';
import { SandboxVenue } from 'keel/sandbox';
import { openRedisView } from 'keel/testing';
import { redisAvailable, startRedis } from '../support/redis-server.js';
import { isEvent, runNode, type LogLine, type NodeChild } from '../kernel/promote/node-child.js';
import { NODE_ENV, writeNodeFolder, type NodePersistence } from './support/node-folder.js';

/**
 * Crash test of issue 8: a headless node trades (orders working and filling), is killed with SIGKILL;
 * while it is down the venue fills some of its orders and an external order is placed; it restarts from
 * its journal and reconciles. Every order and fill is there once, its own orders keep their strategy,
 * the external order is EXTERNAL, and the client order id count continues. Run with the kill at
 * different moments.
 */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STRATEGY = `import { Strategy, Quantity, Price } from 'keel';

/** On every quote: a limit BUY below the market (works: 0.99090 down to 0.99000), and every other quote a market BUY (fills). */
export class CrashTrader extends Strategy {
  quotes = 0;
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    this.quotes += 1;
    const n = this.orderFactory.orderCount % 10;
    const price = Price.from('0.99090').sub(Price.from('0.00010').mul(n));
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price }));
    if (this.quotes % 2 === 0) this.submitOrder(this.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000') }));
  }
}
`;

function writeFolder(dir: string, url: string, persistence?: NodePersistence): void {
  writeNodeFolder(dir, url, { source: STRATEGY, className: 'CrashTrader', packageName: 'crash-node' }, persistence);
}

/** The same crash test against each durable backend: the embedded journal, and a real redis-server (issue 14). */
type Backend = { name: string; run: boolean; setUp: () => Promise<{ persistence?: NodePersistence; view: (dir: string) => Promise<JournalView | Omit<JournalView, 'kind' | 'dir' | 'segments'>> }> };
const BACKENDS: Backend[] = [
  { name: 'journal', run: true, setUp: async () => ({ view: async (dir) => openJournal(join(dir, 'journal')) }) },
  {
    name: 'redis',
    run: redisAvailable(),
    setUp: async () => {
      const redis = await startRedis();
      cleanups.push(() => redis.dispose());
      return { persistence: { kind: 'redis', url: redis.url }, view: async () => openRedisView(redis.url, 'TRADER-001') };
    },
  },
];

const ENV = NODE_ENV;
const countOf = (clientOrderId: string): number => Number(clientOrderId.split('-').at(-1));

/** Quotes that alternate so the strategy keeps trading, until stopped. */
function tick(venue: SandboxVenue): () => void {
  let i = 0;
  const timer = setInterval(() => venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: i++ % 2 === 0 ? '1.00020' : '1.00010' }), 50);
  return () => clearInterval(timer);
}

type KillMoment = { name: string; when: (node: NodeChild) => (l: LogLine) => boolean };
const MOMENTS: KillMoment[] = [
  { name: 'right after the first order is accepted, others in flight', when: () => isEvent('OrderAccepted') },
  { name: 'after two fills', when: (n) => () => n.count(isEvent('OrderFilled')) >= 2 },
  { name: 'after eight submits, mid-burst', when: (n) => () => n.count(isEvent('OrderSubmitted')) >= 8 },
];

describe.each(BACKENDS)('crash recovery with the $name (SIGKILL, venue moves on, restart)', ({ run, setUp }) => {
  it.runIf(run).each(MOMENTS)('kill $name: every order and fill restored once, ownership kept, external EXTERNAL, ids continue', async ({ when }) => {
    // Arrange: a venue, the store, and a node folder
    const backend = await setUp();
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const dir = mkdtempSync(join(tmpdir(), 'keel-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFolder(dir, venue.url, backend.persistence);

    // Act 1: trade, then SIGKILL at the chosen moment
    const first = runNode(dir, ENV);
    cleanups.push(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
    await first.waitFor((l) => l.msg === 'node running', 30_000, 'first run: node running');
    const stopTicks = tick(venue);
    await first.waitFor(when(first), 20_000, 'the kill moment');
    first.child.kill('SIGKILL');
    stopTicks();
    const killed = await first.exited;
    const ours = () => [...venue.engine.store.orders.values()].filter((o) => o.clientOrderId?.startsWith('O-'));
    const atKill = ours().length;
    const maxCountBefore = Math.max(...ours().map((o) => countOf(o.clientOrderId!)));

    // Act 2: while it is down, the venue fills the higher limits (0.99060 and up) and someone places an order by hand
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99000', ask: '0.99055' });
    const external = venue.controls.placeExternalOrder({ instrumentId: 'AUDUSD.SIM', side: 'SELL', type: 'LIMIT', quantity: '2000', price: '1.10000' });
    const filledWhileDown = ours().filter((o) => o.filledQty.isPositive() && o.orderType === 'LIMIT').length;
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });

    // Act 3: restart, trade a little more, stop (policy 'leave': orders stay to compare)
    const second = runNode(dir, ENV);
    cleanups.push(() => { if (second.child.exitCode === null) second.child.kill('SIGKILL'); });
    const running = await second.waitFor((l) => l.msg === 'node running', 30_000, 'second run: node running');
    const stopTicks2 = tick(venue);
    await second.waitFor(() => second.count(isEvent('OrderSubmitted')) >= 2, 20_000, 'new orders after the restart');
    stopTicks2();
    second.child.kill('SIGTERM');
    const stopped = await second.exited;

    // Assert
    expect(killed.signal).toBe('SIGKILL');
    expect(stopped.code).toBe(0);
    expect(external).toBeDefined();
    expect(filledWhileDown).toBeGreaterThan(0);
    // restored from the journal (written ahead of every submit), not rediscovered: all it had sent
    const loaded = second.lines.find((l) => l.msg === 'journal loaded')!;
    expect(loaded.orders as number).toBeGreaterThanOrEqual(atKill);
    expect((running.reconciliation as { success: boolean; failed: number }).failed).toBe(0);
    const view = await backend.view(dir);
    expect(view.problems).toEqual([]);
    // every venue order of ours is in the store, with its strategy, status and fill quantity
    const mismatches = ours().flatMap((v) => {
      const o = view.order(v.clientOrderId!);
      if (!o) return [`${v.clientOrderId}: missing`];
      const ok = o.strategyId === 'CrashTrader-001' && o.status === v.status && o.filledQty.eq(v.filledQty) && o.venueOrderId === v.venueOrderId;
      return ok ? [] : [`${v.clientOrderId}: journal ${o.strategyId}/${o.status}/${o.filledQty} venue ${v.status}/${v.filledQty}`];
    });
    expect(mismatches).toEqual([]);
    // every fill exactly once: the journal's trade ids are the venue's, no more, no fewer
    const venueTrades = venue.engine.store.fills.filter((f) => f.clientOrderId?.startsWith('O-')).map((f) => f.tradeId).sort();
    const journalTrades = view.orders({ strategyId: 'CrashTrader-001' }).flatMap((o) => [...o.tradeIds]).sort();
    expect(journalTrades).toEqual(venueTrades);
    const [position] = view.positions({ strategyId: 'CrashTrader-001' });
    const venueNet = ours().reduce((sum, o) => sum + Number(o.filledQty.toString()), 0);
    expect(Number(position!.signedQty.toString())).toBe(venueNet);
    // the external order is EXTERNAL, not ours
    const ext = view.orders().find((o) => o.venueOrderId === external!.venueOrderId);
    expect(ext?.strategyId).toBe('EXTERNAL');
    // the client order id count continued past what the killed node had sent
    const after = second.lines.filter(isEvent('OrderSubmitted')).map((l) => countOf(String(l.clientOrderId)));
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after)).toBeGreaterThan(maxCountBefore);
    const ids = view.orders({ strategyId: 'CrashTrader-001' }).map((o) => o.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);
});

describe.runIf(redisAvailable())('crash with Redis slow: the write-ahead holds the submit until Redis acknowledged it', () => {
  it('SIGKILL right after a submit while Redis is paused, then Redis dies too: the venue never saw the order, and on restart nothing of ours is EXTERNAL', async () => {
    // Arrange: a node on Redis, running
    const redis = await startRedis();
    cleanups.push(() => redis.dispose());
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    const dir = mkdtempSync(join(tmpdir(), 'keel-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFolder(dir, venue.url, { kind: 'redis', url: redis.url });
    const first = runNode(dir, ENV);
    cleanups.push(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
    await first.waitFor((l) => l.msg === 'node running', 30_000, 'first run: node running');
    const admin = new Redis(redis.url);
    admin.on('error', () => undefined);
    cleanups.push(() => admin.disconnect());
    const ours = () => [...venue.engine.store.orders.values()].filter((o) => o.clientOrderId?.startsWith('O-'));

    // Act 1: Redis holds every command; a quote makes the strategy submit; SIGKILL right after the submit
    await admin.call('CLIENT', 'PAUSE', '10000', 'ALL');
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const submitted = await first.waitFor(isEvent('OrderSubmitted'), 20_000, 'a submit');
    await new Promise((r) => setTimeout(r, 300));
    const atVenueAtKill = ours().length;
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    // Redis dies before it ever answered (the paused write is lost), and comes back from its append-only file
    await redis.kill();
    await redis.start();

    // Act 2: restart from Redis; reconciliation compares with the venue
    const second = runNode(dir, ENV);
    cleanups.push(() => { if (second.child.exitCode === null) second.child.kill('SIGKILL'); });
    const running = await second.waitFor((l) => l.msg === 'node running', 30_000, 'second run: node running');
    second.child.kill('SIGTERM');
    const stopped = await second.exited;

    // Assert: the order never left (Redis never acknowledged it); nothing of ours became EXTERNAL
    expect(killed.signal).toBe('SIGKILL');
    expect(stopped.code).toBe(0);
    expect(atVenueAtKill).toBe(0);
    expect(ours().filter((o) => o.clientOrderId === submitted.clientOrderId)).toEqual([]);
    expect((running.reconciliation as { success: boolean; failed: number }).failed).toBe(0);
    const view = await openRedisView(redis.url, 'TRADER-001');
    expect(view.orders().filter((o) => o.strategyId === 'EXTERNAL').map((o) => o.clientOrderId)).toEqual([]);
    // what the restarted node sent is its own too
    expect(ours().map((o) => view.order(o.clientOrderId!)?.strategyId)).toEqual(ours().map(() => 'CrashTrader-001'));
  }, 90_000);
});
