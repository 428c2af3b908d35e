import type { Logger } from '../../core/logger.js';
import * as ev from '../../model/event-factory.js';
import type { EventMeta, OrderRef } from '../../model/event-factory.js';
import type { OrderCanceled, OrderRejected } from '../../model/events.js';
import { LOCAL_RESOLUTION_TEXT, type LocalResolution } from '../../model/local-resolution.js';

/**
 * The closing event of a local resolution (see model/local-resolution.ts): an OrderRejected with
 * `reason`, or an OrderCanceled, marked `local` with the basis it was inferred on, so a later venue
 * report for the order can restore it.
 */
export function localCloseEvent(
  order: OrderRef,
  kind: 'REJECT' | 'CANCEL',
  reason: string,
  basis: LocalResolution,
  tsNs: bigint,
  meta: EventMeta = {},
): OrderRejected | OrderCanceled {
  const event = kind === 'REJECT' ? ev.orderRejected(order, reason, tsNs, meta) : ev.orderCanceled(order, tsNs, meta);
  return { ...event, local: basis };
}

/** Says, in words, that keel closed an order by inference, and on what basis. */
export function warnResolvedLocally(logger: Logger, order: { readonly clientOrderId: string }, kind: 'REJECT' | 'CANCEL', reason: string, basis: LocalResolution): void {
  const what = kind === 'REJECT' ? `REJECTED ${reason}` : 'CANCELED';
  logger.warn(`order ${order.clientOrderId} resolved locally as ${what}: ${LOCAL_RESOLUTION_TEXT[basis]}; a later venue report for it will restore it`, {
    clientOrderId: order.clientOrderId, resolution: what, basis, basisText: LOCAL_RESOLUTION_TEXT[basis],
  });
}
