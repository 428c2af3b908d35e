import { Decimal } from '../engine/core/decimal.js';
import type { BacktestResult, BacktestStatistics } from './result-types.js';

/** Interim: the figures that need no statistics module (the statistics module computes the full set). */
export function resultStatistics(r: Omit<BacktestResult, 'statistics'>, currency: string, startingEquity: string): BacktestStatistics {
  const end = r.equity.length > 0 ? r.equity[r.equity.length - 1]!.equity : startingEquity;
  const start = Decimal.from(startingEquity);
  const pnl = Decimal.from(end).sub(start);
  const commissions = r.fills.reduce((sum, f) => (f.commissionCurrency === currency ? sum.add(Decimal.from(f.commission)) : sum), Decimal.zero());
  const closed = r.trades.filter((t) => t.closed);
  return {
    currency, startingEquity, endingEquity: end,
    totalReturn: start.isZero() ? 0 : Number(pnl.toString()) / Number(start.toString()),
    annualizedReturn: null, pnlNet: pnl.toString(), sharpe: null, sortino: null, maxDrawdown: 0, maxDrawdownDurationMs: 0,
    winRate: null, profitFactor: null, averageWin: null, averageLoss: null, trades: closed.length,
    commissions: commissions.toString(), exposureTime: 0,
  };
}
