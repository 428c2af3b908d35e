import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/errors.js';
import { encodeFrame, scanFrames, type TornTail } from './framing.js';
import type { JournalRecord } from './records.js';
import { applyRecord, emptyState, stateFromPlain, stateToPlain, type PersistedState, type PlainState } from './state.js';
import { decodeValue, encodeValue } from './value-codec.js';

/**
 * On-disk layout of a journal directory (the node folder's `journal/` by default):
 *   snapshot.bin            one frame: { version, segment, state } — the folded state of every segment
 *                           numbered below `segment`; replaced atomically (write tmp, fsync, rename)
 *   segment-00000007.log    framed records appended since; only the newest segment is ever written
 * Start-up reads the snapshot, then replays the segments from `segment` on. Older segments left by a
 * crash during compaction are ignored (and deleted by a writer).
 */
export const SNAPSHOT_FILE = 'snapshot.bin';
const SNAPSHOT_VERSION = 1;
const SEGMENT_RE = /^segment-(\d{8})\.log$/;

export function segmentFile(n: number): string {
  return `segment-${String(n).padStart(8, '0')}.log`;
}

export function listSegments(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => SEGMENT_RE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

interface SnapshotBody {
  readonly version: number;
  readonly segment: number;
  readonly state: PlainState;
}

export function encodeRecord(record: JournalRecord): Buffer {
  return encodeFrame(Buffer.from(encodeValue(record), 'utf8'));
}

export interface JournalScan {
  readonly state: PersistedState;
  /** First segment not folded into the snapshot (1 without a snapshot). */
  readonly snapshotSegment: number;
  readonly segments: ReadonlyArray<{ readonly n: number; readonly validBytes: number; readonly records: number }>;
  /** A torn/corrupt tail at the end of the newest segment (ignored: everything before it is loaded). */
  readonly torn?: TornTail & { readonly segment: number };
}

/** Read a journal directory without changing it. */
export function scanJournal(dir: string): JournalScan {
  const { state, segment: snapshotSegment } = readSnapshot(dir);
  const numbers = listSegments(dir).filter((n) => n >= snapshotSegment);
  const segments: Array<{ n: number; validBytes: number; records: number }> = [];
  let torn: JournalScan['torn'];
  numbers.forEach((n, i) => {
    const scan = scanFrames(readFileSync(join(dir, segmentFile(n))));
    if (scan.torn && i < numbers.length - 1) {
      // Only the newest segment is ever appended to, so an older one with a bad frame is damage, not a crash.
      throw new EngineError('JOURNAL_CORRUPT', `expected intact records in ${segmentFile(n)} (not the newest segment), received a bad frame at byte ${scan.torn.offset} (${scan.torn.reason})`, {
        dir,
        segment: n,
        ...scan.torn,
      });
    }
    for (const payload of scan.payloads) applyRecord(state, decodeRecord(payload, dir, n));
    segments.push({ n, validBytes: scan.validBytes, records: scan.payloads.length });
    if (scan.torn) torn = { ...scan.torn, segment: n };
  });
  return { state, snapshotSegment, segments, ...(torn ? { torn } : {}) };
}

function decodeRecord(payload: Buffer, dir: string, segment: number): JournalRecord {
  try {
    return decodeValue<JournalRecord>(payload.toString('utf8'));
  } catch (e) {
    // The CRC matched, so these are the bytes we wrote: a decoder that cannot read them is a version problem.
    throw new EngineError('JOURNAL_RECORD_UNREADABLE', `expected a journal record this version can decode in ${segmentFile(segment)}, received: ${(e as Error).message}`, { dir, segment });
  }
}

function readSnapshot(dir: string): { state: PersistedState; segment: number } {
  const path = join(dir, SNAPSHOT_FILE);
  if (!existsSync(path)) return { state: emptyState(), segment: 1 };
  const scan = scanFrames(readFileSync(path));
  if (scan.torn || scan.payloads.length !== 1) {
    throw new EngineError('JOURNAL_SNAPSHOT_CORRUPT', `expected one intact frame in ${path}, received ${scan.payloads.length} frame(s)${scan.torn ? ` and a bad frame (${scan.torn.reason})` : ''}`, { path });
  }
  const body = decodeValue<SnapshotBody>(scan.payloads[0]!.toString('utf8'));
  if (body.version !== SNAPSHOT_VERSION) {
    throw new EngineError('JOURNAL_SNAPSHOT_VERSION', `expected snapshot version ${SNAPSHOT_VERSION}, received ${String(body.version)}`, { path });
  }
  return { state: stateFromPlain(body.state), segment: body.segment };
}

/** Write the snapshot atomically: a reader sees the old one or the new one, never half of either. */
export function writeSnapshot(dir: string, state: PersistedState, segment: number): void {
  const body: SnapshotBody = { version: SNAPSHOT_VERSION, segment, state: stateToPlain(state) };
  const frame = encodeFrame(Buffer.from(encodeValue(body), 'utf8'));
  const tmp = join(dir, `${SNAPSHOT_FILE}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, frame);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, SNAPSHOT_FILE));
  fsyncDir(dir);
}

/** Make a rename/create durable (the directory entry), where the platform allows opening a directory. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the data files themselves are synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
