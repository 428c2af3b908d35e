import { describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../src/engine/model/instruments.js';
import { MatchingEngine, type EngineOutput } from '../../src/sandbox/matching-engine.js';
import { WireOrderSpec, type WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { PriceLadder } from '../../src/sandbox/price-ladder.js';
import type { VenueOrder } from '../../src/sandbox/venue-order.js';

const A = 'SIM-001';
const B = 'SIM-002';
const AUD = 'AUDUSD.SIM';

function engine(): MatchingEngine {
  const balances = { USD: '1000000' };
  return new MatchingEngine(new InstrumentProvider(), [
    { accountId: A, apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances },
    { accountId: B, apiKey: 'kb', apiSecret: 'sb', omsType: 'NETTING', balances },
  ]);
}
let cid = 0;
const spec = (s: Partial<WireOrderSpecInput>) => WireOrderSpec.parse({ clientOrderId: `O-${++cid}`, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', ...s });
const quote = (e: MatchingEngine, bid: string, ask: string, sizes?: [string, string], now = 1n) =>
  e.setQuote(AUD, { bid: Price.from(bid), ask: Price.from(ask), ...(sizes ? { bidSize: Quantity.from(sizes[0]), askSize: Quantity.from(sizes[1]) } : {}) }, now);
const fills = (out: EngineOutput[]) =>
  out.flatMap((o) => (o.event.event === 'OrderFilled' ? [`${o.event.clientOrderId} ${o.event.fill.lastQty}@${o.event.fill.lastPx} ${o.event.fill.liquiditySide}`] : []));

describe('the sandbox order book: price levels in time priority', () => {
  it('a modified price moves the order to its new level (it trades there, not at its old price)', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010', ['100', '100']);
    e.submit(B, spec({ clientOrderId: 'S1', side: 'SELL', price: '1.20000' }), { now: 2n });
    e.submit(B, spec({ clientOrderId: 'S2', side: 'SELL', price: '1.30000' }), { now: 3n });
    e.modify(B, { clientOrderId: 'S2' }, { price: '1.10000' }, { now: 4n });
    const out = e.submit(A, spec({ clientOrderId: 'T', orderType: 'MARKET', quantity: '250' }), { now: 5n });
    expect(fills(out)).toEqual(['T 100@1.00010 TAKER', 'T 100@1.10000 TAKER', 'S2 100@1.10000 MAKER', 'T 50@1.20000 TAKER', 'S1 50@1.20000 MAKER']);
  });

  it('at one price the older order trades first, a triggered STOP_LIMIT keeping its place by arrival, and the quote after both', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010', ['100', '100']);
    e.submit(B, spec({ clientOrderId: 'SL', side: 'SELL', orderType: 'STOP_LIMIT', triggerPrice: '0.99000', price: '1.00020' }), { now: 2n });
    e.submit(B, spec({ clientOrderId: 'L', side: 'SELL', price: '1.00020' }), { now: 3n });
    // The bid falls through the stop: it triggers and rests at 1.00020, behind nothing (it came first).
    quote(e, '0.98990', '1.00020', ['100', '100'], 4n);
    expect(e.find(B, { clientOrderId: 'SL' })!.status).toBe('TRIGGERED');
    const out = e.submit(A, spec({ clientOrderId: 'T', orderType: 'MARKET', quantity: '250' }), { now: 5n });
    expect(fills(out)).toEqual(['T 100@1.00020 TAKER', 'SL 100@1.00020 MAKER', 'T 100@1.00020 TAKER', 'L 100@1.00020 MAKER', 'T 50@1.00020 TAKER']);
  });

  it('a modified trigger moves a stop: the quote that reaches the new trigger fires it, one past the old does not', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submit(A, spec({ clientOrderId: 'ST', orderType: 'STOP_MARKET', triggerPrice: '1.00050' }), { now: 2n });
    e.modify(A, { clientOrderId: 'ST' }, { triggerPrice: '1.00100' }, { now: 3n });
    expect(fills(quote(e, '1.00050', '1.00060', undefined, 4n))).toEqual([]);
    expect(fills(quote(e, '1.00100', '1.00110', undefined, 5n))).toEqual(['ST 100@1.00110 TAKER']);
  });

  it('resting orders far from the touch are not traded and stay on the book; a cancel takes one off', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    for (let i = 0; i < 50; i++) e.submit(B, spec({ clientOrderId: `F-${i}`, side: i % 2 ? 'SELL' : 'BUY', price: i % 2 ? '1.50000' : '0.50000' }), { now: 2n });
    e.cancel(B, { clientOrderId: 'F-3' }, { now: 3n });
    expect(fills(e.submit(A, spec({ clientOrderId: 'T', orderType: 'MARKET', quantity: '10' }), { now: 4n }))).toEqual(['T 10@1.00010 TAKER']);
    expect(e.orderReports(B, { openOnly: true }).map((r) => r.clientOrderId)).toHaveLength(49);
    expect(e.find(B, { clientOrderId: 'F-3' })!.status).toBe('CANCELED');
  });
});

describe('PriceLadder', () => {
  const order = (seq: number) => ({ seq }) as VenueOrder;
  it('keeps levels in ascending price, each in seq order, and drops a level when its last order leaves', () => {
    const l = new PriceLadder();
    const [a, b, c, d] = [order(3), order(1), order(2), order(4)];
    l.add(a, Price.from('1.2'));
    l.add(b, Price.from('1.1'));
    l.add(d, Price.from('1.2'));
    l.add(c, Price.from('1.20')); // same price written with another precision: same level, placed by seq
    expect(l.levels.map((x) => [x.px.toString(), x.orders.map((o) => o.seq)])).toEqual([['1.1', [1]], ['1.2', [2, 3, 4]]]);
    l.remove(b);
    l.remove(a);
    expect(l.levels.map((x) => [x.px.toString(), x.orders.map((o) => o.seq)])).toEqual([['1.2', [2, 4]]]);
    expect([l.size, l.has(a), l.indexAtOrAbove(Price.from('1.2')), l.indexAbove(Price.from('1.2'))]).toEqual([2, false, 0, 1]);
  });
});
