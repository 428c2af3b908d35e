import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/errors.js';
import { FRAME_HEADER_BYTES, frameIsValidAt, scanFrames, type TornTail } from './framing.js';
import { HEAD_FILE, readHead, type JournalHead } from './journal-head.js';
import { SNAPSHOT_FILE, decodeRecord, listSegments, readSnapshotFrame, segmentFile } from './journal-files.js';
import { applyRecord, emptyState, type PersistedState } from './state.js';

/** Damage found in a journal directory: what, where (file and byte offset), in words. */
export interface JournalDamage {
  readonly code:
    | 'JOURNAL_CORRUPT'
    | 'JOURNAL_TRUNCATED'
    | 'JOURNAL_SEGMENT_MISSING'
    | 'JOURNAL_SNAPSHOT_MISSING'
    | 'JOURNAL_SNAPSHOT_CORRUPT'
    | 'JOURNAL_HEAD_MISSING'
    | 'JOURNAL_HEAD_CORRUPT';
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

export interface SegmentScan {
  readonly n: number;
  readonly file: string;
  /** Bytes of intact records from the start (the prefix kept by a recovery). */
  readonly validBytes: number;
  readonly records: number;
}

export interface JournalInspection {
  readonly dir: string;
  /** The intact prefix of the history, folded: the snapshot and every record before the first damage. */
  readonly state: PersistedState;
  /** First segment not folded into the snapshot (1 without a snapshot). */
  readonly snapshotSegment: number;
  readonly head: JournalHead | undefined;
  readonly segments: readonly SegmentScan[];
  /** A torn last record past the acknowledged length of the newest segment: the one accepted damage. */
  readonly torn?: TornTail & { readonly segment: number; readonly file: string };
  /** Every damage found, first one first; empty for a healthy journal. */
  readonly damage: readonly JournalDamage[];
}

export interface JournalScan {
  readonly state: PersistedState;
  readonly snapshotSegment: number;
  readonly head: JournalHead | undefined;
  readonly segments: readonly SegmentScan[];
  readonly torn?: TornTail & { readonly segment: number; readonly file: string };
}

const RECOVER_HINT = 'the journal is damaged; refusing to start on a partial history. Run `keel node recover DIR` to keep the intact part and rebuild the rest from the venue';

/** Read a journal directory without changing it; throws the first damage as a coded EngineError. */
export function scanJournal(dir: string): JournalScan {
  const inspection = inspectJournal(dir);
  const first = inspection.damage[0];
  if (first) throw damageError(dir, first, inspection.damage);
  const { state, snapshotSegment, head, segments, torn } = inspection;
  return { state, snapshotSegment, head, segments, ...(torn ? { torn } : {}) };
}

export function damageError(dir: string, d: JournalDamage, all: readonly JournalDamage[] = [d]): EngineError {
  return new EngineError(d.code, `${d.message} (${d.file} at byte ${d.offset}): ${RECOVER_HINT}`, {
    dir, file: d.file, offset: d.offset, damage: all.map((x) => ({ code: x.code, file: x.file, offset: x.offset })), recovery: 'keel node recover DIR',
  });
}

/**
 * Everything a journal directory says about itself, damage included, never throwing for damage: the
 * intact prefix (snapshot + records up to the first damage) folded into `state`, and the damage list.
 * The rules: the snapshot the segments continue from must be there and intact; segments run without a
 * gap from it to the newest one `head.bin` names; every segment but the newest is intact to its end; the
 * newest is intact up to its acknowledged length and at least that long; past it, only a torn last record
 * (a bad frame with no valid frame after it) is accepted — a bad frame followed by valid ones is damage.
 */
export function inspectJournal(dir: string): JournalInspection {
  const damage: JournalDamage[] = [];
  const segmentsOnDisk = listSegments(dir);
  const headRead = readHead(dir);
  const headPath = join(dir, HEAD_FILE);
  const head = headRead.kind === 'ok' ? headRead.head : undefined;
  if (headRead.kind === 'corrupt') damage.push({ code: 'JOURNAL_HEAD_CORRUPT', file: headPath, offset: 0, message: `expected an intact journal head, received one with ${headRead.reason}` });

  // The snapshot the segments continue from.
  const snapshotPath = join(dir, SNAPSHOT_FILE);
  let state = emptyState();
  let snapshotSegment = 1;
  let prefixBroken = false;
  if (existsSync(snapshotPath)) {
    const snap = readSnapshotFrame(snapshotPath);
    if (snap.kind === 'ok') {
      state = snap.state;
      snapshotSegment = snap.segment;
    } else {
      damage.push({ code: 'JOURNAL_SNAPSHOT_CORRUPT', file: snapshotPath, offset: snap.offset, message: snap.message });
      prefixBroken = true;
      snapshotSegment = head?.snapshotSegment || (segmentsOnDisk[0] ?? 1);
    }
  } else {
    const lowest = segmentsOnDisk[0];
    const expected = head !== undefined && head.snapshotSegment > 0 ? head.snapshotSegment : lowest !== undefined && lowest > 1 ? lowest : 0;
    if (expected > 0) {
      damage.push({ code: 'JOURNAL_SNAPSHOT_MISSING', file: snapshotPath, offset: 0, message: `expected ${SNAPSHOT_FILE} (the state before segment ${expected}), received no such file` });
      prefixBroken = true;
      snapshotSegment = expected;
    }
  }
  if (head !== undefined && !prefixBroken && head.snapshotSegment > snapshotSegment) {
    damage.push({ code: 'JOURNAL_SNAPSHOT_MISSING', file: snapshotPath, offset: 0, message: `expected the snapshot before segment ${head.snapshotSegment}, received an older one (before segment ${snapshotSegment})` });
    prefixBroken = true;
  }

  // Segments from the snapshot on, without a gap, up to the newest.
  const live = segmentsOnDisk.filter((n) => n >= snapshotSegment);
  const newest = Math.max(head?.segment ?? 0, live.at(-1) ?? 0, snapshotSegment);
  const anyRecords = live.some((n) => readFileSync(join(dir, segmentFile(n))).length > 0);
  if (headRead.kind === 'missing' && (anyRecords || existsSync(snapshotPath))) {
    damage.push({ code: 'JOURNAL_HEAD_MISSING', file: headPath, offset: 0, message: `expected ${HEAD_FILE} (how much of the newest segment was acknowledged), received no such file` });
  }
  const segments: SegmentScan[] = [];
  let torn: JournalInspection['torn'];
  for (let n = snapshotSegment; n <= newest; n++) {
    const file = join(dir, segmentFile(n));
    const isNewest = n === newest;
    if (!existsSync(file)) {
      // The newest segment may be absent only in a fresh directory (nothing acknowledged yet, nothing after it).
      if (isNewest && head === undefined && live.length === 0 && !existsSync(snapshotPath)) break;
      damage.push({ code: 'JOURNAL_SEGMENT_MISSING', file, offset: 0, message: `expected ${segmentFile(n)} (segments run from ${segmentFile(snapshotSegment)} to ${segmentFile(newest)}), received no such file` });
      prefixBroken = true;
      continue;
    }
    const buf = readFileSync(file);
    const scan = scanFrames(buf);
    const committed = isNewest ? (head?.segment === n ? head.committedBytes : 0) : buf.length;
    if (isNewest && buf.length < committed) {
      damage.push({ code: 'JOURNAL_TRUNCATED', file, offset: buf.length, message: `expected ${segmentFile(n)} to hold at least ${committed} bytes (acknowledged), received ${buf.length} bytes` });
    } else if (scan.torn) {
      const at = scan.torn.offset;
      const follower = at >= committed ? nextValidFrame(buf, at + 1) : undefined;
      if (!isNewest || at < committed) {
        damage.push({ code: 'JOURNAL_CORRUPT', file, offset: at, message: `expected intact records in ${segmentFile(n)} up to byte ${committed} (${isNewest ? 'acknowledged' : 'not the newest segment'}), received a bad record at byte ${at} (${scan.torn.reason})` });
      } else if (follower !== undefined) {
        damage.push({ code: 'JOURNAL_CORRUPT', file, offset: at, message: `expected only the last record of ${segmentFile(n)} to be torn, received a bad record at byte ${at} (${scan.torn.reason}) followed by a valid one at byte ${follower}` });
      } else {
        torn = { ...scan.torn, segment: n, file };
      }
    }
    if (!prefixBroken) {
      for (const p of scan.payloads) applyRecord(state, decodeRecord(p, dir, n));
      segments.push({ n, file, validBytes: scan.validBytes, records: scan.payloads.length });
    }
    if (damage.some((d) => d.file === file)) prefixBroken = true;
  }
  return { dir, state, snapshotSegment, head, segments, ...(torn ? { torn } : {}), damage };
}

/** The offset of the first valid frame at or after `from`, if any (a bad record with valid ones after it is not a torn tail). */
function nextValidFrame(buf: Buffer, from: number): number | undefined {
  for (let i = from; i + FRAME_HEADER_BYTES < buf.length; i++) if (frameIsValidAt(buf, i)) return i;
  return undefined;
}
