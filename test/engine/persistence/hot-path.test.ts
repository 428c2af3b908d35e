import { describe, expect, it } from 'vitest';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderEvent, Position } from '../../../src/engine/index.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import { JournalWriter, MemoryPersistence, applyRecord, emptyState } from '../../../src/engine/persistence/index.js';
import type { JournalRecord } from '../../../src/engine/persistence/index.js';
import { fillOf, limitBuy, positionFrom, T0 } from './builders.js';

/**
 * The journal's per-event work must not grow with the fills a position already has (a session is long):
 * counted as work done (array reads), never timed.
 */
const FILLS = 300;

/** `n` fills of one order into one position, each with its position event, as the engine publishes them. */
function session(n: number): { fills: OrderFilled[]; position: Position } {
  const order = limitBuy('O-1', String(n * 10));
  order.apply(events.orderSubmitted(order, T0 + 1n));
  order.apply(events.orderAccepted(order, 'V-O-1', T0 + 2n));
  const fills: OrderFilled[] = [];
  for (let i = 0; i < n; i++) {
    const f = fillOf(order, `T-${i}`, '10');
    order.apply(f);
    fills.push(f);
  }
  return { fills, position: positionFrom(fills) };
}

describe('persistence hot path', () => {
  it('JournalWriter.onPositionEvent journals each new position fill without copying the position\'s fill list', async () => {
    const { fills, position } = session(FILLS);
    let fillListReads = 0;
    const counted = new Proxy(position, { get: (target, key) => { if (key === 'fills') fillListReads += 1; return Reflect.get(target, key, target); } });
    const persistence = new MemoryPersistence();
    const writer = new JournalWriter(persistence);

    for (const f of fills) {
      writer.onApplied({ event: f, init: undefined, orderList: undefined, positionId: f.positionId, linkedChildren: [],
        positions: [{ event: { ...events.positionEvent(counted, f.tsEvent), lastTradeId: f.tradeId }, fill: f }] });
    }

    const state = await persistence.load();
    expect(fillListReads).toBe(0);
    expect(state.positionFills.get('AUDUSD.SIM-EmaCross-001')!.map((f) => f.tradeId)).toEqual(fills.map((f) => f.tradeId));
  });

  it('applyRecord checks a new position fill (and order fill) for a repeat without scanning the earlier ones; repeats are still ignored', () => {
    const { fills } = session(FILLS);
    const state = emptyState();
    let reads = 0;
    const countReads = <T extends object>(a: T): T => new Proxy(a, { get: (t, k) => { if (typeof k === 'string' && /^\d+$/.test(k)) reads += 1; return Reflect.get(t, k, t); } });
    state.positionFills.set('AUDUSD.SIM-EmaCross-001', countReads([] as OrderFilled[]));
    state.orders.set('O-1', countReads([limitBuy('O-1').init] as OrderEvent[]));

    for (const fill of fills) {
      applyRecord(state, { kind: 'order-event', event: fill });
      applyRecord(state, { kind: 'position-fill', positionId: 'AUDUSD.SIM-EmaCross-001', fill });
    }
    const again: JournalRecord[] = [{ kind: 'position-fill', positionId: 'AUDUSD.SIM-EmaCross-001', fill: fills[7]! }, { kind: 'order-event', event: fills[7]! }];
    for (const r of again) applyRecord(state, r);

    expect(reads).toBeLessThanOrEqual(2); // the index is built once from what was there (the order's init)
    expect([state.positionFills.get('AUDUSD.SIM-EmaCross-001')!.length, state.orders.get('O-1')!.length, state.ignored]).toEqual([FILLS, FILLS + 1, 2]);
  });
});
