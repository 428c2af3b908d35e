import type { WireOrderEvent } from '../engine/venue/sandbox/protocol/messages.js';
import type { OrderRef } from './order-store.js';
import type { VenueOrder } from './venue-order.js';

/** The wire event about an order the venue knows (fields in the order clients have always seen them). */
export function orderEvent(o: VenueOrder, now: bigint, body: Record<string, unknown> & { event: WireOrderEvent['event'] }): WireOrderEvent {
  return {
    accountId: o.accountId,
    instrumentId: o.instrumentId,
    ...(o.clientOrderId !== undefined ? { clientOrderId: o.clientOrderId } : {}),
    venueOrderId: o.venueOrderId,
    tsEvent: now.toString(),
    ...body,
  } as WireOrderEvent;
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
