import { renameSync, rmSync } from 'node:fs';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { EngineError } from '../../engine/core/errors.js';
import type { Bar, QuoteTick } from '../../engine/model/market-data.js';
import { BAR_COLUMNS, parquetSchema, QUOTE_COLUMNS } from './parquet-columns.js';

export interface ParquetWriteOptions {
  /** Rows per row group (default 100,000): the unit a reader holds in memory. */
  readonly rowGroupSize?: number;
  /** Default SNAPPY. */
  readonly compression?: 'SNAPPY' | 'UNCOMPRESSED';
}

const DEFAULT_ROW_GROUP = 100_000;

type Columns = Record<string, (string | bigint)[]>;

/**
 * Writes values to a Parquet file one row group at a time, so neither the input nor the file is held
 * whole. The file appears under its name only once complete (written beside it, then renamed).
 */
async function writeRows<T>(
  path: string,
  names: readonly string[],
  values: Iterable<T> | AsyncIterable<T>,
  toRow: (v: T, cols: Columns) => void,
  opts: ParquetWriteOptions,
): Promise<{ rows: number }> {
  const groupSize = opts.rowGroupSize ?? DEFAULT_ROW_GROUP;
  if (!Number.isInteger(groupSize) || groupSize < 1) {
    throw new EngineError('DATA_OPTIONS_INVALID', `rowGroupSize: expected a positive integer, received ${String(groupSize)}`, { received: groupSize });
  }
  const tmp = `${path}.partial`;
  const writer = new ParquetWriter({
    writer: fileWriter(tmp),
    schema: parquetSchema(names),
    codec: opts.compression ?? 'SNAPPY',
    createdBy: 'keel',
  });
  const fresh = (): Columns => Object.fromEntries(names.map((n) => [n, []]));
  let cols = fresh();
  let pending = 0;
  let rows = 0;
  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    // Min/max of decimal text compare as text ('9.0' > '10.0'): useless, and costly to compute. Timestamps
    // keep theirs (a reader can skip row groups outside from/to).
    await writer.write({
      columnData: names.map((name) => ({ name, data: cols[name]!, statistics: name.startsWith('ts_') })),
      rowGroupSize: pending,
    });
    rows += pending;
    cols = fresh();
    pending = 0;
  };
  try {
    for await (const v of values) {
      toRow(v, cols);
      if (++pending === groupSize) await flush();
    }
    await flush();
    await writer.finish();
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { rows };
}

/** Bars → Parquet (keel's layout: parquet-columns.ts). Prices exact; `bar_type`/`instrument_id` per row. */
export function writeBarsParquet(path: string, bars: Iterable<Bar> | AsyncIterable<Bar>, opts: ParquetWriteOptions = {}): Promise<{ rows: number }> {
  return writeRows(path, BAR_COLUMNS, bars, (b, c) => {
    c.bar_type!.push(b.barType);
    c.instrument_id!.push(b.instrumentId);
    c.open!.push(b.open.toString());
    c.high!.push(b.high.toString());
    c.low!.push(b.low.toString());
    c.close!.push(b.close.toString());
    c.volume!.push(b.volume.toString());
    c.ts_event!.push(b.tsEvent);
    c.ts_init!.push(b.tsInit);
  }, opts);
}

/** Quotes → Parquet (keel's layout: parquet-columns.ts). */
export function writeQuotesParquet(
  path: string,
  quotes: Iterable<QuoteTick> | AsyncIterable<QuoteTick>,
  opts: ParquetWriteOptions = {},
): Promise<{ rows: number }> {
  return writeRows(path, QUOTE_COLUMNS, quotes, (q, c) => {
    c.instrument_id!.push(q.instrumentId);
    c.bid!.push(q.bid.toString());
    c.ask!.push(q.ask.toString());
    c.bid_size!.push(q.bidSize.toString());
    c.ask_size!.push(q.askSize.toString());
    c.ts_event!.push(q.tsEvent);
    c.ts_init!.push(q.tsInit);
  }, opts);
}
