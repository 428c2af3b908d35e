import { basename } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { EngineError } from '../../engine/core/errors.js';
import { DEFAULT_BAR_INSTRUMENT } from '../../engine/data/bar-loader.js';
import { recordSkip, RowProblem, type LoadOptions } from '../../engine/data/load-options.js';
import { DEFAULT_QUOTE_INSTRUMENT } from '../../engine/data/quote-loader.js';
import type { Instrument, InstrumentProvider } from '../../engine/model/instruments.js';
import type { Bar, QuoteTick } from '../../engine/model/market-data.js';
import type { DataFileSpec, DataItem } from './data-types.js';
import { instrumentProvider } from './instrument-of.js';
import { columnNames, parquetLayout, type ParquetLayout } from './parquet-columns.js';
import { parquetRowParser } from './parquet-rows.js';
import type { Batch, ReadContext, SourceReader } from './source-reader.js';

// INT64 timestamps of any unit → exact nanoseconds (hyparquet would make them millisecond Dates).
const NS_PARSERS = {
  timestampFromMilliseconds: (v: bigint) => BigInt(v) * 1_000_000n,
  timestampFromMicroseconds: (v: bigint) => BigInt(v) * 1_000n,
  timestampFromNanoseconds: (v: bigint) => BigInt(v),
};

/** Options of the Parquet loaders: the CSV loaders' (malformed-row policy, stats) plus what the file holds. */
export interface ParquetLoadOptions extends LoadOptions {
  /** Instrument of every row (overrides an `instrument_id` column). */
  readonly instrumentId?: string;
  /** Bar type of every bar (overrides a `bar_type` column). */
  readonly barType?: string;
  /** Instruments ids resolve against (default: the built-in ones). */
  readonly instruments?: InstrumentProvider | readonly Instrument[];
}

async function openParquet(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (err) {
    throw new EngineError('DATA_FILE_UNREADABLE', `expected a readable data file at ${path}, received ${(err as Error).message}`, { file: path });
  }
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (err) {
    throw new EngineError('DATA_FILE_UNREADABLE', `expected a Parquet file at ${path}, received ${(err as Error).message}`, { file: path });
  }
}

/** One row group's rows, as arrays in `layout.columns` order. The group is the unit held in memory. */
async function readGroup(file: AsyncBuffer, metadata: FileMetaData, columns: string[], rowStart: number, rowEnd: number): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({ file, metadata, columns, rowStart, rowEnd, parsers: NS_PARSERS, onComplete: (r: unknown[][]) => (rows = r) });
  return rows;
}

/**
 * A Parquet file's rows, one row group at a time, as batches of items; the row number (1-based, across
 * the file) of each item is its position. Malformed rows are thrown or skipped per `ctx.malformed`.
 */
export async function* parquetBatches(spec: DataFileSpec, ctx: ReadContext): AsyncGenerator<Batch & { layout: ParquetLayout }, void, undefined> {
  const name = basename(spec.path);
  const { file, metadata } = await openParquet(spec.path);
  const layout = parquetLayout(name, columnNames(metadata), spec.kind);
  const parse = parquetRowParser(layout, spec, ctx, spec.path, layout.kind === 'bar' ? DEFAULT_BAR_INSTRUMENT : DEFAULT_QUOTE_INSTRUMENT);
  let groupStart = 0;
  const tsIndex = group0Column(metadata, layout.tsColumn);
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    if (ctx.from !== undefined && endsBefore(group.columns[tsIndex]?.meta_data?.statistics?.max_value, ctx.from)) {
      groupStart = groupEnd; // wholly before `from`: not read at all
      continue;
    }
    const rows = await readGroup(file, metadata, layout.columns, groupStart, groupEnd);
    const items: DataItem[] = [];
    const positions: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      const rowNo = groupStart + r + 1;
      try {
        items.push(parse(rows[r]!));
        positions.push(rowNo);
      } catch (err) {
        if (!(err instanceof RowProblem)) throw err;
        const e = new EngineError('DATA_ROW_MALFORMED', `${name} row ${rowNo}: expected ${err.expected}, received ${err.received}`, {
          file: name,
          line: rowNo,
          expected: err.expected,
          received: err.received,
        });
        if (ctx.malformed === 'fail') throw e;
        ctx.skipped(e, name, rowNo);
      }
    }
    groupStart = groupEnd;
    yield { items, positions, layout };
  }
}

function group0Column(metadata: FileMetaData, name: string): number {
  return metadata.row_groups[0]?.columns.findIndex((c) => c.meta_data?.path_in_schema.join('.') === name) ?? -1;
}

/**
 * Whether a row group's largest timestamp (its statistics) is before `from`. hyparquet hands timestamp
 * statistics over as millisecond Dates, so the bound is the end of that millisecond; a group without
 * statistics is always read.
 */
function endsBefore(max: unknown, from: bigint): boolean {
  if (typeof max === 'bigint') return max < from;
  if (max instanceof Date && !Number.isNaN(max.getTime())) return (BigInt(max.getTime()) + 1n) * 1_000_000n <= from;
  return false;
}

export function parquetReader(spec: DataFileSpec): SourceReader {
  return { label: spec.path, unit: 'row', open: (ctx) => parquetBatches(spec, ctx) };
}

/** LoadOptions → the reader's context: stats filled in place, as the CSV loaders do. */
function loaderContext(opts: ParquetLoadOptions): ReadContext {
  const stats = opts.stats;
  return {
    malformed: opts.onMalformed === 'skip' ? 'skip' : 'fail',
    instruments: instrumentProvider(opts.instruments),
    skipped: (err) => recordSkip(stats, err),
    rounded: () => {
      if (stats) stats.rounded++;
    },
  };
}

async function* readKind<T>(path: string, kind: 'bar' | 'quote', opts: ParquetLoadOptions): AsyncGenerator<T, void, undefined> {
  const spec: DataFileSpec = { path, kind, ...(opts.instrumentId ? { instrumentId: opts.instrumentId } : {}), ...(opts.barType ? { barType: opts.barType } : {}) };
  const stats = opts.stats;
  for await (const batch of parquetBatches(spec, loaderContext(opts))) {
    if (stats) stats.rows += batch.items.length;
    for (const item of batch.items) yield item.data as T;
  }
}

/** Streams the bars of a Parquet file, one row group in memory at a time. */
export function readBarsParquet(path: string, opts: ParquetLoadOptions = {}): AsyncGenerator<Bar, void, undefined> {
  return readKind<Bar>(path, 'bar', opts);
}

/** Streams the quotes of a Parquet file, one row group in memory at a time. */
export function readQuotesParquet(path: string, opts: ParquetLoadOptions = {}): AsyncGenerator<QuoteTick, void, undefined> {
  return readKind<QuoteTick>(path, 'quote', opts);
}
