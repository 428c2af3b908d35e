import { EngineError } from '../../engine/core/errors.js';
import type { BacktestData, DataItem, DataStats, DataStream, OpenDataOptions } from './data-types.js';
import { instrumentProvider } from './instrument-of.js';
import { BATCH_SIZE, SourceTally, type Batch, type SourceReader } from './source-reader.js';
import { sourceReaders } from './sources.js';
import { timeWindow } from './time-bounds.js';

/**
 * Every source of a backtest as one stream in time order: a k-way merge holding one pending batch per
 * source (a CSV chunk, one Parquet row group), never a whole file.
 *
 * Order: by `tsEvent`; on equal timestamps, the source given first comes first, and within one source
 * its own order is kept. So `[btcBars, eurQuotes]` delivers a bar before a quote of the same instant, and
 * the same inputs always give the same sequence. A source whose items go back in time fails
 * (DATA_OUT_OF_ORDER) rather than being reordered: the run would otherwise be fed a history that did
 * not happen.
 *
 * Bad `data`, a missing file and a bad `from`/`to` throw here, before anything is read; a file whose
 * kind cannot be told throws on the first read.
 */
export function openData(data: BacktestData, opts: OpenDataOptions = {}): DataStream {
  const window = timeWindow(opts.from, opts.to);
  const readers = sourceReaders(data);
  const malformed = opts.malformed ?? 'fail';
  if (malformed !== 'fail' && malformed !== 'skip') {
    throw new EngineError('DATA_OPTIONS_INVALID', `malformed: expected 'skip' or 'fail', received '${String(malformed)}'`, { received: malformed });
  }
  const instruments = instrumentProvider(opts.instruments);
  const tallies = readers.map((r) => new SourceTally(r.label, malformed, instruments, window.from));
  return new MergedStream(readers, tallies, window.from, window.to);
}

/** One source's read position: its current batch and where in it. */
interface Cursor {
  readonly reader: SourceReader;
  readonly tally: SourceTally;
  readonly iter: AsyncIterator<Batch, void, undefined>;
  items: DataItem[];
  i: number;
  prevTs: bigint | undefined;
  prevPos: number;
  /** Ended, or past `to`. */
  done: boolean;
}

class MergedStream implements DataStream {
  private started = false;
  private cursors: Cursor[] = [];
  private all: Cursor[] = [];
  private delivered = 0;
  private firstTs: bigint | undefined;
  private lastTs: bigint | undefined;

  constructor(
    private readonly readers: readonly SourceReader[],
    private readonly tallies: readonly SourceTally[],
    private readonly from: bigint | undefined,
    private readonly to: bigint | undefined,
  ) {}

  /** Item by item over `batches()`; a plain iterator object, not a generator: about twice as fast per item. */
  [Symbol.asyncIterator](): AsyncIterator<DataItem, void, undefined> {
    const batches = this.batches();
    let batch: readonly DataItem[] = [];
    let i = 0;
    const pull = async (): Promise<IteratorResult<DataItem, void>> => {
      for (;;) {
        const next = await batches.next();
        if (next.done) return { done: true, value: undefined };
        batch = next.value;
        i = 0;
        if (batch.length > 0) return { done: false, value: batch[i++]! };
      }
    };
    return {
      next: () => (i < batch.length ? Promise.resolve({ done: false, value: batch[i++]! }) : pull()),
      return: async () => {
        batch = [];
        await batches.return(undefined);
        return { done: true, value: undefined };
      },
    };
  }

  async *batches(): AsyncGenerator<readonly DataItem[], void, undefined> {
    if (this.started) {
      throw new EngineError('DATA_STREAM_CONSUMED', 'expected a data stream to be iterated once, received a second iteration (call openData again)');
    }
    this.started = true;
    this.cursors = this.readers.map((reader, k) => ({
      reader,
      tally: this.tallies[k]!,
      iter: reader.open(this.tallies[k]!),
      items: [],
      i: 0,
      prevTs: undefined,
      prevPos: 0,
      done: false,
    }));
    this.all = this.cursors;
    try {
      for (;;) {
        // Every live source needs a pending item before the smallest can be chosen.
        for (const c of this.cursors) if (c.i >= c.items.length) await this.refill(c);
        this.cursors = this.cursors.filter((c) => c.i < c.items.length);
        if (this.cursors.length === 0) return;
        const out = this.take();
        if (out.length > 0) yield out;
      }
    } finally {
      await this.close();
    }
  }

  /** Moves items out in time order until a source's batch runs dry (it must refill before the next choice). */
  private take(): DataItem[] {
    const out: DataItem[] = [];
    const cursors = this.cursors;
    for (;;) {
      // A linear scan: backtests merge a handful of sources, where this beats a heap. Strict `<` keeps
      // the earlier source on a tie.
      let best = cursors[0]!;
      let bestTs = best.items[best.i]!.data.tsEvent;
      for (let k = 1; k < cursors.length; k++) {
        const c = cursors[k]!;
        const ts = c.items[c.i]!.data.tsEvent;
        if (ts < bestTs) {
          best = c;
          bestTs = ts;
        }
      }
      if (this.to !== undefined && bestTs > this.to) {
        // Sorted sources: nothing after this can be in the window. Drop the rest of the batch; the
        // source ends at the next refill.
        best.items = [];
        best.i = 0;
        best.done = true;
        return out;
      }
      const item = best.items[best.i++]!;
      if (this.from === undefined || bestTs >= this.from) {
        out.push(item);
        best.tally.delivered++;
        this.delivered++;
        if (this.firstTs === undefined) this.firstTs = bestTs;
        this.lastTs = bestTs;
      }
      if (best.i >= best.items.length || out.length >= BATCH_SIZE) return out;
    }
  }

  private async refill(c: Cursor): Promise<void> {
    if (c.done) return;
    for (;;) {
      const next = await c.iter.next();
      if (next.done) {
        c.done = true;
        c.items = [];
        c.i = 0;
        return;
      }
      const { items, positions } = next.value;
      this.check(c, items, positions);
      if (items.length > 0) {
        c.items = items;
        c.i = 0;
        return;
      }
    }
  }

  /** Counts a new batch and fails on the first item earlier than the one before it in the same source. */
  private check(c: Cursor, items: readonly DataItem[], positions: readonly number[]): void {
    let prev = c.prevTs;
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const ts = item.data.tsEvent;
      if (prev !== undefined && ts < prev) {
        const { label, unit } = c.reader;
        const pos = positions[k]!;
        throw new EngineError(
          'DATA_OUT_OF_ORDER',
          `${label}, ${unit} ${pos}: expected a tsEvent at or after the previous ${unit}'s (${unit} ${c.prevPos}: ${prev} = ${iso(prev)}), received ${ts} = ${iso(ts)}`,
          { source: label, [unit]: pos, previousTs: prev.toString(), ts: ts.toString(), previousPosition: c.prevPos },
        );
      }
      c.tally.read(item.kind, item.data.instrumentId, ts);
      prev = ts;
      c.prevPos = positions[k]!;
    }
    c.prevTs = prev;
  }

  stats(): DataStats {
    const sources = this.tallies.map((t) => t.snapshot());
    return {
      sources,
      delivered: this.delivered,
      skipped: sources.reduce((n, s) => n + s.skipped, 0),
      firstTs: this.firstTs,
      lastTs: this.lastTs,
    };
  }

  async close(): Promise<void> {
    const all = this.all;
    this.all = [];
    this.cursors = [];
    for (const c of all) await c.iter.return?.();
  }
}

function iso(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const d = new Date(Number(ms));
  return Number.isNaN(d.getTime()) ? 'out of range' : d.toISOString();
}
