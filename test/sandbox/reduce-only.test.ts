import { describe, expect, it } from 'vitest';
import { Price } from '../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../src/engine/model/instruments.js';
import { MatchingEngine, type EngineOutput } from '../../src/sandbox/matching-engine.js';
import { WireOrderSpec, type WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';

/** Reduce-only at the sandbox venue: checked when the order would trade, not when it arrives. */
const A = 'SIM-001';
const AUD = 'AUDUSD.SIM';

function engine(omsType: 'NETTING' | 'HEDGING' = 'NETTING'): MatchingEngine {
  const e = new MatchingEngine(new InstrumentProvider(), [{ accountId: A, apiKey: 'k', apiSecret: 's', omsType, balances: { USD: '1000000' } }]);
  quote(e, '1.00000', '1.00010');
  return e;
}
function spec(s: Partial<WireOrderSpecInput> & { clientOrderId: string }): WireOrderSpec {
  return WireOrderSpec.parse({ instrumentId: AUD, side: 'SELL', orderType: 'LIMIT', quantity: '100', ...s });
}
function quote(e: MatchingEngine, bid: string, ask: string, now = 1n): EngineOutput[] {
  return e.setQuote(AUD, { bid: Price.from(bid), ask: Price.from(ask) }, now);
}
/** `event clientOrderId [reason|qty@px]` per output. */
const lines = (out: EngineOutput[]) =>
  out.map(({ event: e }) => [e.event, e.clientOrderId, e.event === 'OrderFilled' ? `${e.fill.lastQty}@${e.fill.lastPx}` : 'reason' in e ? e.reason : ''].filter((x) => x !== '').join(' '));
const signedQty = (e: MatchingEngine) => e.positionReports(A).map((p) => p.signedQty);

describe('reduce-only with no position yet (NETTING)', () => {
  it('a STOP_MARKET, a STOP_LIMIT and a LIMIT that would not trade now are accepted and rest', () => {
    const e = engine();
    const out = [
      ...e.submit(A, spec({ clientOrderId: 'SL', orderType: 'STOP_MARKET', triggerPrice: '0.99000', reduceOnly: true }), { now: 2n }),
      ...e.submit(A, spec({ clientOrderId: 'SLL', orderType: 'STOP_LIMIT', triggerPrice: '0.99000', price: '0.98900', reduceOnly: true }), { now: 2n }),
      ...e.submit(A, spec({ clientOrderId: 'TP', price: '1.01000', reduceOnly: true }), { now: 2n }),
    ];
    expect([lines(out), e.find(A, { clientOrderId: 'TP' })!.status]).toEqual([['OrderAccepted SL', 'OrderAccepted SLL', 'OrderAccepted TP'], 'ACCEPTED']);
  });

  it('one that would trade on arrival is still rejected REDUCE_ONLY_WOULD_INCREASE (LIMIT through the bid, stop already hit)', () => {
    const e = engine();
    const out = [
      ...e.submit(A, spec({ clientOrderId: 'L', price: '0.99000', reduceOnly: true }), { now: 2n }),
      ...e.submit(A, spec({ clientOrderId: 'S', orderType: 'STOP_MARKET', triggerPrice: '1.00000', reduceOnly: true }), { now: 2n }),
    ];
    expect(lines(out)).toEqual(['OrderRejected L REDUCE_ONLY_WOULD_INCREASE', 'OrderRejected S REDUCE_ONLY_WOULD_INCREASE']);
  });

  it('a resting stop triggered while flat makes no fill and is cancelled REDUCE_ONLY_WOULD_INCREASE', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'SL', orderType: 'STOP_MARKET', triggerPrice: '0.99000', reduceOnly: true }), { now: 2n });
    const out = quote(e, '0.98900', '0.98910', 3n);
    expect([lines(out), signedQty(e)]).toEqual([['OrderCanceled SL REDUCE_ONLY_WOULD_INCREASE'], []]);
  });

  it('a resting LIMIT crossed by a quote while it would increase the position is cancelled, not filled', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'TP', side: 'BUY', price: '0.99000', reduceOnly: true }), { now: 2n });
    e.submit(A, spec({ clientOrderId: 'B', side: 'BUY', orderType: 'MARKET', quantity: '40' }), { now: 3n }); // long: a BUY adds
    const out = quote(e, '0.98890', '0.98900', 4n);
    expect([lines(out), signedQty(e)]).toEqual([['OrderCanceled TP REDUCE_ONLY_WOULD_INCREASE'], ['40']]);
  });

  it('a resting reduce-only order another client order would trade against is cancelled; the taker trades on', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'TP', price: '1.00005', reduceOnly: true }), { now: 2n });
    const out = e.submit(A, spec({ clientOrderId: 'T', side: 'BUY', price: '1.00010', quantity: '10' }), { now: 3n });
    expect(lines(out)).toEqual(['OrderAccepted T', 'OrderCanceled TP REDUCE_ONLY_WOULD_INCREASE', 'OrderFilled T 10@1.00010']);
  });

  it('once the position exists the resting order reduces it: filled up to the position, the rest cancelled', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'TP', price: '1.01000', reduceOnly: true }), { now: 2n });
    e.submit(A, spec({ clientOrderId: 'E', side: 'BUY', orderType: 'MARKET', quantity: '60' }), { now: 3n });
    const out = quote(e, '1.01000', '1.01010', 4n);
    expect([lines(out), signedQty(e)]).toEqual([['OrderFilled TP 60@1.01000', 'OrderCanceled TP REDUCE_ONLY_POSITION_CLOSED'], ['0']]);
  });
});

describe('an order list without contingentAtVenue', () => {
  it('a bracket: every order accepted; the MARKET entry fills before its reduce-only children meet the market', () => {
    const e = engine();
    const list = [
      spec({ clientOrderId: 'E', side: 'BUY', orderType: 'MARKET', contingencyType: 'OTO', linkedOrderIds: ['SL', 'TP'] }),
      spec({ clientOrderId: 'SL', orderType: 'STOP_MARKET', triggerPrice: '0.99000', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['TP'], reduceOnly: true }),
      // Already through the market: it takes the profit at once, since the entry has filled.
      spec({ clientOrderId: 'TP', price: '0.99990', parentOrderId: 'E', contingencyType: 'OUO', linkedOrderIds: ['SL'], reduceOnly: true }),
    ];
    const out = e.submitList(A, list, { now: 2n });
    expect(lines(out)).toEqual(['OrderAccepted E', 'OrderFilled E 100@1.00010', 'OrderAccepted SL', 'OrderAccepted TP', 'OrderFilled TP 100@1.00000']);
    expect(e.find(A, { clientOrderId: 'SL' })!.status).toBe('ACCEPTED'); // the venue does not act on the links
  });

  it('a LIMIT entry that does not fill: its children rest at the venue, accepted', () => {
    const e = engine();
    const list = [
      spec({ clientOrderId: 'E', side: 'BUY', price: '0.99500', contingencyType: 'OTO', linkedOrderIds: ['SL', 'TP'] }),
      spec({ clientOrderId: 'SL', orderType: 'STOP_MARKET', triggerPrice: '0.99000', parentOrderId: 'E', contingencyType: 'OCO', linkedOrderIds: ['TP'], reduceOnly: true }),
      spec({ clientOrderId: 'TP', price: '1.01000', parentOrderId: 'E', contingencyType: 'OCO', linkedOrderIds: ['SL'], reduceOnly: true, postOnly: true }),
    ];
    expect(lines(e.submitList(A, list, { now: 2n }))).toEqual(['OrderAccepted E', 'OrderAccepted SL', 'OrderAccepted TP']);
  });
});

describe('reduce-only under HEDGING', () => {
  it('a resting reduce-only order with no position to reduce is accepted, and cancelled when it would trade', () => {
    const e = engine('HEDGING');
    expect(lines(e.submit(A, spec({ clientOrderId: 'TP', price: '1.01000', reduceOnly: true }), { now: 2n }))).toEqual(['OrderAccepted TP']);
    expect(lines(quote(e, '1.01000', '1.01010', 3n))).toEqual(['OrderCanceled TP REDUCE_ONLY_WOULD_INCREASE']);
  });
});

describe('a quote gapping through a LIMIT entry and its resting reduce-only stop', () => {
  it('fills the entry first, then the stop reduces the new position (nothing cancelled)', () => {
    const e = engine();
    e.submit(A, spec({ clientOrderId: 'E', side: 'BUY', price: '0.99500' }), { now: 2n });
    e.submit(A, spec({ clientOrderId: 'SL', orderType: 'STOP_MARKET', triggerPrice: '0.99000', reduceOnly: true }), { now: 2n });
    const out = quote(e, '0.98900', '0.98910', 3n);
    expect([lines(out), signedQty(e)]).toEqual([['OrderFilled E 100@0.99500', 'OrderFilled SL 100@0.98900'], ['0']]);
  });
});
