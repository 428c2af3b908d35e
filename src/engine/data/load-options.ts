import { Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import type { Instrument } from '../model/instruments.js';

/** How a loader treats a row it cannot read: stop with an error (default) or skip it and count it. */
export type MalformedRowPolicy = 'throw' | 'skip';

export interface LoadOptions {
  readonly onMalformed?: MalformedRowPolicy;
  /**
   * Values finer than the instrument's precision (the bar file has a few interpolated rows such as
   * `46821.75` for a 0.1-tick instrument) are rounded half away from zero to the increment and counted;
   * `strictPrecision: true` makes them malformed instead.
   */
  readonly strictPrecision?: boolean;
  /** Filled in while loading: how many rows were read, skipped and rounded. */
  readonly stats?: LoadStats;
}

export interface LoadStats {
  rows: number;
  skipped: number;
  rounded: number;
  /** The first few skipped-row errors, to show the user what was wrong. */
  skippedErrors: EngineError[];
}

export function newLoadStats(): LoadStats {
  return { rows: 0, skipped: 0, rounded: 0, skippedErrors: [] };
}

const MAX_KEPT_ERRORS = 10;

export function recordSkip(stats: LoadStats | undefined, err: EngineError): void {
  if (!stats) return;
  stats.skipped++;
  if (stats.skippedErrors.length < MAX_KEPT_ERRORS) stats.skippedErrors.push(err);
}

/** Thrown from a row parser; the loader adds file and line number. */
export class RowProblem {
  constructor(
    readonly expected: string,
    readonly received: string,
  ) {}
}

export function malformedRow(file: string, lineNo: number, row: string, problem: RowProblem): EngineError {
  return new EngineError(
    'DATA_ROW_MALFORMED',
    `${file}:${lineNo}: expected ${problem.expected}, received ${problem.received} in row '${row}'`,
    { file, line: lineNo, expected: problem.expected, received: problem.received, row },
  );
}

const PLAIN_DECIMAL_RE = /^\d+(?:\.\d+)?$/;

/** Parses an unsigned plain decimal column and brings it to the instrument's price precision. */
export function parsePriceColumn(
  name: string,
  text: string,
  instrument: Instrument,
  opts: LoadOptions,
): { value: Price; rounded: boolean } {
  if (!PLAIN_DECIMAL_RE.test(text)) throw new RowProblem(`${name} as a plain decimal number`, `'${text}'`);
  const exact = Price.from(text);
  if (exact.precision <= instrument.pricePrecision) return { value: exact.withPrecision(instrument.pricePrecision), rounded: false };
  const value = exact.roundTo(instrument.priceIncrement);
  if (value.eq(exact)) return { value, rounded: false };
  if (opts.strictPrecision) {
    throw new RowProblem(`${name} with at most ${instrument.pricePrecision} decimal places`, `'${text}'`);
  }
  return { value, rounded: true };
}

export function parseQuantityColumn(
  name: string,
  text: string,
  instrument: Instrument,
  opts: LoadOptions,
): { value: Quantity; rounded: boolean } {
  if (!PLAIN_DECIMAL_RE.test(text)) throw new RowProblem(`${name} as a plain non-negative decimal number`, `'${text}'`);
  const exact = Quantity.from(text);
  if (exact.precision <= instrument.sizePrecision) return { value: exact.withPrecision(instrument.sizePrecision), rounded: false };
  const value = exact.roundTo(instrument.sizeIncrement);
  if (value.eq(exact)) return { value, rounded: false };
  if (opts.strictPrecision) {
    throw new RowProblem(`${name} with at most ${instrument.sizePrecision} decimal places`, `'${text}'`);
  }
  return { value, rounded: true };
}

/** One parsed row: the value, its event time (rows must move forward) and whether a column was rounded. */
export interface ParsedRow<T> {
  readonly value: T;
  readonly tsEvent: bigint;
  readonly rounded: boolean;
}

/**
 * The row loop both loaders share: blank lines passed over, a row that cannot be read either thrown with
 * its file and line or skipped and counted (`onMalformed`), stats kept, the previous row's time handed on.
 */
export function* readRows<T>(
  file: string,
  lines: Iterable<{ lineNo: number; text: string }>,
  parse: (text: string, prevTs: bigint | undefined) => ParsedRow<T>,
  opts: LoadOptions,
): Generator<T, void, undefined> {
  let prevTs: bigint | undefined;
  for (const { lineNo, text } of lines) {
    if (text.trim() === '') continue;
    let row: ParsedRow<T>;
    try {
      row = parse(text, prevTs);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      const e = malformedRow(file, lineNo, text, err);
      if (opts.onMalformed !== 'skip') throw e;
      recordSkip(opts.stats, e);
      continue;
    }
    prevTs = row.tsEvent;
    if (opts.stats) {
      opts.stats.rows++;
      if (row.rounded) opts.stats.rounded++;
    }
    yield row.value;
  }
}
