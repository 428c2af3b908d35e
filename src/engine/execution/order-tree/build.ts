import { EngineError } from '../../core/errors.js';
import type { ContingentOrderTree, OrderRole, OrderTreeLink, OrderTreeNode } from './types.js';
import type { Order } from '../../model/order.js';
import { ORDER_TRAITS } from '../../model/order-traits.js';
import type { OrderList } from '../../cache/index.js';
import type { Position } from '../../model/position.js';


/**
 * The contingent family of an order list id or of a client order id, as plain data: roles, OTO/OCO/OUO
 * links, the position it trades, and whether that position is left unprotected (open while every
 * protective order of the family is closed). Pure: reads the cache, changes nothing.
 */
/** What building a tree reads: orders, lists and positions by id (the node's cache and a strategy's view both fit). */
export interface OrderTreeSource {
  order(clientOrderId: string): Order | undefined;
  orderList(orderListId: string): OrderList | undefined;
  position(positionId: string): Position | undefined;
}

export function buildOrderTree(cache: OrderTreeSource, orderListIdOrClientOrderId: string): ContingentOrderTree {
  const orders = family(cache, orderListIdOrClientOrderId);
  const ids = new Set(orders.map((o) => o.clientOrderId));
  const childrenOf = new Map<string, Order[]>();
  for (const o of orders) {
    if (o.parentOrderId !== undefined && ids.has(o.parentOrderId)) {
      const list = childrenOf.get(o.parentOrderId) ?? [];
      list.push(o);
      childrenOf.set(o.parentOrderId, list);
    }
  }
  const role = (o: Order): OrderRole => {
    if (childrenOf.has(o.clientOrderId)) return 'ENTRY';
    if (o.parentOrderId !== undefined && ids.has(o.parentOrderId)) return ORDER_TRAITS[o.type].triggerKind === 'STOP' ? 'STOP_LOSS' : 'TAKE_PROFIT';
    return 'ORDER';
  };
  const node = (o: Order): OrderTreeNode => ({
    clientOrderId: o.clientOrderId,
    ...(o.venueOrderId !== undefined ? { venueOrderId: o.venueOrderId } : {}),
    role: role(o),
    type: o.type,
    side: o.side,
    quantity: o.quantity.toString(),
    filledQty: o.filledQty.toString(),
    ...(o.price !== undefined ? { price: o.price.toString() } : {}),
    ...(o.triggerPrice !== undefined ? { triggerPrice: o.triggerPrice.toString() } : {}),
    status: o.status,
    isOpen: o.isOpen,
    contingencyType: o.contingencyType,
    children: (childrenOf.get(o.clientOrderId) ?? []).map(node),
  });
  const roots = orders.filter((o) => o.parentOrderId === undefined || !ids.has(o.parentOrderId)).map(node);

  const links: OrderTreeLink[] = [];
  const seen = new Set<string>();
  for (const o of orders) {
    for (const to of o.linkedOrderIds) {
      if (!ids.has(to) || o.contingencyType === 'NO_CONTINGENCY') continue;
      const kind = o.contingencyType;
      // OTO goes parent → child; OCO/OUO are symmetric, listed once.
      const key = kind === 'OTO' ? `${kind}:${o.clientOrderId}>${to}` : `${kind}:${[o.clientOrderId, to].sort().join('|')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ from: o.clientOrderId, to, kind });
    }
  }

  const first = orders[0]!;
  const positionId = orders.find((o) => role(o) === 'ENTRY' && o.positionId !== undefined)?.positionId ?? orders.find((o) => o.positionId !== undefined)?.positionId;
  const position = positionId !== undefined ? cache.position(positionId) : undefined;
  const protective = orders.filter((o) => role(o) === 'STOP_LOSS' || role(o) === 'TAKE_PROFIT');
  const unprotected = position !== undefined && position.isOpen && protective.length > 0 && protective.every((o) => o.isClosed);
  const listId = first.orderListId !== undefined && orders.every((o) => o.orderListId === first.orderListId) ? first.orderListId : undefined;
  return {
    kind: 'ContingentOrderTree',
    ...(listId !== undefined ? { orderListId: listId } : {}),
    instrumentId: first.instrumentId,
    strategyId: first.strategyId,
    roots,
    links,
    ...(position ? { position: { id: position.id, side: position.side, quantity: position.quantity.toString(), isOpen: position.isOpen } } : {}),
    unprotected,
    ...(unprotected
      ? {
          unprotectedReason: `position ${position!.id} is ${position!.side} ${position!.quantity.toString()} but every protective order is closed: ${protective
            .map((o) => `${o.clientOrderId} (${role(o)}) ${o.status}`)
            .join(', ')}`,
        }
      : {}),
  };
}

/** The orders of a list, or the family of one order (its list, else its parent, links and children). */
function family(cache: OrderTreeSource, id: string): Order[] {
  const list = cache.orderList(id);
  if (list) return [...list.orders];
  const start = cache.order(id);
  if (!start) {
    throw new EngineError('ORDER_TREE_NOT_FOUND', `expected an order list id or a client order id in the cache, received '${id}'`, { received: id });
  }
  if (start.orderListId !== undefined) {
    const own = cache.orderList(start.orderListId);
    if (own) return [...own.orders];
  }
  const found = new Map<string, Order>();
  const queue: Order[] = [start];
  while (queue.length > 0) {
    const o = queue.shift()!;
    if (found.has(o.clientOrderId)) continue;
    found.set(o.clientOrderId, o);
    const next = [...o.linkedOrderIds, ...(o.parentOrderId !== undefined ? [o.parentOrderId] : [])];
    for (const n of next) {
      const other = cache.order(n);
      if (other && !found.has(n)) queue.push(other);
    }
  }
  return [...found.values()].sort((a, b) => (a.tsInit < b.tsInit ? -1 : a.tsInit > b.tsInit ? 1 : a.clientOrderId < b.clientOrderId ? -1 : 1));
}
