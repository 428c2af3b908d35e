import type { Logger } from '../core/logger.js';
import type { OrderEvent } from '../model/events.js';
import { LOCAL_RESOLUTION_TEXT, type LocalClose } from '../model/local-resolution.js';
import type { Order } from '../model/order.js';

/**
 * After an event was applied to an order whose status was a local resolution: when the event moved it
 * on (the venue reported the order after all), say so. The venue is the truth; the warning is how the
 * user learns that keel's earlier inference was wrong and has been undone.
 */
export function warnIfRestored(logger: Logger, order: Order, before: LocalClose, event: OrderEvent, beforeStatus: string): void {
  if (order.localClose === before) return; // not moved on (e.g. a replayed fill): still the local close
  const was = before.type === 'OrderRejected' ? `REJECTED ${before.reason}` : 'CANCELED';
  logger.warn(
    `order ${order.clientOrderId} restored: keel had resolved it locally as ${was} (${LOCAL_RESOLUTION_TEXT[before.local]}), ` +
      `the venue reports it (${event.type}); now ${order.status}, still ${order.strategyId}'s`,
    {
      code: 'ORDER_RESTORED', clientOrderId: order.clientOrderId, strategyId: order.strategyId, venueOrderId: order.venueOrderId,
      from: beforeStatus, to: order.status, event: event.type, localResolution: was, basis: before.local,
    },
  );
}
