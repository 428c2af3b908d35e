import type { Instrument, InstrumentProvider } from '../../engine/model/instruments.js';
import type { Bar, QuoteTick, TradeTick } from '../../engine/model/market-data.js';

/** What one data point is. */
export type DataKind = 'bar' | 'quote' | 'trade';

/** One data point of a backtest, tagged with its kind and the source it came from (for messages and stats). */
export type DataItem =
  | { readonly kind: 'bar'; readonly data: Bar; readonly source: string }
  | { readonly kind: 'quote'; readonly data: QuoteTick; readonly source: string }
  | { readonly kind: 'trade'; readonly data: TradeTick; readonly source: string };

export type MarketDataValue = Bar | QuoteTick | TradeTick;

/** A file, with what it holds said explicitly when the file does not say it (a CSV/Parquet without ids). */
export interface DataFileSpec {
  readonly path: string;
  /** Instrument of every row (overrides an `instrument_id` column; default: the loaders' defaults). */
  readonly instrumentId?: string;
  /** Bar type of every bar (default `<instrumentId>-1-MINUTE-LAST`, or the file's `bar_type` column). */
  readonly barType?: string;
  /** What the file holds, when its header/columns should not decide. */
  readonly kind?: 'bar' | 'quote';
}

/** What the loaders return whole (`loadBtcPerpBars()`, `loadEurUsdQuotes()`). */
export type LoadedData = { readonly bars: Iterable<Bar> } | { readonly quotes: Iterable<QuoteTick> };

/** One source: values in memory or streamed, a file path (`.csv`, `.parquet`), or a described file. */
export type DataSource =
  | Iterable<MarketDataValue>
  | AsyncIterable<MarketDataValue>
  | string
  | DataFileSpec
  | LoadedData;

/** What `backtest(strategy, { data })` accepts: one source or a list of them. */
export type BacktestData = DataSource | readonly DataSource[];

/** A time bound: a Date, an ISO 8601 text, or nanoseconds since the epoch. */
export type TimeBound = Date | string | bigint;

export interface OpenDataOptions {
  /** Keep items with `tsEvent >= from`. */
  readonly from?: TimeBound;
  /** Keep items with `tsEvent <= to` (inclusive); reading stops once every source is past it. */
  readonly to?: TimeBound;
  /**
   * A file row that does not parse: `'fail'` (default, as the engine's loaders: stop with
   * DATA_ROW_MALFORMED naming file:line) or `'skip'` (skip it, count it, keep its file:line and reason).
   */
  readonly malformed?: 'skip' | 'fail';
  /** Instruments files' ids resolve against (precision, increments); default: the built-in ones. */
  readonly instruments?: InstrumentProvider | readonly Instrument[];
}

/** A skipped row: where it was and why. */
export interface SkippedRow {
  readonly file: string;
  /** 1-based line (CSV) or row (Parquet). */
  readonly line: number;
  readonly reason: string;
}

export interface SourceStats {
  /** The file path, or `items #<n>` for in-memory/streamed values (n = position in the list, from 0). */
  readonly source: string;
  /** The kind of the source's items (undefined until its first item). */
  readonly kind: DataKind | 'mixed' | undefined;
  /** Items read from the source (before `from`/`to`; Parquet row groups wholly before `from` are not read). */
  readonly rows: number;
  /** Items handed on (within `from`/`to`). */
  readonly delivered: number;
  readonly skipped: number;
  /** Values finer than the instrument's precision, rounded (see LoadOptions.strictPrecision). */
  readonly rounded: number;
  /** The first 100 skipped rows. */
  readonly skippedRows: readonly SkippedRow[];
  /** Instruments the source's items were for (sorted): lets a runner tell data nobody subscribed to. */
  readonly instrumentIds: readonly string[];
  readonly firstTs: bigint | undefined;
  readonly lastTs: bigint | undefined;
}

export interface DataStats {
  readonly sources: readonly SourceStats[];
  readonly delivered: number;
  readonly skipped: number;
  /** First and last `tsEvent` delivered. */
  readonly firstTs: bigint | undefined;
  readonly lastTs: bigint | undefined;
}

/**
 * The time-ordered stream of a backtest's data. Iterate it once, item by item, or by `batches()` (the same
 * items in the same order, fewer awaits: the runner's fast path). `stats()` is a snapshot at any time.
 */
export interface DataStream extends AsyncIterable<DataItem> {
  batches(): AsyncIterable<readonly DataItem[]>;
  stats(): DataStats;
  /** Stop reading and release every source (also done when iteration ends or breaks). */
  close(): Promise<void>;
}
