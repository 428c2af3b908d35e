import { describe, expect, it } from 'vitest';
import type { ReconciliationCacheView, PlanTarget } from '../../../src/engine/execution/reconciliation/types.js';
import type { StrategyCacheView } from '../../../src/engine/strategy/context.js';
import { Cache } from '../../../src/engine/cache/cache.js';
import type { ExecutionEngine } from '../../../src/engine/execution/execution-engine.js';
import { orderInitialized } from '../../../src/engine/model/event-factory.js';
import { Order } from '../../../src/engine/model/order.js';
import { harness } from './harness.js';

describe('contracts the cache and the engine fill for their neighbours', () => {
  it('Cache is the strategies\' and reconciliation\'s cache view; the engine is a plan target', () => {
    // Compile-time: these assignments fail `tsc` if a contract drifts.
    const cache = new Cache();
    const forStrategies: StrategyCacheView = cache;
    const forReconciliation: ReconciliationCacheView = cache;
    const asTarget = (engine: ExecutionEngine): PlanTarget => engine;
    expect([forStrategies, forReconciliation, asTarget].every(Boolean)).toBe(true);
  });

  it('applies reconciliation events strictly: addOrder, then applyEvents throws on the first refused one', () => {
    // Arrange
    const h = harness();
    const init = orderInitialized({ traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM', clientOrderId: 'V-SIM-1',
      side: 'BUY', orderType: 'LIMIT', quantity: '1000', price: '1.00000', tsInit: 0n, venueOrderId: '1' });
    const accepted = { type: 'OrderAccepted' as const, eventId: 'e1', traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM',
      clientOrderId: 'V-SIM-1', venueOrderId: '1', tsEvent: 1n, tsInit: 1n, reconciliation: true };

    // Act
    h.engine.addOrder(Order.create(init));
    const second = () => h.engine.applyEvents([accepted, { ...accepted, eventId: 'e2' }]);

    // Assert: the repeated ACCEPTED is an invalid transition, thrown (not counted) so the plan can record it
    expect(second).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect(h.cache.order('V-SIM-1')!.status).toBe('ACCEPTED');
    expect(h.engine.invalidCount).toBe(0);
    expect(h.orderEvents.map((e) => e.type)).toEqual(['OrderAccepted']);
  });
});
