import type { Price } from '../engine/core/decimal.js';
import { type TopOfBook, triggerHit } from './liquidity.js';
import type { VenueOrder } from './venue-order.js';
import { ORDER_TRAITS } from '../engine/model/order-traits.js';

/**
 * Reduce-only at this venue (docs/venue-protocol.md, "Reduce-only"). The check is made when an order
 * would trade, not when it arrives: a resting stop-loss or take-profit may be accepted before the
 * position it protects exists (a bracket sent as one list to a venue that does not hold OTO children
 * back). Only an order that would trade on arrival, with nothing to reduce, is rejected at once.
 *
 * `crosses(limit)`: is there liquidity on the other side within `limit` (undefined = any price)?
 */
export function tradesOnArrival(o: VenueOrder, book: TopOfBook | undefined, crosses: (limit: Price | undefined) => boolean): boolean {
  const t = ORDER_TRAITS[o.orderType];
  // A triggered order trades only if its trigger is hit now; one with a price (a limit, or a stop-limit
  // triggered at once) only if that limit crosses too; a market order always trades.
  return (!t.hasTrigger || triggerHit(book, o)) && (!t.hasPrice || crosses(o.price));
}
