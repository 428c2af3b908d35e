import type { WireOrderEvent } from '../engine/venue/sandbox/protocol/messages.js';
import type { OrderRef } from './order-store.js';
import type { VenueOrder } from './venue-order.js';

/**
 * The wire event about an order the venue knows (fields in the order clients have always seen them, then
 * `event`, then `extra`'s fields). Built field by field: no spread copies on the matching hot path.
 */
export function orderEvent(o: VenueOrder, now: bigint, event: WireOrderEvent['event'], extra?: Readonly<Record<string, unknown>>): WireOrderEvent {
  const e: Record<string, unknown> = { accountId: o.accountId, instrumentId: o.instrumentId };
  if (o.clientOrderId !== undefined) e.clientOrderId = o.clientOrderId;
  e.venueOrderId = o.venueOrderId;
  e.tsEvent = now.toString();
  e.event = event;
  if (extra !== undefined) for (const k in extra) e[k] = extra[k];
  return e as WireOrderEvent;
}

/** The wire event answering a reference to an order the venue does not know (it names what the client sent). */
export function refEvent(accountId: string, ref: OrderRef & { instrumentId?: string }, now: bigint, body: { event: WireOrderEvent['event']; reason: string }): WireOrderEvent {
  return {
    accountId,
    instrumentId: ref.instrumentId ?? '',
    ...(ref.clientOrderId !== undefined ? { clientOrderId: ref.clientOrderId } : {}),
    ...(ref.venueOrderId !== undefined ? { venueOrderId: ref.venueOrderId } : {}),
    tsEvent: now.toString(),
    ...body,
  } as WireOrderEvent;
}
