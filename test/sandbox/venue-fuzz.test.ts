import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';
import { PROTOCOL_ERROR_CODES, type ServerFrame } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { MAX_SUBSCRIPTIONS } from '../../src/sandbox/subscription-topics.js';
import { TestWsClient } from './ws-test-client.js';

/**
 * The venue fuzz as a bounded test (issue 11): 3,000 random and malformed frames from a logged-in
 * session, 300 hostile but well-formed commands aimed at another account's orders, and 100 garbage
 * connections. The venue stays up, every malformed frame draws exactly one coded error frame (never
 * INTERNAL_ERROR), the other account's order is untouched, and what the venue holds stays bounded.
 */
const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
const clients: TestWsClient[] = [];

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: [AUD], accounts: [{ apiKey: 'a', apiSecret: 'sa' }, { apiKey: 'b', apiSecret: 'sb' }] });
  venue.controls.setQuote(AUD, { bid: '0.99990', ask: '1.00010' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await venue.stop();
});

/** Deterministic PRNG (mulberry32): a failure replays exactly. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['submit_order', 'submit_order_list', 'modify_order', 'cancel_order', 'cancel_all', 'query_order', 'query_orders', 'query_fills', 'mass_status', 'subscribe', 'control', 'nope', ''];
const WEIRD: unknown[] = [null, -1, 1e308, 'x'.repeat(300), {}, [], true, '1'.repeat(60), '0.00000000000000001', '-5', { $ne: 1 }, 'AUDUSD.SIM'];

/** One malformed frame: not JSON, not an object, an unknown type, or a known type with wrong fields. */
function malformed(r: () => number, i: number): string | Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * 6)) {
    case 0: return `{"type":"submit_order","reqId":"f${i}",${'x'.repeat(Math.floor(r() * 50))}`;
    case 1: return JSON.stringify(pick([1, 'str', null, [1, 2], true]));
    case 2: return Buffer.from([0xff, 0x00, i & 0xff]);
    case 3: return JSON.stringify({ type: pick(['nope', '', 'LOGIN', 'submit-order']), reqId: `f${i}` });
    default: {
      const type = pick(TYPES.slice(0, 10));
      // A field every one of these frame types requires, given the wrong type; plus random extra junk.
      const bad = type === 'subscribe' ? { channel: pick(['ticks', 5, null]) } : type === 'submit_order' ? { order: pick(WEIRD.filter((w) => typeof w !== 'object' || w === null)) }
        : type === 'submit_order_list' ? { orderListId: 'L', orders: pick([[], 'x', [1]]) } : { reqId: pick([5, '', 'r'.repeat(200)]) };
      return JSON.stringify({ type, reqId: `f${i}`, [pick(['quantity', 'price', 'instrumentId', 'cursor', 'limit', 'start'])]: pick(WEIRD), ...bad });
    }
  }
}

describe('venue fuzz (bounded)', () => {
  it('3,000 malformed frames, 300 hostile commands, 100 garbage connections: up, coded, isolated, bounded', async () => {
    const b = await TestWsClient.login(venue.url, 'b', 'sb');
    clients.push(b);
    await b.request({ type: 'submit_order', reqId: 'rest', order: { clientOrderId: 'B-1', instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.90000' } }, 'event');
    const bOrder = [...venue.engine.store.orders.values()].find((o) => o.clientOrderId === 'B-1')!;
    const a = await TestWsClient.login(venue.url, 'a', 'sa');
    clients.push(a);
    const r = rng(11);
    const N = 3_000;
    const errorsBefore = a.frames.length;
    for (let i = 0; i < N; i++) a.sendRaw(malformed(r, i));
    const errors = () => a.frames.slice(errorsBefore).filter((f): f is Extract<ServerFrame, { type: 'error' }> => f.type === 'error');
    await a.request({ type: 'ping', reqId: 'fence' }, 'pong'); // frames are answered in order: every error is in by now
    expect(errors().length).toBe(N);
    expect(errors().filter((e) => !(PROTOCOL_ERROR_CODES as readonly string[]).includes(e.code) || e.code === 'INTERNAL_ERROR' || e.fatal)).toEqual([]);

    // Well-formed but hostile: A aims at B's order by venue id and client id, and asks for B's history.
    for (let i = 0; i < 100; i++) {
      a.send({ type: 'cancel_order', reqId: `c${i}`, venueOrderId: bOrder.venueOrderId });
      a.send({ type: 'modify_order', reqId: `m${i}`, clientOrderId: 'B-1', quantity: '1' });
      a.send({ type: 'query_order', reqId: `q${i}`, venueOrderId: bOrder.venueOrderId });
    }
    a.send({ type: 'cancel_all', reqId: 'all' });
    const mass = await a.request({ type: 'mass_status', reqId: 'mass' }, 'mass_status_reply');
    expect(mass.type === 'mass_status_reply' && [mass.orders.length, mass.fills.length]).toEqual([0, 0]);
    expect(a.frames.filter((f) => f.type === 'order_status' && f.report !== null)).toEqual([]);
    expect([bOrder.status, bOrder.quantity.toString()]).toEqual(['ACCEPTED', '100']);
    expect(b.frames.filter((f) => f.type === 'event' && f.reqId !== 'rest')).toEqual([]);

    // Garbage connections: never log in, or send junk first; each is refused and closed.
    const garbage: TestWsClient[] = [];
    for (let i = 0; i < 100; i++) {
      const g = await TestWsClient.connect(venue.url);
      garbage.push(g);
      g.sendRaw(i % 2 ? '{"type":"ping","reqId":"x"}' : 'garbage');
    }
    await Promise.all(garbage.map((g) => g.waitClosed()));
    expect(garbage.filter((g) => !g.frames.some((f) => f.type === 'error' && (f.code === 'NOT_LOGGED_IN' || f.code === 'FRAME_NOT_JSON')))).toEqual([]);

    // Still up, and bounded: a fresh session works; nothing the fuzz sent was kept.
    const fresh = await TestWsClient.login(venue.url, 'a', 'sa');
    clients.push(fresh);
    expect((await fresh.request({ type: 'ping', reqId: 'alive' }, 'pong')).type).toBe('pong');
    const stats = venue.stats();
    expect(stats.subscriptions).toBeLessThanOrEqual(MAX_SUBSCRIPTIONS);
    expect(venue.engine.store.orders.size).toBeLessThanOrEqual(1 + N); // at most one order per frame sent
    expect(stats.malformed).toBeGreaterThanOrEqual(N);
  }, 60_000);
});
