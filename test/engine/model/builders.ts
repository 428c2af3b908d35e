import { Money, Order } from '../../../src/engine/index.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderEvent, OrderStatus } from '../../../src/engine/index.js';

/** Small builders for model tests: one LIMIT BUY 100 AUDUSD.SIM order and events for it at fixed times. */
export const T0 = 1_000n;

export function limitBuy(quantity = '100', overrides: Partial<events.OrderInitArgs> = {}): Order {
  return Order.create(
    events.orderInitialized({
      traderId: 'TRADER-001',
      strategyId: 'S-001',
      instrumentId: 'AUDUSD.SIM',
      clientOrderId: 'O-1',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity,
      price: '1.00000',
      tsInit: T0,
      ...overrides,
    }),
  );
}

let tradeSeq = 0;
export function fill(order: Order, lastQty: string, lastPx = '1.00000', tradeId = `T-${++tradeSeq}`): OrderEvent {
  return events.orderFilled(order, { tradeId, lastQty, lastPx, venueOrderId: 'V-1', currency: 'USD', commission: Money.from('0.10', 'USD') }, T0 + 10n);
}

/** An event that moves an order towards `to` (fills: 10 for PARTIALLY_FILLED, the leaves for FILLED). */
export function eventFor(order: Order, to: OrderStatus): OrderEvent {
  const ts = T0 + 5n;
  switch (to) {
    case 'INITIALIZED':
      return order.init;
    case 'DENIED':
      return events.orderDenied(order, 'test', ts);
    case 'SUBMITTED':
      return events.orderSubmitted(order, ts);
    case 'ACCEPTED':
      return events.orderAccepted(order, 'V-1', ts);
    case 'REJECTED':
      return events.orderRejected(order, 'test', ts);
    case 'CANCELED':
      return events.orderCanceled(order, ts);
    case 'EXPIRED':
      return events.orderExpired(order, ts);
    case 'TRIGGERED':
      return events.orderTriggered(order, ts);
    case 'PENDING_UPDATE':
      return events.orderPendingUpdate(order, ts);
    case 'PENDING_CANCEL':
      return events.orderPendingCancel(order, ts);
    case 'PARTIALLY_FILLED':
      return fill(order, '10');
    case 'FILLED':
      return fill(order, order.leavesQty.isZero() ? '10' : order.leavesQty.toString());
  }
}

/** Events that take a fresh order to `status`. */
export const PATHS: Record<OrderStatus, OrderStatus[]> = {
  INITIALIZED: [],
  DENIED: ['DENIED'],
  SUBMITTED: ['SUBMITTED'],
  ACCEPTED: ['SUBMITTED', 'ACCEPTED'],
  REJECTED: ['SUBMITTED', 'REJECTED'],
  CANCELED: ['SUBMITTED', 'ACCEPTED', 'CANCELED'],
  EXPIRED: ['SUBMITTED', 'ACCEPTED', 'EXPIRED'],
  TRIGGERED: ['SUBMITTED', 'ACCEPTED', 'TRIGGERED'],
  PENDING_UPDATE: ['SUBMITTED', 'ACCEPTED', 'PENDING_UPDATE'],
  PENDING_CANCEL: ['SUBMITTED', 'ACCEPTED', 'PENDING_CANCEL'],
  PARTIALLY_FILLED: ['SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED'],
  FILLED: ['SUBMITTED', 'ACCEPTED', 'FILLED'],
};

export function orderIn(status: OrderStatus): Order {
  const order = limitBuy();
  for (const step of PATHS[status]) order.apply(eventFor(order, step));
  return order;
}
