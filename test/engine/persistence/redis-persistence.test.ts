import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEngineError, TestClock, TradingNode } from '../../../src/engine/index.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import { RedisPersistence, decodeValue, redisKeys, type JournalRecord } from '../../../src/engine/persistence/index.js';
import { redisAvailable, startRedis, type TestRedis } from '../../support/redis-server.js';
import { orderRecords, T0 } from './builders.js';

const run = redisAvailable();
let redis: TestRedis;
beforeAll(async () => {
  if (run) redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.dispose();
});

const marker = (name: string): JournalRecord => ({ kind: 'marker', name, tsEvent: T0 });

describe.runIf(run)('RedisPersistence (a real redis-server)', () => {
  it('append, flush, load: a second open folds what the first wrote, with exact values', async () => {
    // Arrange
    const a = await RedisPersistence.open({ url: redis.url, traderId: 'RT-1' });
    a.append(orderRecords('O-1', 'T-1'));
    await a.flush();
    await a.close();
    // Act
    const b = await RedisPersistence.open({ url: redis.url, traderId: 'RT-1' });
    const state = await b.load();
    await b.close();
    // Assert
    const events = state.orders.get('O-1')!;
    expect(events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    const fill = events[3] as OrderFilled;
    expect(fill.lastPx.toString()).toBe('1.00010');
    expect(fill.commission.toString()).toBe('0.20 USD');
    expect(fill.tsEvent).toBe(T0 + 30n);
    expect(state.positionFills.get('AUDUSD.SIM-EmaCross-001')!.map((f) => f.tradeId)).toEqual(['T-1']);
    expect(state.records).toBe(5);
  });

  it('two trader ids on one Redis do not see each other', async () => {
    // Arrange
    const a = await RedisPersistence.open({ url: redis.url, traderId: 'RT-A' });
    const b = await RedisPersistence.open({ url: redis.url, traderId: 'RT-B' });
    a.append(orderRecords('O-A', 'T-A'));
    b.append(orderRecords('O-B', 'T-B'));
    await Promise.all([a.close(), b.close()]);
    // Act
    const [sa, sb] = await Promise.all([
      RedisPersistence.open({ url: redis.url, traderId: 'RT-A' }).then(async (p) => { const s = await p.load(); await p.close(); return s; }),
      RedisPersistence.open({ url: redis.url, traderId: 'RT-B' }).then(async (p) => { const s = await p.load(); await p.close(); return s; }),
    ]);
    // Assert
    expect([...sa.orders.keys()]).toEqual(['O-A']);
    expect([...sb.orders.keys()]).toEqual(['O-B']);
    expect(redisKeys('RT-A').records).toBe('keel:{RT-A}:records');
  });

  it('Redis unreachable at start: REDIS_UNREACHABLE naming the URL', async () => {
    // Arrange: a port nobody listens on
    const url = 'redis://127.0.0.1:1';
    // Act
    const error = await RedisPersistence.open({ url, traderId: 'RT-X', connectTimeoutMs: 1000 }).then(() => undefined, (e: unknown) => e);
    // Assert
    expect(isEngineError(error) && error.code).toBe('REDIS_UNREACHABLE');
    expect((error as Error).message).toContain('expected a Redis server answering at redis://127.0.0.1:1, received');
    expect((error as { details: { url: string } }).details.url).toBe(url);
  });

  it('a node whose config names an unreachable Redis is not created: REDIS_UNREACHABLE naming the URL', async () => {
    // Act
    const error = await TradingNode.create({ traderId: 'REDIS-009', persistence: { kind: 'redis', url: 'redis://127.0.0.1:1' } }, { clock: new TestClock() }).then(() => undefined, (e: unknown) => e);
    // Assert
    expect(isEngineError(error) && error.code).toBe('REDIS_UNREACHABLE');
    expect((error as Error).message).toContain('redis://127.0.0.1:1');
  });

  it('order events are readable from the events stream by a plain XREAD', async () => {
    // Arrange
    const p = await RedisPersistence.open({ url: redis.url, traderId: 'RT-E' });
    p.append([...orderRecords('O-E', 'T-E'), marker('not-an-event')]);
    await p.close();
    const follower = new Redis(redis.url);
    // Act
    const read = await follower.xread('COUNT', 100, 'STREAMS', 'keel:{RT-E}:events', '0');
    follower.disconnect();
    // Assert
    const entries = read![0]![1].map(([, f]) => Object.fromEntries(f.reduce<string[][]>((acc, v, i) => (i % 2 ? acc[acc.length - 1]!.push(v) : acc.push([v]), acc), [])));
    expect(entries.map((e) => `${e.kind}/${e.type}/${e.id}`)).toEqual([
      'order-event/OrderInitialized/O-E', 'order-event/OrderSubmitted/O-E', 'order-event/OrderAccepted/O-E', 'order-event/OrderFilled/O-E',
    ]);
    const fill = decodeValue<JournalRecord>(entries[3]!.data!);
    expect(fill.kind === 'order-event' && fill.event.type === 'OrderFilled' && fill.event.lastQty.toString()).toBe('40000');
  });

  it('durable(): answers only once Redis acknowledged what was appended before it; REDIS_ACK_TIMEOUT when no answer comes in time', async () => {
    // Arrange: Redis holds every client's commands (CLIENT PAUSE) while the persistence appends
    const clock = new TestClock();
    const p = await RedisPersistence.open({ url: redis.url, traderId: 'RT-D', clock, ackTimeoutMs: 1000 });
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'PAUSE', '700', 'ALL');
    const answers: string[] = [];
    // Act 1: a submit's records, and its durable() while Redis is paused
    p.append(orderRecords('O-D', 'T-D').slice(0, 2));
    const first = p.durable().then((f) => answers.push(`first:${f?.code ?? 'ok'}`));
    await new Promise((r) => setTimeout(r, 300));
    const whilePaused = [...answers];
    await first;
    // Act 2: paused again, and the clock passes ackTimeoutMs before Redis answers
    await admin.call('CLIENT', 'PAUSE', '500', 'ALL');
    p.append([marker('late')]);
    const second = p.durable().then((f) => answers.push(`second:${f?.code ?? 'ok'}`));
    clock.advanceTo(clock.timestampNs() + 1_000_000_000n);
    await second;
    await p.flush();
    admin.disconnect();
    await p.close();
    // Assert
    expect(whilePaused).toEqual([]);
    expect(answers).toEqual(['first:ok', 'second:REDIS_ACK_TIMEOUT']);
    expect(p.pendingRecords).toBe(0);
  }, 20_000);

  it('Redis restarted: failure reported, records buffer, then are written once when it returns', async () => {
    // Arrange
    const clock = new TestClock();
    const p = await RedisPersistence.open({ url: redis.url, traderId: 'RT-R', clock, retryIntervalMs: 10 });
    const health: Array<string | undefined> = [];
    p.onHealth((f) => health.push(f?.code));
    p.append([marker('before')]);
    await p.flush();
    // Act 1: Redis goes away, records keep coming
    await redis.stop();
    await until(() => p.failure !== undefined);
    p.append(orderRecords('O-R', 'T-R'));
    const whileDown = p.makeDurable();
    // Act 2: it returns; the retry timer on the node's clock resends
    await redis.start();
    await until(() => { clock.advanceTo(clock.timestampNs() + 20_000_000n); return p.failure === undefined && p.pendingRecords === 0; });
    await p.close();
    // Assert
    expect(whileDown?.code).toBe('REDIS_UNWRITABLE');
    expect(health).toEqual(['REDIS_UNWRITABLE', undefined]);
    const c = new Redis(redis.url);
    const entries = await c.xrange('keel:{RT-R}:records', '-', '+');
    c.disconnect();
    expect(entries.map(([, f]) => f[1])).toEqual(['1', '2', '3', '4', '5', '6']); // seq 1..6: no gap, nothing twice
  }, 30_000);
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
