import { describe, expect, it } from 'vitest';
import { Price } from '../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../src/engine/model/instruments.js';
import { MatchingEngine, type EngineOutput } from '../../src/sandbox/matching-engine.js';
import { WireOrderSpec, type WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';
import type { AccountConfig } from '../../src/sandbox/venue-account.js';
import { accountState } from '../../src/sandbox/account-funds.js';

const A = 'SIM-001';
const AUD = 'AUDUSD.SIM';
const BTC = 'BTCUSDT-PERP.SIM';

function engine(account: Partial<AccountConfig>): MatchingEngine {
  const e = new MatchingEngine(new InstrumentProvider(), [{ accountId: A, apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: {}, ...account }]);
  e.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 1n);
  e.setQuote(BTC, { bid: Price.from('50000.0'), ask: Price.from('50001.0') }, 1n);
  return e;
}
let cid = 0;
function spec(s: Partial<WireOrderSpecInput>): WireOrderSpec {
  return WireOrderSpec.parse({ clientOrderId: `O-${++cid}`, instrumentId: AUD, side: 'BUY', orderType: 'MARKET', quantity: '100', ...s });
}
const outcome = (out: EngineOutput[]) => out.map((o) => `${o.event.event}${'reason' in o.event && o.event.reason ? ` ${o.event.reason}` : ''}`);

describe('sandbox venue accounts: CASH spends only what it has', () => {
  it('a 1,000 USD cash account cannot buy 7 M USD of notional: INSUFFICIENT_BALANCE naming needed and free', () => {
    const e = engine({ accountType: 'CASH', balances: { USD: '1000' } });
    const out = e.submit(A, spec({ quantity: '7000000' }), { now: 2n });
    expect(outcome(out)).toEqual([
      'OrderRejected INSUFFICIENT_BALANCE: needed 7000840.014 USD, free 1000 USD (expected the free balance to cover BUY 7000000 AUDUSD.SIM @ 1.00010)',
    ]);
    expect(e.accountState(A, 3n).balances).toEqual([{ currency: 'USD', total: '1000', locked: '0', free: '1000' }]);
  });

  it('a resting BUY locks qty x price + fee; selling AUD needs AUD; a fill exchanges the assets', () => {
    const e = engine({ accountType: 'CASH', balances: { USD: '1000' } });
    expect(outcome(e.submit(A, spec({ orderType: 'LIMIT', price: '0.99000', quantity: '900' }), { now: 2n }))).toEqual(['OrderAccepted']);
    // 900 x 0.99 = 891, + taker fee estimate 891 x 0.00002 = 0.01782
    expect(e.accountState(A, 3n).balances).toEqual([{ currency: 'USD', total: '1000', locked: '891.01782', free: '108.98218' }]);
    expect(outcome(e.submit(A, spec({ side: 'SELL', quantity: '100' }), { now: 4n }))).toEqual([
      'OrderRejected INSUFFICIENT_BALANCE: needed 100 AUD, free 0 AUD (expected the free balance to cover SELL 100 AUDUSD.SIM @ 1.00000)',
    ]);
    expect(outcome(e.submit(A, spec({ quantity: '100' }), { now: 5n }))).toEqual(['OrderAccepted', 'OrderFilled']);
    // bought 100 AUD at 1.00010: USD 1000 - 100.01 - fee 100.01 x 0.00002 = 0.0020002 → 899.9879998
    const s = e.accountState(A, 6n);
    expect(s.accountType).toBe('CASH');
    expect(s.balances.map((b) => `${b.currency} ${b.total}`)).toEqual(['AUD 100', 'USD 899.9879998']);
  });

  it('a cash account holds a perpetual fully collateralised (leverage 1)', () => {
    const e = engine({ accountType: 'CASH', balances: { USDT: '1000' } });
    expect(outcome(e.submit(A, spec({ instrumentId: BTC, quantity: '0.100' }), { now: 2n }))).toEqual([
      'OrderRejected INSUFFICIENT_BALANCE: needed 5002.10004 USDT, free 1000 USDT (expected the free balance to cover BUY 0.100 BTCUSDT-PERP.SIM @ 50001.0)',
    ]);
  });
});

describe('sandbox venue accounts: MARGIN borrows up to its leverage', () => {
  it('refuses what exceeds free margin at leverage 10 (INSUFFICIENT_MARGIN), takes it at leverage 100, and reports margins', () => {
    const e10 = engine({ accountType: 'MARGIN', balances: { USDT: '1000' } });
    expect(outcome(e10.submit(A, spec({ instrumentId: BTC, quantity: '1.000' }), { now: 2n }))).toEqual([
      'OrderRejected INSUFFICIENT_MARGIN: needed 5020.1004 USDT, free 1000 USDT (expected the free margin (leverage 10) to cover BUY 1.000 BTCUSDT-PERP.SIM @ 50001.0)',
    ]);
    const e = engine({ accountType: 'MARGIN', balances: { USDT: '1000' }, leverage: { [BTC]: 100 } });
    expect(outcome(e.submit(A, spec({ instrumentId: BTC, quantity: '1.000' }), { now: 2n }))).toEqual(['OrderAccepted', 'OrderFilled']);
    // fee 50001 x 0.0004 = 20.0004; initial margin 50001 / 100 = 500.01; maintenance 0.5 x initial
    const s = e.accountState(A, 3n);
    expect(s.balances).toEqual([{ currency: 'USDT', total: '979.9996', locked: '500.01', free: '479.9896' }]);
    expect(s.margins).toEqual([{ instrumentId: BTC, initial: '500.01', maintenance: '250.005', leverage: '100' }]);
  });

  it('a position-reducing order needs no new margin', () => {
    const e = engine({ accountType: 'MARGIN', balances: { USDT: '1000' }, leverage: { [BTC]: 100 } });
    e.submit(A, spec({ instrumentId: BTC, quantity: '1.000' }), { now: 2n });
    e.submit(A, spec({ instrumentId: BTC, side: 'SELL', orderType: 'LIMIT', price: '60000.0', quantity: '0.500' }), { now: 3n });
    const s = e.accountState(A, 4n);
    expect(s.balances[0]!.locked).toBe('500.01');
    expect(outcome(e.submit(A, spec({ instrumentId: BTC, side: 'SELL', quantity: '1.000' }), { now: 5n }))).toEqual(['OrderAccepted', 'OrderFilled']);
  });
});

describe('sandbox venue accounts: the funds ledger (commitments kept between calls)', () => {
  it('each resting order counts against the next at once; after fills and a cancel the tally matches a fresh sum', () => {
    const e = engine({ accountType: 'CASH', balances: { USD: '1000' } });
    // 100 x 0.99 + fee 0.00198 = 99.00198 each; 100 x 0.95 + fee 0.0019 = 95.0019 each: 970.0194 locked, 29.9806 free
    for (let i = 0; i < 10; i++) expect(outcome(e.submit(A, spec({ orderType: 'LIMIT', price: i < 5 ? '0.99000' : '0.95000' }), { now: 2n }))).toEqual(['OrderAccepted']);
    expect(outcome(e.submit(A, spec({ orderType: 'LIMIT', price: '0.95000' }), { now: 3n }))).toEqual([
      'OrderRejected INSUFFICIENT_BALANCE: needed 95.0019 USD, free 29.9806 USD (expected the free balance to cover BUY 100 AUDUSD.SIM @ 0.95000)',
    ]);
    // The five at 0.99 fill; one at 0.95 is canceled: 4 x 95.0019 = 380.0076 stays locked.
    e.setQuote(AUD, { bid: Price.from('0.97000'), ask: Price.from('0.98000') }, 4n);
    const resting = [...e.store.open.all()];
    e.cancel(A, { clientOrderId: resting[0]!.clientOrderId! }, { now: 5n });
    const state = e.accountState(A, 6n);
    expect(state.balances.find((b) => b.currency === 'USD')!.locked).toBe('380.0076');
    const fresh = accountState(e.account(A), {
      instrument: (id) => e.instruments.find(id),
      marketPrice: (id, side) => (side === 'BUY' ? e.books.get(id)?.ask : e.books.get(id)?.bid),
      openOrders: () => [...e.store.open.all()].filter((o) => o.accountId === A && !o.dormant),
    }, 6n);
    expect(state).toEqual(fresh);
  });
});
