import { openData } from './data/index.js';
import type { BacktestData, DataItem, DataStats } from './data/index.js';

export type { DataItem };

/** The runner's view of the data: items one at a time (read a batch at a time underneath), and the counts. */
export interface DataItems extends AsyncIterator<DataItem> {
  stats(): DataStats;
  /** The rest of the current batch, else the next one; undefined at the end (the runner walks a batch without an await per item). */
  nextBatch(): Promise<readonly DataItem[] | undefined>;
}

export function openItems(data: unknown, f: { fromNs: bigint | undefined; toNs: bigint | undefined; malformed: 'skip' | 'fail' }): DataItems {
  const stream = openData(data as BacktestData, {
    ...(f.fromNs !== undefined ? { from: f.fromNs } : {}),
    ...(f.toNs !== undefined ? { to: f.toNs } : {}),
    malformed: f.malformed,
  });
  const batches = stream.batches()[Symbol.asyncIterator]();
  let batch: readonly DataItem[] = [];
  let at = 0;
  return {
    stats: () => stream.stats(),
    async next(): Promise<IteratorResult<DataItem>> {
      while (at >= batch.length) {
        const r = await batches.next();
        if (r.done) return { done: true, value: undefined };
        batch = r.value;
        at = 0;
      }
      return { done: false, value: batch[at++]! };
    },
    async nextBatch(): Promise<readonly DataItem[] | undefined> {
      if (at < batch.length) {
        const rest = at === 0 ? batch : batch.slice(at);
        at = batch.length;
        return rest;
      }
      for (;;) {
        const r = await batches.next();
        if (r.done) return undefined;
        batch = r.value;
        at = batch.length;
        if (batch.length > 0) return batch;
      }
    },
    async return(): Promise<IteratorResult<DataItem>> {
      await stream.close();
      return { done: true, value: undefined };
    },
  };
}
