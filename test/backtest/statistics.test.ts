import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/backtest/statistics.js';
import { isEngineError } from '../../src/engine/index.js';
import { at, END, equity, fills, START, trades } from './fixtures.js';

const base = { equity, trades, fills, startingEquity: '10000', currency: 'USD', start: START, end: END };

describe('computeStatistics: the fixed three-day data set, against hand-computed values', () => {
  const s = computeStatistics(base);

  it('returns and PnL', () => {
    expect(s.startingEquity).toBe('10000');
    expect(s.endingEquity).toBe('10198.98');
    // 10198.98 / 10000 - 1
    expect(s.totalReturn).toBeCloseTo(0.019898, 12);
    // run = 71 h = 71/8760 years; 1.019898^(8760/71) - 1 = 10.36928122...
    expect(s.annualizedReturn).toBeCloseTo(10.369281224, 6);
    // 10198.98 - 10000, exact
    expect(s.pnlNet).toBe('198.98');
  });

  it('Sharpe and Sortino from daily returns resampled to UTC day ends', () => {
    // day closes: 10100 (01-01), 9999 (01-02: last sample before midnight), 10198.98 (01-03)
    // returns: 10100/10000-1 = 0.01; 9999/10100-1 = -0.01; 10198.98/9999-1 = 0.02
    // mean = 0.02/3 = 0.0066667; sample sd = sqrt(((1/300)^2 + (-1/60)^2 + (2/150)^2)/2) = 0.0152753
    // sharpe = 0.0066667/0.0152753 * sqrt(365) = 0.4364358 * 19.1049732 = 8.3380939
    expect(s.sharpe).toBeCloseTo(8.338093878, 6);
    // downside dev = sqrt(0.01^2 / 3) = 0.0057735; sortino = 0.0066667/0.0057735 * sqrt(365) = 22.0605228
    expect(s.sortino).toBeCloseTo(22.06052281, 6);
  });

  it('maximum drawdown and its duration (never recovered: runs to the end)', () => {
    // peak 10300 at 01-02T06:00, trough 9999: (10300 - 9999) / 10300 = 301/10300
    expect(s.maxDrawdown).toBeCloseTo(0.0292233, 7);
    // 01-02T06:00 → 01-03T23:00 (end) = 41 h
    expect(s.maxDrawdownDurationMs).toBe(41 * 3_600_000);
  });

  it('trades: closed round trips only', () => {
    // closed: +120.50, -40.25, +80.00 (P-4 is still open)
    expect(s.trades).toBe(3);
    expect(s.winRate).toBeCloseTo(2 / 3, 12);
    // (120.50 + 80.00) / 40.25 = 4.98136646
    expect(s.profitFactor).toBeCloseTo(4.98136646, 8);
    expect(s.averageWin).toBe('100.25'); // 200.50 / 2
    expect(s.averageLoss).toBe('-40.25');
  });

  it('commissions in the currency and exposure time', () => {
    // 0.75 + 0.75 + 0.5 + 0.5 + 0.25 (the BNB fill is another currency)
    expect(s.commissions).toBe('2.75');
    // open: 01-01 02:00-10:00 (8 h) ∪ 01-02 00:00-20:00 (P-2 and P-3 overlap: 20 h) ∪ 01-03 12:00-23:00 (11 h) = 39 h of 71 h
    expect(s.exposureTime).toBeCloseTo(39 / 71, 9);
    expect(s.currency).toBe('USD');
  });
});

describe('computeStatistics: edge cases', () => {
  it('no trades: the trade figures are null, no exposure, no commissions', () => {
    const s = computeStatistics({ ...base, trades: [], fills: [], equity: [{ ...at(5), equity: '10000' }], end: at(6) });
    expect([s.trades, s.winRate, s.profitFactor, s.averageWin, s.averageLoss]).toEqual([0, null, null, null, null]);
    expect(s.exposureTime).toBe(0);
    expect(s.commissions).toBe('0.00');
    expect(s.totalReturn).toBe(0);
    expect(s.maxDrawdown).toBe(0);
    expect(s.maxDrawdownDurationMs).toBe(0);
  });

  it('all wins: win rate 1, profit factor null (no losing trade), average loss null', () => {
    const wins = trades.filter((t) => t.realizedPnl !== '-40.25');
    const s = computeStatistics({ ...base, trades: wins });
    expect(s.trades).toBe(2);
    expect(s.winRate).toBe(1);
    expect(s.profitFactor).toBeNull();
    expect(s.averageWin).toBe('100.25');
    expect(s.averageLoss).toBeNull();
  });

  it('one day only: one daily return, so Sharpe and Sortino are null', () => {
    // 2024-01-01 00:00 → 06:00: 10000 → 10050 (06:00) → one day's return 0.005
    const s = computeStatistics({ ...base, trades: [], fills: [], equity: [{ ...at(3), equity: '9950' }, { ...at(6), equity: '10050' }], end: at(6) });
    expect(s.sharpe).toBeNull();
    expect(s.sortino).toBeNull();
    expect(s.totalReturn).toBeCloseTo(0.005, 12);
    // 6 h = 6/8760 years: 1.005^(1460) - 1
    expect(s.annualizedReturn).toBeCloseTo(1.005 ** 1460 - 1, 6);
    // from 10000 at 00:00 down to 9950 at 03:00 (0.5 %), regained at 06:00: 6 h
    expect(s.maxDrawdown).toBeCloseTo(0.005, 12);
    expect(s.maxDrawdownDurationMs).toBe(6 * 3_600_000);
  });

  it('a drawdown that recovers: the duration ends when the peak is regained', () => {
    // 10000 (00:00) → 11000 (01:00, peak) → 9900 (02:00: -10 %) → 11000 (05:00, regained) → 11500 (10:00)
    const s = computeStatistics({
      ...base, trades: [], fills: [], end: at(10),
      equity: [{ ...at(1), equity: '11000' }, { ...at(2), equity: '9900' }, { ...at(5), equity: '11000' }, { ...at(10), equity: '11500' }],
    });
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(s.maxDrawdownDurationMs).toBe(4 * 3_600_000);
    expect(s.sortino).toBeNull(); // one day, and no losing day
  });

  it('a flat day in between counts as a 0 return (crypto trades every day)', () => {
    // closes: 01-01 10100, 01-02 (no sample) 10100, 01-03 10201 → returns 0.01, 0, 0.01
    // mean 0.02/3, sd = sqrt(((1/300)^2 * 2 + (2/300)^2)/2) = 0.0057735; sharpe = 1.1547005 * sqrt(365) = 22.0605228
    const s = computeStatistics({ ...base, trades: [], fills: [], equity: [{ ...at(12), equity: '10100' }, { ...at(60), equity: '10201' }] });
    expect(s.sharpe).toBeCloseTo(22.06052281, 6);
    expect(s.sortino).toBeNull();
  });

  it('daysPerYear changes the annualisation: √252 instead of √365', () => {
    const s = computeStatistics({ ...base, daysPerYear: 252 });
    expect(s.sharpe).toBeCloseTo(8.338093878 * Math.sqrt(252 / 365), 6);
  });

  it('bad input: a non-positive starting equity, an end before the start, both with a code and nothing computed', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isEngineError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return undefined;
    };
    expect(codeOf(() => computeStatistics({ ...base, startingEquity: '0' }))).toBe(
      'STATISTICS_INPUT_INVALID: statistics: expected a positive starting equity, received 0',
    );
    expect(codeOf(() => computeStatistics({ ...base, start: END, end: START }))).toMatch(/^STATISTICS_INPUT_INVALID: statistics: expected the run's end at or after its start/);
  });
});
