import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger, TestClock } from '../../../src/engine/index.js';
import { Cache } from '../../../src/engine/cache/index.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { MessageBus } from '../../../src/engine/bus/index.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import { topics } from '../../../src/engine/bus/index.js';
import { JournalPersistence, MemoryPersistence, attachPersistence } from '../../../src/engine/persistence/index.js';
import { appliedOf, fillOf, limitBuy, positionFrom, T0 } from './builders.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-attach-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fakeNode() {
  return { cache: new Cache(), bus: new MessageBus(), instruments: new InstrumentProvider(), logger: new MemoryLogger(), clock: new TestClock(T0) };
}

describe('attachPersistence', () => {
  it('an empty store says nothing about restoring (an in-memory session has nothing to restore); a journal with records does', async () => {
    const quiet = fakeNode();
    const a = await attachPersistence(quiet, new MemoryPersistence());
    await a.close();

    expect(quiet.logger.messages('info').filter((m) => m.startsWith('journal:'))).toEqual([]);
  });

  it('journals what the node publishes and restores it into a fresh node', async () => {
    // Arrange: a node that submits, gets accepted and partly filled, with the position updated
    const first = fakeNode();
    const a = await attachPersistence(first, JournalPersistence.open(dir));
    const order = limitBuy('O-1');
    first.cache.addOrder(order);
    const sub = events.orderSubmitted(order, T0 + 1n);
    order.apply(sub);
    first.bus.publish(topics.applied, appliedOf(order, sub)); // first published event is not OrderInitialized
    const acc = events.orderAccepted(order, 'V-O-1', T0 + 2n);
    order.apply(acc);
    first.bus.publish(topics.applied, appliedOf(order, acc));
    const fill = fillOf(order, 'T-1', '25000');
    order.apply(fill);
    const position = positionFrom([fill]);
    first.cache.addPosition(position);
    first.bus.publish(topics.applied, appliedOf(order, fill, { positions: [{ event: events.positionEvent(position, T0 + 3n), fill }] }));
    await a.close();
    // Act
    const second = fakeNode();
    const b = await attachPersistence(second, JournalPersistence.open(dir));
    // Assert
    expect(b.restored).toEqual({ orders: 1, positions: 1, orderLists: 0 });
    const restored = second.cache.order('O-1')!;
    expect(restored.status).toBe('PARTIALLY_FILLED');
    expect(restored.strategyId).toBe('EmaCross-001');
    expect(restored.venueOrderId).toBe('V-O-1');
    expect((restored.events.at(-1) as OrderFilled).tradeId).toBe('T-1');
    expect(second.cache.position('AUDUSD.SIM-EmaCross-001')!.quantity.toString()).toBe('25000');
    expect(second.cache.ordersOpen().map((o) => o.clientOrderId)).toEqual(['O-1']);
    await b.close();
  });

  it('does not journal a restored order again', async () => {
    const first = fakeNode();
    const a = await attachPersistence(first, JournalPersistence.open(dir));
    const order = limitBuy('O-1');
    first.cache.addOrder(order);
    first.bus.publish(topics.applied, appliedOf(order, order.init));
    await a.close();
    const second = fakeNode();
    const b = await attachPersistence(second, JournalPersistence.open(dir));
    const sub = events.orderSubmitted(second.cache.order('O-1')!, T0 + 5n);
    second.cache.order('O-1')!.apply(sub);
    second.bus.publish(topics.applied, appliedOf(second.cache.order('O-1')!, sub));
    await b.close();
    const state = await JournalPersistence.open(dir).load();
    expect(state.orders.get('O-1')!.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted']);
    expect(state.ignored).toBe(0);
  });

  it('flushes a journal opened without a clock on the node clock', async () => {
    // Arrange
    const node = fakeNode();
    const journal = JournalPersistence.open(dir, { flushIntervalMs: 50 });
    const a = await attachPersistence(node, journal);
    const flushesBefore = journal.flushes;
    const order = limitBuy('O-1');
    node.cache.addOrder(order);
    node.bus.publish(topics.applied, appliedOf(order, order.init));
    // Act
    node.clock.advanceBy(50_000_000n);
    // Assert
    expect(journal.pendingRecords).toBe(0);
    expect(journal.flushes).toBe(flushesBefore + 1);
    await a.close();
  });

  it('journals an order list and an OTO link, and restores both', async () => {
    // Arrange: an entry and its child in one list; the child is linked to the entry's position before it fills
    const first = fakeNode();
    const a = await attachPersistence(first, JournalPersistence.open(dir));
    const entry = limitBuy('O-E', '1000', { orderListId: 'OL-1', contingencyType: 'OTO', linkedOrderIds: ['O-C'] });
    const child = limitBuy('O-C', '1000', { orderListId: 'OL-1', parentOrderId: 'O-E' });
    first.cache.addOrder(entry);
    first.cache.addOrder(child);
    first.cache.addOrderList({ id: 'OL-1', instrumentId: 'AUDUSD.SIM', strategyId: 'EmaCross-001', orders: [entry, child] });
    child.assignPositionId('P-1');
    // Act
    const list = first.cache.orderList('OL-1');
    first.bus.publish(topics.applied, appliedOf(entry, entry.init, { orderList: list }));
    first.bus.publish(topics.applied, appliedOf(child, child.init, { orderList: list }));
    await a.close();
    const second = fakeNode();
    const b = await attachPersistence(second, JournalPersistence.open(dir));
    // Assert
    expect(second.cache.orderList('OL-1')?.orders.map((o) => o.clientOrderId)).toEqual(['O-E', 'O-C']);
    expect(second.cache.order('O-C')?.positionId).toBe('P-1');
    await b.close();
  });
});
