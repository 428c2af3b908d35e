import { describe, expect, it } from 'vitest';
import { type Decimal, Price, Quantity } from '../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../src/engine/model/instruments.js';
import { MatchingEngine } from '../../src/sandbox/matching-engine.js';
import { WireOrderSpec, type WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';
import type { AccountConfig } from '../../src/sandbox/venue-account.js';
import { type Tally, plain } from '../../src/sandbox/account-funds.js';
import { isOpen } from '../../src/sandbox/venue-order.js';

/**
 * The funds ledger keeps each account's commitments order by order; whatever happens, what it holds must
 * equal a from-scratch sum over every open order and position. A seeded random walk of submits (limits,
 * stops, markets, reduce-only, GTD, OTO brackets), quotes that cross resting orders with limited sizes
 * (partial fills), another account's orders that take them, modifies, cancels and expiries, checked after
 * every step, on NETTING, HEDGING and CASH accounts.
 */
const A = 'A';
const B = 'B';
const AUD = 'AUDUSD.SIM';
const BTC = 'BTCUSDT-PERP.SIM';

/** mulberry32: small, seeded, the same walk every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tally as comparable text: currencies sorted, values without trailing zeros (the keys count: they list the account's currencies). */
function view(t: Tally): { locked: string[]; used: string[]; margins: unknown } {
  const side = (m: Map<string, Decimal>) => [...m].map(([c, v]) => `${c} ${plain(v)}`).sort();
  return { locked: side(t.locked), used: side(t.used), margins: t.margins };
}

function walk(account: Partial<AccountConfig>, seed: number, steps: number): { checks: number; fills: number; resting: number } {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const e = new MatchingEngine(new InstrumentProvider(), [
    { accountId: A, apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: { USD: '100000000', USDT: '100000000', AUD: '100000000' }, ...account },
    { accountId: B, apiKey: 'kb', apiSecret: 'sb', omsType: 'NETTING', balances: { USD: '100000000', USDT: '100000000' } },
  ]);
  const mid: Record<string, number> = { [AUD]: 1.0, [BTC]: 50000 };
  const dp: Record<string, number> = { [AUD]: 5, [BTC]: 1 };
  const sizeDp: Record<string, number> = { [AUD]: 0, [BTC]: 3 };
  let now = 10n;
  let cid = 0;
  let fills = 0;
  const quote = (inst: string, sized: boolean) => {
    const m = mid[inst]!;
    const spread = inst === AUD ? 0.0001 : 1;
    const q = { bid: Price.from((m - spread / 2).toFixed(dp[inst]!)), ask: Price.from((m + spread / 2).toFixed(dp[inst]!)) };
    const size = sized ? { bidSize: Quantity.from((1 + Math.floor(r() * 50)).toFixed(sizeDp[inst]!)), askSize: Quantity.from((1 + Math.floor(r() * 50)).toFixed(sizeDp[inst]!)) } : {};
    return e.setQuote(inst, { ...q, ...size }, (now += 1n));
  };
  const px = (inst: string, off: number) => (mid[inst]! * (1 + off)).toFixed(dp[inst]!);
  const qty = (inst: string) => (inst === AUD ? String(1 + Math.floor(r() * 300)) : (0.001 * (1 + Math.floor(r() * 300))).toFixed(3));
  const spec = (s: Partial<WireOrderSpecInput> & { instrumentId: string }) => WireOrderSpec.parse({ clientOrderId: `C-${++cid}`, side: r() < 0.5 ? 'BUY' : 'SELL', orderType: 'LIMIT', quantity: qty(s.instrumentId), ...s });
  const openOf = (acct: string) => e.orderReports(acct, { openOnly: true });
  quote(AUD, false);
  quote(BTC, false);
  let checks = 0;
  for (let i = 0; i < steps; i++) {
    const inst = pick([AUD, AUD, BTC]);
    const k = r();
    let out;
    if (k < 0.3) {
      const side = r() < 0.5 ? 'BUY' : 'SELL';
      const off = (r() - 0.4) * 0.004 * (side === 'BUY' ? -1 : 1);
      const tif = pick(['GTC', 'GTC', 'GTC', 'IOC', 'GTD'] as const);
      out = e.submit(A, spec({ instrumentId: inst, side, price: px(inst, off), reduceOnly: r() < 0.2, timeInForce: tif, ...(tif === 'GTD' ? { expireTime: String(now + BigInt(1 + Math.floor(r() * 40))) } : {}) }), { now: (now += 1n) });
    } else if (k < 0.38) {
      const side = r() < 0.5 ? 'BUY' : 'SELL';
      const trig = px(inst, (side === 'BUY' ? 1 : -1) * r() * 0.003);
      const type = pick(['STOP_MARKET', 'STOP_LIMIT'] as const);
      out = e.submit(A, spec({ instrumentId: inst, side, orderType: type, triggerPrice: trig, ...(type === 'STOP_LIMIT' ? { price: trig } : {}), reduceOnly: r() < 0.3 }), { now: (now += 1n) });
    } else if (k < 0.43) {
      out = e.submit(A, spec({ instrumentId: inst, orderType: 'MARKET', reduceOnly: r() < 0.3 }), { now: (now += 1n) });
    } else if (k < 0.47) {
      const side = r() < 0.5 ? 'BUY' : 'SELL';
      const other = side === 'BUY' ? 'SELL' : 'BUY';
      const id = `L-${++cid}`;
      const list = [
        spec({ clientOrderId: `${id}-E`, instrumentId: inst, side, price: px(inst, (side === 'BUY' ? -1 : 1) * r() * 0.001), contingencyType: 'OTO', linkedOrderIds: [`${id}-SL`, `${id}-TP`] }),
        spec({ clientOrderId: `${id}-SL`, instrumentId: inst, side: other, orderType: 'STOP_MARKET', triggerPrice: px(inst, (side === 'BUY' ? -1 : 1) * 0.002), parentOrderId: `${id}-E`, contingencyType: 'OUO', linkedOrderIds: [`${id}-TP`], reduceOnly: true }),
        spec({ clientOrderId: `${id}-TP`, instrumentId: inst, side: other, price: px(inst, (side === 'BUY' ? 1 : -1) * 0.002), parentOrderId: `${id}-E`, contingencyType: 'OUO', linkedOrderIds: [`${id}-SL`], reduceOnly: true }),
      ];
      out = e.submitList(A, list, { now: (now += 1n), contingentAtVenue: true });
    } else if (k < 0.6) {
      mid[inst] = mid[inst]! * (1 + (r() - 0.5) * 0.004);
      out = quote(inst, r() < 0.7);
    } else if (k < 0.7) {
      // Another participant takes A's resting orders (a partial fill as often as not).
      out = e.submit(B, spec({ instrumentId: inst, orderType: 'MARKET', quantity: inst === AUD ? String(1 + Math.floor(r() * 200)) : '0.100' }), { now: (now += 1n) });
    } else if (k < 0.82) {
      const open = openOf(A);
      if (open.length === 0) continue;
      const o = pick(open);
      const changes = r() < 0.5 ? { quantity: (Number(o.quantity) * (0.5 + r())).toFixed(sizeDp[o.instrumentId]!) } : o.price !== undefined ? { price: px(o.instrumentId, (r() - 0.5) * 0.004) } : { quantity: o.quantity };
      out = e.modify(A, { venueOrderId: o.venueOrderId }, changes, { now: (now += 1n) });
    } else if (k < 0.92) {
      const open = openOf(A);
      if (open.length === 0) continue;
      out = e.cancel(A, { venueOrderId: pick(open).venueOrderId }, { now: (now += 1n) });
    } else {
      out = e.advanceTime((now += BigInt(1 + Math.floor(r() * 10))));
    }
    fills += out.filter((x) => x.accountId === A && x.event.event === 'OrderFilled').length;
    expect(view(e.fundsTally(A)), `step ${i}`).toEqual(view(e.fundsTally(A, { fromScratch: true })));
    checks++;
  }
  const resting = [...e.store.open.ofAccount(A)].filter(isOpen).length;
  return { checks, fills, resting };
}

describe('sandbox funds ledger: kept incrementally, always equal to a from-scratch sum', () => {
  it('NETTING margin account: 1,500 random steps, checked after each', () => {
    const r = walk({ omsType: 'NETTING', accountType: 'MARGIN' }, 17, 1500);
    expect(r.checks).toBeGreaterThan(1200);
    // The walk really exercised fills and a book of the account's own orders.
    expect(r.fills).toBeGreaterThan(100);
    expect(r.resting).toBeGreaterThan(10);
  });

  it('HEDGING margin account (orders grouped by the position they trade): 1,000 random steps', () => {
    const r = walk({ omsType: 'HEDGING', accountType: 'MARGIN', leverage: { [BTC]: 3 } }, 23, 1000);
    expect(r.checks).toBeGreaterThan(800);
    expect(r.fills).toBeGreaterThan(100);
  });

  it('CASH account (spot SELL commits the base asset): 1,500 random steps', () => {
    const r = walk({ omsType: 'NETTING', accountType: 'CASH' }, 5, 1500);
    expect(r.checks).toBeGreaterThan(1200);
    expect(r.fills).toBeGreaterThan(100);
  });

  it('a position that moves re-prices the orders that would reduce it (10 SELLs of 1 lock nothing while long 1,000)', () => {
    const e = new MatchingEngine(new InstrumentProvider(), [{ accountId: A, apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: { USD: '1000000' } }]);
    e.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 1n);
    for (let i = 0; i < 10; i++) e.submit(A, WireOrderSpec.parse({ clientOrderId: `S-${i}`, instrumentId: AUD, side: 'SELL', orderType: 'LIMIT', price: '1.20000', quantity: '1' }), { now: 2n });
    // 10 × 1 × 1.2 / 10 = 1.2, + fee 10 × 1.2 × 0.00002 = 0.00024
    expect(e.accountState(A, 3n).balances).toEqual([{ currency: 'USD', total: '1000000', locked: '1.20024', free: '999998.79976' }]);
    e.submit(A, WireOrderSpec.parse({ clientOrderId: 'M-1', instrumentId: AUD, side: 'BUY', orderType: 'MARKET', quantity: '1000' }), { now: 4n });
    const long = e.accountState(A, 5n).balances[0]!;
    // The position's margin (1000 × 1.0001 / 10 = 100.01); the SELLs would only reduce it.
    expect(long.locked).toBe('100.01');
    e.submit(A, WireOrderSpec.parse({ clientOrderId: 'M-2', instrumentId: AUD, side: 'SELL', orderType: 'MARKET', quantity: '1000' }), { now: 6n });
    expect(e.accountState(A, 7n).balances[0]!.locked).toBe('1.20024');
    expect(view(e.fundsTally(A))).toEqual(view(e.fundsTally(A, { fromScratch: true })));
  });
});
