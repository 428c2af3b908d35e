import { basename } from 'node:path';
import { Quantity } from '../../engine/core/decimal.js';
import { EngineError } from '../../engine/core/errors.js';
import { BAR_CSV_HEADER, DEFAULT_BAR_INSTRUMENT, parseBarRow } from '../../engine/data/bar-loader.js';
import { readLines, type CsvLine } from '../../engine/data/csv-lines.js';
import { malformedRow, RowProblem } from '../../engine/data/load-options.js';
import { DEFAULT_QUOTE_INSTRUMENT, DEFAULT_QUOTE_SIZE, parseQuoteRow } from '../../engine/data/quote-loader.js';
import type { DataFileSpec, DataItem } from './data-types.js';
import { resolveInstrument } from './instrument-of.js';
import { BATCH_SIZE, type Batch, type ReadContext, type SourceReader } from './source-reader.js';

const QUOTE_ROW_RE = /^\d{8} \d{9},/;

/**
 * What a CSV holds, told by its first non-blank line: the bar header, or a quote row (the quote files
 * have no header). Reads one line only.
 */
export function detectCsvKind(path: string): 'bar' | 'quote' {
  const file = basename(path);
  for (const { lineNo, text } of readLines(path)) {
    if (text.trim() === '') continue;
    if (text.trim() === BAR_CSV_HEADER) return 'bar';
    if (QUOTE_ROW_RE.test(text.trim())) return 'quote';
    throw new EngineError(
      'DATA_KIND_UNKNOWN',
      `${file}:${lineNo}: expected the bar header '${BAR_CSV_HEADER}' or a quote row 'YYYYMMDD HHMMSSmmm,bid,ask,0', received '${text.slice(0, 80)}'`,
      { file, line: lineNo, received: text.slice(0, 80) },
    );
  }
  throw new EngineError('DATA_KIND_UNKNOWN', `${file}: expected bars or quotes, received an empty file`, { file });
}

export function csvReader(spec: DataFileSpec): SourceReader {
  return { label: spec.path, unit: 'line', open: (ctx) => csvBatches(spec, ctx) };
}

async function* csvBatches(spec: DataFileSpec, ctx: ReadContext): AsyncGenerator<Batch, void, undefined> {
  const kind = spec.kind ?? detectCsvKind(spec.path);
  const file = basename(spec.path);
  const label = spec.path;
  const lines = readLines(spec.path)[Symbol.iterator]();
  let parse: (text: string) => DataItem;
  if (kind === 'bar') {
    const instrument = resolveInstrument(ctx.instruments, spec.instrumentId ?? DEFAULT_BAR_INSTRUMENT);
    const barType = spec.barType ?? `${instrument.id}-1-MINUTE-LAST`;
    skipHeader(lines, file);
    // Order across rows is the merge's check (it fails, never skips): no previous timestamp here.
    parse = (text) => {
      const { bar, rounded } = parseBarRow(text, instrument, barType, undefined);
      if (rounded) ctx.rounded();
      return { kind: 'bar', data: bar, source: label };
    };
  } else {
    const instrument = resolveInstrument(ctx.instruments, spec.instrumentId ?? DEFAULT_QUOTE_INSTRUMENT);
    const size = Quantity.from(DEFAULT_QUOTE_SIZE).roundTo(instrument.sizeIncrement);
    parse = (text) => {
      const { quote, rounded } = parseQuoteRow(text, instrument, size, undefined);
      if (rounded) ctx.rounded();
      return { kind: 'quote', data: quote, source: label };
    };
  }
  try {
    yield* csvRows(lines, file, parse, ctx);
  } finally {
    lines.return?.(undefined); // closes the file when the merge stops early
  }
}

function* csvRows(lines: Iterator<CsvLine>, file: string, parse: (text: string) => DataItem, ctx: ReadContext): Generator<Batch, void, undefined> {
  let items: DataItem[] = [];
  let positions: number[] = [];
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const { lineNo, text } = next.value;
    if (text.trim() === '') continue;
    let item: DataItem;
    try {
      item = parse(text);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      const e = malformedRow(file, lineNo, text, err);
      if (ctx.malformed === 'fail') throw e;
      ctx.skipped(e, file, lineNo);
      continue;
    }
    items.push(item);
    positions.push(lineNo);
    if (items.length === BATCH_SIZE) {
      yield { items, positions };
      items = [];
      positions = [];
    }
  }
  if (items.length > 0) yield { items, positions };
}

function skipHeader(lines: Iterator<CsvLine>, file: string): void {
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const { lineNo, text } = next.value;
    if (text.trim() === '') continue;
    if (text.trim() === BAR_CSV_HEADER) return;
    throw new EngineError('DATA_HEADER_MALFORMED', `${file}:${lineNo}: expected the header '${BAR_CSV_HEADER}', received '${text}'`, {
      file,
      line: lineNo,
      expected: BAR_CSV_HEADER,
      received: text,
    });
  }
}
