import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/backtest/runner.js';
import { recordedBars as bars } from './recorded-bars.js';
import { Price } from '../../src/engine/core/decimal.js';
import { isEngineError } from '../../src/engine/core/errors.js';
import type { Bar } from '../../src/engine/model/market-data.js';
import { EmaCrossBracket } from '../../src/engine/strategy/examples/ema-cross-bracket.js';
import { Strategy } from '../../src/engine/strategy/strategy.js';


const BTC = 'BTCUSDT-PERP.SIM';
const BAR_TYPE = `${BTC}-1-MINUTE-LAST`;

/** Throws in onBar on the bars whose 1-based number is in `on`. */
class Thrower extends Strategy {
  seen = 0;
  constructor(private readonly on: readonly number[]) { super({}); }
  override onStart(): void { this.subscribeBars(BAR_TYPE); }
  override onBar(): void {
    this.seen += 1;
    if (this.on.includes(this.seen)) throw new Error(`bad bar ${this.seen}`);
  }
}

/** One MARKET buy on the first bar, then nothing. */
class BuyOnce extends Strategy {
  override onStart(): void { this.subscribeBars(BAR_TYPE); }
  override onBar(): void {
    if (this.cache.orders({ strategyId: this.id }).length > 0) return;
    this.submitOrder(this.orderFactory.market({ instrumentId: BTC, side: 'BUY', quantity: '0.010' }));
  }
}

/** A GTD limit far below the market on the first bar, expiring five minutes later. */
class GtdBid extends Strategy {
  override onStart(): void { this.subscribeBars(BAR_TYPE); }
  override onBar(bar: Bar): void {
    if (this.cache.orders({ strategyId: this.id }).length > 0) return;
    this.submitOrder(this.orderFactory.limit({ instrumentId: BTC, side: 'BUY', quantity: '0.010', price: '40000.0', timeInForce: 'GTD', expireTime: bar.tsEvent + 300_000_000_000n }));
  }
}

describe('backtest: the live strategy class over recorded bars', () => {
  const data = bars(600);

  it('runs EmaCrossBracket unchanged: orders, fills and round trips at the recorded times', { timeout: 60_000 }, async () => {
    const r = await backtest(new EmaCrossBracket({ manageContingentOrders: true }), { data });
    expect(r.events).toBe(600);
    expect(r.interrupted).toBe(false);
    expect(r.from?.ts).toBe('2021-12-31T23:01:00.000Z');
    expect(r.to?.ts).toBe(new Date(Number(data[599]!.tsEvent / 1_000_000n)).toISOString());
    expect(r.fills.length).toBeGreaterThan(10);
    // Every fill happened inside the recorded month, never at wall-clock time.
    for (const f of r.fills) expect(f.ts.startsWith('2021-12-31') || f.ts.startsWith('2022-01-01')).toBe(true);
    const entries = r.orders.filter((o) => o.contingency === 'OTO' && o.type === 'MARKET');
    expect(entries.length).toBeGreaterThan(3);
    expect(entries.every((o) => o.status === 'FILLED' && o.quantity === '0.010')).toBe(true);
    // A closed round trip pairs an entry with its bracket's exit.
    const closed = r.trades.filter((t) => t.closed);
    expect(closed.length).toBeGreaterThan(3);
    for (const t of closed) expect(t.exit).toBeDefined();
    expect(r.statistics.trades).toBe(closed.length);
    expect(r.statistics.currency).toBe('USDT');
    expect(Number(r.equity[0]!.equity)).toBe(100_000);
  });

  it('is deterministic: two runs give the same event log, orders, fills and statistics', { timeout: 60_000 }, async () => {
    const run = () => backtest(new EmaCrossBracket({ manageContingentOrders: true }), { data, recordEvents: true });
    const [a, b] = [await run(), await run()];
    expect(a.eventLog!.length).toBeGreaterThan(50);
    const { wallMs: _a, ...ra } = a;
    const { wallMs: _b, ...rb } = b;
    expect(JSON.stringify(rb)).toBe(JSON.stringify(ra));
  });

  it('records a throwing hook with the bar it happened on and goes on', async () => {
    const s = new Thrower([3, 5]);
    const r = await backtest(s, { data: data.slice(0, 10) });
    expect(r.events).toBe(10);
    expect(s.seen).toBe(10);
    expect(r.errors.map((e) => [e.hook, e.message, e.ts, e.dataKind, e.instrumentId])).toEqual([
      ['onBar', 'bad bar 3', '2021-12-31T23:03:00.000Z', 'bar', BTC],
      ['onBar', 'bad bar 5', '2021-12-31T23:05:00.000Z', 'bar', BTC],
    ]);
    expect(r.interrupted).toBe(false);
  });

  it('stops at the first throwing hook with stopOnError', async () => {
    const r = await backtest(new Thrower([3]), { data: data.slice(0, 10), stopOnError: true });
    expect(r.events).toBe(3);
    expect(r.interrupted).toBe(true);
    expect(r.errors).toHaveLength(1);
  });

  it('an abort stops at the next data point and returns what ran', async () => {
    const ac = new AbortController();
    class StopAfter20 extends Thrower {
      override onBar(): void {
        super.onBar();
        if (this.seen === 20) ac.abort();
      }
    }
    const r = await backtest(new StopAfter20([]), { data, signal: ac.signal });
    expect(r.interrupted).toBe(true);
    expect(r.events).toBe(20);
    expect(r.to?.ts).toBe('2021-12-31T23:20:00.000Z');
  });

  it('latency in simulated time delays the fill by exactly that much', async () => {
    const now = await backtest(new BuyOnce({}), { data: data.slice(0, 5) });
    const later = await backtest(new BuyOnce({}), { data: data.slice(0, 5), venue: { latencyMs: 30_000 } });
    expect(now.fills).toHaveLength(1);
    expect(later.fills).toHaveLength(1);
    expect(BigInt(later.fills[0]!.tsNs) - BigInt(now.fills[0]!.tsNs)).toBe(30_000_000_000n);
    // The bar's close quote filled the first; 30 s later the next bar's path had moved on.
    expect(now.fills[0]!.price).toBe(data[0]!.close.add(Price.from('0.1')).toString());
  });

  it('a GTD order expires at its time in simulated time', async () => {
    const r = await backtest(new GtdBid({}), { data: data.slice(0, 10) });
    expect(r.orders).toHaveLength(1);
    expect(r.orders[0]!.status).toBe('EXPIRED');
    expect(r.fills).toHaveLength(0);
  });

  it('venue options: balances, fees and the account type reach the run', async () => {
    const r = await backtest(new BuyOnce({}), { data: data.slice(0, 3), venue: { balances: { USDT: '5000' }, fees: { taker: '0.001' }, accountType: 'MARGIN' } });
    const f = r.fills[0]!;
    expect(r.statistics.startingEquity).toBe('5000');
    // 0.010 BTC × price × 0.1 %.
    expect(Number(f.commission)).toBeCloseTo(Number(f.price) * 0.01 * 0.001, 10);
  });

  it('refuses bad input with a clear error and runs nothing', async () => {
    const fail = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
      try {
        await p;
      } catch (e) {
        if (isEngineError(e)) return { code: e.code, message: e.message };
        throw e;
      }
      throw new Error('expected a rejection');
    };
    const unknownKey = await fail(backtest(new BuyOnce({}), { data, speed: 3 } as never));
    expect(unknownKey.code).toBe('BACKTEST_OPTIONS_INVALID');
    expect(unknownKey.message).toMatch(/speed/);
    const cls = await fail(backtest(BuyOnce as never, { data }));
    expect(cls).toEqual({ code: 'BACKTEST_STRATEGY_INVALID', message: expect.stringMatching(/the class BuyOnce itself \(pass an instance\)/) });
    const badFrom = await fail(backtest(new BuyOnce({}), { data, from: 'yesterday-ish' }));
    expect(badFrom.message).toMatch(/expected from as a Date, an ISO time or ns since the epoch, received 'yesterday-ish'/);
    const empty = await fail(backtest(new BuyOnce({}), { data, from: '2030-01-01T00:00:00Z' }));
    expect(empty.message).toMatch(/at least one point between from and to/);
  });
});
