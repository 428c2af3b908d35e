import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as events from '../../../src/engine/model/event-factory.js';
import { JournalPersistence, openJournal, segmentFile } from '../../../src/engine/persistence/index.js';
import { encodeRecord } from '../../../src/engine/persistence/journal-files.js';
import { limitBuy, orderRecords, T0 } from './builders.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-openjournal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openJournal (read-only)', () => {
  it('rebuilds orders and positions as the node had them', async () => {
    // Arrange
    const j = JournalPersistence.open(dir);
    j.append(orderRecords('O-1', 'T-1', '40000'));
    j.append(orderRecords('O-2', 'T-2', '100000'));
    const cancel = events.orderCanceled(limitBuy('O-1'), T0 + 40n, { eventId: 'E-O-1-cxl' });
    j.append([{ kind: 'order-event', event: cancel }]);
    await j.close();
    // Act
    const view = openJournal(dir);
    // Assert
    expect(view.orders().map((o) => [o.clientOrderId, o.status, o.filledQty.toString()])).toEqual([
      ['O-1', 'CANCELED', '40000'],
      ['O-2', 'FILLED', '100000'],
    ]);
    expect(view.orders({ open: true })).toEqual([]);
    const [position] = view.positions();
    expect(position!.id).toBe('AUDUSD.SIM-EmaCross-001');
    expect(position!.quantity.toString()).toBe('140000');
    expect(position!.avgPxOpen.toString()).toBe('1.00010');
    expect(view.problems).toEqual([]);
  });

  it('reports a torn tail without cutting it (the node may still be writing)', async () => {
    const j = JournalPersistence.open(dir);
    j.append(orderRecords('O-1', 'T-1'));
    await j.close();
    const torn = encodeRecord({ kind: 'marker', name: 'torn', tsEvent: T0 });
    appendFileSync(join(dir, segmentFile(1)), torn.subarray(0, torn.length - 3));
    const size = statSync(join(dir, segmentFile(1))).size;
    const view = openJournal(dir);
    expect(view.torn?.reason).toBe('SHORT_PAYLOAD');
    expect(view.records).toBe(5);
    expect(statSync(join(dir, segmentFile(1))).size).toBe(size);
  });
});

describe('openJournal on a node folder', () => {
  it('finds the journal in the folder promote writes', async () => {
    const j = JournalPersistence.open(join(dir, 'journal'));
    j.append(orderRecords('O-1', 'T-1'));
    await j.close();
    writeFileSync(join(dir, 'node.json'), '{}');
    expect(openJournal(dir).orders().map((o) => o.clientOrderId)).toEqual(['O-1']);
  });

  it('says so when the folder does not exist', () => {
    expect(() => openJournal(join(dir, 'nope'))).toThrow(expect.objectContaining({ code: 'JOURNAL_NOT_FOUND' }));
  });
});
