import { describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../src/engine/model/instruments.js';
import { MatchingEngine, type EngineOutput } from '../../src/sandbox/matching-engine.js';
import { WireOrderSpec, type WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';

const A = 'SIM-001';
const AUD = 'AUDUSD.SIM';

function engine(omsType: 'NETTING' | 'HEDGING' = 'NETTING'): MatchingEngine {
  return new MatchingEngine(new InstrumentProvider(), [{ accountId: A, apiKey: 'k', apiSecret: 's', omsType, balances: { USD: '1000000' } }]);
}
let cid = 0;
function spec(s: Partial<WireOrderSpecInput>): WireOrderSpec {
  return WireOrderSpec.parse({ clientOrderId: `O-${++cid}`, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', ...s });
}
function quote(e: MatchingEngine, bid: string, ask: string, sizes?: [string, string], now = 1n): EngineOutput[] {
  return e.setQuote(AUD, { bid: Price.from(bid), ask: Price.from(ask), ...(sizes ? { bidSize: Quantity.from(sizes[0]), askSize: Quantity.from(sizes[1]) } : {}) }, now);
}
const names = (out: EngineOutput[]) => out.map((o) => o.event.event);
const fills = (out: EngineOutput[]) =>
  out.flatMap((o) => (o.event.event === 'OrderFilled' ? [`${o.event.clientOrderId} ${o.event.fill.lastQty}@${o.event.fill.lastPx} ${o.event.fill.liquiditySide}`] : []));

describe('MatchingEngine: order types on a scripted book (bid 1.00000 / ask 1.00010)', () => {
  it('MARKET BUY fills at the ask as taker', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    const out = e.submit(A, spec({ clientOrderId: 'M1', orderType: 'MARKET', quantity: '1000' }), { now: 2n });
    expect(names(out)).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(fills(out)).toEqual(['M1 1000@1.00010 TAKER']);
  });

  it('MARKET with no quote is rejected NO_MARKET', () => {
    const out = engine().submit(A, spec({ orderType: 'MARKET' }), { now: 2n });
    expect(out.map((o) => [o.event.event, 'reason' in o.event ? o.event.reason : ''])).toEqual([['OrderRejected', 'NO_MARKET']]);
  });

  it('LIMIT BUY below the ask rests, then fills as maker at its limit when the ask crosses it', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    expect(names(e.submit(A, spec({ clientOrderId: 'L1', price: '1.00005' }), { now: 2n }))).toEqual(['OrderAccepted']);
    const out = quote(e, '0.99990', '1.00004', undefined, 3n);
    expect(fills(out)).toEqual(['L1 100@1.00005 MAKER']);
    expect(e.find(A, { clientOrderId: 'L1' })!.status).toBe('FILLED');
  });

  it('marketable LIMIT SELL takes the bid', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    expect(fills(e.submit(A, spec({ clientOrderId: 'L2', side: 'SELL', price: '0.99990' }), { now: 2n }))).toEqual(['L2 100@1.00000 TAKER']);
  });

  it('STOP_MARKET BUY triggers when the ask trades through the trigger and fills at the ask', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    expect(names(e.submit(A, spec({ clientOrderId: 'S1', orderType: 'STOP_MARKET', triggerPrice: '1.00050' }), { now: 2n }))).toEqual(['OrderAccepted']);
    expect(names(quote(e, '1.00030', '1.00040'))).toEqual([]);
    expect(fills(quote(e, '1.00050', '1.00060'))).toEqual(['S1 100@1.00060 TAKER']);
  });

  it('STOP_LIMIT SELL triggers (OrderTriggered) then rests at its limit', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submit(A, spec({ clientOrderId: 'S2', side: 'SELL', orderType: 'STOP_LIMIT', triggerPrice: '0.99950', price: '0.99960' }), { now: 2n });
    const out = quote(e, '0.99950', '0.99955');
    expect(names(out)).toEqual(['OrderTriggered']);
    expect(e.find(A, { clientOrderId: 'S2' })!.status).toBe('TRIGGERED');
    expect(fills(quote(e, '0.99965', '0.99970'))).toEqual(['S2 100@0.99960 MAKER']);
  });

  it('MARKET_IF_TOUCHED BUY fills when the ask comes down to the trigger; LIMIT_IF_TOUCHED SELL when the bid comes up', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submit(A, spec({ clientOrderId: 'MIT', orderType: 'MARKET_IF_TOUCHED', triggerPrice: '0.99990' }), { now: 2n });
    e.submit(A, spec({ clientOrderId: 'LIT', side: 'SELL', orderType: 'LIMIT_IF_TOUCHED', triggerPrice: '1.00100', price: '1.00090' }), { now: 2n });
    expect(fills(quote(e, '0.99980', '0.99990'))).toEqual(['MIT 100@0.99990 TAKER']);
    const out = quote(e, '1.00100', '1.00110');
    expect(names(out)).toEqual(['OrderTriggered', 'OrderFilled']);
    expect(fills(out)).toEqual(['LIT 100@1.00100 TAKER']);
  });
});

describe('MatchingEngine: time in force, sizes and flags', () => {
  it('partial fills consume the quote size: 250 against ask size 100 then 200', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010', ['500', '100']);
    const out = e.submit(A, spec({ clientOrderId: 'P1', price: '1.00010', quantity: '250' }), { now: 2n });
    expect(fills(out)).toEqual(['P1 100@1.00010 TAKER']);
    expect(e.find(A, { clientOrderId: 'P1' })!.status).toBe('PARTIALLY_FILLED');
    expect(fills(quote(e, '1.00000', '1.00010', ['500', '200']))).toEqual(['P1 150@1.00010 MAKER']);
    expect(e.orderReports(A, {})[0]).toMatchObject({ status: 'FILLED', filledQty: '250', avgPx: '1.000100000' });
  });

  it('IOC fills what it can and cancels the rest; FOK cancels without filling', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010', ['500', '100']);
    expect(names(e.submit(A, spec({ price: '1.00010', quantity: '300', timeInForce: 'IOC' }), { now: 2n }))).toEqual(['OrderAccepted', 'OrderFilled', 'OrderCanceled']);
    quote(e, '1.00000', '1.00010', ['500', '100']);
    const fok = e.submit(A, spec({ clientOrderId: 'F1', price: '1.00010', quantity: '300', timeInForce: 'FOK' }), { now: 3n });
    expect(fok.map((o) => [o.event.event, 'reason' in o.event ? o.event.reason : undefined])).toEqual([['OrderAccepted', undefined], ['OrderCanceled', 'FOK_NOT_FILLABLE']]);
    expect(e.find(A, { clientOrderId: 'F1' })!.filledQty.toString()).toBe('0');
  });

  it('GTD expires at its expire time; DAY at the next UTC midnight', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'G1', price: '0.9', timeInForce: 'GTD', expireTime: '1000' }), { now: 10n });
    e.submit(A, spec({ clientOrderId: 'D1', price: '0.9', timeInForce: 'DAY' }), { now: 10n });
    expect(e.nextExpiry()).toBe(1000n);
    expect(names(e.advanceTime(999n))).toEqual([]);
    expect(e.advanceTime(1000n).map((o) => `${o.event.event} ${o.event.clientOrderId}`)).toEqual(['OrderExpired G1']);
    expect(e.nextExpiry()).toBe(86_400_000_000_000n);
  });

  it('GTD with an expire time already passed is rejected', () => {
    const out = engine().submit(A, spec({ price: '0.9', timeInForce: 'GTD', expireTime: '5' }), { now: 10n });
    expect(out[0]!.event).toMatchObject({ event: 'OrderRejected', reason: 'EXPIRE_TIME_PASSED' });
  });

  it('post-only that would take is rejected; one that rests is accepted', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    expect(e.submit(A, spec({ price: '1.00010', postOnly: true }), { now: 2n })[0]!.event).toMatchObject({ reason: 'POST_ONLY_WOULD_TAKE' });
    expect(names(e.submit(A, spec({ price: '1.00009', postOnly: true }), { now: 2n }))).toEqual(['OrderAccepted']);
  });

  it('reduce-only: refused when flat, clamped to the position, and cancelled once the position is closed', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    expect(e.submit(A, spec({ side: 'SELL', orderType: 'MARKET', reduceOnly: true }), { now: 2n })[0]!.event).toMatchObject({ reason: 'REDUCE_ONLY_WOULD_INCREASE' });
    e.submit(A, spec({ orderType: 'MARKET', quantity: '60' }), { now: 3n });
    const out = e.submit(A, spec({ clientOrderId: 'R1', side: 'SELL', price: '0.99', quantity: '100', reduceOnly: true }), { now: 4n });
    expect(fills(out)).toEqual(['R1 60@1.00000 TAKER']);
    expect(out.at(-1)!.event).toMatchObject({ event: 'OrderCanceled', reason: 'REDUCE_ONLY_POSITION_CLOSED' });
    expect(e.positionReports(A)).toMatchObject([{ side: 'FLAT', signedQty: '0' }]);
  });

  it('modify and cancel of a closed order are rejected; unknown order too', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submit(A, spec({ clientOrderId: 'C1', price: '0.99' }), { now: 2n });
    expect(names(e.cancel(A, { clientOrderId: 'C1' }, { now: 3n }))).toEqual(['OrderCanceled']);
    expect(e.cancel(A, { clientOrderId: 'C1' }, { now: 4n })[0]!.event).toMatchObject({ event: 'OrderCancelRejected', reason: 'ORDER_CLOSED' });
    expect(e.modify(A, { clientOrderId: 'C1' }, { price: '0.98' }, { now: 4n })[0]!.event).toMatchObject({ event: 'OrderModifyRejected', reason: 'ORDER_CLOSED' });
    expect(e.cancel(A, { venueOrderId: 'V-999' }, { now: 4n })[0]!.event).toMatchObject({ event: 'OrderCancelRejected', reason: 'ORDER_NOT_FOUND' });
  });

  it('modify to a marketable price updates then fills', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submit(A, spec({ clientOrderId: 'MOD', price: '0.99' }), { now: 2n });
    const out = e.modify(A, { clientOrderId: 'MOD' }, { price: '1.00010', quantity: '200' }, { now: 3n });
    expect(out.map((o) => o.event)).toMatchObject([{ event: 'OrderUpdated', quantity: '200', price: '1.00010' }, { event: 'OrderFilled' }]);
  });

  it('commission from the instrument taker fee: 100000 @1.00010 × 0.00002 = 2.0002 USD', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    const out = e.submit(A, spec({ orderType: 'MARKET', quantity: '100000' }), { now: 2n });
    expect(out[1]!.event).toMatchObject({ fill: { commission: '2.00020000', commissionCurrency: 'USD' } });
  });

  it('resting client orders match each other: the taker gets the maker price', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'ASK', side: 'SELL', price: '1.00020' }), { now: 2n });
    expect(fills(e.submit(A, spec({ clientOrderId: 'BID', price: '1.00030' }), { now: 3n }))).toEqual(['BID 100@1.00020 TAKER', 'ASK 100@1.00020 MAKER']);
  });
});

describe('MatchingEngine: accounts and contingencies', () => {
  it('HEDGING opens a venue position per order; NETTING nets', () => {
    const h = engine('HEDGING');
    quote(h, '1.00000', '1.00010');
    h.submit(A, spec({ orderType: 'MARKET' }), { now: 2n });
    h.submit(A, spec({ orderType: 'MARKET', side: 'SELL', quantity: '40' }), { now: 3n });
    expect(h.positionReports(A).map((p) => `${p.venuePositionId} ${p.signedQty}`)).toEqual(['P-1 100', 'P-2 -40']);
    const n = engine('NETTING');
    quote(n, '1.00000', '1.00010');
    n.submit(A, spec({ orderType: 'MARKET' }), { now: 2n });
    n.submit(A, spec({ orderType: 'MARKET', side: 'SELL', quantity: '40' }), { now: 3n });
    expect(n.positionReports(A).map((p) => `${p.venuePositionId ?? '-'} ${p.signedQty} ${p.avgPxOpen}`)).toEqual(['- 60 1.000100000']);
  });

  it('bracket with contingentAtVenue: children wait for the entry; the stop-loss fill cancels the take-profit (OUO)', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    const list = [
      spec({ clientOrderId: 'E', price: '0.99990', contingencyType: 'OTO', linkedOrderIds: ['SL', 'TP'] }),
      spec({ clientOrderId: 'SL', side: 'SELL', orderType: 'STOP_MARKET', triggerPrice: '0.99900', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['TP'], reduceOnly: true }),
      spec({ clientOrderId: 'TP', side: 'SELL', price: '1.00100', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['SL'], reduceOnly: true }),
    ];
    expect(names(e.submitList(A, list, { now: 2n, contingentAtVenue: true }))).toEqual(['OrderAccepted', 'OrderAccepted', 'OrderAccepted']);
    expect(e.find(A, { clientOrderId: 'SL' })!.dormant).toBe(true);
    expect(fills(quote(e, '0.99980', '0.99990'))).toEqual(['E 100@0.99990 MAKER']);
    const out = quote(e, '0.99890', '0.99900');
    expect(out.map((o) => `${o.event.event} ${o.event.clientOrderId}`)).toEqual(['OrderFilled SL', 'OrderCanceled TP']);
  });

  it('venue order ids skip one a seeded order already holds (V-2 seeded: the next orders get V-1, V-3)', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    const first = e.submit(A, spec({ clientOrderId: 'N1', orderType: 'LIMIT', price: '0.90000' }), { now: 2n });
    expect(first[0]!.event.venueOrderId).toBe('V-1');
    const seeded = e.find(A, { clientOrderId: 'N1' })!;
    e.seed({ ...seeded, clientOrderId: 'S', venueOrderId: 'V-2', seq: 99 }, []);
    const next = e.submit(A, spec({ clientOrderId: 'N2', orderType: 'LIMIT', price: '0.90000' }), { now: 3n });
    expect(next[0]!.event.venueOrderId).toBe('V-3');
  });

  it('cancelling an unfilled bracket entry cancels each dormant child once (OUO siblings close each other first)', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    const list = [
      spec({ clientOrderId: 'E', price: '0.99990', contingencyType: 'OTO', linkedOrderIds: ['SL', 'TP'] }),
      spec({ clientOrderId: 'SL', side: 'SELL', orderType: 'STOP_MARKET', triggerPrice: '0.99900', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['TP'], reduceOnly: true }),
      spec({ clientOrderId: 'TP', side: 'SELL', price: '1.00100', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['SL'], reduceOnly: true }),
    ];
    e.submitList(A, list, { now: 2n, contingentAtVenue: true });
    const out = e.cancel(A, { clientOrderId: 'E' }, { now: 3n });
    expect(out.map((o) => `${o.event.event} ${o.event.clientOrderId} ${'reason' in o.event ? o.event.reason : ''}`)).toEqual([
      'OrderCanceled E USER',
      'OrderCanceled SL CONTINGENT_PARENT_CLOSED',
      'OrderCanceled TP CONTINGENT_LINKED_CLOSED',
    ]);
  });

  it('without contingentAtVenue the venue treats linked orders as independent', () => {
    const e = engine();
    quote(e, '1.00000', '1.00010');
    e.submitList(A, [spec({ clientOrderId: 'X1', price: '0.9', contingencyType: 'OCO', linkedOrderIds: ['X2'] }), spec({ clientOrderId: 'X2', price: '0.8', contingencyType: 'OCO', linkedOrderIds: ['X1'] })], { now: 2n });
    expect(names(e.cancel(A, { clientOrderId: 'X1' }, { now: 3n }))).toEqual(['OrderCanceled']);
    expect(e.find(A, { clientOrderId: 'X2' })!.status).toBe('ACCEPTED');
  });
});
