/**
 * The tables an export writes, one column list each: what CSV's header and Parquet's schema both read,
 * so the two formats never disagree. Decimals stay exact text (a double would round them); the exact
 * time is an INT64 of nanoseconds in Parquet and its digits in CSV; absent optional fields are empty / null.
 */
import type { BacktestFill, BacktestOrder, BacktestResult, BacktestTrade, EquitySample } from './result-types.js';

export type Cell = string | bigint | boolean | undefined;

export interface ColumnSpec<R> {
  readonly name: string;
  readonly type: 'STRING' | 'INT64' | 'BOOLEAN';
  readonly get: (row: R) => Cell;
}

export interface TableSpec<R> {
  readonly name: 'orders' | 'fills' | 'trades' | 'equity';
  readonly columns: readonly ColumnSpec<R>[];
  readonly rows: (result: BacktestResult) => readonly R[];
}

const str = <R>(name: string, get: (row: R) => string | undefined): ColumnSpec<R> => ({ name, type: 'STRING', get });
const ns = <R>(name: string, get: (row: R) => string | undefined): ColumnSpec<R> => ({
  name, type: 'INT64', get: (row) => {
    const v = get(row);
    return v === undefined ? undefined : BigInt(v);
  },
});

const ORDERS: TableSpec<BacktestOrder> = {
  name: 'orders',
  rows: (r) => r.orders,
  columns: [
    str('ts', (o) => o.ts), ns('ts_ns', (o) => o.tsNs), str('client_order_id', (o) => o.clientOrderId), str('venue_order_id', (o) => o.venueOrderId),
    str('strategy_id', (o) => o.strategyId), str('instrument_id', (o) => o.instrumentId), str('side', (o) => o.side), str('type', (o) => o.type),
    str('quantity', (o) => o.quantity), str('price', (o) => o.price), str('trigger_price', (o) => o.triggerPrice), str('status', (o) => o.status),
    str('filled_qty', (o) => o.filledQty), str('avg_px', (o) => o.avgPx), str('time_in_force', (o) => o.timeInForce),
    str('order_list_id', (o) => o.orderListId), str('contingency', (o) => o.contingency),
  ],
};

const FILLS: TableSpec<BacktestFill> = {
  name: 'fills',
  rows: (r) => r.fills,
  columns: [
    str('ts', (f) => f.ts), ns('ts_ns', (f) => f.tsNs), str('client_order_id', (f) => f.clientOrderId), str('trade_id', (f) => f.tradeId),
    str('strategy_id', (f) => f.strategyId), str('instrument_id', (f) => f.instrumentId), str('position_id', (f) => f.positionId),
    str('side', (f) => f.side), str('order_type', (f) => f.orderType), str('quantity', (f) => f.quantity), str('price', (f) => f.price),
    str('commission', (f) => f.commission), str('commission_currency', (f) => f.commissionCurrency), str('liquidity_side', (f) => f.liquiditySide),
  ],
};

const TRADES: TableSpec<BacktestTrade> = {
  name: 'trades',
  rows: (r) => r.trades,
  columns: [
    str('position_id', (t) => t.positionId), str('strategy_id', (t) => t.strategyId), str('instrument_id', (t) => t.instrumentId),
    str('side', (t) => t.side), str('peak_quantity', (t) => t.peakQuantity), str('entry_ts', (t) => t.entry.ts), ns('entry_ts_ns', (t) => t.entry.tsNs),
    str('exit_ts', (t) => t.exit?.ts), ns('exit_ts_ns', (t) => t.exit?.tsNs), str('avg_px_open', (t) => t.avgPxOpen), str('avg_px_close', (t) => t.avgPxClose),
    str('realized_pnl', (t) => t.realizedPnl), str('commissions', (t) => t.commissions), str('currency', (t) => t.currency),
    { name: 'closed', type: 'BOOLEAN', get: (t) => t.closed },
  ],
};

const EQUITY: TableSpec<EquitySample> = {
  name: 'equity',
  rows: (r) => r.equity,
  columns: [str('ts', (e) => e.ts), ns('ts_ns', (e) => e.tsNs), str('equity', (e) => e.equity)],
};

export const TABLES = [ORDERS, FILLS, TRADES, EQUITY] as unknown as readonly TableSpec<unknown>[];

/** One CSV field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(cell: Cell): string {
  if (cell === undefined) return '';
  const s = String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<R>(table: TableSpec<R>, rows: readonly R[]): string {
  const lines = [table.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(table.columns.map((c) => csvField(c.get(row))).join(','));
  return `${lines.join('\n')}\n`;
}
