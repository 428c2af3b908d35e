import { EngineError, describeValue } from '../../engine/core/errors.js';
import type { Bar, QuoteTick, TradeTick } from '../../engine/model/market-data.js';
import type { DataItem, MarketDataValue } from './data-types.js';
import { BATCH_SIZE, type Batch, type SourceReader } from './source-reader.js';

/** Tells a Bar, a QuoteTick and a TradeTick apart by the fields only each has. */
export function toDataItem(value: unknown, source: string, position: number): DataItem {
  if (typeof value === 'object' && value !== null && typeof (value as { tsEvent?: unknown }).tsEvent === 'bigint') {
    if ('barType' in value) return { kind: 'bar', data: value as Bar, source };
    if ('bid' in value && 'ask' in value) return { kind: 'quote', data: value as QuoteTick, source };
    if ('aggressorSide' in value) return { kind: 'trade', data: value as TradeTick, source };
  }
  throw new EngineError(
    'DATA_KIND_UNKNOWN',
    `${source}, item ${position}: expected a Bar, QuoteTick or TradeTick (with a bigint tsEvent), received ${describeValue(value)}`,
    { source, position },
  );
}

/** Values already in memory (arrays, the loaders' generators) or streamed (any async iterable). */
export function iterableReader(values: Iterable<MarketDataValue> | AsyncIterable<MarketDataValue>, label: string): SourceReader {
  return {
    label,
    unit: 'item',
    open: () => (Symbol.asyncIterator in values ? asyncBatches(values, label) : syncBatches(values, label)),
  };
}

async function* syncBatches(values: Iterable<MarketDataValue>, label: string): AsyncGenerator<Batch, void, undefined> {
  let items: DataItem[] = [];
  let positions: number[] = [];
  let n = 0;
  for (const value of values) {
    n++;
    items.push(toDataItem(value, label, n));
    positions.push(n);
    if (items.length === BATCH_SIZE) {
      yield { items, positions };
      items = [];
      positions = [];
    }
  }
  if (items.length > 0) yield { items, positions };
}

/** A stream may be slow (a socket, a generator awaiting I/O): hand each value on as it comes. */
async function* asyncBatches(values: AsyncIterable<MarketDataValue>, label: string): AsyncGenerator<Batch, void, undefined> {
  let n = 0;
  for await (const value of values) {
    n++;
    yield { items: [toDataItem(value, label, n)], positions: [n] };
  }
}
