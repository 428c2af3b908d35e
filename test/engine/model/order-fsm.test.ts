import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/index.js';
import { ORDER_STATE_TABLE } from '../../../src/engine/model/order-fsm.js';
import { ORDER_STATUSES } from '../../../src/engine/model/enums.js';
import type { OrderStatus } from '../../../src/engine/index.js';
import { eventFor, orderIn } from './builders.js';

const ALLOWED: Array<[OrderStatus, OrderStatus]> = (Object.entries(ORDER_STATE_TABLE) as Array<[OrderStatus, readonly OrderStatus[]]>).flatMap(([from, tos]) => tos.map((to): [OrderStatus, OrderStatus] => [from, to]));

// Every pair the table does not list, except two that no event can ask for: an OrderSubmitted while
// PENDING_UPDATE keeps PENDING_UPDATE (tested below), and any fill of a FILLED order targets FILLED
// (refused as FILLED → FILLED).
const UNREACHABLE = new Set(['PENDING_UPDATE>SUBMITTED', 'FILLED>PARTIALLY_FILLED']);
const FORBIDDEN: Array<[OrderStatus, OrderStatus]> = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.filter((to) => to !== 'INITIALIZED' && !ORDER_STATE_TABLE[from].includes(to) && !UNREACHABLE.has(`${from}>${to}`)).map(
    (to): [OrderStatus, OrderStatus] => [from, to],
  ),
);

describe('order status table', () => {
  it('lists exactly the transitions of live-execution.md §3', () => {
    // Arrange / Act
    const rows = Object.fromEntries(Object.entries(ORDER_STATE_TABLE).map(([from, tos]) => [from, [...tos].sort()]));
    // Assert
    expect(rows).toEqual({
      INITIALIZED: ['ACCEPTED', 'CANCELED', 'DENIED', 'EXPIRED', 'REJECTED', 'SUBMITTED', 'TRIGGERED'],
      SUBMITTED: ['ACCEPTED', 'CANCELED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'PENDING_UPDATE', 'REJECTED'],
      ACCEPTED: ['CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'PENDING_UPDATE', 'REJECTED', 'TRIGGERED'],
      TRIGGERED: ['CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'PENDING_UPDATE', 'REJECTED'],
      PENDING_UPDATE: ['ACCEPTED', 'CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'PENDING_UPDATE', 'REJECTED', 'TRIGGERED'],
      PENDING_CANCEL: ['ACCEPTED', 'CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'REJECTED'],
      PARTIALLY_FILLED: ['CANCELED', 'EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'PENDING_UPDATE'],
      CANCELED: ['FILLED', 'PARTIALLY_FILLED'],
      DENIED: [],
      REJECTED: [],
      EXPIRED: [],
      FILLED: [],
    });
    expect(ALLOWED).toHaveLength(53);
  });

  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    // Arrange
    const order = orderIn(from);
    const before = order.events.length;
    // Act
    order.apply(eventFor(order, to));
    // Assert
    expect(order.status).toBe(to);
    expect(order.previousStatus).toBe(from === to ? order.previousStatus : from);
    expect(order.events).toHaveLength(before + 1);
  });

  it.each(FORBIDDEN)('refuses %s → %s with INVALID_STATE_TRANSITION and changes nothing', (from, to) => {
    // Arrange
    const order = orderIn(from);
    const snapshot = JSON.stringify(order.toJSON());
    const event = eventFor(order, to);
    // Act
    let error: unknown;
    try {
      order.apply(event, { allowOverfills: true });
    } catch (e) {
      error = e;
    }
    // Assert
    expect(isEngineError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from, event: event.type, to } });
    expect((error as Error).message).toContain(`${event.type} on an order in ${from} would move it to ${to}`);
    expect(JSON.stringify(order.toJSON())).toBe(snapshot);
  });

  it('refuses a second OrderInitialized', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    // Act / Assert
    expect(() => order.apply(order.init)).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect(order.events).toHaveLength(3);
  });

  it('keeps PENDING_UPDATE when a late OrderSubmitted arrives', () => {
    // Arrange
    const order = orderIn('SUBMITTED');
    order.apply(eventFor(order, 'PENDING_UPDATE'));
    // Act
    order.apply(eventFor(order, 'SUBMITTED'));
    // Assert
    expect(order.status).toBe('PENDING_UPDATE');
    expect(order.events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderPendingUpdate', 'OrderSubmitted']);
  });
});
