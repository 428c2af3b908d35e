import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../src/engine/index.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import { HEAD_FILE, JournalPersistence, MemoryPersistence, SNAPSHOT_FILE, segmentFile } from '../../../src/engine/persistence/index.js';
import { encodeRecord } from '../../../src/engine/persistence/journal-files.js';
import type { JournalRecord } from '../../../src/engine/persistence/index.js';
import { orderRecords, T0 } from './builders.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-journal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const marker = (name: string): JournalRecord => ({ kind: 'marker', name, tsEvent: T0 });
const seg = (n = 1) => join(dir, segmentFile(n));

describe('JournalPersistence', () => {
  it('reloads what it wrote, with exact values', async () => {
    // Arrange
    const j = JournalPersistence.open(dir);
    j.append(orderRecords('O-1', 'T-1'));
    await j.close();
    // Act
    const state = await JournalPersistence.open(dir).load();
    // Assert
    const events = state.orders.get('O-1')!;
    expect(events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    const fill = events[3] as OrderFilled;
    expect(fill.lastPx.toString()).toBe('1.00010');
    expect(fill.commission.toString()).toBe('0.20 USD');
    expect(fill.tsEvent).toBe(T0 + 30n);
    expect(state.positionFills.get('AUDUSD.SIM-EmaCross-001')!.map((f) => f.tradeId)).toEqual(['T-1']);
    expect(state.records).toBe(5);
  });

  it('ignores a torn last record and keeps every record before it (crash mid-write)', async () => {
    // Arrange: three records acknowledged, then a fourth cut halfway through as a crash mid-write leaves
    // it (past the acknowledged length; truncating acknowledged bytes is damage: journal-damage.test.ts)
    const j = JournalPersistence.open(dir);
    j.append([marker('a'), marker('b'), marker('c')]);
    await j.close();
    const goodBytes = statSync(seg()).size;
    const torn = encodeRecord(marker('d-torn'));
    appendFileSync(seg(), torn.subarray(0, Math.floor(torn.length / 2)));
    // Act
    const reopened = JournalPersistence.open(dir);
    const state = await reopened.load();
    // Assert
    expect(state.markers.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    expect(reopened.openInfo.torn).toMatchObject({ segment: 1, offset: goodBytes, reason: 'SHORT_PAYLOAD' });
    expect(statSync(seg()).size).toBe(goodBytes);
    // and the journal goes on after the cut: a new record follows the last good one
    reopened.append([marker('e')]);
    await reopened.close();
    expect((await JournalPersistence.open(dir).load()).markers.map((m) => m.name)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('ignores a garbled last record (bad CRC) past the acknowledged length without touching earlier ones', async () => {
    const j = JournalPersistence.open(dir);
    j.append([marker('a')]);
    await j.close();
    const garbled = encodeRecord(marker('b'));
    garbled[garbled.length - 3] ^= 0x40;
    appendFileSync(seg(), garbled);
    const reopened = JournalPersistence.open(dir);
    expect((await reopened.load()).markers.map((m) => m.name)).toEqual(['a']);
    expect(reopened.openInfo.torn?.reason).toBe('BAD_CRC');
    await reopened.close();
  });

  it('treats zeros left past the end (a preallocated, unwritten tail) as torn', async () => {
    const j = JournalPersistence.open(dir);
    j.append([marker('a')]);
    await j.close();
    appendFileSync(seg(), Buffer.alloc(5));
    const reopened = JournalPersistence.open(dir);
    expect((await reopened.load()).markers.map((m) => m.name)).toEqual(['a']);
    expect(reopened.openInfo.torn?.reason).toBe('SHORT_HEADER');
    await reopened.close();
  });

  it('batches: nothing hits the file until the interval elapses on the injected clock', async () => {
    // Arrange
    const clock = new TestClock(T0);
    const j = JournalPersistence.open(dir, { clock, flushIntervalMs: 50 });
    // Act
    j.append([marker('a'), marker('b')]);
    const sizeBefore = statSync(seg()).size;
    clock.advanceBy(50_000_000n);
    // Assert
    expect(sizeBefore).toBe(0);
    expect(j.pendingRecords).toBe(0);
    expect(j.flushes).toBe(1);
    expect(statSync(seg()).size).toBeGreaterThan(0);
    await j.close();
  });

  it('writes an OrderSubmitted (and all before it) at once: an order is durable before the venue knows it', async () => {
    const j = JournalPersistence.open(dir, { flushIntervalMs: 0 });
    const [init, submitted] = orderRecords('O-1', 'T-1');
    j.append([init!]);
    expect(j.pendingRecords).toBe(1);
    j.append([submitted!]);
    expect(j.pendingRecords).toBe(0);
    const state = await JournalPersistence.open(dir).load();
    expect(state.orders.get('O-1')!.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted']);
    await j.close();
  });

  it('flushes when the batch reaches its record limit', async () => {
    const j = JournalPersistence.open(dir, { maxBatchRecords: 3, syncEventTypes: [] });
    j.append([marker('a'), marker('b')]);
    expect(j.flushes).toBe(0);
    j.append([marker('c')]);
    expect(j.flushes).toBe(1);
    await j.close();
  });

  it('applies a fill journaled twice exactly once', async () => {
    const j = JournalPersistence.open(dir);
    const records = orderRecords('O-1', 'T-1');
    j.append(records);
    j.append(records.slice(3)); // the same fill + position-fill again (e.g. re-reported after a restart)
    await j.close();
    const state = await JournalPersistence.open(dir).load();
    expect(state.orders.get('O-1')!.filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
    expect(state.positionFills.get('AUDUSD.SIM-EmaCross-001')).toHaveLength(1);
    expect(state.ignored).toBe(2);
  });
});

describe('snapshots and compaction', () => {
  it('snapshots every N records into a new segment and loads the same state', async () => {
    // Arrange
    const j = JournalPersistence.open(dir, { snapshotEveryRecords: 5, syncEventTypes: [] });
    // Act: 3 orders × 5 records, flushed per order
    for (const [id, t] of [['O-1', 'T-1'], ['O-2', 'T-2'], ['O-3', 'T-3']] as const) {
      j.append(orderRecords(id, t));
      await j.flush();
    }
    j.append([marker('after')]);
    await j.close();
    // Assert
    expect(readdirSync(dir).sort()).toEqual([HEAD_FILE, segmentFile(4), SNAPSHOT_FILE]);
    const state = await JournalPersistence.open(dir).load();
    expect([...state.orders.keys()]).toEqual(['O-1', 'O-2', 'O-3']);
    expect(state.positionFills.get('AUDUSD.SIM-EmaCross-001')!.map((f) => f.tradeId)).toEqual(['T-1', 'T-2', 'T-3']);
    expect(state.markers.map((m) => m.name)).toEqual(['after']);
    expect(state.records).toBe(16);
  });

  it('ignores and deletes a segment left behind by a crash right after the snapshot was written', async () => {
    // Arrange: compact, then put back an old segment as if its deletion never happened
    const j = JournalPersistence.open(dir, { snapshotEveryRecords: 0 });
    j.append([marker('a')]);
    await j.flush();
    const oldSegment = readFileSync(seg(1));
    j.compact();
    j.append([marker('b')]);
    await j.close();
    writeFileSync(seg(1), oldSegment);
    // Act
    const reopened = JournalPersistence.open(dir);
    // Assert
    expect((await reopened.load()).markers.map((m) => m.name)).toEqual(['a', 'b']);
    expect(readdirSync(dir)).not.toContain(segmentFile(1));
    await reopened.close();
  });
});

describe('MemoryPersistence', () => {
  it('folds records and hands out a copy', async () => {
    const m = new MemoryPersistence();
    m.append(orderRecords('O-1', 'T-1'));
    const a = await m.load();
    a.orders.clear();
    expect((await m.load()).orders.get('O-1')).toHaveLength(4);
  });

  it('refuses appends after close', async () => {
    const m = new MemoryPersistence();
    await m.close();
    expect(() => m.append([marker('x')])).toThrow(expect.objectContaining({ code: 'PERSISTENCE_CLOSED' }));
  });
});
