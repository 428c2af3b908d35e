/**
 * Redis persistence under a real node, a real sandbox venue and a real redis-server (issue 14, item 6):
 * Redis restarted under a node that trades (it keeps running, buffers, catches up, loses nothing and writes
 * nothing twice), and two nodes on one account on one Redis, each restoring only its own orders.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { Price, Quantity, Strategy, TradingNode } from 'keel';
import { openRedisView, redisKeys } from 'keel/testing';
import { redisAvailable, startRedis, type TestRedis } from '../support/redis-server.js';
import { cleanUp, until, venue } from './variants/support.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await cleanUp();
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** Buys on demand: a limit BUY of 1000 at `price`. */
class Buyer extends Strategy {
  buy(price: string) {
    const o = this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from(price) });
    this.submitOrder(o);
    return o;
  }
}

async function redisNode(url: string, venueUrl: string, traderId: string, execEngine: Record<string, unknown> = {}): Promise<TradingNode> {
  const n = await TradingNode.create({
    traderId,
    venues: [{ venue: 'SIM', url: venueUrl, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0, ...execEngine },
    persistence: { kind: 'redis', url },
  });
  cleanups.push(() => n.dispose());
  return n;
}

async function withRedis(): Promise<TestRedis> {
  const r = await startRedis();
  cleanups.push(() => r.dispose());
  return r;
}

describe.runIf(redisAvailable())('Redis persistence with a real node', () => {
  it('Redis restarted under a trading node: it keeps running, refuses new orders while away, catches up; a restart finds every order and fill once', { timeout: 60_000 }, async () => {
    // Arrange: a node trading on the sandbox, state in Redis
    const redis = await withRedis();
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const node = await redisNode(redis.url, v.url, 'TRADER-001');
    const s = node.addStrategy(new Buyer({ orderIdTag: '001' })) as Buyer;
    await node.start();
    const working = [s.buy('0.99000'), s.buy('0.98900')];
    await until(() => working.every((o) => o.status === 'ACCEPTED'), 10_000, 'two limits accepted');

    // Act 1: Redis goes away; the venue fills one working order meanwhile; a new order is refused
    await redis.stop();
    await until(() => node.journalFailure !== undefined, 10_000, 'the node hears Redis is away');
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.98950', ask: '0.98995' });
    await until(() => working[0]!.status === 'FILLED', 10_000, 'the fill while Redis is away');
    const refused = s.buy('0.97000');
    await until(() => refused.status === 'DENIED', 10_000, 'a new order refused');
    const stateWhileDown = node.state;

    // Act 2: Redis returns; trading resumes; one more order fills
    await redis.start();
    await until(() => node.journalFailure === undefined, 15_000, 'the node writes to Redis again');
    const after = s.buy('0.99500');
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99400', ask: '0.99450' });
    await until(() => after.status === 'FILLED', 10_000, 'an order after Redis came back');
    await node.stop();
    const expected = node.cache.orders().map((o) => `${o.clientOrderId}/${o.status}/${o.filledQty}`);
    await node.dispose();

    // Assert: what Redis holds is what the node had; every record once, in order
    expect(stateWhileDown).toBe('DEGRADED');
    expect(node.cache.order(refused.clientOrderId)!.events.at(-1)!.type).toBe('OrderDenied');
    const view = await openRedisView(redis.url, 'TRADER-001');
    expect(view.orders().map((o) => `${o.clientOrderId}/${o.status}/${o.filledQty}`)).toEqual(expected);
    expect(expected.filter((e) => e.endsWith('/FILLED/1000'))).toHaveLength(2);
    expect(view.ignored).toBe(0);
    const venueTrades = v.engine.store.fills.map((f) => f.tradeId).sort();
    expect(view.orders().flatMap((o) => [...o.tradeIds]).sort()).toEqual(venueTrades);
    const c = new Redis(redis.url);
    const entries = await c.xrange(redisKeys('TRADER-001').records, '-', '+');
    c.disconnect();
    const seqs = entries.map(([, f]) => Number(f[1]));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // and a node restarted from Redis has them all
    const again = await redisNode(redis.url, v.url, 'TRADER-001');
    expect(again.cache.orders().map((o) => `${o.clientOrderId}/${o.status}/${o.filledQty}`)).toEqual(expected);
  });

  it('write-ahead: a submit while Redis is paused reaches the venue only after Redis acknowledged its OrderSubmitted', { timeout: 60_000 }, async () => {
    // Arrange: a node on Redis, and a second connection that pauses the server
    const { s, sleeper, atVenue } = await buyerOnRedisWithPauser();

    // Act: Redis holds every client's commands for 2 s (CLIENT PAUSE); the strategy submits meanwhile
    await sleeper.call('CLIENT', 'PAUSE', '2000', 'ALL');
    const o = s.buy('0.99000');
    await new Promise((r) => setTimeout(r, 1_000));
    const whilePaused = { status: o.status, atVenue: atVenue(o.clientOrderId) };
    await until(() => o.status === 'ACCEPTED', 10_000, 'the order accepted once Redis resumed');

    // Assert: nothing at the venue while Redis was paused; there after it acknowledged
    expect(whilePaused).toEqual({ status: 'SUBMITTED', atVenue: 0 });
    expect(atVenue(o.clientOrderId)).toBe(1);
  });

  it('write-ahead: Redis gone for good while a submit waits for its acknowledgement: the order is refused and never reaches the venue', { timeout: 60_000 }, async () => {
    // Arrange
    const { redis, s, sleeper, atVenue } = await buyerOnRedisWithPauser();

    // Act: Redis holds every command, a submit waits for it, then the server dies for good (it never acknowledges)
    await sleeper.call('CLIENT', 'PAUSE', '5000', 'ALL');
    const waiting = s.buy('0.99000');
    await new Promise((r) => setTimeout(r, 300));
    await redis.kill();
    await until(() => waiting.isClosed, 15_000, 'the waiting order refused');
    const later = s.buy('0.98000');
    await until(() => later.isClosed, 10_000, 'a later order refused');

    // Assert: both refused with the Redis reason; neither ever reached the venue
    const reasonOf = (o: { events: readonly { type: string }[] }) => {
      const e = o.events.at(-1) as { type: string; reason?: string };
      return `${e.type}: ${(e.reason ?? '').split(':')[0]}`;
    };
    expect(reasonOf(waiting)).toBe('OrderRejected: REDIS_UNWRITABLE');
    expect(reasonOf(later)).toBe('OrderDenied: JOURNAL_UNWRITABLE');
    expect(atVenue(waiting.clientOrderId) + atVenue(later.clientOrderId)).toBe(0);
  });

  it('two nodes on one account and one Redis (different trader ids, filterPositionReports): each restores only its own orders', { timeout: 60_000 }, async () => {
    // Arrange: both trade on the same venue account
    const redis = await withRedis();
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const a = await redisNode(redis.url, v.url, 'TRADER-001', { filterPositionReports: true });
    const b = await redisNode(redis.url, v.url, 'TRADER-002', { filterPositionReports: true });
    const sa = a.addStrategy(new Buyer({ orderIdTag: '001' })) as Buyer;
    const sb = b.addStrategy(new Buyer({ orderIdTag: '002' })) as Buyer;
    await a.start();
    await b.start();
    const ordersA = [sa.buy('0.99000'), sa.buy('0.98000')];
    const ordersB = [sb.buy('0.97000')];
    await until(() => [...ordersA, ...ordersB].every((o) => o.status === 'ACCEPTED'), 10_000, 'all accepted');
    await a.stop();
    await b.stop();
    await a.dispose();
    await b.dispose();

    // Act: both restart from the same Redis
    const a2 = await redisNode(redis.url, v.url, 'TRADER-001', { filterPositionReports: true });
    const b2 = await redisNode(redis.url, v.url, 'TRADER-002', { filterPositionReports: true });

    // Assert: each has its own orders with its own strategy; the other node's order, seen on the shared
    // account while both ran, is at most an EXTERNAL one (never taken as its own)
    const own = (n: TradingNode) => n.cache.orders().filter((o) => o.strategyId !== 'EXTERNAL').map((o) => [o.clientOrderId, o.strategyId]);
    expect(own(a2)).toEqual(ordersA.map((o) => [o.clientOrderId, sa.id]));
    expect(own(b2)).toEqual(ordersB.map((o) => [o.clientOrderId, sb.id]));
    expect(a2.cache.order(ordersB[0]!.clientOrderId)?.strategyId ?? 'EXTERNAL').toBe('EXTERNAL');
    expect(ordersA.map((o) => b2.cache.order(o.clientOrderId)?.strategyId ?? 'EXTERNAL')).toEqual(['EXTERNAL', 'EXTERNAL']);
  });
});

/** A running node on Redis with a buying strategy, a second Redis connection that can pause the server, and
 * how many orders of an id the venue holds. */
async function buyerOnRedisWithPauser() {
  const redis = await withRedis();
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  const node = await redisNode(redis.url, v.url, 'TRADER-001');
  const s = node.addStrategy(new Buyer({ orderIdTag: '001' })) as Buyer;
  await node.start();
  const sleeper = new Redis(redis.url);
  sleeper.on('error', () => undefined);
  cleanups.push(async () => sleeper.disconnect());
  await sleeper.ping();
  const atVenue = (id: string) => [...v.engine.store.orders.values()].filter((o) => o.clientOrderId === id).length;
  return { redis, v, node, s, sleeper, atVenue };
}
