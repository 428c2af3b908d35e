import { describe, expect, it } from 'vitest';
import * as ev from '../../../../src/engine/model/event-factory.js';
import { Order } from '../../../../src/engine/model/order.js';
import type { OrderFilled } from '../../../../src/engine/model/events.js';
import { PlanBuilder } from '../../../../src/engine/execution/reconciliation/plan-builder.js';

/** Planned fills are indexed by instrument once, so each position report reads only its instrument's fills. */
function fill(instrumentId: string, tradeId: string, positionId?: string): OrderFilled {
  const order = Order.create(ev.orderInitialized({
    traderId: 'TRADER-001', strategyId: 'EXTERNAL', instrumentId, clientOrderId: `O-${tradeId}`, side: 'BUY', orderType: 'MARKET', quantity: '100', tsInit: 1n,
  }));
  return ev.orderFilled(order, { tradeId, lastQty: '100', lastPx: '1.00000', venueOrderId: `V-${tradeId}`, currency: 'USD', ...(positionId !== undefined ? { positionId } : {}) }, 2n) as OrderFilled;
}

describe('PlanBuilder planned fills', () => {
  it('plannedFillsOf returns one instrument\'s planned fills in plan order, and none for an instrument without any', () => {
    const builder = new PlanBuilder();
    const item = builder.addItem({ kind: 'order', key: 'k', instrumentId: 'AUDUSD.SIM', had: null, venue: {} } as Parameters<PlanBuilder['addItem']>[0]);
    const fills = [fill('AUDUSD.SIM', 'T-1'), fill('GBPUSD.SIM', 'T-2'), fill('AUDUSD.SIM', 'T-3')];

    builder.commit(item, fills.map((event) => ({ kind: 'applyEvent' as const, event })));

    expect(builder.plannedFillsOf('AUDUSD.SIM').map((f) => f.tradeId)).toEqual(['T-1', 'T-3']);
    expect(builder.plannedFillsOf('GBPUSD.SIM').map((f) => f.tradeId)).toEqual(['T-2']);
    expect(builder.plannedFillsOf('USDJPY.SIM')).toEqual([]);
    expect(builder.plannedFills.map((f) => f.tradeId)).toEqual(['T-1', 'T-2', 'T-3']);
  });

  it('plannedFillsOfPosition returns one position\'s planned fills (instrument and position id) in plan order, and none for others', () => {
    const builder = new PlanBuilder();
    const item = builder.addItem({ kind: 'order', key: 'k', instrumentId: 'AUDUSD.SIM', had: null, venue: {} } as Parameters<PlanBuilder['addItem']>[0]);
    const fills = [
      fill('AUDUSD.SIM', 'T-1', 'VP-1'),
      fill('AUDUSD.SIM', 'T-2', 'VP-2'),
      fill('GBPUSD.SIM', 'T-3', 'VP-1'),
      fill('AUDUSD.SIM', 'T-4'),
      fill('AUDUSD.SIM', 'T-5', 'VP-1'),
    ];

    builder.commit(item, fills.map((event) => ({ kind: 'applyEvent' as const, event })));

    expect(builder.plannedFillsOfPosition('AUDUSD.SIM', 'VP-1').map((f) => f.tradeId)).toEqual(['T-1', 'T-5']);
    expect(builder.plannedFillsOfPosition('AUDUSD.SIM', 'VP-2').map((f) => f.tradeId)).toEqual(['T-2']);
    expect(builder.plannedFillsOfPosition('GBPUSD.SIM', 'VP-1').map((f) => f.tradeId)).toEqual(['T-3']);
    expect(builder.plannedFillsOfPosition('GBPUSD.SIM', 'VP-2')).toEqual([]);
    expect(builder.plannedFillsOf('AUDUSD.SIM').map((f) => f.tradeId)).toEqual(['T-1', 'T-2', 'T-4', 'T-5']);
  });
});
