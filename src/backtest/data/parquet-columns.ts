import type { FileMetaData, SchemaElement } from 'hyparquet';
import type { SchemaElement as WriterSchemaElement } from 'hyparquet-writer';
import { EngineError } from '../../engine/core/errors.js';

/**
 * keel's Parquet layout for market data (snake_case, as NautilusTrader's catalog names them): prices and
 * sizes are exact decimal strings (a double cannot hold every price exactly), timestamps INT64
 * nanoseconds, UTC. Readers also take files written by others: prices as numbers, `timestamp` for
 * `ts_event`, milli/microsecond timestamps, and no `instrument_id`/`bar_type` columns.
 */
export const BAR_COLUMNS = ['bar_type', 'instrument_id', 'open', 'high', 'low', 'close', 'volume', 'ts_event', 'ts_init'] as const;
export const QUOTE_COLUMNS = ['instrument_id', 'bid', 'ask', 'bid_size', 'ask_size', 'ts_event', 'ts_init'] as const;

const REQUIRED_BAR = ['open', 'high', 'low', 'close', 'volume'];
const REQUIRED_QUOTE = ['bid', 'ask'];
const TS_NAMES = ['ts_event', 'timestamp'];

const text = (name: string): WriterSchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
const nanos = (name: string): WriterSchemaElement => ({
  name,
  type: 'INT64',
  logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
  repetition_type: 'REQUIRED',
});

export function parquetSchema(columns: readonly string[]): WriterSchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map((c) => (c.startsWith('ts_') ? nanos(c) : text(c)))];
}

/** Top-level column names of a file. */
export function columnNames(metadata: FileMetaData): string[] {
  const [root, ...rest] = metadata.schema;
  const names: string[] = [];
  let i = 0;
  let left = root?.num_children ?? 0;
  while (left > 0 && i < rest.length) {
    names.push(rest[i]!.name);
    i += 1 + countDescendants(rest, i);
    left--;
  }
  return names;
}

function countDescendants(schema: readonly SchemaElement[], at: number): number {
  let n = 0;
  let pending = schema[at]?.num_children ?? 0;
  let i = at + 1;
  while (pending > 0 && i < schema.length) {
    pending--;
    const kids = schema[i]!.num_children ?? 0;
    n++;
    i++;
    pending += kids;
  }
  return n;
}

export interface ParquetLayout {
  readonly kind: 'bar' | 'quote';
  /** Columns to read, in the order rows come back. */
  readonly columns: string[];
  readonly tsColumn: string;
}

/** What a file holds, told by its columns (or `kind` when the caller says it). */
export function parquetLayout(file: string, names: readonly string[], kind: 'bar' | 'quote' | undefined): ParquetLayout {
  const has = (c: string) => names.includes(c);
  const tsColumn = TS_NAMES.find(has);
  const isBar = REQUIRED_BAR.every(has);
  const isQuote = REQUIRED_QUOTE.every(has);
  const want = kind ?? (isBar ? 'bar' : isQuote ? 'quote' : undefined);
  const ok = tsColumn !== undefined && (want === 'bar' ? isBar : want === 'quote' ? isQuote : false);
  if (!ok || want === undefined) {
    const expected =
      want === 'quote'
        ? `quote columns (${REQUIRED_QUOTE.join(', ')}, ts_event)`
        : want === 'bar'
          ? `bar columns (${REQUIRED_BAR.join(', ')}, ts_event)`
          : `bar columns (${REQUIRED_BAR.join(', ')}, ts_event) or quote columns (${REQUIRED_QUOTE.join(', ')}, ts_event)`;
    throw new EngineError('DATA_KIND_UNKNOWN', `${file}: expected ${expected}, received columns ${names.join(', ') || '(none)'}`, {
      file,
      received: [...names],
    });
  }
  const known: readonly string[] = want === 'bar' ? BAR_COLUMNS : QUOTE_COLUMNS;
  const columns = known.filter((c) => c !== 'ts_event' && has(c));
  return { kind: want, columns: [...columns, tsColumn], tsColumn };
}
