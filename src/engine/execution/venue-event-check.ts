import { EngineError, VENUE_EVENT_CANCEL_UNCONFIRMED, VENUE_EVENT_CONTRADICTS_ORDER } from '../core/errors.js';
import type { Order } from '../model/order.js';
import type { OrderStatusReport } from '../model/reports.js';
import type { VenueOrderEvent } from './client.js';

/**
 * A venue event checked against the order it names, before it changes anything (issue 11, item 3).
 * An adapter translates; it cannot know keel's orders, so a frame that names one order and carries
 * another's venue order id, side, instrument or account would otherwise be applied as it is (and a
 * later cancel would go to the other order's venue id). What is checked:
 * - instrument, account (the order's, else the client's it trades through) and venue order id (the
 *   order's own, and not one another cached order holds);
 * - a fill: the order's side, a positive quantity and price, and a commission whose size is at most the
 *   fill's notional (**choice**: no fee or rebate is larger than the trade it is charged on; a commission
 *   in another currency than the price's is not bounded, there is no rate to compare it with);
 * - a cancel of an open order keel did not ask to cancel (not PENDING_CANCEL) and that the venue has
 *   no rule of its own to cancel: it may be real (cancelled by hand, by the venue's risk) or spurious;
 *   either way the venue's answer to a status query decides, so a working order is never closed on one
 *   unconfirmed frame. **choice**: orders a venue cancels by its own rules are not held (the delay
 *   would leave them open in keel after the venue closed them, e.g. through a shutdown): IOC/FOK and
 *   MARKET leaves, reduce-only orders (position closed), post-only and contingent orders (their
 *   parent or sibling moved); a spurious cancel of one of those is still applied.
 * The answer is an `EngineError` (code from `core/errors.ts`) or undefined when the event fits.
 */
export interface VenueEventCheckContext {
  readonly order: Order;
  /** The account of the execution client the order trades through. */
  readonly clientAccountId: string | undefined;
  /** The cached order that already holds the message's venue order id, when that is not the order's own. */
  readonly venueOrderIdOwner: Order | undefined;
  /** The instrument's quote currency (commissions in it are bounded by the notional); needed for fills only. */
  readonly quoteCurrency: string | undefined;
}

/** A module function, not a closure made per check: this runs for every venue event, the error almost never. */
function eventContradiction(e: VenueOrderEvent, order: Order, field: string, expected: string, received: string): EngineError {
  return new EngineError(
    VENUE_EVENT_CONTRADICTS_ORDER,
    `venue ${e.type} for ${order.clientOrderId} refused: expected ${field} ${expected}, received ${received}`,
    { clientOrderId: order.clientOrderId, event: e.type, field, expected, received },
  );
}

export function checkVenueEvent(e: VenueOrderEvent, ctx: VenueEventCheckContext): EngineError | undefined {
  const order = ctx.order;
  if (e.instrumentId !== order.instrumentId) return eventContradiction(e, order, 'instrumentId', order.instrumentId, e.instrumentId);
  const account = order.accountId ?? ctx.clientAccountId;
  if (e.accountId !== undefined && account !== undefined && e.accountId !== account) return eventContradiction(e, order, 'accountId', account, e.accountId);
  if (e.venueOrderId !== undefined) {
    const owner = ctx.venueOrderIdOwner;
    if (owner !== undefined && owner.clientOrderId !== order.clientOrderId) {
      return eventContradiction(e, order, 'venueOrderId', order.venueOrderId ?? '(none yet)', `${e.venueOrderId} (held by order ${owner.clientOrderId})`);
    }
    // A venue may assign a new id on amend (OrderUpdated); any other event must carry the order's own.
    if (order.venueOrderId !== undefined && e.venueOrderId !== order.venueOrderId && e.type !== 'OrderUpdated') {
      return eventContradiction(e, order, 'venueOrderId', order.venueOrderId, e.venueOrderId);
    }
  }
  if (e.type === 'OrderFilled') {
    if (e.side !== order.side) return eventContradiction(e, order, 'side', order.side, e.side);
    if (!e.lastQty.isPositive()) return eventContradiction(e, order, 'lastQty', 'a positive quantity', e.lastQty.toString());
    if (!e.lastPx.isPositive()) return eventContradiction(e, order, 'lastPx', 'a positive price', e.lastPx.toString());
    if (ctx.quoteCurrency !== undefined && e.commission.currency === ctx.quoteCurrency) {
      const notional = e.lastPx.mul(e.lastQty);
      if (e.commission.amount.abs().gt(notional)) {
        return eventContradiction(e, order, 'commission', `at most the fill's notional ${notional.toString()} ${ctx.quoteCurrency} in size`, e.commission.toString());
      }
    }
  }
  if (e.type === 'OrderCanceled' && order.isOpen && order.status !== 'PENDING_CANCEL' && !venueMayCancelOnItsOwn(order)) {
    return new EngineError(
      VENUE_EVENT_CANCEL_UNCONFIRMED,
      `venue OrderCanceled for ${order.clientOrderId} held: expected a cancel keel asked for (PENDING_CANCEL), received one for a ${order.status} order; asking the venue for its status`,
      { clientOrderId: order.clientOrderId, event: e.type, field: 'status', expected: 'PENDING_CANCEL', received: order.status },
    );
  }
  return undefined;
}

/** Orders a venue cancels by its own rules, without a cancel from keel (see the choice above). */
function venueMayCancelOnItsOwn(o: Order): boolean {
  return o.timeInForce === 'IOC' || o.timeInForce === 'FOK' || o.type === 'MARKET' || o.reduceOnly || o.postOnly
    || o.contingencyType !== 'NO_CONTINGENCY' || o.parentOrderId !== undefined || o.linkedOrderIds.length > 0;
}

/**
 * A runtime order status report checked against the cached order it names: instrument, side, account,
 * and a venue order id no other cached order holds (planning it would otherwise give this order the
 * other's id, and a later cancel would go there). Unlike an event, a report is itself the venue's answer
 * to a status query, so a refused one is not answered with another query (which would bring it back).
 */
export function checkVenueReport(r: OrderStatusReport, ctx: VenueEventCheckContext): EngineError | undefined {
  const { order } = ctx;
  const contradiction = (field: string, expected: string, received: string): EngineError =>
    new EngineError(
      VENUE_EVENT_CONTRADICTS_ORDER,
      `venue order status report for ${order.clientOrderId} refused: expected ${field} ${expected}, received ${received}`,
      { clientOrderId: order.clientOrderId, event: 'OrderStatusReport', field, expected, received },
    );
  if (r.instrumentId !== order.instrumentId) return contradiction('instrumentId', order.instrumentId, r.instrumentId);
  if (r.side !== order.side) return contradiction('side', order.side, r.side);
  const account = order.accountId ?? ctx.clientAccountId;
  if (account !== undefined && r.accountId !== account) return contradiction('accountId', account, r.accountId);
  const owner = ctx.venueOrderIdOwner;
  if (owner !== undefined && owner.clientOrderId !== order.clientOrderId) {
    return contradiction('venueOrderId', order.venueOrderId ?? '(none yet)', `${r.venueOrderId} (held by order ${owner.clientOrderId})`);
  }
  return undefined;
}
