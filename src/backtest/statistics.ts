/**
 * `computeStatistics(input)`: a backtest's figures from its equity samples, round trips and fills. Every
 * statistic, precisely (returns are fractions: 0.05 = 5 %):
 *
 * - `endingEquity`: the last equity sample (the starting equity when there is none).
 * - `totalReturn` = endingEquity / startingEquity − 1.
 * - `annualizedReturn` = (1 + totalReturn)^(1 / years) − 1 with years = (end − start) / (daysPerYear days);
 *   null for a run of no duration or when equity ended at or below zero.
 * - `pnlNet` = endingEquity − startingEquity, exact: realized and unrealized PnL after commissions and fees
 *   (equity is already net of them).
 * - `sharpe`, `sortino`: from DAILY returns of equity resampled to UTC day ends (statistics-equity.ts: last
 *   sample of each UTC day from the start's day to the end's, carried over empty days; the first return is
 *   against the starting equity), risk-free rate 0, annualised by √daysPerYear (default 365: crypto trades
 *   every day; 252 for a weekday market). Sharpe = mean / sample standard deviation (n − 1); Sortino =
 *   mean / √(Σ min(r, 0)² / n). null below two daily returns, or at zero deviation (no negative day, for
 *   Sortino).
 * - `maxDrawdown`: the largest (running peak − equity) / running peak over the starting equity (at the
 *   start) and every sample; `maxDrawdownDurationMs`: the longest time from a peak until equity is back at
 *   or above it, or until the end of the run when it never is.
 * - `trades`, `winRate`, `profitFactor`, `averageWin`, `averageLoss`: over CLOSED round trips
 *   (statistics-trades.ts); null when undefined; profit factor null (not Infinity) with no losing trade.
 * - `commissions`: the sum of the fills' commissions in `currency`, exact.
 * - `exposureTime`: fraction of [start, end] with at least one position open.
 */
import { Decimal } from '../engine/core/decimal.js';
import { EngineError } from '../engine/core/errors.js';
import type { BacktestFill, BacktestStatistics, BacktestTrade, EquitySample, SimTime } from './result-types.js';
import { dailyCloses, dailyReturns, drawdown, NS_PER_DAY, NS_PER_MS, ratio, sharpeRatio, sortinoRatio, type EquityPoint } from './statistics-equity.js';
import { exposureTime, totalCommissions, tradeStatistics } from './statistics-trades.js';

export interface StatisticsInput {
  readonly equity: readonly EquitySample[];
  readonly trades: readonly BacktestTrade[];
  readonly fills: readonly BacktestFill[];
  /** The account's equity before the first data point, as an exact decimal string. */
  readonly startingEquity: string;
  readonly currency: string;
  /** The run's simulated start and end (default: the first and last equity sample). */
  readonly start?: SimTime;
  readonly end?: SimTime;
  /** Days in a year for annualising (default 365). */
  readonly daysPerYear?: number;
}

export const DEFAULT_DAYS_PER_YEAR = 365;

function invalid(message: string, details: Record<string, unknown>): EngineError {
  return new EngineError('STATISTICS_INPUT_INVALID', message, details);
}

export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const daysPerYear = input.daysPerYear ?? DEFAULT_DAYS_PER_YEAR;
  if (!(daysPerYear > 0) || !Number.isFinite(daysPerYear)) {
    throw invalid(`statistics: expected daysPerYear to be a positive number, received ${String(daysPerYear)}`, { received: String(daysPerYear) });
  }
  const starting = Decimal.from(input.startingEquity);
  if (!starting.isPositive()) {
    throw invalid(`statistics: expected a positive starting equity, received ${input.startingEquity}`, { received: input.startingEquity });
  }
  const samples: EquityPoint[] = input.equity.map((s) => ({ tsNs: BigInt(s.tsNs), equity: Decimal.from(s.equity) }));
  const startNs = input.start !== undefined ? BigInt(input.start.tsNs) : (samples[0]?.tsNs ?? 0n);
  const endNs = input.end !== undefined ? BigInt(input.end.tsNs) : (samples.at(-1)?.tsNs ?? startNs);
  if (endNs < startNs) {
    throw invalid(`statistics: expected the run's end at or after its start, received start ${startNs} ns and end ${endNs} ns`, {
      start: startNs.toString(),
      end: endNs.toString(),
    });
  }
  const ending = samples.at(-1)?.equity ?? starting;
  const growth = ratio(ending, starting);
  const years = Number(((endNs - startNs) * 1_000n) / NS_PER_MS) / 1_000 / (daysPerYear * Number(NS_PER_DAY / NS_PER_MS));
  const returns = dailyReturns(dailyCloses(samples, startNs, endNs, starting), starting);
  const dd = drawdown([{ tsNs: startNs, equity: starting }, ...samples], endNs);
  return {
    currency: input.currency,
    startingEquity: starting.toString(),
    endingEquity: ending.toString(),
    totalReturn: growth - 1,
    annualizedReturn: years > 0 && growth > 0 ? growth ** (1 / years) - 1 : null,
    pnlNet: ending.sub(starting).toString(),
    sharpe: sharpeRatio(returns, daysPerYear),
    sortino: sortinoRatio(returns, daysPerYear),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationMs: dd.maxDrawdownDurationMs,
    ...tradeStatistics(input.trades),
    commissions: totalCommissions(input.fills, input.currency),
    exposureTime: exposureTime(input.trades, startNs, endNs),
  };
}
