import type { Price, Quantity } from '../../engine/core/decimal.js';
import { DEFAULT_QUOTE_SIZE } from '../../engine/data/quote-loader.js';
import { parsePriceColumn, parseQuantityColumn, RowProblem } from '../../engine/data/load-options.js';
import type { Instrument } from '../../engine/model/instruments.js';
import type { DataFileSpec, DataItem } from './data-types.js';
import { resolveInstrument } from './instrument-of.js';
import type { ParquetLayout } from './parquet-columns.js';
import type { ReadContext } from './source-reader.js';

/**
 * A Parquet row (values in `layout.columns` order) → a data item, with the CSV loaders' checks and
 * rounding rules; a value that does not fit throws a RowProblem (the reader adds file and row).
 */
export function parquetRowParser(
  layout: ParquetLayout,
  spec: DataFileSpec,
  ctx: ReadContext,
  label: string,
  defaultInstrument: string,
): (row: unknown[]) => DataItem {
  const at = (name: string): number => layout.columns.indexOf(name);
  const iId = at('instrument_id');
  const iTs = at(layout.tsColumn);
  const iInit = at('ts_init');
  const byId = new Map<string, Instrument>();
  const instrumentOf = (row: unknown[]): Instrument => {
    const fromRow = iId >= 0 ? row[iId] : undefined;
    const id = spec.instrumentId ?? (typeof fromRow === 'string' && fromRow !== '' ? fromRow : defaultInstrument);
    let instrument = byId.get(id);
    if (!instrument) {
      instrument = resolveInstrument(ctx.instruments, id);
      byId.set(id, instrument);
    }
    return instrument;
  };
  const times = (row: unknown[]): { tsEvent: bigint; tsInit: bigint } => {
    const tsEvent = nsValue(layout.tsColumn, row[iTs]);
    return { tsEvent, tsInit: iInit >= 0 ? nsValue('ts_init', row[iInit]) : tsEvent };
  };
  const price = (name: string, row: unknown[], instrument: Instrument): Price => {
    const r = parsePriceColumn(name, decimalText(name, row[at(name)]), instrument, {});
    if (r.rounded) ctx.rounded();
    return r.value;
  };
  const qty = (name: string, value: unknown, instrument: Instrument): Quantity => {
    const r = parseQuantityColumn(name, decimalText(name, value), instrument, {});
    if (r.rounded) ctx.rounded();
    return r.value;
  };

  if (layout.kind === 'bar') {
    const iBarType = at('bar_type');
    return (row) => {
      const instrument = instrumentOf(row);
      const fromRow = iBarType >= 0 ? row[iBarType] : undefined;
      const barType = spec.barType ?? (typeof fromRow === 'string' && fromRow !== '' ? fromRow : `${instrument.id}-1-MINUTE-LAST`);
      const open = price('open', row, instrument);
      const high = price('high', row, instrument);
      const low = price('low', row, instrument);
      const close = price('close', row, instrument);
      if (high.lt(low) || high.lt(open) || high.lt(close)) throw new RowProblem('high >= open, low and close', `high ${high.toString()}`);
      if (low.gt(open) || low.gt(close)) throw new RowProblem('low <= open and close', `low ${low.toString()}`);
      const volume = qty('volume', row[at('volume')], instrument);
      const bar = { barType, instrumentId: instrument.id, open, high, low, close, volume, ...times(row) };
      return { kind: 'bar', data: bar, source: label };
    };
  }
  const iBidSize = at('bid_size');
  const iAskSize = at('ask_size');
  return (row) => {
    const instrument = instrumentOf(row);
    const bid = price('bid', row, instrument);
    const ask = price('ask', row, instrument);
    if (bid.gt(ask)) throw new RowProblem('bid <= ask', `bid ${bid.toString()} > ask ${ask.toString()}`);
    const bidSize = qty('bid_size', iBidSize >= 0 ? row[iBidSize] : DEFAULT_QUOTE_SIZE, instrument);
    const askSize = qty('ask_size', iAskSize >= 0 ? row[iAskSize] : DEFAULT_QUOTE_SIZE, instrument);
    const quote = { instrumentId: instrument.id, bid, ask, bidSize, askSize, ...times(row) };
    return { kind: 'quote', data: quote, source: label };
  };
}

/** A decimal column as text: strings as written, numbers by their shortest exact text. */
function decimalText(name: string, v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isFinite(v)) {
    const s = String(v);
    // 1e-7 → '0.0000001': the plain-decimal parsers take no exponents.
    return /e/i.test(s) ? v.toFixed(20).replace(/\.?0+$/, '') : s;
  }
  throw new RowProblem(`${name} as a decimal string or number`, v === null || v === undefined ? 'nothing (null)' : `${typeof v}`);
}

function nsValue(name: string, v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new RowProblem(`${name} as INT64 nanoseconds since the epoch`, v === null || v === undefined ? 'nothing (null)' : `${typeof v}`);
}
