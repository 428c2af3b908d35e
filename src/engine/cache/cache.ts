import { EngineError } from '../core/errors.js';
import type { QuoteTick } from '../data/types.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';

/** A cached order list: a bracket or any OTO/OCO/OUO family submitted together. */
export interface OrderList {
  readonly id: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly orders: readonly Order[];
}

export interface OrderQuery {
  readonly strategyId?: string;
  readonly instrumentId?: string;
  readonly open?: boolean;
  readonly closed?: boolean;
}

export interface PositionQuery {
  readonly strategyId?: string;
  readonly instrumentId?: string;
  readonly open?: boolean;
}

/**
 * The node's store of orders, order lists, positions and latest quotes. Query results are arrays,
 * oldest first (insertion order). Status indexes (open / closed / in-flight) are kept right by
 * `updateOrder(order)`, which the engine calls after every `order.apply`; positions by `updatePosition`.
 */
export class Cache {
  private readonly ordersById = new Map<string, Order>();
  private readonly orderSeq = new Map<string, number>();
  private readonly ordersByStrategy = new Map<string, Set<string>>();
  private readonly ordersByInstrument = new Map<string, Set<string>>();
  private readonly ordersByVenueId = new Map<string, string>();
  private readonly ordersByPosition = new Map<string, Set<string>>();
  private readonly openIds = new Set<string>();
  private readonly closedIds = new Set<string>();
  private readonly inflightIds = new Set<string>();
  private readonly orderLists = new Map<string, OrderList>();

  private readonly positionsById = new Map<string, Position>();
  private readonly positionSeq = new Map<string, number>();
  private readonly openPositionIds = new Set<string>();
  private readonly quotes = new Map<string, QuoteTick>();
  private seq = 0;

  // --- orders -------------------------------------------------------------------------------------
  /** Add a new order; `positionId` is the position it is meant for (a submit "on" a position). */
  addOrder(order: Order, positionId?: string): void {
    if (this.ordersById.has(order.clientOrderId)) {
      throw new EngineError('CACHE_ORDER_EXISTS', `expected a new client order id, received '${order.clientOrderId}' (already cached)`, {
        clientOrderId: order.clientOrderId,
      });
    }
    if (positionId !== undefined && order.positionId === undefined) order.assignPositionId(positionId);
    this.ordersById.set(order.clientOrderId, order);
    this.orderSeq.set(order.clientOrderId, this.seq++);
    addTo(this.ordersByStrategy, order.strategyId, order.clientOrderId);
    addTo(this.ordersByInstrument, order.instrumentId, order.clientOrderId);
    this.updateOrder(order);
  }

  /** Re-index an order after its state changed (status, venue order id, position id). */
  updateOrder(order: Order): void {
    const id = order.clientOrderId;
    if (this.ordersById.get(id) !== order) {
      throw new EngineError('CACHE_ORDER_UNKNOWN', `expected a cached order, received '${id}'`, { clientOrderId: id });
    }
    if (order.venueOrderId !== undefined) this.ordersByVenueId.set(order.venueOrderId, id);
    if (order.positionId !== undefined) addTo(this.ordersByPosition, order.positionId, id);
    toggle(this.openIds, id, order.isOpen);
    toggle(this.closedIds, id, order.isClosed);
    toggle(this.inflightIds, id, order.isInflight);
  }

  hasOrder(clientOrderId: string): boolean {
    return this.ordersById.has(clientOrderId);
  }

  order(clientOrderId: string): Order | undefined {
    return this.ordersById.get(clientOrderId);
  }

  orderByVenueOrderId(venueOrderId: string): Order | undefined {
    const id = this.ordersByVenueId.get(venueOrderId);
    return id === undefined ? undefined : this.ordersById.get(id);
  }

  clientOrderIdFor(venueOrderId: string): string | undefined {
    return this.ordersByVenueId.get(venueOrderId);
  }

  orders(query: OrderQuery = {}): Order[] {
    const sets: Array<ReadonlySet<string>> = [];
    if (query.strategyId !== undefined) sets.push(this.ordersByStrategy.get(query.strategyId) ?? EMPTY);
    if (query.instrumentId !== undefined) sets.push(this.ordersByInstrument.get(query.instrumentId) ?? EMPTY);
    if (query.open === true) sets.push(this.openIds);
    if (query.closed === true) sets.push(this.closedIds);
    let ids = this.select(sets, this.ordersById.keys());
    if (query.open === false) ids = ids.filter((id) => !this.openIds.has(id));
    if (query.closed === false) ids = ids.filter((id) => !this.closedIds.has(id));
    return this.sortOrders(ids);
  }

  ordersOpen(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    return this.orders({ ...query, open: true });
  }

  ordersClosed(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    return this.orders({ ...query, closed: true });
  }

  ordersInflight(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    const sets: Array<ReadonlySet<string>> = [this.inflightIds];
    if (query.strategyId !== undefined) sets.push(this.ordersByStrategy.get(query.strategyId) ?? EMPTY);
    if (query.instrumentId !== undefined) sets.push(this.ordersByInstrument.get(query.instrumentId) ?? EMPTY);
    return this.sortOrders(this.select(sets, this.ordersById.keys()));
  }

  /** Orders that filled into (or were submitted for) a position. */
  ordersForPosition(positionId: string): Order[] {
    return this.sortOrders([...(this.ordersByPosition.get(positionId) ?? EMPTY)]);
  }

  // --- order lists ----------------------------------------------------------------------------------
  addOrderList(list: OrderList): void {
    if (this.orderLists.has(list.id)) {
      throw new EngineError('CACHE_ORDER_LIST_EXISTS', `expected a new order list id, received '${list.id}' (already cached)`, { orderListId: list.id });
    }
    this.orderLists.set(list.id, list);
  }

  orderList(orderListId: string): OrderList | undefined {
    return this.orderLists.get(orderListId);
  }

  orderListsAll(): OrderList[] {
    return [...this.orderLists.values()];
  }

  // --- positions ------------------------------------------------------------------------------------
  addPosition(position: Position): void {
    if (this.positionsById.has(position.id)) {
      throw new EngineError('CACHE_POSITION_EXISTS', `expected a new position id, received '${position.id}' (already cached)`, { positionId: position.id });
    }
    this.positionsById.set(position.id, position);
    this.positionSeq.set(position.id, this.seq++);
    this.updatePosition(position);
  }

  updatePosition(position: Position): void {
    toggle(this.openPositionIds, position.id, position.isOpen);
  }

  position(positionId: string): Position | undefined {
    return this.positionsById.get(positionId);
  }

  positions(query: PositionQuery = {}): Position[] {
    const out: Position[] = [];
    for (const p of this.positionsById.values()) {
      if (query.strategyId !== undefined && p.strategyId !== query.strategyId) continue;
      if (query.instrumentId !== undefined && p.instrumentId !== query.instrumentId) continue;
      if (query.open !== undefined && this.openPositionIds.has(p.id) !== query.open) continue;
      out.push(p);
    }
    return out; // Map iteration is insertion order: oldest first.
  }

  positionsOpen(query: Omit<PositionQuery, 'open'> = {}): Position[] {
    return this.positions({ ...query, open: true });
  }

  // --- market data ----------------------------------------------------------------------------------
  addQuote(quote: QuoteTick): void {
    this.quotes.set(quote.instrumentId, quote);
  }

  quote(instrumentId: string): QuoteTick | undefined {
    return this.quotes.get(instrumentId);
  }

  // --- helpers --------------------------------------------------------------------------------------
  /** Intersect id sets, walking the smallest; with no sets, every id. */
  private select(sets: Array<ReadonlySet<string>>, all: Iterable<string>): string[] {
    if (sets.length === 0) return [...all];
    const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
    const out: string[] = [];
    for (const id of smallest!) if (rest.every((s) => s.has(id))) out.push(id);
    return out;
  }

  private sortOrders(ids: string[]): Order[] {
    ids.sort((a, b) => this.orderSeq.get(a)! - this.orderSeq.get(b)!);
    return ids.map((id) => this.ordersById.get(id)!);
  }
}

const EMPTY: ReadonlySet<string> = new Set<string>();

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

function toggle(set: Set<string>, id: string, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}
