import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { ensureWritableDir } from './ensure-dir.js';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { msToNs } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { SNAPSHOT_FILE, encodeRecord, fsyncDir, listSegments, segmentFile, writeSnapshot } from './journal-files.js';
import type { TornTail } from './framing.js';
import { HeadFile } from './journal-head.js';
import { scanJournal } from './journal-scan.js';
import type { Persistence, PersistenceHealthListener } from './persistence.js';
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
  /** While writes fail (disk full, file-size limit, I/O error): try again this often on the clock. Default 250 ms. */
  readonly retryIntervalMs?: number;
}

export interface JournalOpenInfo {
  /** The torn last record found at open and cut away (nothing before it was touched). */
  readonly torn?: TornTail & { readonly segment: number; readonly file: string };
  readonly records: number;
  readonly segment: number;
}

let timerSeq = 0;

/**
 * The embedded journal: framed records appended to a segment file, fsync'd in batches (by count, bytes,
 * a clock-driven interval, or at once for sync events), with a snapshot + new segment every so often so
 * start-up does not replay forever. Writes are synchronous (`writeSync`/`fsyncSync`): one syscall pair
 * per batch keeps the order of records exactly the order of `append` calls, with no queue to lose.
 *
 * A write that fails (ENOSPC, EFBIG, EIO) never leaves half a record behind and never loses one: the
 * segment is cut back to its last acknowledged byte, the batch stays pending, `failure` says why and the
 * health listeners are told; a clock timer tries again, and the listeners hear when it works again.
 */
export class JournalPersistence implements Persistence {
  readonly kind = 'journal';
  private readonly state: PersistedState;
  private fd: number;
  private segment: number;
  /** Acknowledged (written and fsync'd) bytes of the current segment. */
  private bytes: number;
  private snapshotSegment: number;
  private readonly head: HeadFile;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private sinceSnapshot = 0;
  private closed = false;
  private readonly timerName: string;
  private readonly retryTimerName: string;
  private readonly flushIntervalMs: number;
  private readonly maxBatchRecords: number;
  private readonly maxBatchBytes: number;
  private readonly syncTypes: ReadonlySet<string>;
  private readonly snapshotEvery: number;
  private readonly retryIntervalMs: number;
  private _flushes = 0;
  private _failure: EngineError | undefined;
  private readonly listeners = new Set<PersistenceHealthListener>();
  private clock: Clock | undefined;

  private constructor(
    readonly dir: string,
    options: JournalOptions,
    state: PersistedState,
    at: { segment: number; bytes: number; snapshotSegment: number },
    fd: number,
    head: HeadFile,
    readonly openInfo: JournalOpenInfo,
  ) {
    this.state = state;
    this.segment = at.segment;
    this.bytes = at.bytes;
    this.snapshotSegment = at.snapshotSegment;
    this.fd = fd;
    this.head = head;
    this.timerName = `journal-flush-${++timerSeq}`;
    this.retryTimerName = `journal-retry-${timerSeq}`;
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatchRecords = options.maxBatchRecords ?? 512;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.syncTypes = new Set(options.syncEventTypes ?? ['OrderSubmitted']);
    this.snapshotEvery = options.snapshotEveryRecords ?? 10_000;
    this.retryIntervalMs = options.retryIntervalMs ?? 250;
    if (options.clock) this.useClock(options.clock);
  }

  /**
   * Drive the time-based flush from this clock (the node's), if none drives it yet. `attachPersistence`
   * calls it, so a journal opened without a clock still flushes on time once attached to a node.
   */
  useClock(clock: Clock): void {
    if (this.clock || this.closed) return;
    this.clock = clock;
    if (this.flushIntervalMs > 0) {
      clock.setTimer(this.timerName, msToNs(this.flushIntervalMs), () => {
        if (this.pending.length > 0 && !this.closed && this._failure === undefined) this.flushSync();
      });
    }
    if (this._failure !== undefined) this.armRetry();
  }

  /**
   * Open (creating) a journal directory for writing. Refuses a damaged journal (a coded EngineError naming
   * the file and byte offset, see journal-scan.ts); cuts a torn last record off the newest segment; drops
   * segments a snapshot already covers; appends to the newest segment.
   */
  static open(dir: string, options: JournalOptions = {}): JournalPersistence {
    ensureWritableDir(dir);
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
    const bytes = fstatSync(fd).size;
    const snapshotSegment = existsSync(join(dir, SNAPSHOT_FILE)) ? scan.snapshotSegment : 0;
    const head = new HeadFile(dir);
    head.write({ segment, snapshotSegment, committedBytes: bytes }, true);
    fsyncDir(dir);
    const info: JournalOpenInfo = { records: scan.state.records, segment, ...(scan.torn ? { torn: scan.torn } : {}) };
    const journal = new JournalPersistence(dir, options, scan.state, { segment, bytes, snapshotSegment }, fd, head, info);
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
  /** Why appended records cannot be made durable right now (undefined: the journal writes). */
  get failure(): EngineError | undefined {
    return this._failure;
  }

  onHealth(listener: PersistenceHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    // While writes fail, only the retry timer (and makeDurable) try again: no failing syscalls per append.
    if (this._failure !== undefined) return;
    if (sync || this.pending.length >= this.maxBatchRecords || this.pendingBytes >= this.maxBatchBytes) this.flushSync();
  }

  /** Write everything pending now; undefined when it is durable, else why not (the records stay pending). */
  makeDurable(): EngineError | undefined {
    this.flushSync();
    return this._failure;
  }

  async load(): Promise<PersistedState> {
    return copyState(this.state);
  }

  /** Make everything appended durable; rejects with the failure when the journal cannot write. */
  async flush(): Promise<void> {
    this.flushSync();
    if (this._failure) throw this._failure;
  }

  /**
   * Write and fsync everything appended; then snapshot if enough records piled up since the last one.
   * Never throws for an I/O failure: see the class comment.
   */
  flushSync(): void {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const count = this.pending.length;
    try {
      writeAll(this.fd, batch);
      fsyncSync(this.fd);
    } catch (e) {
      this.writeFailed(e, batch.length);
      return;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.bytes += batch.length;
    // After the fsync, never before: the head must not claim bytes that are not durable.
    this.head.write({ segment: this.segment, snapshotSegment: this.snapshotSegment, committedBytes: this.bytes });
    this._flushes += 1;
    this.sinceSnapshot += count;
    if (this._failure !== undefined) this.writeRecovered();
    if (this.snapshotEvery > 0 && this.sinceSnapshot >= this.snapshotEvery) this.compact();
  }

  private writeFailed(e: unknown, batchBytes: number): void {
    // Cut back whatever part of the batch reached the file: a half record mid-segment would be damage.
    try {
      ftruncateSync(this.fd, this.bytes);
    } catch {
      // The next successful write starts with the same cut (writeAll is retried from `bytes`).
    }
    const err = e as NodeJS.ErrnoException;
    const first = this._failure === undefined;
    this._failure = new EngineError('JOURNAL_UNWRITABLE', `expected the journal to write ${batchBytes} bytes (${this.pending.length} records) to ${join(this.dir, segmentFile(this.segment))}, received ${err.code ?? 'an error'}: ${err.message}`, {
      dir: this.dir, file: join(this.dir, segmentFile(this.segment)), offset: this.bytes, errno: err.code, pendingRecords: this.pending.length,
    });
    if (!first) return;
    this.armRetry();
    for (const l of this.listeners) l(this._failure);
  }

  private writeRecovered(): void {
    this._failure = undefined;
    this.clock?.cancelTimer(this.retryTimerName);
    for (const l of this.listeners) l(undefined);
  }

  private armRetry(): void {
    if (!this.clock || this.closed) return;
    this.clock.cancelTimer(this.retryTimerName);
    this.clock.setTimer(this.retryTimerName, msToNs(this.retryIntervalMs), () => {
      if (!this.closed && this._failure !== undefined) {
        ftruncateSafe(this.fd, this.bytes);
        this.flushSync();
      }
    });
  }

  /** Start a new segment (without a snapshot): the older ones stay and are replayed in order. */
  rotate(): void {
    if (this.closed) return;
    this.flushSync();
    if (this._failure) throw this._failure;
    this.openSegment(this.segment + 1);
  }

  private openSegment(next: number): void {
    const fd = openSync(join(this.dir, segmentFile(next)), 'a+');
    fsyncDir(this.dir);
    closeSync(this.fd);
    this.fd = fd;
    this.segment = next;
    this.bytes = 0;
    this.head.write({ segment: next, snapshotSegment: this.snapshotSegment, committedBytes: 0 }, true);
  }

  /**
   * Snapshot the folded state and start a new segment; older segments are deleted. Order of steps: new
   * segment + head first, then the snapshot naming that segment, then the head naming the snapshot, then
   * deletions — a crash at any step leaves a journal that opens with nothing lost (old snapshot + every
   * segment since, or the new snapshot + stale segments a later open ignores and deletes).
   */
  compact(): void {
    if (this.closed) return;
    this.flushSync();
    if (this._failure) return; // the disk is the problem: no snapshot until the pending records are written
    const next = this.segment + 1;
    this.openSegment(next);
    writeSnapshot(this.dir, this.state, next);
    this.snapshotSegment = next;
    this.head.write({ segment: next, snapshotSegment: next, committedBytes: 0 }, true);
    for (const n of listSegments(this.dir)) if (n < next) rmSync(join(this.dir, segmentFile(n)), { force: true });
    this.sinceSnapshot = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushSync();
    this.closed = true;
    this.clock?.cancelTimer(this.timerName);
    this.clock?.cancelTimer(this.retryTimerName);
    closeSync(this.fd);
    this.head.close();
  }
}

/** writeSync may write less than asked (a disk filling up): go on until all is written or it throws. */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error(`short write: ${off} of ${buf.length} bytes`), { code: 'ENOSPC' });
    off += n;
  }
}

function ftruncateSafe(fd: number, length: number): void {
  try {
    ftruncateSync(fd, length);
  } catch {
    // The write that follows fails the same way and keeps the failure.
  }
}
