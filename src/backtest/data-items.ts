import type { Bar, MarketData, QuoteTick, TradeTick } from '../engine/model/market-data.js';
import { marketDataKind } from '../engine/data/bar-path.js';

/** One recorded data point as the runner consumes it. */
export interface DataItem {
  readonly kind: 'bar' | 'quote' | 'trade';
  readonly data: Bar | QuoteTick | TradeTick;
}

export interface DataItems extends AsyncIterator<DataItem> {
  /** Rows skipped as malformed so far. */
  skipped(): number;
}

/** Interim: one iterable of market data in time order (the data layer replaces this with the merged sources). */
export function openItems(data: unknown, f: { fromNs: bigint | undefined; toNs: bigint | undefined; malformed: 'skip' | 'fail' }): DataItems {
  const source = data as Iterable<MarketData> | AsyncIterable<MarketData>;
  const it: AsyncIterator<MarketData> | Iterator<MarketData> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<MarketData>)[Symbol.iterator]();
  return {
    skipped: () => 0,
    async next(): Promise<IteratorResult<DataItem>> {
      for (;;) {
        const r = await it.next();
        if (r.done) return { done: true, value: undefined };
        const d = r.value;
        if (f.fromNs !== undefined && d.tsEvent < f.fromNs) continue;
        if (f.toNs !== undefined && d.tsEvent > f.toNs) return { done: true, value: undefined };
        return { done: false, value: { kind: marketDataKind(d), data: d } };
      }
    },
    async return(): Promise<IteratorResult<DataItem>> {
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}
