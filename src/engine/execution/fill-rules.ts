import type { Cache } from '../cache/cache.js';
import type { OrderFilled } from '../model/events.js';
import type { Order } from '../model/order.js';

/** A replayed fill (same trade id) carrying the same data: dropped silently rather than with a warning. */
export function sameFill(a: OrderFilled, b: OrderFilled): boolean {
  return a.lastQty.eq(b.lastQty) && a.lastPx.eq(b.lastPx) && a.side === b.side
    && a.commission.toString() === b.commission.toString() && a.venueOrderId === b.venueOrderId;
}

/** OTO: once the entry fills, its children without a position id take the entry's (§3). */
export function linkOtoChildren(cache: Cache, entry: Order, positionId: string): void {
  if (entry.contingencyType !== 'OTO') return;
  for (const childId of entry.linkedOrderIds) {
    const child = cache.order(childId);
    if (!child || child.positionId !== undefined || child.parentOrderId !== entry.clientOrderId) continue;
    child.assignPositionId(positionId);
    cache.updateOrder(child);
  }
}
