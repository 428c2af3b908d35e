import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/errors.js';
import { encodeFrame, scanFrames } from './framing.js';
import type { JournalRecord } from './records.js';
import { stateFromPlain, stateToPlain, type PersistedState, type PlainState } from './state.js';
import { decodeValue, encodeValue } from './value-codec.js';

/**
 * On-disk layout of a journal directory (the node folder's `journal/` by default):
 *   snapshot.bin            one frame: { version, segment, state } — the folded state of every segment
 *                           numbered below `segment`; replaced atomically (write tmp, fsync, rename)
 *   segment-00000007.log    framed records appended since; only the newest segment is ever written
 *   head.bin                the newest segment and how many of its bytes were acknowledged (journal-head.ts)
 * Start-up reads the snapshot, then replays the segments from `segment` on (journal-scan.ts says what is
 * damage). Older segments left by a crash during compaction are ignored (and deleted by a writer).
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

export function decodeRecord(payload: Buffer, dir: string, segment: number): JournalRecord {
  try {
    return decodeValue<JournalRecord>(payload.toString('utf8'));
  } catch (e) {
    // The CRC matched, so these are the bytes we wrote: a decoder that cannot read them is a version problem.
    throw new EngineError('JOURNAL_RECORD_UNREADABLE', `expected a journal record this version can decode in ${segmentFile(segment)}, received: ${(e as Error).message}`, { dir, segment });
  }
}

export type SnapshotRead =
  | { readonly kind: 'ok'; readonly state: PersistedState; readonly segment: number }
  | { readonly kind: 'bad'; readonly offset: number; readonly message: string };

/** Read `snapshot.bin`: one intact frame of this version, or where and why not. */
export function readSnapshotFrame(path: string): SnapshotRead {
  const scan = scanFrames(readFileSync(path));
  if (scan.torn || scan.payloads.length !== 1) {
    return { kind: 'bad', offset: scan.torn?.offset ?? scan.validBytes, message: `expected one intact frame in ${SNAPSHOT_FILE}, received ${scan.payloads.length} frame(s)${scan.torn ? ` and a bad frame (${scan.torn.reason})` : ''}` };
  }
  const body = decodeValue<SnapshotBody>(scan.payloads[0]!.toString('utf8'));
  if (body.version !== SNAPSHOT_VERSION) {
    throw new EngineError('JOURNAL_SNAPSHOT_VERSION', `expected snapshot version ${SNAPSHOT_VERSION}, received ${String(body.version)}`, { path });
  }
  return { kind: 'ok', state: stateFromPlain(body.state), segment: body.segment };
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
