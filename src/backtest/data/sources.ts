import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { EngineError, describeValue } from '../../engine/core/errors.js';
import type { BacktestData, DataFileSpec, DataSource, MarketDataValue } from './data-types.js';
import { csvReader } from './csv-reader.js';
import { iterableReader } from './iterable-reader.js';
import { parquetReader } from './parquet-reader.js';
import type { SourceReader } from './source-reader.js';

function isMarketValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { tsEvent?: unknown }).tsEvent === 'bigint';
}

/**
 * `data` → one reader per source, in the order given (that order breaks timestamp ties). An array whose
 * first element is a market data value is ONE source (what `loadBtcPerpBars().bars` is); any other array
 * is a list of sources. Files are checked to exist now, so a typo fails before anything runs.
 */
export function sourceReaders(data: BacktestData): SourceReader[] {
  const list: readonly DataSource[] = Array.isArray(data)
    ? data.length > 0 && isMarketValue(data[0])
      ? [data as readonly MarketDataValue[]]
      : (data as readonly DataSource[])
    : [data as DataSource];
  return list.map((source, index) => sourceReader(source, index));
}

function sourceReader(source: DataSource, index: number): SourceReader {
  const label = `items #${index}`;
  if (typeof source === 'string') return fileReader({ path: source });
  if (typeof source === 'object' && source !== null) {
    if ('path' in source && typeof source.path === 'string') return fileReader(source);
    if ('bars' in source && isIterable(source.bars)) return iterableReader(source.bars, label);
    if ('quotes' in source && isIterable(source.quotes)) return iterableReader(source.quotes, label);
    if (isIterable(source) || Symbol.asyncIterator in source) {
      return iterableReader(source as Iterable<MarketDataValue> | AsyncIterable<MarketDataValue>, label);
    }
  }
  throw new EngineError(
    'DATA_KIND_UNKNOWN',
    `data #${index}: expected a file path, { path, instrumentId?, barType?, kind? }, or an (async) iterable of Bar/QuoteTick/TradeTick, received ${describeValue(source)}`,
    { index },
  );
}

function isIterable(v: unknown): v is Iterable<MarketDataValue> {
  return typeof v === 'object' && v !== null && Symbol.iterator in v;
}

function fileReader(spec: DataFileSpec): SourceReader {
  if (!existsSync(spec.path)) {
    throw new EngineError('DATA_FILE_UNREADABLE', `expected a readable data file at ${spec.path}, received no such file`, { file: spec.path });
  }
  const ext = extname(spec.path).toLowerCase();
  if (ext === '.csv') return csvReader(spec);
  if (ext === '.parquet') return parquetReader(spec);
  throw new EngineError('DATA_KIND_UNKNOWN', `${spec.path}: expected a .csv or .parquet file, received '${ext || '(no extension)'}'`, {
    file: spec.path,
    received: ext,
  });
}
