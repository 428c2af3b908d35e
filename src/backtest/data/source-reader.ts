import type { EngineError } from '../../engine/core/errors.js';
import type { InstrumentProvider } from '../../engine/model/instruments.js';
import type { DataItem, DataKind, SkippedRow, SourceStats } from './data-types.js';

/**
 * The seam between the merge and each kind of source. A reader hands over batches (a CSV chunk, one
 * Parquet row group, a slice of an iterable) so the merge awaits once per batch, not once per item;
 * `positions[i]` is where `items[i]` sits in the source (line, row or item number) for messages.
 */
export interface Batch {
  readonly items: DataItem[];
  readonly positions: number[];
}

export interface SourceReader {
  /** The path, or `items #<n>`. */
  readonly label: string;
  /** What `positions` count, for messages: `line 12`, `row 12`, `item 12`. */
  readonly unit: 'line' | 'row' | 'item';
  open(ctx: ReadContext): AsyncIterator<Batch, void, undefined>;
}

export interface ReadContext {
  readonly malformed: 'skip' | 'fail';
  readonly instruments: InstrumentProvider;
  /** The window's start: a reader may leave out whole blocks it knows end before it (Parquet row groups). */
  readonly from?: bigint | undefined;
  /** A row that did not parse, under the 'skip' policy (the reader throws it under 'fail'). */
  skipped(err: EngineError, file: string, line: number): void;
  /** A value was rounded to the instrument's precision. */
  rounded(): void;
}

/** Items per batch for readers that cut their own batches (CSV, iterables). */
export const BATCH_SIZE = 4096;
const MAX_KEPT_SKIPS = 100;

/** A source's running counts; `snapshot()` is what `stats()` shows. */
export class SourceTally implements ReadContext {
  rows = 0;
  delivered = 0;
  skippedCount = 0;
  roundedCount = 0;
  kind: DataKind | 'mixed' | undefined;
  firstTs: bigint | undefined;
  lastTs: bigint | undefined;
  private readonly skips: SkippedRow[] = [];
  private readonly ids = new Set<string>();

  constructor(
    readonly source: string,
    readonly malformed: 'skip' | 'fail',
    readonly instruments: InstrumentProvider,
    readonly from?: bigint,
  ) {}

  skipped(err: EngineError, file: string, line: number): void {
    this.skippedCount++;
    if (this.skips.length < MAX_KEPT_SKIPS) this.skips.push({ file, line, reason: err.message });
  }

  rounded(): void {
    this.roundedCount++;
  }

  /** Counts one item read from the source (called by the merge, in source order). */
  read(kind: DataKind, instrumentId: string, ts: bigint): void {
    this.rows++;
    this.ids.add(instrumentId);
    if (this.kind !== kind) this.kind = this.kind === undefined ? kind : 'mixed';
    if (this.firstTs === undefined) this.firstTs = ts;
    this.lastTs = ts;
  }

  snapshot(): SourceStats {
    return {
      source: this.source,
      kind: this.kind,
      rows: this.rows,
      delivered: this.delivered,
      skipped: this.skippedCount,
      rounded: this.roundedCount,
      skippedRows: [...this.skips],
      instrumentIds: [...this.ids].sort(),
      firstTs: this.firstTs,
      lastTs: this.lastTs,
    };
  }
}
