import type { BacktestResult, BacktestStatistics } from './result-types.js';
import { computeStatistics } from './statistics.js';

/** The statistics of a finished run, over its own span (start to the last data point). */
export function resultStatistics(r: Omit<BacktestResult, 'statistics'>, currency: string, startingEquity: string): BacktestStatistics {
  return computeStatistics({
    equity: r.equity, trades: r.trades, fills: r.fills, startingEquity, currency,
    ...(r.from !== undefined ? { start: r.from } : {}), ...(r.to !== undefined ? { end: r.to } : {}),
  });
}
