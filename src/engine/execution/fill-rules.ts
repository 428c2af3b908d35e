import type { Cache } from '../cache/cache.js';
import type { OrderFilled } from '../model/events.js';
import type { Order } from '../model/order.js';
import { NONE } from './applied.js';

/** A replayed fill (same trade id) carrying the same data: dropped silently rather than with a warning. */
export function sameFill(a: OrderFilled, b: OrderFilled): boolean {
  return a.lastQty.eq(b.lastQty) && a.lastPx.eq(b.lastPx) && a.side === b.side
    && a.commission.toString() === b.commission.toString() && a.venueOrderId === b.venueOrderId;
}

/** OTO: once the entry fills, its children without a position id take the entry's (§3). Returns the children linked now. */
export function linkOtoChildren(cache: Cache, entry: Order, positionId: string): readonly { readonly clientOrderId: string; readonly positionId: string }[] {
  if (entry.contingencyType !== 'OTO') return NONE;
  const linked: { clientOrderId: string; positionId: string }[] = [];
  for (const childId of entry.linkedOrderIds) {
    const child = cache.order(childId);
    if (!child || child.positionId !== undefined || child.parentOrderId !== entry.clientOrderId) continue;
    child.assignPositionId(positionId);
    cache.updateOrder(child);
    linked.push({ clientOrderId: child.clientOrderId, positionId });
  }
  return linked;
}
