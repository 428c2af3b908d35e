import { describe, expect, it } from 'vitest';
import * as events from '../../../src/engine/model/event-factory.js';
import { applyRecord, emptyState } from '../../../src/engine/persistence/index.js';
import { fillOf, limitBuy, T0 } from './builders.js';

/** applyRecord's repeat check is per order, though its index of ids is shared by every order. */
describe('persistence: repeated order records', () => {
  it('ignores an event id or trade id an order already has, and keeps the same ids when another order has them', () => {
    const a = limitBuy('O-1');
    const b = limitBuy('O-2');
    const state = emptyState();
    applyRecord(state, { kind: 'order-event', event: a.init });
    applyRecord(state, { kind: 'order-event', event: b.init });
    const submittedA = events.orderSubmitted(a, T0 + 1n, { eventId: 'E-shared' });
    const submittedB = events.orderSubmitted(b, T0 + 1n, { eventId: 'E-shared' });
    const acceptedA = events.orderAccepted(a, 'V-1', T0 + 2n);
    const acceptedB = events.orderAccepted(b, 'V-2', T0 + 2n);
    a.apply(submittedA); a.apply(acceptedA); b.apply(submittedB); b.apply(acceptedB);
    const fillA = fillOf(a, 'T-1', '10');
    const fillB = fillOf(b, 'T-1', '10');
    const fillAOtherEventId = { ...fillA, eventId: 'E-other' };
    for (const event of [submittedA, submittedB, submittedA, acceptedA, acceptedB, fillA, fillB, fillAOtherEventId, acceptedB]) {
      applyRecord(state, { kind: 'order-event', event });
    }
    expect(state.orders.get('O-1')!.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    expect(state.orders.get('O-2')!.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    expect([state.records, state.ignored]).toEqual([11, 3]);
  });
});
