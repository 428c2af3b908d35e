/**
 * The statistics read from the round trips and fills: win rate, profit factor, average win / loss,
 * commissions and exposure time. Money stays exact (keel's decimals); ratios are numbers.
 */
import { Decimal } from '../engine/core/decimal.js';
import type { BacktestFill, BacktestTrade } from './result-types.js';
import { ratio } from './statistics-equity.js';

export interface TradeStatistics {
  readonly trades: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly averageWin: string | null;
  readonly averageLoss: string | null;
}

/** Money figures are shown with at least cents. */
const MIN_MONEY_PRECISION = 2;

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((s, v) => s.add(v), Decimal.zero(MIN_MONEY_PRECISION));
}

/** The mean of `values` at their sum's precision, rounded half away from zero; null when empty. */
function average(values: readonly Decimal[]): string | null {
  if (values.length === 0) return null;
  const total = sum(values);
  return total.div(values.length, total.precision).toString();
}

/**
 * Over CLOSED trades only (an open one has no outcome yet): a win has realized PnL (net of its
 * commissions) > 0, a loss < 0; a trade at exactly 0 counts in the win rate's denominator only.
 * Profit factor = gross wins / |gross losses|; null when there are no closed trades or no losses (JSON
 * has no Infinity, and a sweep must not rank a single lucky trade above everything).
 */
export function tradeStatistics(trades: readonly BacktestTrade[]): TradeStatistics {
  const closed = trades.filter((t) => t.closed);
  const pnls = closed.map((t) => Decimal.from(t.realizedPnl));
  const wins = pnls.filter((p) => p.isPositive());
  const losses = pnls.filter((p) => p.isNegative());
  const grossLoss = sum(losses).abs();
  return {
    trades: closed.length,
    winRate: closed.length === 0 ? null : wins.length / closed.length,
    profitFactor: losses.length === 0 ? null : ratio(sum(wins), grossLoss),
    averageWin: average(wins),
    averageLoss: average(losses),
  };
}

/** Commissions of the fills charged in `currency` (others cannot be added to it without a rate). */
export function totalCommissions(fills: readonly BacktestFill[], currency: string): string {
  return sum(fills.filter((f) => f.commissionCurrency === currency).map((f) => Decimal.from(f.commission))).toString();
}

/**
 * Fraction of [startNs, endNs] during which any position was open: the union of every trade's
 * [entry, exit] (an open trade runs to the end), clipped to the run; 0 for a run of no duration.
 */
export function exposureTime(trades: readonly BacktestTrade[], startNs: bigint, endNs: bigint): number {
  if (endNs <= startNs) return 0;
  const spans = trades
    .map((t) => {
      const from = BigInt(t.entry.tsNs);
      const to = t.exit === undefined ? endNs : BigInt(t.exit.tsNs);
      return [from < startNs ? startNs : from, to > endNs ? endNs : to] as const;
    })
    .filter(([a, b]) => b > a)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let covered = 0n;
  let curFrom = -1n;
  let curTo = -1n;
  for (const [a, b] of spans) {
    if (a > curTo) {
      covered += curTo - curFrom;
      curFrom = a;
      curTo = b;
    } else if (b > curTo) {
      curTo = b;
    }
  }
  covered += curTo - curFrom;
  return Number(covered) / Number(endNs - startNs);
}
