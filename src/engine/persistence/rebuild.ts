import type { Instrument } from '../model/instruments.js';
import { Order } from '../model/order.js';
import { Position } from '../model/position.js';
import type { AccountState, OrderInitialized } from '../model/events.js';
import type { OrderListRecord } from './records.js';
import type { PersistedState } from './state.js';

/** A rebuilt order list: the same shape as the cache's (`{ id, instrumentId, strategyId, orders }`). */
export interface RebuiltOrderList {
  readonly id: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly orders: readonly Order[];
}

export interface RebuildProblem {
  readonly code: string;
  readonly message: string;
  readonly key: string;
}

export interface RebuiltState {
  /** Oldest first. */
  readonly orders: Order[];
  readonly positions: Position[];
  readonly orderLists: RebuiltOrderList[];
  /** What could not be rebuilt (the rest is still usable). */
  readonly problems: RebuildProblem[];
}

/**
 * Objects from a persisted state: each order from its `OrderInitialized` event plus `apply` of the rest
 * (so it is exactly the order that was journaled), each position by replaying the fills it applied.
 * Replaying what was already accepted once must not be refused on a limit that may have changed since,
 * hence `allowOverfills`.
 */
export function rebuildState(state: PersistedState, instrument: (id: string) => Instrument | undefined): RebuiltState {
  const problems: RebuildProblem[] = [];
  const orders = new Map<string, Order>();
  for (const [id, events] of state.orders) {
    const [init, ...rest] = events;
    let order: Order;
    try {
      order = Order.create(init as OrderInitialized);
    } catch (e) {
      problems.push(problemOf(e, id));
      continue;
    }
    const linked = state.orderPositions.get(id);
    if (linked !== undefined) order.assignPositionId(linked);
    for (const event of rest) {
      try {
        order.apply(event, { allowOverfills: true });
      } catch (e) {
        problems.push(problemOf(e, id));
        break;
      }
    }
    orders.set(id, order);
  }
  const positions: Position[] = [];
  for (const [id, fills] of state.positionFills) {
    const [first, ...rest] = fills;
    if (!first) continue;
    const inst = instrument(first.instrumentId);
    if (!inst) {
      problems.push({ code: 'INSTRUMENT_UNKNOWN', message: `expected a known instrument for position ${id}, received ${first.instrumentId}`, key: id });
      continue;
    }
    try {
      const position = Position.open(inst, first, id);
      for (const fill of rest) position.apply(fill);
      positions.push(position);
    } catch (e) {
      problems.push(problemOf(e, id));
    }
  }
  const orderLists = [...state.orderLists.values()].map((l: OrderListRecord) => ({
    id: l.id,
    instrumentId: l.instrumentId,
    strategyId: l.strategyId,
    orders: l.orderIds.map((oid) => orders.get(oid)).filter((o): o is Order => o !== undefined),
  }));
  return { orders: [...orders.values()], positions, orderLists, problems };
}

function problemOf(e: unknown, key: string): RebuildProblem {
  const err = e as { code?: string; message?: string };
  return { code: err.code ?? 'REBUILD_FAILED', message: err.message ?? String(e), key };
}

/** The part of the cache a rebuild fills (the node's `Cache` has these methods). */
export interface RestorableCache {
  hasOrder(clientOrderId: string): boolean;
  addOrder(order: Order): void;
  addPosition(position: Position): void;
  position(positionId: string): Position | undefined;
  addOrderList(list: RebuiltOrderList): void;
  orderList(orderListId: string): unknown;
  /** Caches that hold account states take the latest of each venue (absent: accounts are not restored). */
  setAccount?(state: AccountState): void;
}

/** Put rebuilt objects into a cache, skipping any it already holds. Returns how many were added. */
export function restoreCache(rebuilt: RebuiltState, cache: RestorableCache): { orders: number; positions: number; orderLists: number } {
  let orders = 0;
  let positions = 0;
  let orderLists = 0;
  for (const o of rebuilt.orders) {
    if (cache.hasOrder(o.clientOrderId)) continue;
    cache.addOrder(o);
    orders++;
  }
  for (const p of rebuilt.positions) {
    if (cache.position(p.id)) continue;
    cache.addPosition(p);
    positions++;
  }
  for (const l of rebuilt.orderLists) {
    if (cache.orderList(l.id)) continue;
    cache.addOrderList(l);
    orderLists++;
  }
  return { orders, positions, orderLists };
}
