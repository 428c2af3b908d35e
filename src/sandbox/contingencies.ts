import type { OrderRejectReason } from '../engine/venue/sandbox/protocol/messages.js';
import { type VenueOrder, isOpen, leavesQty } from './venue-order.js';

/**
 * OTO / OCO / OUO handled by the venue, only for orders submitted with `contingentAtVenue` (keel's own
 * order manager must also be testable against a venue that does none of this):
 * - OTO parent fills (even partly): its dormant children start working; it closes unfilled: they are cancelled.
 * - OCO: a fill (even partial) or a close cancels the linked orders.
 * - OUO: a close cancels the linked orders; a partial fill reduces them to the parent's leaves quantity.
 */
export interface ContingencyHost {
  lookup(accountId: string, clientOrderId: string): VenueOrder | undefined;
  children(parent: VenueOrder): VenueOrder[];
  close(o: VenueOrder, to: 'CANCELED', reason: OrderRejectReason): void;
  /** A dormant child's parent filled: check it against the market and start working it. */
  activate(o: VenueOrder): void;
  /** The venue changed an order's quantity (emit OrderUpdated). */
  updated(o: VenueOrder): void;
}

function linked(host: ContingencyHost, o: VenueOrder): VenueOrder[] {
  return o.linkedOrderIds.map((id) => host.lookup(o.accountId, id)).filter((x): x is VenueOrder => x !== undefined && isOpen(x));
}

export function afterFill(host: ContingencyHost, o: VenueOrder): void {
  if (!o.contingentAtVenue) return;
  switch (o.contingencyType) {
    case 'OTO':
      for (const c of host.children(o)) if (c.dormant) host.activate(c);
      return;
    case 'OCO':
      for (const l of linked(host, o)) host.close(l, 'CANCELED', 'CONTINGENT_LINKED_FILLED');
      return;
    case 'OUO': {
      if (!isOpen(o)) {
        for (const l of linked(host, o)) host.close(l, 'CANCELED', 'CONTINGENT_LINKED_FILLED');
        return;
      }
      const leaves = leavesQty(o);
      for (const l of linked(host, o)) {
        const quantity = l.filledQty.add(leaves);
        if (quantity.eq(l.quantity)) continue;
        l.quantity = quantity;
        host.updated(l);
      }
      return;
    }
    case 'NO_CONTINGENCY':
      return;
  }
}

export function afterClose(host: ContingencyHost, o: VenueOrder): void {
  if (!o.contingentAtVenue) return;
  if (o.contingencyType === 'OTO' && o.filledQty.isZero()) {
    // A child may already be closed by a sibling's close (OUO children cancel each other).
    for (const c of host.children(o)) if (c.dormant && isOpen(c)) host.close(c, 'CANCELED', 'CONTINGENT_PARENT_CLOSED');
  } else if (o.contingencyType === 'OCO' || o.contingencyType === 'OUO') {
    for (const l of linked(host, o)) host.close(l, 'CANCELED', 'CONTINGENT_LINKED_CLOSED');
  }
}
