/**
 * A bracket's children are what protects its position. When one closes without filling (cancelled by
 * hand, expired, rejected, cancelled by the venue) while the position it was placed for is still open,
 * the position trades on unprotected: say so as a warning, without anyone having to run `.tree`.
 * A child cancelled because its sibling closed the position (OUO/OCO) finds the position flat: silent.
 */
import type { OrderEvent } from '../model/events.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';

const CLOSING = new Set<OrderEvent['type']>(['OrderDenied', 'OrderRejected', 'OrderCanceled', 'OrderExpired']);

export interface ProtectionLookup {
  order(clientOrderId: string): Order | undefined;
  position(positionId: string): Position | undefined;
}

export interface ProtectionWarning {
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

const ROLE: Partial<Record<Order['type'], string>> = {
  STOP_MARKET: 'stop-loss', STOP_LIMIT: 'stop-loss', LIMIT: 'take-profit', LIMIT_IF_TOUCHED: 'take-profit', MARKET_IF_TOUCHED: 'take-profit',
};

export function unprotectedPosition(event: OrderEvent, lookup: ProtectionLookup): ProtectionWarning | null {
  if (!CLOSING.has(event.type)) return null;
  const child = lookup.order(event.clientOrderId);
  if (!child || child.parentOrderId == null || !child.filledQty.isZero()) return null;
  const parent = lookup.order(child.parentOrderId);
  const positionId = child.positionId ?? parent?.positionId;
  if (!parent || parent.filledQty.isZero() || positionId == null) return null;
  const position = lookup.position(positionId);
  if (!position || !position.isOpen) return null;
  const role = ROLE[child.type] ?? 'bracket child';
  const why = 'reason' in event && typeof event.reason === 'string' ? ` (${event.reason})` : '';
  const stillProtecting = child.linkedOrderIds
    .map((id) => lookup.order(id))
    .filter((o): o is Order => o !== undefined && o.isOpen && o.parentOrderId === child.parentOrderId);
  const left = stillProtecting.length === 0 ? 'no bracket order is left on it' : `still working: ${stillProtecting.map((o) => o.clientOrderId).join(', ')}`;
  return {
    message: `position ${position.id} (${position.side} ${position.quantity.toString()} ${position.instrumentId}) is unprotected: its ${role} ${child.clientOrderId} was ${event.type.replace('Order', '').toLowerCase()}${why} while the position is open; ${left}`,
    fields: { code: 'POSITION_UNPROTECTED', strategyId: child.strategyId, clientOrderId: child.clientOrderId, positionId: position.id, orderListId: child.orderListId ?? null },
  };
}
