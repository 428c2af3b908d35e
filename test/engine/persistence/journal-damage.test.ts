import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/index.js';
import { JournalPersistence, SNAPSHOT_FILE, encodeFrame, openJournal, segmentFile } from '../../../src/engine/persistence/index.js';
import type { JournalRecord } from '../../../src/engine/persistence/index.js';
import { orderRecords, T0 } from './builders.js';

/**
 * The journal-damage matrix of issue 11 (item 5): only the very last record may be torn (a crash mid-append
 * leaves it short, after the last acknowledged byte); anything else — a flipped byte with valid records
 * after it, a truncation into acknowledged records, a deleted snapshot or segment — is corruption: the
 * journal refuses to open with a coded error naming the file and the byte offset.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-damage-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const marker = (name: string): JournalRecord => ({ kind: 'marker', name, tsEvent: T0 });
const seg = (n: number) => join(dir, segmentFile(n));

/** Twenty orders through one partial fill each (100 records) in segment 1, closed cleanly. */
async function tradedJournal(): Promise<void> {
  const j = JournalPersistence.open(dir, { snapshotEveryRecords: 0 });
  for (let i = 1; i <= 20; i++) j.append(orderRecords(`O-${i}`, `T-${i}`));
  await j.close();
}

/** A snapshot (orders 1-10) then segment 2 (orders 11-20), closed cleanly. */
async function snapshottedJournal(): Promise<void> {
  const j = JournalPersistence.open(dir, { snapshotEveryRecords: 0 });
  for (let i = 1; i <= 10; i++) j.append(orderRecords(`O-${i}`, `T-${i}`));
  j.compact();
  for (let i = 11; i <= 20; i++) j.append(orderRecords(`O-${i}`, `T-${i}`));
  await j.close();
}

function refusal(open: () => unknown): { code: string; file: unknown; offset: unknown; message: string } {
  try {
    open();
  } catch (e) {
    if (!isEngineError(e)) throw e;
    return { code: e.code, file: e.details.file, offset: e.details.offset, message: e.message };
  }
  throw new Error('expected the journal to be refused, but it opened');
}

describe('journal damage matrix', () => {
  it('a flipped byte mid-file (valid records after it) is refused, naming the file and the offset of the bad record', async () => {
    // Arrange
    await tradedJournal();
    const bytes = readFileSync(seg(1));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(seg(1), bytes);
    // Act
    const r = refusal(() => JournalPersistence.open(dir));
    // Assert
    expect(r.code).toBe('JOURNAL_CORRUPT');
    expect(r.file).toBe(seg(1));
    expect(r.offset as number).toBeLessThanOrEqual(at);
    expect(r.offset as number).toBeGreaterThan(at - 2000);
    expect(r.message).toContain('keel node recover');
    // and the file was not touched (nothing cut)
    expect(readFileSync(seg(1)).equals(bytes)).toBe(true);
  });

  it('a truncation at 40 % is refused: the file is shorter than what was acknowledged', async () => {
    await tradedJournal();
    const full = statSync(seg(1)).size;
    const cut = Math.floor(full * 0.4);
    truncateSync(seg(1), cut);
    const r = refusal(() => JournalPersistence.open(dir));
    expect(r.code).toBe('JOURNAL_TRUNCATED');
    expect(r.file).toBe(seg(1));
    expect(r.offset).toBe(cut);
    expect(r.message).toContain(`at least ${full} bytes`);
    expect(statSync(seg(1)).size).toBe(cut);
  });

  it('a deleted snapshot is refused', async () => {
    await snapshottedJournal();
    rmSync(join(dir, SNAPSHOT_FILE));
    const r = refusal(() => JournalPersistence.open(dir));
    expect(r.code).toBe('JOURNAL_SNAPSHOT_MISSING');
    expect(r.file).toBe(join(dir, SNAPSHOT_FILE));
    expect(r.offset).toBe(0);
  });

  it('a deleted newest segment is refused (the snapshot alone would silently drop every later record)', async () => {
    await snapshottedJournal();
    rmSync(seg(2));
    const r = refusal(() => JournalPersistence.open(dir));
    expect(r.code).toBe('JOURNAL_SEGMENT_MISSING');
    expect(r.file).toBe(seg(2));
    expect(r.offset).toBe(0);
  });

  it('a deleted middle segment is refused', async () => {
    // Arrange: segments 1, 2, 3 (a journal that rotated without a snapshot), then 2 goes missing
    const j = JournalPersistence.open(dir, { snapshotEveryRecords: 0 });
    j.append([marker('a')]);
    j.rotate();
    j.append([marker('b')]);
    j.rotate();
    j.append([marker('c')]);
    await j.close();
    expect((await JournalPersistence.open(dir).load()).markers.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    rmSync(seg(2));
    // Act
    const r = refusal(() => JournalPersistence.open(dir));
    // Assert
    expect(r.code).toBe('JOURNAL_SEGMENT_MISSING');
    expect(r.file).toBe(seg(2));
    expect(r.offset).toBe(0);
  });

  it('a torn last record (a crash mid-append, past the last acknowledged byte) is the one case accepted: cut, with a warning', async () => {
    // Arrange: a clean journal, then half of one more frame as a crash mid-write leaves it
    await tradedJournal();
    const good = statSync(seg(1)).size;
    const frame = encodeFrame(Buffer.from(JSON.stringify({ kind: 'marker', name: 'torn', tsEvent: { $n: '1' } })));
    appendFileSync(seg(1), frame.subarray(0, Math.floor(frame.length / 2)));
    // Act
    const j = JournalPersistence.open(dir);
    // Assert
    expect(j.openInfo.torn).toMatchObject({ segment: 1, offset: good, reason: 'SHORT_PAYLOAD', file: seg(1) });
    expect((await j.load()).orders.size).toBe(20);
    expect(statSync(seg(1)).size).toBe(good);
    await j.close();
  });

  it('a garbled record at the very end that was acknowledged (inside the committed length) is corruption, not a torn tail', async () => {
    await tradedJournal();
    const bytes = readFileSync(seg(1));
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x40;
    writeFileSync(seg(1), bytes);
    const r = refusal(() => JournalPersistence.open(dir));
    expect(r.code).toBe('JOURNAL_CORRUPT');
    expect(r.file).toBe(seg(1));
  });

  it('a deleted head (the record of what was acknowledged) is refused when segments hold records', async () => {
    await tradedJournal();
    rmSync(join(dir, 'head.bin'));
    const r = refusal(() => JournalPersistence.open(dir));
    expect(r.code).toBe('JOURNAL_HEAD_MISSING');
    expect(r.file).toBe(join(dir, 'head.bin'));
  });

  it('the read-only view refuses the same damage (keel node status says so instead of showing a short history)', async () => {
    await snapshottedJournal();
    copyFileSync(seg(2), join(dir, 'keep'));
    rmSync(seg(2));
    expect(refusal(() => openJournal(dir)).code).toBe('JOURNAL_SEGMENT_MISSING');
  });
});
