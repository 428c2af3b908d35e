/** A small fixed backtest (three UTC days of 2024-01) whose statistics are computed by hand in statistics.test.ts. */
import type { BacktestFill, BacktestResult, BacktestTrade, EquitySample, SimTime } from '../../src/backtest/result-types.js';

const T0 = Date.UTC(2024, 0, 1); // 2024-01-01T00:00:00Z
const HOUR = 3_600_000;

/** Simulated time `hours` after 2024-01-01T00:00Z. */
export function at(hours: number): SimTime {
  const ms = T0 + hours * HOUR;
  return { ts: new Date(ms).toISOString(), tsNs: (BigInt(ms) * 1_000_000n).toString() };
}

export const START = at(0);
/** 2024-01-03T23:00Z: 71 hours after the start. */
export const END = at(71);

export const equity: EquitySample[] = [
  { ...at(12), equity: '10100' }, // day 1 close 10100
  { ...at(30), equity: '10300' }, // 2024-01-02T06:00, the peak
  { ...at(42), equity: '9999' }, // 2024-01-02T18:00, day 2 close
  { ...at(66), equity: '10198.98' }, // 2024-01-03T18:00, day 3 close; the peak is never regained
];

function trade(id: string, instrumentId: string, side: 'LONG' | 'SHORT', entryH: number, exitH: number | undefined, pnl: string, commissions: string): BacktestTrade {
  return {
    positionId: id, strategyId: 'EmaCross-001', instrumentId, side, peakQuantity: '1',
    entry: at(entryH), ...(exitH === undefined ? {} : { exit: at(exitH), avgPxClose: '101' }),
    avgPxOpen: '100', realizedPnl: pnl, commissions, currency: 'USD', closed: exitH !== undefined,
  };
}

export const trades: BacktestTrade[] = [
  trade('P-1', 'BTCUSDT-PERP.SIM', 'LONG', 2, 10, '120.50', '1.50'),
  trade('P-2', 'ETHUSDT-PERP.SIM', 'SHORT', 24, 36, '-40.25', '1.00'),
  trade('P-3', 'BTCUSDT-PERP.SIM', 'LONG', 30, 44, '80.00', '0.25'),
  trade('P-4', 'BTCUSDT-PERP.SIM', 'LONG', 60, undefined, '0', '0'),
];

function fill(n: number, h: number, side: 'BUY' | 'SELL', price: string, commission: string, currency = 'USD'): BacktestFill {
  return {
    ...at(h), clientOrderId: `O-${n}`, tradeId: `T-${n}`, strategyId: 'EmaCross-001', instrumentId: 'BTCUSDT-PERP.SIM',
    positionId: 'P-1', side, orderType: 'MARKET', quantity: '1', price, commission, commissionCurrency: currency, liquiditySide: 'TAKER',
  };
}

export const fills: BacktestFill[] = [
  fill(1, 2, 'BUY', '100', '0.75'),
  fill(2, 10, 'SELL', '101', '0.75'),
  fill(3, 30, 'BUY', '100.5', '0.5'),
  fill(4, 44, 'SELL', '102', '0.5'),
  fill(5, 60, 'BUY', '101.25', '0.25'),
  fill(6, 60, 'BUY', '101.25', '0.01', 'BNB'),
];

/** A whole result around the fixture (statistics filled in by the caller). */
export function resultWith(statistics: BacktestResult['statistics']): BacktestResult {
  return {
    kind: 'backtest-result',
    strategies: [{ id: 'EmaCross-001', className: 'EmaCross', params: { fast: 10, slow: 20 } }],
    venue: 'SIM', from: START, to: END, events: 4260, skippedRows: 0,
    orders: fills.slice(0, 5).map((f) => ({
      ...at(0), ts: f.ts, tsNs: f.tsNs, clientOrderId: f.clientOrderId, strategyId: f.strategyId, instrumentId: f.instrumentId,
      side: f.side, type: 'MARKET', quantity: '1', status: 'FILLED', filledQty: '1', avgPx: f.price, timeInForce: 'GTC',
    })),
    fills: fills.slice(0, 5), trades, equity,
    prices: { 'BTCUSDT-PERP.SIM': [0, 2, 10, 20, 30, 44, 60, 71].map((h, i) => ({ ...at(h), price: String(100 + i * 0.5) })) },
    statistics, errors: [], warnings: [], interrupted: false, wallMs: 12,
  };
}
