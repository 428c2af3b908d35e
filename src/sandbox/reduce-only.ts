import type { Price } from '../engine/core/decimal.js';
import { type TopOfBook, triggerHit } from './liquidity.js';
import type { VenueOrder } from './venue-order.js';

/**
 * Reduce-only at this venue (docs/venue-protocol.md, "Reduce-only"). The check is made when an order
 * would trade, not when it arrives: a resting stop-loss or take-profit may be accepted before the
 * position it protects exists (a bracket sent as one list to a venue that does not hold OTO children
 * back). Only an order that would trade on arrival, with nothing to reduce, is rejected at once.
 *
 * `crosses(limit)`: is there liquidity on the other side within `limit` (undefined = any price)?
 */
export function tradesOnArrival(o: VenueOrder, book: TopOfBook | undefined, crosses: (limit: Price | undefined) => boolean): boolean {
  switch (o.orderType) {
    case 'MARKET':
      return true;
    case 'LIMIT':
      return crosses(o.price);
    case 'STOP_MARKET':
    case 'MARKET_IF_TOUCHED':
      return triggerHit(book, o);
    case 'STOP_LIMIT':
    case 'LIMIT_IF_TOUCHED':
      // Triggered at once, then a limit: it trades only if that limit crosses too.
      return triggerHit(book, o) && crosses(o.price);
  }
}
