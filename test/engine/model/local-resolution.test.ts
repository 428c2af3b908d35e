import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/index.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderStatus } from '../../../src/engine/index.js';
import { RESTORE_TABLE } from '../../../src/engine/model/local-resolution.js';
import { eventFor, limitBuy, orderIn } from './builders.js';

/** The restoration transitions (issue 11 item 1): only while the closing event is a local resolution. */
const RESTORES: Array<[OrderStatus, OrderStatus]> = [...RESTORE_TABLE].flatMap(([from, tos]) => [...tos].map((to): [OrderStatus, OrderStatus] => [from, to]));

function closedLocally(status: 'REJECTED' | 'CANCELED') {
  const order = status === 'REJECTED' ? orderIn('SUBMITTED') : orderIn('PENDING_CANCEL');
  const close = status === 'REJECTED' ? events.orderRejected(order, 'INFLIGHT_TIMEOUT', 1_100n) : events.orderCanceled(order, 1_100n);
  order.apply({ ...close, local: 'VENUE_NO_ANSWER' });
  return order;
}

describe('restoration of locally resolved orders', () => {
  it('the table: REJECTED and CANCELED may move to what the venue reports', () => {
    const rows = Object.fromEntries([...RESTORE_TABLE].map(([from, tos]) => [from, [...tos].sort()]));
    expect(rows).toEqual({
      REJECTED: ['ACCEPTED', 'CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'TRIGGERED'],
      CANCELED: ['ACCEPTED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'REJECTED', 'TRIGGERED'],
    });
  });

  it.each(RESTORES)('%s (local) → %s is allowed, and ends the local close', (from, to) => {
    const order = closedLocally(from as 'REJECTED' | 'CANCELED');
    order.apply(eventFor(order, to));
    expect([order.status, order.localClose]).toEqual([to, undefined]);
  });

  it.each(RESTORES.filter(([from, to]) => !(from === 'CANCELED' && (to === 'PARTIALLY_FILLED' || to === 'FILLED'))))(
    '%s (closed by the venue) → %s stays refused with INVALID_STATE_TRANSITION',
    (from, to) => {
      const order = orderIn(from);
      const before = order.eventCount;
      let code = '';
      try {
        order.apply(eventFor(order, to));
      } catch (e) {
        code = isEngineError(e) ? e.code : 'not an EngineError';
      }
      expect([code, order.status, order.eventCount]).toEqual(['INVALID_STATE_TRANSITION', from, before]);
    },
  );

  it('once restored, the order is the venue\'s again: a second local-only transition is refused', () => {
    const order = closedLocally('REJECTED');
    order.apply(eventFor(order, 'ACCEPTED'));
    order.apply(events.orderCanceled(order, 1_200n)); // the venue cancels it: not local
    expect(() => order.apply(eventFor(order, 'ACCEPTED'))).toThrow(/CANCELED would move it to ACCEPTED/);
  });

  it('a closed order does not carry a local close unless its closing event says so', () => {
    expect(orderIn('REJECTED').localClose).toBeUndefined();
    expect(limitBuy().localClose).toBeUndefined();
  });
});
