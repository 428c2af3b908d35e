/**
 * What a backtest returns: plain data (decimals as strings, times as ISO text plus exact nanoseconds as
 * a decimal string), so `application/json`, CSV, Parquet and the display layer all read the same thing
 * and two runs can be compared field by field. The runner (runner.ts) fills it; statistics.ts computes
 * `statistics` from `equity`, `trades` and `fills`; the kernel's display renders it.
 */

/** A point in simulated time: ISO 8601 (UTC, millisecond text) and the exact nanoseconds. */
export interface SimTime {
  readonly ts: string;
  readonly tsNs: string;
}

/** One order as it ended (or stood when the run stopped). */
export interface BacktestOrder extends SimTime {
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly quantity: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly status: string;
  readonly filledQty: string;
  readonly avgPx?: string;
  readonly timeInForce: string;
  /** Order list / contingency, when it has one. */
  readonly orderListId?: string;
  readonly contingency?: string;
}

/** One fill, in the order fills happened. `ts` is the simulated time of the fill. */
export interface BacktestFill extends SimTime {
  readonly clientOrderId: string;
  readonly tradeId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly positionId?: string;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: string;
  readonly quantity: string;
  readonly price: string;
  readonly commission: string;
  readonly commissionCurrency: string;
  readonly liquiditySide: string;
}

/** A round trip: a position from open to flat (or still open at the end, `closed: false`). */
export interface BacktestTrade {
  readonly positionId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: 'LONG' | 'SHORT';
  /** The largest absolute quantity the position reached. */
  readonly peakQuantity: string;
  readonly entry: SimTime;
  readonly exit?: SimTime;
  readonly avgPxOpen: string;
  readonly avgPxClose?: string;
  /** Realized PnL net of the commissions charged on its fills, in `currency`. */
  readonly realizedPnl: string;
  readonly commissions: string;
  readonly currency: string;
  readonly closed: boolean;
}

/** The account's equity (total balances plus unrealized PnL at the last price, in the base currency) over time. */
export interface EquitySample extends SimTime {
  readonly equity: string;
}

export interface PriceSample extends SimTime {
  readonly price: string;
}

export interface BacktestStatistics {
  readonly currency: string;
  readonly startingEquity: string;
  readonly endingEquity: string;
  /** Fractions (0.05 = 5 %); null when undefined (e.g. no returns, zero spread). */
  readonly totalReturn: number;
  readonly annualizedReturn: number | null;
  readonly pnlNet: string;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly maxDrawdown: number;
  /** Longest time (ms) from a peak of equity until it was regained (or the end of the run). */
  readonly maxDrawdownDurationMs: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly averageWin: string | null;
  readonly averageLoss: string | null;
  readonly trades: number;
  readonly commissions: string;
  /** Fraction of the run's simulated time with a non-flat position. */
  readonly exposureTime: number;
}

/** A strategy hook that threw: recorded with the data point it happened on; the run goes on unless asked to stop. */
export interface BacktestHookError extends SimTime {
  readonly strategyId: string;
  readonly hook: string;
  readonly message: string;
  /** The data point being processed (instrument and kind) when it threw. */
  readonly instrumentId?: string;
  readonly dataKind?: 'bar' | 'quote' | 'trade';
}

export interface BacktestResult {
  readonly kind: 'backtest-result';
  readonly strategies: readonly { readonly id: string; readonly className: string; readonly params: Readonly<Record<string, unknown>> }[];
  readonly venue: string;
  readonly from?: SimTime;
  readonly to?: SimTime;
  /** Data points processed; rows skipped as malformed (with the `skip` policy). */
  readonly events: number;
  readonly skippedRows: number;
  readonly orders: readonly BacktestOrder[];
  readonly fills: readonly BacktestFill[];
  readonly trades: readonly BacktestTrade[];
  readonly equity: readonly EquitySample[];
  /** Per instrument, the last price of each data point (a bar's close, a quote's mid), for the price chart. */
  readonly prices: Readonly<Record<string, readonly PriceSample[]>>;
  readonly statistics: BacktestStatistics;
  readonly errors: readonly BacktestHookError[];
  /** What the run noticed that did not stop it (data no strategy subscribed to, rows skipped as malformed). */
  readonly warnings: readonly string[];
  /** With `recordEvents: true`: every order and position event as plain data (event ids left out), in publish order. */
  readonly eventLog?: readonly Readonly<Record<string, unknown>>[];
  /** true: stopped early (interrupt or `stopOnError`); the result holds what ran. */
  readonly interrupted: boolean;
  readonly wallMs: number;
}

/** One combination of a sweep: its parameters and its result's statistics (the full results stay in the workers). */
export interface SweepRow {
  readonly params: Readonly<Record<string, unknown>>;
  readonly statistics: BacktestStatistics;
  readonly errors: number;
}

/** `backtest.sweep(...)`: every combination, sorted by `sortBy` (best first). */
export interface SweepResult {
  readonly kind: 'sweep-result';
  readonly className: string;
  readonly grid: Readonly<Record<string, readonly unknown[]>>;
  readonly sortBy: keyof BacktestStatistics;
  readonly descending: boolean;
  readonly rows: readonly SweepRow[];
  readonly workers: number;
  readonly wallMs: number;
}
