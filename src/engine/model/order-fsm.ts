import type { Decimal } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import { defineMachine, movesTo } from '../core/fsm.js';
import type { OrderStatus } from './enums.js';
import type { OrderEvent, OrderEventType } from './events.js';
import { isRestoreTransition } from './local-resolution.js';

/**
 * The order status machine as a transition table (live-execution.md §3; NautilusTrader's
 * `_ORDER_STATE_TABLE`): `from` → the statuses an event may move an order to. Anything not listed is
 * `INVALID_STATE_TRANSITION` (machine `order`), with one documented exception: an order keel closed by a local
 * resolution may also take the restoration transitions of `RESTORE_TABLE` (local-resolution.ts) while
 * its closing event is local, so a venue report can bring it back (never a general REJECTED → FILLED).
 */
export const ORDER_STATE_TABLE: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // REJECTED/ACCEPTED/CANCELED/EXPIRED/TRIGGERED straight from INITIALIZED: external orders found at a venue.
  INITIALIZED: ['DENIED', 'SUBMITTED', 'REJECTED', 'ACCEPTED', 'CANCELED', 'EXPIRED', 'TRIGGERED'],
  // CANCELED from SUBMITTED: IOC/FOK orders the venue cancels without accepting.
  SUBMITTED: ['PENDING_UPDATE', 'PENDING_CANCEL', 'REJECTED', 'CANCELED', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED'],
  // REJECTED from ACCEPTED: a stop-limit whose limit order is refused once triggered.
  ACCEPTED: ['REJECTED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'CANCELED', 'TRIGGERED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  TRIGGERED: ['REJECTED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  PENDING_UPDATE: ['REJECTED', 'ACCEPTED', 'CANCELED', 'EXPIRED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED', 'FILLED'],
  // ACCEPTED from PENDING_CANCEL: the cancel failed and the order is still working.
  PENDING_CANCEL: ['REJECTED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED'],
  PARTIALLY_FILLED: ['PENDING_UPDATE', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  // A fill that raced the cancel still counts.
  CANCELED: ['PARTIALLY_FILLED', 'FILLED'],
  DENIED: [],
  REJECTED: [],
  EXPIRED: [],
  FILLED: [],
};

/** The order machine: its events name the status they would move the order to (`nextStatus` decides which). */
export const ORDER_MACHINE = defineMachine('order', movesTo(ORDER_STATE_TABLE));

export function isAllowedTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_MACHINE.can(from, to);
}

/** What `nextStatus` needs to know about the order besides its status. */
export interface TransitionContext {
  /** The last status held before entering PENDING_UPDATE / PENDING_CANCEL (the rollback target). */
  readonly rollbackStatus?: OrderStatus | undefined;
  readonly quantity: Decimal;
  /** Filled quantity before this event. */
  readonly filledQty: Decimal;
  /**
   * True while the order's closing event is a local resolution: the restoration transitions of
   * RESTORE_TABLE are then allowed too (a venue report undoing keel's inference), and only then.
   */
  readonly closedLocally?: boolean;
}

/**
 * Decides (purely) the status an order moves to on `event`, or throws `INVALID_STATE_TRANSITION` (machine `order`).
 * Returns the current status for events that do not move it (e.g. a modify rejected while not pending).
 *
 * Rollbacks (OrderModifyRejected / OrderCancelRejected / OrderUpdated out of a pending state) return
 * the order to the status it held just before the pending state, as NautilusTrader does. They are not
 * checked against the table: the order legitimately held that status moments ago, and the table has no
 * row for e.g. PENDING_CANCEL → TRIGGERED even though a triggered order's cancel can be rejected.
 */
export function nextStatus(current: OrderStatus, event: OrderEvent, ctx: TransitionContext): OrderStatus {
  switch (event.type) {
    case 'OrderInitialized':
      throw invalid(current, event.type, 'INITIALIZED');
    case 'OrderDenied':
      return checked(current, event.type, 'DENIED');
    case 'OrderSubmitted':
      // A late submit ack while a modify is pending must not lose the pending state.
      return checked(current, event.type, current === 'PENDING_UPDATE' ? 'PENDING_UPDATE' : 'SUBMITTED');
    case 'OrderAccepted':
      return checked(current, event.type, 'ACCEPTED', ctx);
    case 'OrderRejected':
      return checked(current, event.type, 'REJECTED', ctx);
    case 'OrderCanceled':
      return checked(current, event.type, 'CANCELED', ctx);
    case 'OrderExpired':
      return checked(current, event.type, 'EXPIRED', ctx);
    case 'OrderTriggered':
      return checked(current, event.type, 'TRIGGERED', ctx);
    case 'OrderPendingUpdate':
      return checked(current, event.type, 'PENDING_UPDATE');
    case 'OrderPendingCancel':
      return checked(current, event.type, 'PENDING_CANCEL');
    case 'OrderModifyRejected':
      return current === 'PENDING_UPDATE' ? rollback(current, event.type, ctx) : current;
    case 'OrderCancelRejected':
      return current === 'PENDING_CANCEL' ? rollback(current, event.type, ctx) : current;
    case 'OrderUpdated':
      if (current === 'PENDING_UPDATE') return rollback(current, event.type, ctx);
      // Changing a closed order's terms means nothing; refusing it surfaces the confusion upstream.
      if (current === 'DENIED' || current === 'REJECTED' || current === 'CANCELED' || current === 'EXPIRED' || current === 'FILLED') {
        throw invalid(current, event.type, current);
      }
      return current;
    case 'OrderFilled': {
      const filled = ctx.filledQty.add(event.lastQty);
      return checked(current, event.type, filled.gte(ctx.quantity) ? 'FILLED' : 'PARTIALLY_FILLED', ctx);
    }
    default: {
      const never: never = event;
      throw new EngineError('ORDER_EVENT_UNKNOWN', `expected an order event type, received ${String((never as { type: unknown }).type)}`, {
        received: (never as { type: unknown }).type,
      });
    }
  }
}

function checked(from: OrderStatus, eventType: OrderEventType, to: OrderStatus, ctx?: TransitionContext): OrderStatus {
  if (isAllowedTransition(from, to)) return to;
  if (ctx?.closedLocally === true && isRestoreTransition(from, to)) return to;
  throw invalid(from, eventType, to);
}

function rollback(from: OrderStatus, eventType: OrderEventType, ctx: TransitionContext): OrderStatus {
  if (ctx.rollbackStatus === undefined) throw invalid(from, eventType, 'UNKNOWN');
  return ctx.rollbackStatus;
}

function invalid(from: OrderStatus, eventType: OrderEventType, to: OrderStatus | 'UNKNOWN'): EngineError {
  return ORDER_MACHINE.refuse(from, eventType, {
    received: `${eventType} on an order in ${from} would move it to ${to}`,
    details: { to },
  });
}
