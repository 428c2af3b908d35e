import type { OrderStatus } from './enums.js';
import type { LocalResolution, OrderCanceled, OrderEvent, OrderRejected } from './events.js';

/**
 * A local resolution is keel closing an order without the venue having said so: the in-flight check
 * giving up (SUBMITTED → REJECTED `INFLIGHT_TIMEOUT`, PENDING_* → CANCELED), the open-order check not
 * finding it (→ REJECTED `ORDER_NOT_FOUND_AT_VENUE` / CANCELED), start-up reconciliation resolving a
 * journaled in-flight order the venue does not know. It is an inference, so the event that closes the
 * order carries `local` (why it was inferred) and a later venue report for the order may undo it: the
 * venue is the truth (issue 11 item 1).
 */
// The type lives with the events that carry it (events.ts), so the model's imports run one way.
export type { LocalResolution } from './events.js';

/** The words the logs use for each basis. */
export const LOCAL_RESOLUTION_TEXT: Readonly<Record<LocalResolution, string>> = {
  VENUE_UNKNOWN_ORDER: 'the venue answered: unknown order',
  VENUE_NO_ANSWER: 'the venue did not answer',
};

/** The closing event of a local resolution. */
export type LocalClose = (OrderRejected | OrderCanceled) & { readonly local: LocalResolution };

export function isLocalClose(event: OrderEvent): event is LocalClose {
  return (event.type === 'OrderRejected' || event.type === 'OrderCanceled') && event.local !== undefined;
}

/**
 * Restoration transitions: the statuses a venue report may move an order to from a status keel reached
 * by a local resolution, beyond what `ORDER_STATE_TABLE` allows. Valid only while the order's closing
 * event is local (`Order.localClose`); an order the venue itself rejected or cancelled never leaves
 * these statuses this way. Whatever the venue reports wins: working (ACCEPTED, TRIGGERED), filled, or
 * closed for its own reason.
 */
export const RESTORE_TABLE: ReadonlyMap<OrderStatus, ReadonlySet<OrderStatus>> = new Map<OrderStatus, ReadonlySet<OrderStatus>>([
  ['REJECTED', new Set<OrderStatus>(['ACCEPTED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED'])],
  ['CANCELED', new Set<OrderStatus>(['ACCEPTED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED', 'EXPIRED', 'REJECTED'])],
]);

export function isRestoreTransition(from: OrderStatus, to: OrderStatus): boolean {
  return RESTORE_TABLE.get(from)?.has(to) ?? false;
}
