import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';
import { makeLoginFrame, signLogin } from '../../src/engine/venue/sandbox/protocol/auth.js';
import { MAX_FRAME_BYTES } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { HeldClock, TestWsClient, nowNs } from './ws-test-client.js';

const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
const clients: TestWsClient[] = [];
async function login(key = 'k', secret = 's'): Promise<TestWsClient> {
  const c = await TestWsClient.login(venue.url, key, secret);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: [AUD, 'GBPUSD.SIM'], accounts: [{ apiKey: 'k', apiSecret: 's' }], admin: { apiKey: 'adm', apiSecret: 'adm-secret' } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await venue.stop();
});

describe('login', () => {
  it('accepts a good signature and answers with the account', async () => {
    const c = await login();
    expect(c.frames[0]).toMatchObject({ type: 'login_ok', accountId: 'SIM-001', omsType: 'NETTING', admin: false });
  });

  it.each([
    ['bad signature', () => ({ ...makeLoginFrame('k', 'wrong', nowNs()) }), 'LOGIN_BAD_SIGNATURE'],
    ['unknown key', () => makeLoginFrame('nobody', 's', nowNs()), 'LOGIN_UNKNOWN_KEY'],
    ['stale timestamp', () => makeLoginFrame('k', 's', nowNs() - 60_000_000_000n), 'LOGIN_STALE_TIMESTAMP'],
  ])('refuses a %s and closes the connection', async (_name, frame, code) => {
    const c = await TestWsClient.connect(venue.url);
    clients.push(c);
    const answer = await c.request(frame(), 'login_ok');
    await c.waitClosed();
    expect(answer).toMatchObject({ type: 'error', code, fatal: true });
    expect(c.closed).toBe(true);
  });

  it('refuses a reused nonce', async () => {
    const frame = makeLoginFrame('k', 's', nowNs());
    const first = await TestWsClient.connect(venue.url);
    const second = await TestWsClient.connect(venue.url);
    clients.push(first, second);
    await first.request(frame, 'login_ok');
    const answer = await second.request(frame, 'login_ok');
    expect(answer).toMatchObject({ type: 'error', code: 'LOGIN_NONCE_REUSED' });
  });

  it('closes a connection that does not log in before the deadline (LOGIN_TIMEOUT)', async () => {
    await venue.stop();
    const clock = new HeldClock('venue-login-deadline-');
    venue = await SandboxVenue.start({ port: 0, instruments: [AUD], clock });
    const c = await TestWsClient.connect(venue.url);
    clients.push(c);
    await vi.waitFor(() => expect(clock.held.length).toBe(1));
    clock.release();
    await c.waitClosed();
    expect(c.frames).toMatchObject([{ type: 'error', code: 'LOGIN_TIMEOUT', fatal: true }]);
  });

  it('accepts nothing before login', async () => {
    const c = await TestWsClient.connect(venue.url);
    clients.push(c);
    const answer = await c.request({ type: 'query_orders', reqId: 'q1' }, 'order_reports');
    await c.waitClosed();
    expect(answer).toMatchObject({ type: 'error', code: 'NOT_LOGGED_IN', reqId: 'q1' });
  });

  it('signature is hex HMAC-SHA256(secret, "<timestamp>.<nonce>")', () => {
    const expected = createHmac('sha256', 's').update('1700000000000000000.abcdefgh').digest('hex');
    expect(signLogin('s', '1700000000000000000', 'abcdefgh')).toBe(expected);
  });
});

describe('malformed frames', () => {
  it.each([
    ['bad JSON', '{"type":', 'FRAME_NOT_JSON'],
    ['unknown type', JSON.stringify({ type: 'teleport', reqId: 'x1' }), 'FRAME_UNKNOWN_TYPE'],
    ['wrong field types', JSON.stringify({ type: 'cancel_order', reqId: 'x2', clientOrderId: 42 }), 'FRAME_INVALID'],
    ['oversize frame', JSON.stringify({ type: 'ping', reqId: 'x3', pad: 'x'.repeat(MAX_FRAME_BYTES) }), 'FRAME_TOO_LARGE'],
    ['binary frame', Buffer.from('{"type":"ping","reqId":"x4"}'), 'FRAME_NOT_TEXT'],
  ] as Array<[string, string | Buffer, string]>)('%s → error frame with a code, counted, server still serves', async (_name, raw, code) => {
    const c = await login();
    const from = c.frames.length;
    c.sendRaw(raw);
    const err = await c.waitFor((f) => f.type === 'error', from);
    const pong = await c.request({ type: 'ping', reqId: 'after' }, 'pong');
    expect(err).toMatchObject({ type: 'error', code });
    expect(venue.stats().malformed).toBe(1);
    expect(venue.stats().malformedByCode[code]).toBe(1);
    expect(pong.type).toBe('pong');
  });
});

describe('market data', () => {
  it('a new quote subscriber gets the latest quote first (snapshot), then the ack; a topic with no quote yet gets only the ack', async () => {
    venue.controls.setQuote(AUD, { bid: '0.99990', ask: '1.00010' });
    venue.controls.setQuote(AUD, { bid: '0.99991', ask: '1.00011' });
    const c = await login();
    const from = c.frames.length;

    await c.request({ type: 'subscribe', reqId: 'q1', channel: 'quotes', topic: AUD }, 'ok');
    await c.request({ type: 'subscribe', reqId: 'q2', channel: 'quotes', topic: 'GBPUSD.SIM' }, 'ok');

    const seen = c.frames.slice(from).map((f) => (f.type === 'quote' ? `quote ${f.instrumentId} ${f.bid}/${f.ask}` : `${f.type} ${'reqId' in f ? f.reqId : ''}`));
    expect(seen).toEqual(['quote AUDUSD.SIM 0.99991/1.00011', 'ok q1', 'ok q2']);
  });
});

describe('orders over the wire', () => {
  it('a LIMIT order rests, fills on a quote, and the fill carries trade id, qty, px, commission, liquidity', async () => {
    const c = await login();
    c.send({ type: 'submit_order', reqId: 's1', order: { clientOrderId: 'O-1', instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '10000', price: '1.00000' } });
    const [accepted] = await c.events('s1', 1);
    const from = c.frames.length;
    venue.controls.setQuote(AUD, { bid: '0.99980', ask: '1.00000' });
    const filled = await c.waitFor((f) => f.type === 'event' && f.data.event === 'OrderFilled', from);
    expect(accepted).toMatchObject({ event: 'OrderAccepted', clientOrderId: 'O-1', venueOrderId: 'V-1' });
    expect(filled).toMatchObject({ data: { fill: { tradeId: 'T-1', lastQty: '10000', lastPx: '1.00000', commission: '0.20000000', liquiditySide: 'MAKER' } } });
  });

  it('GTD expiry is sent by the venue at the expire time', async () => {
    const c = await login();
    const expireTime = (nowNs() + 50_000_000n).toString();
    c.send({ type: 'submit_order', reqId: 'g1', order: { clientOrderId: 'G-1', instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.9', timeInForce: 'GTD', expireTime } });
    const expired = await c.waitFor((f) => f.type === 'event' && f.data.event === 'OrderExpired');
    expect(expired).toMatchObject({ data: { clientOrderId: 'G-1' } });
    expect(venue.engine.find('SIM-001', { clientOrderId: 'G-1' })!.status).toBe('EXPIRED');
  });
});

describe('queries return what was seeded', () => {
  beforeEach(() => {
    venue.controls.seedOrder({ instrumentId: AUD, venueOrderId: '1', clientOrderId: 'O-123456', side: 'BUY', type: 'LIMIT', quantity: '10000', price: '1.00000', status: 'REJECTED', reason: 'SOME_REASON', tsAccepted: 100n });
    venue.controls.seedOrder({
      instrumentId: AUD, venueOrderId: 'V-001', clientOrderId: 'O-2', side: 'BUY', type: 'LIMIT', quantity: '100000', price: '1.00000', status: 'PARTIALLY_FILLED', tsAccepted: 200n,
      fills: [{ tradeId: 'T-001', quantity: '50000', price: '1.00000', commission: '2.50', liquidity: 'MAKER', tsEvent: 300n }],
    });
    venue.controls.seedPosition({ instrumentId: AUD, side: 'LONG', quantity: '50000', avgPxOpen: '1.00000' });
  });

  it('order status reports: all, open only, since a time; one order by client or venue id', async () => {
    const c = await login();
    const all = await c.request({ type: 'query_orders', reqId: 'a' }, 'order_reports');
    const open = await c.request({ type: 'query_orders', reqId: 'b', openOnly: true }, 'order_reports');
    const since = await c.request({ type: 'query_orders', reqId: 'c', start: '150' }, 'order_reports');
    const byClient = await c.request({ type: 'query_order', reqId: 'd', clientOrderId: 'O-123456' }, 'order_status');
    const byVenue = await c.request({ type: 'query_order', reqId: 'e', venueOrderId: 'V-001' }, 'order_status');
    const missing = await c.request({ type: 'query_order', reqId: 'f', venueOrderId: 'nope' }, 'order_status');
    expect(all.type === 'order_reports' && all.reports.map((r) => `${r.venueOrderId} ${r.status}`)).toEqual(['1 REJECTED', 'V-001 PARTIALLY_FILLED']);
    expect(open.type === 'order_reports' && open.reports.map((r) => r.venueOrderId)).toEqual(['V-001']);
    expect(since.type === 'order_reports' && since.reports.map((r) => r.venueOrderId)).toEqual(['V-001']);
    expect(byClient).toMatchObject({ report: { venueOrderId: '1', status: 'REJECTED', reason: 'SOME_REASON', quantity: '10000', price: '1.00000' } });
    expect(byVenue).toMatchObject({ report: { clientOrderId: 'O-2', filledQty: '50000', avgPx: '1.000000000' } });
    expect(missing).toMatchObject({ report: null });
  });

  it('fill reports, position reports and a mass status in one request', async () => {
    const c = await login();
    const fills = await c.request({ type: 'query_fills', reqId: 'a', start: '250' }, 'fill_reports');
    const none = await c.request({ type: 'query_fills', reqId: 'b', start: '301' }, 'fill_reports');
    const positions = await c.request({ type: 'query_positions', reqId: 'c' }, 'position_reports');
    const mass = await c.request({ type: 'mass_status', reqId: 'd' }, 'mass_status_reply');
    expect(fills).toMatchObject({ fills: [{ tradeId: 'T-001', lastQty: '50000', lastPx: '1.00000', commission: '2.50', commissionCurrency: 'USD', liquiditySide: 'MAKER' }] });
    expect(none).toMatchObject({ fills: [] });
    expect(positions).toMatchObject({ positions: [{ instrumentId: AUD, side: 'LONG', quantity: '50000', signedQty: '50000', avgPxOpen: '1.00000' }] });
    expect(mass.type === 'mass_status_reply' && [mass.orders.length, mass.fills.length, mass.positions.length]).toEqual([2, 1, 1]);
  });

  it('history survives a client disconnect and a venue restart', async () => {
    const c1 = await login();
    c1.close();
    await venue.restart();
    const c2 = await login();
    const mass = await c2.request({ type: 'mass_status', reqId: 'm' }, 'mass_status_reply');
    expect(mass.type === 'mass_status_reply' && mass.orders.map((o) => o.venueOrderId)).toEqual(['1', 'V-001']);
  });
});

describe('faults', () => {
  const submit = (c: TestWsClient, reqId: string, clientOrderId: string) =>
    c.send({ type: 'submit_order', reqId, order: { clientOrderId, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.9' } });

  it('drop-acks: the next N commands execute without acks; queries still answer', async () => {
    const c = await login();
    venue.controls.fault({ kind: 'drop-acks', count: 2 });
    submit(c, 's1', 'D-1');
    submit(c, 's2', 'D-2');
    submit(c, 's3', 'D-3');
    await c.events('s3', 1);
    const reports = await c.request({ type: 'query_orders', reqId: 'q' }, 'order_reports');
    expect(c.frames.filter((f) => f.type === 'event').map((f) => f.type === 'event' && f.reqId)).toEqual(['s3']);
    expect(reports.type === 'order_reports' && reports.reports.map((r) => `${r.clientOrderId} ${r.status}`)).toEqual(['D-1 ACCEPTED', 'D-2 ACCEPTED', 'D-3 ACCEPTED']);
  });

  it('silent: no acks and no query answers until cleared', async () => {
    const c = await login();
    venue.controls.fault({ kind: 'silent' });
    submit(c, 's1', 'S-1');
    c.send({ type: 'query_orders', reqId: 'q1' });
    await vi.waitFor(() => expect(venue.stats().framesIn).toBe(3));
    venue.controls.clearFaults();
    const pong = await c.request({ type: 'ping', reqId: 'p' }, 'pong');
    expect(pong.type).toBe('pong');
    expect(c.frames.filter((f) => f.type === 'event' || f.type === 'order_reports')).toEqual([]);
    expect(venue.engine.find('SIM-001', { clientOrderId: 'S-1' })!.status).toBe('ACCEPTED');
  });

  it('delay: every outgoing message waits N ms on the clock, in order', async () => {
    await venue.stop();
    const clock = new HeldClock('venue-delay-');
    venue = await SandboxVenue.start({ port: 0, instruments: [AUD], clock });
    const c = await login();
    venue.controls.fault({ kind: 'delay', ms: 30 });
    const sent = clock.timestampNs();
    c.send({ type: 'ping', reqId: 'p1' });
    c.send({ type: 'ping', reqId: 'p2' });
    await vi.waitFor(() => expect(clock.held.length).toBe(2));
    const before = c.frames.filter((f) => f.type === 'pong').length;
    const dueAfterDelay = clock.held.map((h) => h.at >= sent + 30_000_000n);
    clock.release();
    await c.waitFor((f) => f.type === 'pong' && f.reqId === 'p2');
    expect(before).toBe(0);
    expect(dueAfterDelay).toEqual([true, true]);
    expect(c.frames.filter((f) => f.type === 'pong').map((f) => f.type === 'pong' && f.reqId)).toEqual(['p1', 'p2']);
  });

  it('disconnect: every client connection is closed and clients may reconnect', async () => {
    const c1 = await login();
    const c2 = await login();
    venue.controls.fault({ kind: 'disconnect' });
    await Promise.all([c1.waitClosed(), c2.waitClosed()]);
    const c3 = await login();
    expect([c1.closed, c2.closed, c3.closed]).toEqual([true, true, false]);
  });

  it('restart keeps state: an open order placed before is still open and can be cancelled after', async () => {
    const c1 = await login();
    submit(c1, 's1', 'R-1');
    await c1.events('s1', 1);
    await venue.restart();
    await c1.waitClosed();
    const c2 = await login();
    const [canceled] = await (c2.send({ type: 'cancel_order', reqId: 'c', clientOrderId: 'R-1' }), c2.events('c', 1));
    expect(canceled).toMatchObject({ event: 'OrderCanceled', clientOrderId: 'R-1', venueOrderId: 'V-1' });
  });
});

describe('admin channel', () => {
  it('controls the venue from another connection; trading keys are refused', async () => {
    const admin = await login('adm', 'adm-secret');
    const trader = await login();
    const seeded = await admin.request({ type: 'control', reqId: 'a1', action: 'seedOrder', params: { instrumentId: AUD, venueOrderId: 'X-1', side: 'SELL', type: 'LIMIT', quantity: '5', price: '1.1', status: 'ACCEPTED' } }, 'ok');
    const refused = await trader.request({ type: 'control', reqId: 't1', action: 'clearFaults' }, 'ok');
    const bad = await admin.request({ type: 'control', reqId: 'a2', action: 'fault', params: { kind: 'delay', ms: -1 } }, 'ok');
    const trade = await admin.request({ type: 'query_orders', reqId: 'a3' }, 'order_reports');
    expect(seeded).toMatchObject({ type: 'ok', result: { venueOrderId: 'X-1', status: 'ACCEPTED' } });
    expect(refused).toMatchObject({ type: 'error', code: 'NOT_ADMIN' });
    expect(bad).toMatchObject({ type: 'error', code: 'CONTROL_FAILED' });
    expect(trade).toMatchObject({ type: 'error', code: 'ADMIN_NOT_TRADING' });
    expect(venue.engine.find('SIM-001', { venueOrderId: 'X-1' })!.status).toBe('ACCEPTED');
  });

  it('an external order placed by someone else reaches the account as events without a reqId', async () => {
    const c = await login();
    const report = venue.controls.placeExternalOrder({ instrumentId: AUD, side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.9' });
    const ev = await c.waitFor((f) => f.type === 'event');
    expect(report).toMatchObject({ clientOrderId: 'EXT-1', status: 'ACCEPTED' });
    expect(ev).toMatchObject({ data: { event: 'OrderAccepted', clientOrderId: 'EXT-1' } });
    expect('reqId' in ev).toBe(false);
  });

  it('controls validate their input and say what they received', () => {
    expect(() => venue.controls.setQuote(AUD, { bid: true as unknown as string, ask: '1' })).toThrow(/venue.controls.setQuote: expected valid input, received bid/);
  });
});
