import { basename, join } from 'node:path';
import { Quantity } from '../core/decimal.js';
import { InstrumentProvider, type Instrument } from '../model/instruments.js';
import { sharedDataDir } from './instrument-file.js';
import { readLines } from './csv-lines.js';
import {
  newLoadStats,
  parsePriceColumn,
  readRows,
  RowProblem,
  type LoadOptions,
  type LoadStats,
} from './load-options.js';
import { parsePackedTimestamp } from './timestamps.js';
import type { QuoteTick } from '../model/market-data.js';

/**
 * Loader for top-of-book quote CSVs in the shape of `eurusd-quotes-20200101.csv`: no header, rows
 * `YYYYMMDD HHMMSSmmm,bid,ask,0` (UTC). The file carries no sizes (the last column is always 0), so
 * both sides get `defaultSize`.
 */
export const EURUSD_QUOTES_FILE = 'eurusd-quotes-20200101.csv';
export const DEFAULT_QUOTE_INSTRUMENT = 'EURUSD.SIM';
/** A typical top-of-book size for a major FX pair. */
export const DEFAULT_QUOTE_SIZE = '1000000';

export function eurUsdQuotesPath(): string {
  return join(sharedDataDir(), EURUSD_QUOTES_FILE);
}

export interface QuoteLoadOptions extends LoadOptions {
  /** Instrument the quotes belong to (default `EURUSD.SIM`). */
  readonly instrument?: Instrument;
  /** Bid and ask size of every quote (default 1,000,000). */
  readonly defaultSize?: string;
}

export function* readQuotesCsv(path: string, opts: QuoteLoadOptions = {}): Generator<QuoteTick, void, undefined> {
  const instrument = opts.instrument ?? new InstrumentProvider().get(DEFAULT_QUOTE_INSTRUMENT);
  const size = Quantity.from(opts.defaultSize ?? DEFAULT_QUOTE_SIZE).roundTo(instrument.sizeIncrement);
  yield* readRows(basename(path), readLines(path), (text, prevTs) => {
    const { quote, rounded } = parseQuoteRow(text, instrument, size, prevTs, opts);
    return { value: quote, tsEvent: quote.tsEvent, rounded };
  }, opts);
}

export function loadQuotesCsv(path: string, opts: QuoteLoadOptions = {}): { quotes: QuoteTick[]; stats: LoadStats } {
  const stats = opts.stats ?? newLoadStats();
  const quotes = [...readQuotesCsv(path, { ...opts, stats })];
  return { quotes, stats };
}

/** The recorded EUR/USD quotes of the shared data folder as `EURUSD.SIM` quotes. */
export function loadEurUsdQuotes(opts: QuoteLoadOptions = {}): { quotes: QuoteTick[]; stats: LoadStats } {
  return loadQuotesCsv(eurUsdQuotesPath(), opts);
}

/** One row → a QuoteTick; throws a RowProblem saying what was expected. Equal timestamps are allowed. */
export function parseQuoteRow(
  row: string,
  instrument: Instrument,
  size: Quantity,
  prevTs: bigint | undefined,
  opts: LoadOptions = {},
): { quote: QuoteTick; rounded: boolean } {
  const cols = row.split(',');
  if (cols.length !== 4) throw new RowProblem('4 columns (YYYYMMDD HHMMSSmmm,bid,ask,0)', `${cols.length} columns`);
  const ts = parsePackedTimestamp(cols[0]!.trim());
  if (prevTs !== undefined && ts < prevTs) {
    throw new RowProblem('a timestamp not before the previous row', `'${cols[0]}'`);
  }
  const bid = parsePriceColumn('bid', cols[1]!.trim(), instrument, opts);
  const ask = parsePriceColumn('ask', cols[2]!.trim(), instrument, opts);
  if (!/^\d+(?:\.\d+)?$/.test(cols[3]!.trim())) throw new RowProblem('a number in the 4th column', `'${cols[3]}'`);
  if (bid.value.gt(ask.value)) throw new RowProblem('bid <= ask', `bid ${bid.value.toString()} > ask ${ask.value.toString()}`);
  const quote: QuoteTick = {
    instrumentId: instrument.id,
    bid: bid.value,
    ask: ask.value,
    bidSize: size,
    askSize: size,
    tsEvent: ts,
    tsInit: ts,
  };
  return { quote, rounded: bid.rounded || ask.rounded };
}
