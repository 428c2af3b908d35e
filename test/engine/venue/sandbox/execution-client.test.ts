import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { LiveClock } from '../../../../src/engine/core/live-clock.js';
import { EngineError } from '../../../../src/engine/core/errors.js';
import { SandboxVenue } from '../../../../src/sandbox/sandbox-venue.js';
import { SandboxExecutionClient } from '../../../../src/engine/venue/sandbox/index.js';
import { RecordingSink, submitLimit } from './helpers.js';

let venue: SandboxVenue;
let client: SandboxExecutionClient;
let sink: RecordingSink;
const clock = new LiveClock();

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'HEDGING', accounts: [{ apiKey: 'k', apiSecret: 's', accountId: 'SIM-001', balances: { USD: '1000000' } }] });
  sink = new RecordingSink();
  client = new SandboxExecutionClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock, requestTimeoutMs: 300, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
  client.setSink(sink);
});

afterEach(async () => {
  await client.disconnect();
  await venue.stop();
});

describe('SandboxExecutionClient against the sandbox venue', () => {
  it('logs in and takes account and OMS type from the login answer', async () => {
    await client.connect();

    expect(client.connectionState).toBe('CONNECTED');
    expect(client.accountId).toBe('SIM-001');
    expect(client.omsType).toBe('HEDGING');
    expect(sink.states).toEqual([{ state: 'CONNECTING' }, { state: 'CONNECTED' }]);
  });

  it('a wrong secret fails the login with VENUE_LOGIN_FAILED', async () => {
    const bad = new SandboxExecutionClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 'wrong', clock });

    const err = (await bad.connect().catch((e: unknown) => e)) as EngineError;

    expect(err).toBeInstanceOf(EngineError);
    expect(err.code).toBe('VENUE_LOGIN_FAILED');
    expect(err.details.venueCode).toBe('LOGIN_BAD_SIGNATURE');
    expect(bad.connectionState).toBe('DISCONNECTED');
    await bad.disconnect();
  });

  it('submit → OrderAccepted then OrderFilled, translated exactly', async () => {
    await client.connect();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70000', ask: '0.70010' });

    client.submitOrder(submitLimit('O-1', 'BUY', '10000', '0.70020'));
    await sink.until(() => sink.events.some((e) => e.type === 'OrderFilled'));

    expect(sink.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    const [accepted, filled] = sink.events;
    expect(accepted).toMatchObject({ clientOrderId: 'O-1', instrumentId: 'AUDUSD.SIM', accountId: 'SIM-001' });
    expect(filled!.type === 'OrderFilled' && [filled.lastQty.toString(), filled.lastPx.toString(), filled.side, filled.liquiditySide, filled.commission.currency]).toEqual([
      '10000',
      '0.70010',
      'BUY',
      'TAKER',
      'USD',
    ]);
    expect(filled!.venueOrderId).toBe(accepted!.venueOrderId);
  });

  it('a rejected submit arrives as OrderRejected with the venue reason', async () => {
    await client.connect();

    client.submitOrder({ ...submitLimit('O-2', 'BUY', '10000', '0.70020'), instrumentId: 'XXX.SIM', order: { ...submitLimit('O-2', 'BUY', '10000', '0.70020').order, instrumentId: 'XXX.SIM' } });
    await sink.until(() => sink.events.length > 0);

    expect(sink.events[0]).toMatchObject({ type: 'OrderRejected', clientOrderId: 'O-2', reason: expect.stringContaining('INSTRUMENT_UNKNOWN') });
  });

  it('queries return seeded orders, fills and positions translated exactly', async () => {
    venue.controls.seedOrder({
      instrumentId: 'AUDUSD.SIM',
      venueOrderId: 'V-100',
      clientOrderId: 'O-100',
      side: 'SELL',
      type: 'LIMIT',
      quantity: '20000',
      price: '0.70500',
      status: 'PARTIALLY_FILLED',
      tsAccepted: 1_700_000_000_000_000_000n,
      fills: [{ tradeId: 'T-1', quantity: '5000', price: '0.70500', commission: '0.07', liquidity: 'MAKER', tsEvent: 1_700_000_001_000_000_000n }],
    });
    venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '5000', avgPxOpen: '0.70500', venuePositionId: 'P-1' });
    await client.connect();

    const one = await client.generateOrderStatusReport({ clientOrderId: 'O-100' });
    const open = await client.generateOrderStatusReports({ openOnly: true });
    const fills = await client.generateFillReports({ venueOrderId: 'V-100' });
    const positions = await client.generatePositionStatusReports({});
    const missing = await client.generateOrderStatusReport({ venueOrderId: 'V-404' });

    expect(one).toMatchObject({ reportId: 'OSR-V-100-1700000000000000000', accountId: 'SIM-001', venueOrderId: 'V-100', clientOrderId: 'O-100', side: 'SELL', orderType: 'LIMIT', status: 'PARTIALLY_FILLED', tsAccepted: 1_700_000_000_000_000_000n });
    expect([one!.quantity.toString(), one!.filledQty.toString(), one!.price!.toString(), one!.avgPx!.toString()]).toEqual(['20000', '5000', '0.70500', '0.705000000']);
    expect(open.map((r) => r.venueOrderId)).toEqual(['V-100']);
    expect(fills.map((f) => [f.reportId, f.tradeId, f.lastQty.toString(), f.lastPx.toString(), f.commission.toString(), f.liquiditySide, f.tsEvent])).toEqual([
      ['FR-V-100-T-1', 'T-1', '5000', '0.70500', '0.07 USD', 'MAKER', 1_700_000_001_000_000_000n],
    ]);
    expect(positions.map((p) => [p.venuePositionId, p.side, p.quantity.toString(), p.signedQty.toString(), p.avgPxOpen?.toString()])).toEqual([['P-1', 'SHORT', '5000', '-5000', '0.70500']]);
    expect(missing).toBeNull();
  });

  it('mass status holds orders, fills and positions in one answer', async () => {
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-7', clientOrderId: 'O-7', side: 'BUY', type: 'LIMIT', quantity: '1000', price: '0.69000', status: 'ACCEPTED' });
    await client.connect();

    const mass = await client.generateMassStatus(null);

    expect(mass).toMatchObject({ clientId: 'SIM', venue: 'SIM', accountId: 'SIM-001' });
    expect(mass.orderReports.map((r) => [r.venueOrderId, r.status])).toEqual([['V-7', 'ACCEPTED']]);
    expect(mass.fillReports).toEqual([]);
  });

  it('reconnects after a venue disconnect and reports reconnected: true', async () => {
    await client.connect();

    venue.controls.fault({ kind: 'disconnect' });
    await sink.until(() => sink.states.some((s) => s.reconnected === true));

    expect(sink.states.slice(2)).toEqual([{ state: 'RECONNECTING' }, { state: 'CONNECTED', reconnected: true }]);
    expect(client.reconnectCount).toBe(1);
    // the new session works
    expect(await client.generateOrderStatusReports({})).toEqual([]);
  });

  it('a query the silent venue never answers rejects with VENUE_QUERY_TIMEOUT', async () => {
    await client.connect();
    venue.controls.fault({ kind: 'silent' });

    const err = (await client.generateOrderStatusReports({}).catch((e: unknown) => e)) as EngineError;

    expect(err).toBeInstanceOf(EngineError);
    expect(err.code).toBe('VENUE_QUERY_TIMEOUT');
    expect(err.details).toMatchObject({ request: 'query_orders', timeoutMs: 300 });
  });

  it('disconnect releases every timer and closes the socket', async () => {
    await client.connect();
    venue.controls.fault({ kind: 'silent' });
    const pending = client.generateFillReports({}).catch((e: EngineError) => e.code);

    await client.disconnect();

    expect(await pending).toBe('VENUE_DISCONNECTED');
    expect(clock.timerNames().filter((n) => n.startsWith('SIM-EXEC'))).toEqual([]);
    expect(client.connectionState).toBe('CLOSED');
  });
});

describe('malformed frames', () => {
  it('are counted and reported, never thrown', async () => {
    // A stand-in venue that logs anyone in, then sends frames that fail validation.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const f = JSON.parse(data.toString()) as { reqId: string };
        ws.send(JSON.stringify({ type: 'login_ok', reqId: f.reqId, accountId: 'SIM-009', omsType: 'NETTING', admin: false, protocolVersion: 1, instruments: [], serverTime: '1' }));
        ws.send('not json');
        ws.send(JSON.stringify({ type: 'event', data: { event: 'OrderAccepted', accountId: 'SIM-009' } }));
      });
    });
    const local = new RecordingSink();
    const c = new SandboxExecutionClient({ venue: 'SIM', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, apiKey: 'k', apiSecret: 's', clock });
    c.setSink(local);

    await c.connect();
    await local.until(() => local.malformed.length === 2);

    expect(c.malformedCount).toBe(2);
    expect(local.malformed.map((m) => m.reason.split(':')[0])).toEqual(['FRAME_NOT_JSON', 'FRAME_INVALID']);
    expect(local.malformed[0]!.raw).toBe('not json');
    expect(c.omsType).toBe('NETTING');
    await c.disconnect();
    await new Promise((r) => wss.close(r));
  });
});
