import { performance } from 'node:perf_hooks';
import { backtest } from '../src/backtest/index.js';
import type { BacktestResult } from '../src/backtest/result-types.js';
import { btcPerpBarsPath, readBarsCsv } from '../src/engine/data/bar-loader.js';
import { eurUsdQuotesPath, readQuotesCsv } from '../src/engine/data/quote-loader.js';
import { Quantity } from '../src/engine/core/decimal.js';
import type { Bar, QuoteTick } from '../src/engine/model/market-data.js';
import { Ema, EmaCrossBracket } from '../src/engine/strategy/examples/ema-cross-bracket.js';
import { Strategy } from '../src/engine/strategy/strategy.js';

/**
 * The backtest scenarios bench/backtest.bench.ts times and `npm run profile:backtest` profiles: the
 * recorded EUR/USD quotes and BTC-perp bars (read from their CSV files, as a user's backtest would),
 * delivered to strategies that compute an EMA, with and without orders; and the bare-loop ceiling that
 * parses the same rows and calls the same Ema class.
 */
export const EURUSD = 'EURUSD.SIM';
export const BTC = 'BTCUSDT-PERP.SIM';
export const BTC_BAR_TYPE = `${BTC}-1-MINUTE-LAST`;
export const quotesPath = eurUsdQuotesPath();
export const barsPath = btcPerpBarsPath();

/** Subscribes to EUR/USD quotes and BTC bars and keeps an EMA of each: data only, no orders. */
export class EmaWatcher extends Strategy {
  readonly quoteEma = new Ema(20);
  readonly barEma = new Ema(20);
  quotes = 0;
  bars = 0;
  override onStart(): void {
    this.subscribeQuotes(EURUSD);
    this.subscribeBars(BTC_BAR_TYPE);
  }
  override onQuote(q: QuoteTick): void {
    this.quotes += 1;
    this.quoteEma.update((q.bid.toNumber() + q.ask.toNumber()) / 2);
  }
  override onBar(b: Bar): void {
    this.bars += 1;
    this.barEma.update(b.close.toNumber());
  }
}

const QTY = Quantity.from('1000');

/** A MARKET order on every EUR/USD quote, sides alternating (so the NETTING position stays small). */
export class MarketOnEveryQuote extends Strategy {
  filled = 0;
  private n = 0;
  override onStart(): void { this.subscribeQuotes(EURUSD); }
  override onQuote(): void {
    this.submitOrder(this.orderFactory.market({ instrumentId: EURUSD, side: (this.n++ & 1) === 0 ? 'BUY' : 'SELL', quantity: QTY }));
  }
  override onOrderFilled(): void { this.filled += 1; }
}

const quiet = { progress: false } as const;

/** Data-only: both recorded files through the backtest; returns the result and the strategy's counts. */
export async function dataOnly(): Promise<{ result: BacktestResult; delivered: number; ms: number }> {
  const s = new EmaWatcher({});
  const t = performance.now();
  const result = await backtest(s, { data: [barsPath, quotesPath], ...quiet });
  return { result, delivered: s.quotes + s.bars, ms: performance.now() - t };
}

/** The ceiling: parse the same rows (the same row parsers) and call the same Ema, nothing else. */
export function dataOnlyCeiling(): { delivered: number; ms: number; check: number } {
  const t = performance.now();
  const qe = new Ema(20);
  const be = new Ema(20);
  let n = 0;
  for (const q of readQuotesCsv(quotesPath)) { qe.update((q.bid.toNumber() + q.ask.toNumber()) / 2); n += 1; }
  for (const b of readBarsCsv(barsPath)) { be.update(b.close.toNumber()); n += 1; }
  return { delivered: n, ms: performance.now() - t, check: (qe.current ?? 0) + (be.current ?? 0) };
}

/** With orders: a MARKET order per recorded EUR/USD quote; lifecycles = fills the strategy saw. */
export async function withOrders(): Promise<{ result: BacktestResult; lifecycles: number; ms: number }> {
  const s = new MarketOnEveryQuote({});
  const t = performance.now();
  const result = await backtest(s, { data: quotesPath, venue: { balances: { USD: '1000000000' } }, ...quiet });
  return { result, lifecycles: s.filled, ms: performance.now() - t };
}

/** The full recorded BTC month through the demo EmaCrossBracket. */
export async function btcMonth(params: Record<string, unknown> = {}): Promise<{ result: BacktestResult; ms: number }> {
  const t = performance.now();
  const result = await backtest(new EmaCrossBracket({ manageContingentOrders: true, params }), { data: barsPath, ...quiet });
  return { result, ms: performance.now() - t };
}

export const SWEEP_GRID = { fastPeriod: [5, 10], slowPeriod: [20, 50] } as const;

/** The 4-point sweep over the BTC month: on `workers` threads (0: one after another in this thread). */
export async function sweep4(workers: number): Promise<{ ms: number; rows: number; totals: string[] }> {
  const t = performance.now();
  const r = await backtest.sweep(EmaCrossBracket, { grid: SWEEP_GRID, config: { manageContingentOrders: true }, data: barsPath, workers });
  return { ms: performance.now() - t, rows: r.rows.length, totals: r.rows.map((row) => `${JSON.stringify(row.params)}=${String(row.statistics.totalReturn)}`).sort() };
}
