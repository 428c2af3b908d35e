/** Backtest data: every source a backtest accepts, streamed from disk and merged in time order. */
export { openData } from './open-data.js';
export type {
  BacktestData,
  DataSource,
  DataFileSpec,
  LoadedData,
  DataItem,
  DataKind,
  MarketDataValue,
  OpenDataOptions,
  TimeBound,
  DataStream,
  DataStats,
  SourceStats,
  SkippedRow,
} from './data-types.js';
export { timeBoundNs } from './time-bounds.js';
export { detectCsvKind } from './csv-reader.js';
export { readBarsParquet, readQuotesParquet, type ParquetLoadOptions } from './parquet-reader.js';
export { writeBarsParquet, writeQuotesParquet, type ParquetWriteOptions } from './parquet-writer.js';
export { BAR_COLUMNS, QUOTE_COLUMNS } from './parquet-columns.js';
