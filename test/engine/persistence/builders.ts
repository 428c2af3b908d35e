import { Money, Order, Position } from '../../../src/engine/index.js';
import { BUILTIN_INSTRUMENTS } from '../../../src/engine/model/instruments.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderEvent } from '../../../src/engine/index.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import type { JournalRecord } from '../../../src/engine/persistence/index.js';
import type { Applied } from '../../../src/engine/execution/applied.js';

/** A LIMIT BUY 100000 AUDUSD.SIM order through accepted and one partial fill, as journal records. */
export const T0 = 1_700_000_000_000_000_000n;
export const AUDUSD = BUILTIN_INSTRUMENTS.find((i) => i.id === 'AUDUSD.SIM')!;

export function limitBuy(clientOrderId: string, quantity = '100000', overrides: Partial<events.OrderInitArgs> = {}): Order {
  return Order.create(
    events.orderInitialized({
      traderId: 'TRADER-001',
      strategyId: 'EmaCross-001',
      instrumentId: 'AUDUSD.SIM',
      clientOrderId,
      side: 'BUY',
      orderType: 'LIMIT',
      quantity,
      price: '1.00010',
      tsInit: T0,
      eventId: `E-${clientOrderId}-init`,
      ...overrides,
    }),
  );
}

export function fillOf(order: Order, tradeId: string, lastQty: string, lastPx = '1.00010', positionId = 'AUDUSD.SIM-EmaCross-001'): OrderFilled {
  return events.orderFilled(
    order,
    { tradeId, lastQty, lastPx, venueOrderId: `V-${order.clientOrderId}`, currency: 'USD', commission: Money.from('0.20', 'USD'), positionId },
    T0 + 30n,
    { eventId: `E-${tradeId}` },
  ) as OrderFilled;
}

/** Records for one order: init, submitted, accepted, a fill of `fillQty`, plus the position-fill. */
export function orderRecords(clientOrderId: string, tradeId: string, fillQty = '40000'): JournalRecord[] {
  const order = limitBuy(clientOrderId);
  const submitted = events.orderSubmitted(order, T0 + 10n, { eventId: `E-${clientOrderId}-sub` });
  order.apply(submitted);
  const accepted = events.orderAccepted(order, `V-${clientOrderId}`, T0 + 20n, { eventId: `E-${clientOrderId}-acc` });
  order.apply(accepted);
  const fill = fillOf(order, tradeId, fillQty);
  const evs: OrderEvent[] = [order.init, submitted, accepted, fill];
  return [
    ...evs.map((event): JournalRecord => ({ kind: 'order-event', event })),
    { kind: 'position-fill', positionId: fill.positionId!, fill },
  ];
}

export function positionFrom(fills: OrderFilled[]): Position {
  const [first, ...rest] = fills;
  const p = Position.open(AUDUSD, first!, first!.positionId!);
  for (const f of rest) p.apply(f);
  return p;
}

/** What the execution engine says it changed when it applies `event` to `order` (the journal's feed). */
export function appliedOf(order: Order, event: OrderEvent, more: Partial<Applied> = {}): Applied {
  return { event, init: order.init, orderList: undefined, positionId: order.positionId, linkedChildren: [], positions: [], ...more };
}
