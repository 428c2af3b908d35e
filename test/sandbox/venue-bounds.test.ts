import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';
import { makeLoginFrame } from '../../src/engine/venue/sandbox/protocol/auth.js';
import { LiveClock } from '../../src/engine/core/live-clock.js';
import { MAX_FRAME_BYTES, MAX_SOCKET_FRAME_BYTES } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { LOGIN_FAILURE_WINDOW_MS, LOGIN_MAX_FAILURES } from '../../src/sandbox/login-throttle.js';
import { MAX_SUBSCRIPTIONS } from '../../src/sandbox/subscription-topics.js';
import { TestWsClient, nowNs } from './ws-test-client.js';

/** Issue 11 item 11: every hostile input gets a coded refusal and a bound. */
const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
const clients: TestWsClient[] = [];
/** A wall clock the test can move forward (the login throttle's window). */
class ShiftedClock extends LiveClock {
  shiftNs = 0n;
  override timestampNs(): bigint {
    return super.timestampNs() + this.shiftNs;
  }
}
let clock: ShiftedClock;

beforeEach(async () => {
  clock = new ShiftedClock();
  venue = await SandboxVenue.start({ port: 0, clock, instruments: [AUD], accounts: [{ apiKey: 'k', apiSecret: 's' }], admin: { apiKey: 'adm', apiSecret: 'adm-secret' } });
  venue.controls.setQuote(AUD, { bid: '0.99990', ask: '1.00010' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await venue.stop();
});
async function login(key = 'k', secret = 's'): Promise<TestWsClient> {
  const c = await TestWsClient.login(venue.url, key, secret);
  clients.push(c);
  return c;
}
const order = (clientOrderId: string, quantity: string, price = '0.90000') => ({ clientOrderId, instrumentId: AUD, side: 'BUY' as const, orderType: 'LIMIT' as const, quantity, price });

describe('quantities and prices', () => {
  it('a quantity with 17 decimals is rejected QUANTITY_PRECISION, not INTERNAL_ERROR', async () => {
    const c = await login();
    c.send({ type: 'submit_order', reqId: 'q17', order: order('C-1', '0.00000000000000001') });
    const [e] = await c.events('q17', 1);
    expect(e).toMatchObject({ event: 'OrderRejected', reason: 'QUANTITY_PRECISION', clientOrderId: 'C-1' });
    expect(c.frames.filter((f) => f.type === 'error')).toEqual([]);
  });

  it('a quantity of 10^1,000,000 is refused (FRAME_INVALID) and nothing rests; 10^18 is rejected QUANTITY_TOO_LARGE', async () => {
    const c = await login();
    const huge = await c.request({ type: 'submit_order', reqId: 'huge', order: order('C-2', `1${'0'.repeat(1_000_000)}`) }, 'event');
    expect(huge).toMatchObject({ type: 'error', reqId: 'huge', code: 'FRAME_INVALID', fatal: false });
    c.send({ type: 'submit_order', reqId: 'big', order: order('C-3', `1${'0'.repeat(18)}`) });
    c.send({ type: 'submit_order', reqId: 'px', order: order('C-4', '100', `1${'0'.repeat(18)}`) });
    const [big] = await c.events('big', 1);
    const [px] = await c.events('px', 1);
    expect([big!.event, big!.event === 'OrderRejected' && big!.reason]).toEqual(['OrderRejected', 'QUANTITY_TOO_LARGE']);
    expect([px!.event, px!.event === 'OrderRejected' && px!.reason]).toEqual(['OrderRejected', 'PRICE_TOO_LARGE']);
    expect([...venue.engine.store.orders.values()].filter((o) => o.status === 'ACCEPTED').length).toBe(0);
  });
});

describe('frame sizes', () => {
  it('a frame over the socket bound draws a fatal FRAME_TOO_LARGE before the close (1009); one just over 1 MiB a non-fatal one', async () => {
    const c = await login();
    // Too large to be read as JSON, so the error has no reqId.
    c.sendRaw(JSON.stringify({ type: 'ping', reqId: 'p', pad: 'x'.repeat(MAX_FRAME_BYTES + 10) }));
    const mid = await c.waitFor((f) => f.type === 'error');
    expect((await c.request({ type: 'ping', reqId: 'p2' }, 'pong')).type).toBe('pong');
    expect(mid).toMatchObject({ type: 'error', code: 'FRAME_TOO_LARGE', fatal: false });
    const from = c.frames.length;
    c.sendRaw('x'.repeat(MAX_SOCKET_FRAME_BYTES + 1));
    await c.waitClosed();
    expect(c.frames.slice(from)).toMatchObject([{ type: 'error', code: 'FRAME_TOO_LARGE', fatal: true }]);
    expect(c.closeCode).toBe(1009);
    expect(venue.stats().malformedByCode.FRAME_TOO_LARGE).toBe(2);
  });
});

describe('login throttle', () => {
  it(`admin-key guessing: after ${LOGIN_MAX_FAILURES} bad signatures the key is refused LOGIN_THROTTLED (even with the right secret) until the window passes`, async () => {
    const codes: string[] = [];
    for (let i = 0; i < LOGIN_MAX_FAILURES + 3; i++) {
      const c = await TestWsClient.connect(venue.url);
      clients.push(c);
      const a = await c.request(makeLoginFrame('adm', `guess-${i}`, nowNs()), 'login_ok');
      codes.push(a.type === 'error' ? a.code : a.type);
    }
    expect(codes).toEqual([...Array(LOGIN_MAX_FAILURES).fill('LOGIN_BAD_SIGNATURE'), 'LOGIN_THROTTLED', 'LOGIN_THROTTLED', 'LOGIN_THROTTLED']);
    const right = await TestWsClient.connect(venue.url);
    clients.push(right);
    expect(await right.request(makeLoginFrame('adm', 'adm-secret', nowNs()), 'login_ok')).toMatchObject({ type: 'error', code: 'LOGIN_THROTTLED', fatal: true });
    // Another key from the same address is not affected.
    expect((await login()).frames[0]).toMatchObject({ type: 'login_ok' });
    clock.shiftNs = BigInt(LOGIN_FAILURE_WINDOW_MS) * 1_000_000n;
    const later = await TestWsClient.connect(venue.url);
    clients.push(later);
    expect(await later.request(makeLoginFrame('adm', 'adm-secret', nowNs() + clock.shiftNs), 'login_ok')).toMatchObject({ type: 'login_ok', admin: true });
  });
});

describe('subscriptions', () => {
  it('unknown topics are refused SUBSCRIPTION_TOPIC_UNKNOWN and not kept (20,000 of them)', async () => {
    const c = await login();
    for (let i = 0; i < 20_000; i++) c.send({ type: 'subscribe', reqId: `s${i}`, channel: i % 2 ? 'quotes' : 'bars', topic: `NOPE-${i}.SIM` });
    const last = await c.waitFor((f) => 'reqId' in f && f.reqId === 's19999');
    expect(last).toMatchObject({ type: 'error', code: 'SUBSCRIPTION_TOPIC_UNKNOWN' });
    expect(c.frames.filter((f) => f.type === 'error' && f.code === 'SUBSCRIPTION_TOPIC_UNKNOWN').length).toBe(20_000);
    expect(venue.stats().subscriptions).toBe(0);
  });

  it(`well-formed topics are kept up to ${MAX_SUBSCRIPTIONS} per connection, then SUBSCRIPTION_LIMIT`, async () => {
    const c = await login();
    const ok = await c.request({ type: 'subscribe', reqId: 'q', channel: 'quotes', topic: AUD }, 'ok');
    expect(ok).toMatchObject({ type: 'ok' });
    for (let i = 1; i <= MAX_SUBSCRIPTIONS; i++) c.send({ type: 'subscribe', reqId: `b${i}`, channel: 'bars', topic: `${AUD}-${i}-MINUTE-LAST` });
    const last = await c.waitFor((f) => 'reqId' in f && f.reqId === `b${MAX_SUBSCRIPTIONS}`);
    expect(last).toMatchObject({ type: 'error', code: 'SUBSCRIPTION_LIMIT' });
    expect(venue.stats().subscriptions).toBe(MAX_SUBSCRIPTIONS);
  });
});
