import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { msToNs } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { encodeRecord, fsyncDir, listSegments, scanJournal, segmentFile, writeSnapshot } from './journal-files.js';
import type { TornTail } from './framing.js';
import type { Persistence } from './persistence.js';
import type { JournalRecord } from './records.js';
import { applyRecord, copyState, type PersistedState } from './state.js';

export interface JournalOptions {
  /** Drives the time-based flush (a repeating timer); without one, only size, sync events and `flush()` write. */
  readonly clock?: Clock;
  /** Flush at most this long after the first unflushed append. Default 50 ms. */
  readonly flushIntervalMs?: number;
  /** Flush once this many records are waiting. Default 512. */
  readonly maxBatchRecords?: number;
  /** Flush once this many bytes are waiting. Default 1 MiB. */
  readonly maxBatchBytes?: number;
  /**
   * Order event types written and fsync'd before `append` returns. Default `['OrderSubmitted']`: an order
   * is durable before the venue can know it, so a crash never leaves a venue order the journal lacks.
   */
  readonly syncEventTypes?: readonly string[];
  /** Snapshot + start a new segment once this many records were appended since the last snapshot. Default 10 000 (0: never automatically). */
  readonly snapshotEveryRecords?: number;
}

export interface JournalOpenInfo {
  /** The torn/corrupt tail found at open and cut away (nothing before it was touched). */
  readonly torn?: TornTail & { readonly segment: number };
  readonly records: number;
  readonly segment: number;
}

let timerSeq = 0;

/**
 * The embedded journal: framed records appended to a segment file, fsync'd in batches (by count, bytes,
 * a clock-driven interval, or at once for sync events), with a snapshot + new segment every so often so
 * start-up does not replay forever. Writes are synchronous (`writeSync`/`fsyncSync`): one syscall pair
 * per batch keeps the order of records exactly the order of `append` calls, with no queue to lose.
 */
export class JournalPersistence implements Persistence {
  readonly kind = 'journal';
  private readonly state: PersistedState;
  private fd: number;
  private segment: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private sinceSnapshot = 0;
  private closed = false;
  private readonly timerName: string;
  private readonly flushIntervalMs: number;
  private readonly maxBatchRecords: number;
  private readonly maxBatchBytes: number;
  private readonly syncTypes: ReadonlySet<string>;
  private readonly snapshotEvery: number;
  private _flushes = 0;
  private clock: Clock | undefined;

  private constructor(
    readonly dir: string,
    private readonly options: JournalOptions,
    state: PersistedState,
    segment: number,
    fd: number,
    readonly openInfo: JournalOpenInfo,
  ) {
    this.state = state;
    this.segment = segment;
    this.fd = fd;
    this.timerName = `journal-flush-${++timerSeq}`;
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatchRecords = options.maxBatchRecords ?? 512;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.syncTypes = new Set(options.syncEventTypes ?? ['OrderSubmitted']);
    this.snapshotEvery = options.snapshotEveryRecords ?? 10_000;
    if (options.clock) this.useClock(options.clock);
  }

  /**
   * Drive the time-based flush from this clock (the node's), if none drives it yet. `attachPersistence`
   * calls it, so a journal opened without a clock still flushes on time once attached to a node.
   */
  useClock(clock: Clock): void {
    if (this.clock || this.flushIntervalMs <= 0 || this.closed) return;
    this.clock = clock;
    clock.setTimer(this.timerName, msToNs(this.flushIntervalMs), () => {
      if (this.pending.length > 0 && !this.closed) this.flushSync();
    });
  }

  /**
   * Open (creating) a journal directory for writing: load the snapshot and segments, cut a torn tail off
   * the newest segment, drop segments a snapshot already covers, and append to the newest segment.
   */
  static open(dir: string, options: JournalOptions = {}): JournalPersistence {
    mkdirSync(dir, { recursive: true });
    const scan = scanJournal(dir);
    for (const n of listSegments(dir)) if (n < scan.snapshotSegment) rmSync(join(dir, segmentFile(n)), { force: true });
    const last = scan.segments[scan.segments.length - 1];
    const segment = last?.n ?? scan.snapshotSegment;
    const fd = openSync(join(dir, segmentFile(segment)), 'a+');
    if (scan.torn) {
      // Cut the torn tail so new records follow the last good one (appends go to the end of the file).
      ftruncateSync(fd, scan.torn.offset);
      fsyncSync(fd);
    }
    if (!last) fsyncDir(dir);
    const info: JournalOpenInfo = { records: scan.state.records, segment, ...(scan.torn ? { torn: scan.torn } : {}) };
    const journal = new JournalPersistence(dir, options, scan.state, segment, fd, info);
    journal.sinceSnapshot = scan.segments.reduce((n, s) => n + s.records, 0);
    return journal;
  }

  /** Batches written so far (each one write + fsync). */
  get flushes(): number {
    return this._flushes;
  }
  get pendingRecords(): number {
    return this.pending.length;
  }
  get currentSegment(): number {
    return this.segment;
  }

  append(records: readonly JournalRecord[]): void {
    if (this.closed) throw new EngineError('PERSISTENCE_CLOSED', `expected an open journal, received append after close (${this.dir})`, { dir: this.dir });
    let sync = false;
    for (const r of records) {
      const frame = encodeRecord(r);
      applyRecord(this.state, r);
      this.pending.push(frame);
      this.pendingBytes += frame.length;
      if (r.kind === 'order-event' && this.syncTypes.has(r.event.type)) sync = true;
    }
    if (sync || this.pending.length >= this.maxBatchRecords || this.pendingBytes >= this.maxBatchBytes) this.flushSync();
  }

  async load(): Promise<PersistedState> {
    return copyState(this.state);
  }

  async flush(): Promise<void> {
    this.flushSync();
  }

  /** Write and fsync everything appended; then snapshot if enough records piled up since the last one. */
  flushSync(): void {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const count = this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.fd, batch);
    fsyncSync(this.fd);
    this._flushes += 1;
    this.sinceSnapshot += count;
    if (this.snapshotEvery > 0 && this.sinceSnapshot >= this.snapshotEvery) this.compact();
  }

  /**
   * Snapshot the folded state and start a new segment; older segments are deleted. The snapshot names
   * the segment it precedes, so a crash at any step leaves either the old snapshot + old segments or
   * the new snapshot (+ stale segments a later open ignores and deletes).
   */
  compact(): void {
    if (this.closed) return;
    this.flushSync();
    const next = this.segment + 1;
    writeSnapshot(this.dir, this.state, next);
    closeSync(this.fd);
    this.fd = openSync(join(this.dir, segmentFile(next)), 'a+');
    fsyncDir(this.dir);
    for (const n of listSegments(this.dir)) if (n < next) rmSync(join(this.dir, segmentFile(n)), { force: true });
    this.segment = next;
    this.sinceSnapshot = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushSync();
    this.closed = true;
    this.clock?.cancelTimer(this.timerName);
    closeSync(this.fd);
  }
}
