import type { AccountState } from '../model/events.js';
import { EngineError } from '../core/errors.js';
import type { QuoteTick } from '../model/market-data.js';
import { CLOSED_STATUSES, INFLIGHT_STATUSES, OPEN_STATUSES, ORDER_STATUSES, type OrderStatus } from '../model/enums.js';
import { copyFields } from '../model/copy-fields.js';
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
  /** The order, its insertion number, and what the indexes last recorded for it. */
  private readonly ordersById = new Map<string, OrderEntry>();
  // Lists rather than sets: an order joins its strategy's and instrument's list once and never leaves, so
  // appending is enough (and much cheaper than growing a hash set per order); oldest first by construction.
  private readonly ordersByStrategy = new Map<string, OrderEntry[]>();
  private readonly ordersByInstrument = new Map<string, OrderEntry[]>();
  private readonly ordersByVenueId = new Map<string, string>();
  /** An order joins a position's list the first time it is indexed with that position id. */
  private readonly ordersByPosition = new Map<string, OrderEntry[]>();
  // Open and in-flight orders are few, so they keep sets; "closed" is read from the entry's status.
  private readonly openIds = new Set<string>();
  private readonly inflightIds = new Set<string>();
  private readonly orderLists = new Map<string, OrderList>();

  private readonly positionsById = new Map<string, Position>();
  private readonly positionSeq = new Map<string, number>();
  private readonly openPositionIds = new Set<string>();
  private readonly quotes = new Map<string, QuoteTick>();
  private readonly accountsByVenue = new Map<string, AccountState>();
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
    const entry: OrderEntry = { order, seq: this.seq++, status: undefined, positionId: undefined, positionIds: undefined };
    this.ordersById.set(order.clientOrderId, entry);
    appendTo(this.ordersByStrategy, order.strategyId, entry);
    appendTo(this.ordersByInstrument, order.instrumentId, entry);
    this.reindex(entry);
  }

  /** Re-index an order after its state changed (status, venue order id, position id). */
  updateOrder(order: Order): void {
    const id = order.clientOrderId;
    const entry = this.ordersById.get(id);
    if (entry === undefined || entry.order !== order) {
      throw new EngineError('CACHE_ORDER_UNKNOWN', `expected a cached order, received '${id}'`, { clientOrderId: id });
    }
    this.reindex(entry);
  }

  /**
   * Only what changed since the entry was last indexed is touched: the status sets and the position
   * lists are written by nothing else, so a status or position id seen before is already indexed.
   */
  private reindex(entry: OrderEntry): void {
    const order = entry.order;
    const id = order.clientOrderId;
    if (order.venueOrderId !== undefined) this.ordersByVenueId.set(order.venueOrderId, id);
    const positionId = order.positionId;
    if (positionId !== undefined && positionId !== entry.positionId) {
      let first = true;
      if (entry.positionId !== undefined) {
        // Moving to another position (rare): remember every id, so returning to one is not a second entry.
        if (entry.positionIds === undefined) entry.positionIds = [entry.positionId];
        first = !entry.positionIds.includes(positionId);
        if (first) entry.positionIds.push(positionId);
      }
      if (first) appendTo(this.ordersByPosition, positionId, entry);
      entry.positionId = positionId;
    }
    const status = order.status;
    if (status === entry.status) return;
    const was = entry.status === undefined ? NO_FLAGS : STATUS_FLAGS[entry.status];
    const now = STATUS_FLAGS[status];
    if (was.open !== now.open) toggle(this.openIds, id, now.open);
    if (was.inflight !== now.inflight) toggle(this.inflightIds, id, now.inflight);
    entry.status = status;
  }

  hasOrder(clientOrderId: string): boolean {
    return this.ordersById.has(clientOrderId);
  }

  order(clientOrderId: string): Order | undefined {
    return this.ordersById.get(clientOrderId)?.order;
  }

  orderByVenueOrderId(venueOrderId: string): Order | undefined {
    const id = this.ordersByVenueId.get(venueOrderId);
    return id === undefined ? undefined : this.ordersById.get(id)?.order;
  }

  clientOrderIdFor(venueOrderId: string): string | undefined {
    return this.ordersByVenueId.get(venueOrderId);
  }

  orders(query: OrderQuery = {}): Order[] {
    const sources: Array<Iterable<OrderEntry> & { readonly length?: number; readonly size?: number }> = [];
    if (query.strategyId !== undefined) sources.push(this.ordersByStrategy.get(query.strategyId) ?? NO_ENTRIES);
    if (query.instrumentId !== undefined) sources.push(this.ordersByInstrument.get(query.instrumentId) ?? NO_ENTRIES);
    if (query.open === true) sources.push(this.entriesOf(this.openIds));
    return this.select(sources, (e) => {
      const flags = indexedFlags(e);
      return (query.strategyId === undefined || e.order.strategyId === query.strategyId)
        && (query.instrumentId === undefined || e.order.instrumentId === query.instrumentId)
        && (query.open === undefined || flags.open === query.open)
        && (query.closed === undefined || flags.closed === query.closed);
    });
  }

  ordersOpen(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    return this.orders(withFlag(query, 'open', true));
  }

  ordersClosed(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    return this.orders(withFlag(query, 'closed', true));
  }

  ordersInflight(query: Omit<OrderQuery, 'open' | 'closed'> = {}): Order[] {
    const sources: Array<Iterable<OrderEntry> & { readonly length?: number; readonly size?: number }> = [this.entriesOf(this.inflightIds)];
    if (query.strategyId !== undefined) sources.push(this.ordersByStrategy.get(query.strategyId) ?? NO_ENTRIES);
    if (query.instrumentId !== undefined) sources.push(this.ordersByInstrument.get(query.instrumentId) ?? NO_ENTRIES);
    return this.select(sources, (e) => indexedFlags(e).inflight
      && (query.strategyId === undefined || e.order.strategyId === query.strategyId)
      && (query.instrumentId === undefined || e.order.instrumentId === query.instrumentId));
  }

  /** Orders that filled into (or were submitted for) a position. */
  ordersForPosition(positionId: string): Order[] {
    return sortBySeq([...(this.ordersByPosition.get(positionId) ?? NO_ENTRIES)]);
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
    return this.positions(withFlag(query, 'open', true));
  }

  // --- market data ----------------------------------------------------------------------------------
  addQuote(quote: QuoteTick): void {
    this.quotes.set(quote.instrumentId, quote);
  }

  quote(instrumentId: string): QuoteTick | undefined {
    return this.quotes.get(instrumentId);
  }

  // --- accounts -------------------------------------------------------------------------------------
  /** Keep the venue's latest account state (one per venue: keel trades one account per venue). */
  setAccount(state: AccountState): void {
    this.accountsByVenue.set(state.venue, state);
  }

  /** The latest state of the venue's account (no venue: the first venue's). */
  account(venue?: string): AccountState | undefined {
    return venue === undefined ? this.accountsByVenue.values().next().value : this.accountsByVenue.get(venue);
  }

  accounts(): AccountState[] {
    return [...this.accountsByVenue.values()];
  }

  // --- helpers --------------------------------------------------------------------------------------
  /** Walk the smallest source (with none, every order) and keep the entries that pass; oldest first. */
  private select(
    sources: Array<Iterable<OrderEntry> & { readonly length?: number; readonly size?: number }>,
    keep: (entry: OrderEntry) => boolean,
  ): Order[] {
    let smallest: Iterable<OrderEntry> = this.ordersById.values();
    let smallestSize = Infinity;
    for (const src of sources) {
      const size = src.length ?? src.size ?? 0;
      if (size < smallestSize) {
        smallest = src;
        smallestSize = size;
      }
    }
    const out: OrderEntry[] = [];
    for (const e of smallest) if (keep(e)) out.push(e);
    return sortBySeq(out);
  }

  /** The entries of an id set (open / in-flight), with its size for `select`. */
  private entriesOf(ids: ReadonlySet<string>): Iterable<OrderEntry> & { readonly size: number } {
    const byId = this.ordersById;
    return {
      size: ids.size,
      *[Symbol.iterator]() {
        for (const id of ids) yield byId.get(id)!;
      },
    };
  }
}

const NO_ENTRIES: readonly OrderEntry[] = [];

/** Oldest first (the sources are in insertion order already, except the open / in-flight sets). */
function sortBySeq(entries: OrderEntry[]): Order[] {
  entries.sort((a, b) => a.seq - b.seq);
  return entries.map((e) => e.order);
}

/** The status flags as the indexes last recorded them (queries never see an un-indexed change). */
function indexedFlags(entry: OrderEntry): StatusFlags {
  return entry.status === undefined ? NO_FLAGS : STATUS_FLAGS[entry.status];
}

/** `{ ...query, [key]: value }` without the spread's per-object hidden class (see copyFields). */
function withFlag<Q extends object, K extends string>(query: Q, key: K, value: boolean): Q & Record<K, boolean> {
  const out = copyFields(query) as Record<string, unknown>;
  out[key] = value;
  return out as Q & Record<K, boolean>;
}

interface OrderEntry {
  readonly order: Order;
  readonly seq: number;
  /** Status and position id as the indexes last recorded them (undefined: not yet). */
  status: OrderStatus | undefined;
  positionId: string | undefined;
  /** Every position id the order was indexed under, kept only once there are two or more. */
  positionIds: string[] | undefined;
}

interface StatusFlags {
  readonly open: boolean;
  readonly closed: boolean;
  readonly inflight: boolean;
}

const NO_FLAGS: StatusFlags = { open: false, closed: false, inflight: false };
const STATUS_FLAGS = Object.fromEntries(
  ORDER_STATUSES.map((s) => [s, { open: OPEN_STATUSES.has(s), closed: CLOSED_STATUSES.has(s), inflight: INFLIGHT_STATUSES.has(s) }]),
) as Record<OrderStatus, StatusFlags>;

function appendTo(index: Map<string, OrderEntry[]>, key: string, entry: OrderEntry): void {
  const list = index.get(key);
  if (list) list.push(entry);
  else index.set(key, [entry]);
}

function toggle(set: Set<string>, id: string, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}
