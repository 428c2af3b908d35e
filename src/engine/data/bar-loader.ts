import { basename, join } from 'node:path';
import { EngineError } from '../core/errors.js';
import { InstrumentProvider, type Instrument } from '../model/instruments.js';
import { sharedDataDir } from './instrument-file.js';
import { readLines } from './csv-lines.js';
import {
  newLoadStats,
  parsePriceColumn,
  parseQuantityColumn,
  readRows,
  RowProblem,
  type LoadOptions,
  type LoadStats,
} from './load-options.js';
import { parseIsoSpaceTimestamp } from './timestamps.js';
import type { Bar } from '../model/market-data.js';

/**
 * Loader for one-minute bar CSVs in the shape of `btc-perp-20211231-20220201_1m.csv`:
 * a `timestamp,open,high,low,close,volume` header, then rows with microsecond text timestamps in UTC.
 * The row timestamp becomes the bar's `tsEvent` and `tsInit` (the time the bar is complete).
 */
export const BTC_PERP_BARS_FILE = 'btc-perp-20211231-20220201_1m.csv';
export const BAR_CSV_HEADER = 'timestamp,open,high,low,close,volume';

export function btcPerpBarsPath(): string {
  return join(sharedDataDir(), BTC_PERP_BARS_FILE);
}

export interface BarLoadOptions extends LoadOptions {
  /** Instrument the bars belong to (default `BTCUSDT-PERP.SIM`). */
  readonly instrument?: Instrument;
  /** Bar type name (default `<instrumentId>-1-MINUTE-LAST`). */
  readonly barType?: string;
}

export const DEFAULT_BAR_INSTRUMENT = 'BTCUSDT-PERP.SIM';

/** Streams the bars of a CSV file, in file order; a malformed row throws (or is skipped and counted). */
export function* readBarsCsv(path: string, opts: BarLoadOptions = {}): Generator<Bar, void, undefined> {
  const instrument = opts.instrument ?? new InstrumentProvider().get(DEFAULT_BAR_INSTRUMENT);
  const barType = opts.barType ?? `${instrument.id}-1-MINUTE-LAST`;
  const file = basename(path);
  const lines = readLines(path)[Symbol.iterator]();
  // The first non-blank line must be the header; the rows follow it.
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const { lineNo, text } = next.value;
    if (text.trim() === '') continue;
    if (text.trim() !== BAR_CSV_HEADER) {
      throw new EngineError('DATA_HEADER_MALFORMED', `${file}:${lineNo}: expected the header '${BAR_CSV_HEADER}', received '${text}'`, {
        file,
        line: lineNo,
        expected: BAR_CSV_HEADER,
        received: text,
      });
    }
    break;
  }
  const rest: Iterable<{ lineNo: number; text: string }> = { [Symbol.iterator]: () => lines };
  yield* readRows(file, rest, (text, prevTs) => {
    const { bar, rounded } = parseBarRow(text, instrument, barType, prevTs, opts);
    return { value: bar, tsEvent: bar.tsEvent, rounded };
  }, opts);
}

/** Loads a whole bar file into memory. */
export function loadBarsCsv(path: string, opts: BarLoadOptions = {}): { bars: Bar[]; stats: LoadStats } {
  const stats = opts.stats ?? newLoadStats();
  const bars = [...readBarsCsv(path, { ...opts, stats })];
  return { bars, stats };
}

/** The recorded BTC perpetual bars of the shared data folder as `BTCUSDT-PERP.SIM` bars. */
export function loadBtcPerpBars(opts: BarLoadOptions = {}): { bars: Bar[]; stats: LoadStats } {
  return loadBarsCsv(btcPerpBarsPath(), opts);
}

/** One row → a Bar; throws a RowProblem saying what was expected. */
export function parseBarRow(
  row: string,
  instrument: Instrument,
  barType: string,
  prevTs: bigint | undefined,
  opts: LoadOptions = {},
): { bar: Bar; rounded: boolean } {
  const cols = row.split(',');
  if (cols.length !== 6) throw new RowProblem('6 columns (timestamp,open,high,low,close,volume)', `${cols.length} columns`);
  const ts = parseIsoSpaceTimestamp(cols[0]!.trim());
  if (prevTs !== undefined && ts <= prevTs) {
    throw new RowProblem('a timestamp after the previous row', `'${cols[0]}'`);
  }
  const open = parsePriceColumn('open', cols[1]!.trim(), instrument, opts);
  const high = parsePriceColumn('high', cols[2]!.trim(), instrument, opts);
  const low = parsePriceColumn('low', cols[3]!.trim(), instrument, opts);
  const close = parsePriceColumn('close', cols[4]!.trim(), instrument, opts);
  const volume = parseQuantityColumn('volume', cols[5]!.trim(), instrument, opts);
  if (high.value.lt(low.value) || high.value.lt(open.value) || high.value.lt(close.value)) {
    throw new RowProblem('high >= open, low and close', `high ${high.value.toString()}`);
  }
  if (low.value.gt(open.value) || low.value.gt(close.value)) {
    throw new RowProblem('low <= open and close', `low ${low.value.toString()}`);
  }
  const bar: Bar = {
    barType,
    instrumentId: instrument.id,
    open: open.value,
    high: high.value,
    low: low.value,
    close: close.value,
    volume: volume.value,
    tsEvent: ts,
    tsInit: ts,
  };
  return { bar, rounded: open.rounded || high.rounded || low.rounded || close.rounded || volume.rounded };
}
