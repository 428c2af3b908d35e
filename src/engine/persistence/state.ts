import type { ConfigChange } from '../config/config-change.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import type { AccountState, OrderEvent, OrderFilled, PositionEvent } from '../model/events.js';
import type { JournalRecord, OrderListRecord } from './records.js';

export interface JournalMarker {
  readonly name: string;
  readonly tsEvent: bigint;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * What a journal (or any persistence) holds once its records are folded: everything needed to rebuild
 * the cache. Maps iterate in insertion order, so orders and positions come back oldest first.
 */
export interface PersistedState {
  /** clientOrderId → its events, `OrderInitialized` first. */
  readonly orders: Map<string, OrderEvent[]>;
  /** clientOrderId → position id it was linked to before filling. */
  readonly orderPositions: Map<string, string>;
  /** positionId → the fills the position applied, in order. */
  readonly positionFills: Map<string, OrderFilled[]>;
  /** positionId → its latest published event. */
  readonly positions: Map<string, PositionEvent>;
  readonly orderLists: Map<string, OrderListRecord>;
  readonly configChanges: ConfigChange[];
  lastReconciliation: ReconciliationResult | undefined;
  /** venue → the latest account state it reported (restored into the cache at start). */
  readonly accounts: Map<string, AccountState>;
  /** The latest lifecycle markers (bounded). */
  readonly markers: JournalMarker[];
  /** Records folded in, including ones ignored as duplicates. */
  records: number;
  /** Records ignored: a repeated event id / trade id, or an event for an order never initialized. */
  ignored: number;
}

const MAX_MARKERS = 50;

export function emptyState(): PersistedState {
  return {
    orders: new Map(),
    orderPositions: new Map(),
    positionFills: new Map(),
    positions: new Map(),
    orderLists: new Map(),
    configChanges: [],
    lastReconciliation: undefined,
    accounts: new Map(),
    markers: [],
    records: 0,
    ignored: 0,
  };
}

/**
 * Fold one record in. Idempotent by event id and trade id: a record written twice (a retry after a crash
 * between write and acknowledgement, or a fill the venue reported again) changes nothing the second time,
 * which is what makes "applied exactly once" hold across restarts.
 */
export function applyRecord(state: PersistedState, record: JournalRecord): void {
  state.records += 1;
  switch (record.kind) {
    case 'order-event': {
      const e = record.event;
      const events = state.orders.get(e.clientOrderId);
      if (e.type === 'OrderInitialized') {
        if (events) state.ignored += 1;
        else state.orders.set(e.clientOrderId, eventList(e));
        return;
      }
      if (!events) {
        state.ignored += 1;
        return;
      }
      const idx = orderIdsOf(state, e.clientOrderId, events);
      if (owns(idx.eventIds, e.eventId, e.clientOrderId) || (e.type === 'OrderFilled' && owns(idx.tradeIds, e.tradeId, e.clientOrderId))) {
        state.ignored += 1;
        return;
      }
      events.push(e);
      indexOrderEvent(idx, e);
      return;
    }
    case 'order-position':
      state.orderPositions.set(record.clientOrderId, record.positionId);
      return;
    case 'position-fill': {
      let fills = state.positionFills.get(record.positionId);
      if (!fills) state.positionFills.set(record.positionId, (fills = []));
      const seen = seenOf(state, 'position', record.positionId, fills, (f) => [f.tradeId]);
      if (seen.has(record.fill.tradeId)) {
        state.ignored += 1;
        return;
      }
      fills.push(record.fill);
      seen.add(record.fill.tradeId);
      return;
    }
    case 'position-event':
      state.positions.set(record.event.positionId, record.event);
      return;
    case 'order-list':
      if (state.orderLists.has(record.list.id)) state.ignored += 1;
      else state.orderLists.set(record.list.id, record.list);
      return;
    case 'config-change':
      if (state.configChanges.some((c) => c.changeId === record.change.changeId)) state.ignored += 1;
      else state.configChanges.push(record.change);
      return;
    case 'reconciliation':
      state.lastReconciliation = record.result;
      return;
    case 'account-state':
      state.accounts.set(record.state.venue, record.state);
      return;
    case 'marker':
      state.markers.push({ name: record.name, tsEvent: record.tsEvent, ...(record.details ? { details: record.details } : {}) });
      if (state.markers.length > MAX_MARKERS) state.markers.splice(0, state.markers.length - MAX_MARKERS);
      return;
    default: {
      const never: never = record;
      throw new Error(`unknown journal record ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/**
 * An order's event list, with room for its usual four events from the start: a one-slot array grows to
 * 17 slots on its first push, which a closed order would keep for the node's life.
 */
function eventList(init: OrderEvent): OrderEvent[] {
  const events = [init, init, init, init];
  events.length = 1;
  return events;
}

/**
 * Ids already folded in per position (trade ids), so a record's
 * duplicate check is O(1) instead of a scan of every earlier event or fill (quadratic over a session).
 * Kept beside the state (not in it: the state stays plain data) and built lazily per key from the arrays,
 * so a state made by `copyState`/`stateFromPlain` gets correct sets on first use.
 */
const seenIds = new WeakMap<PersistedState, Map<string, Set<string>>>();

function seenOf<T>(state: PersistedState, scope: 'position', key: string, items: readonly T[], idsOf: (item: T) => string[]): Set<string> {
  let byKey = seenIds.get(state);
  if (!byKey) seenIds.set(state, (byKey = new Map()));
  const k = `${scope}\u0000${key}`;
  let seen = byKey.get(k);
  if (!seen) {
    seen = new Set();
    for (const item of items) for (const id of idsOf(item)) seen.add(id);
    byKey.set(k, seen);
  }
  return seen;
}

/**
 * The orders' ids already folded in: one index for every order rather than a Set per order, because a
 * closed order stays in memory for the node's life (a Set of its own, keyed by a joined string, was about
 * a quarter of what a closed order cost). An id maps to the order that has it; the same id in two orders
 * (not expected: event ids are UUIDs, trade ids are per venue) keeps a Set of the orders, so a repeat is
 * still judged per order exactly as before. Beside the state for the same reason as `seenIds`.
 */
interface OrderIds {
  /** Orders whose events are in the maps (an order's events are indexed on its first record). */
  readonly orders: Set<string>;
  readonly eventIds: Map<string, string | Set<string>>;
  readonly tradeIds: Map<string, string | Set<string>>;
}
const orderIds = new WeakMap<PersistedState, OrderIds>();

function orderIdsOf(state: PersistedState, clientOrderId: string, events: readonly OrderEvent[]): OrderIds {
  let idx = orderIds.get(state);
  if (!idx) orderIds.set(state, (idx = { orders: new Set(), eventIds: new Map(), tradeIds: new Map() }));
  if (!idx.orders.has(clientOrderId)) {
    for (const x of events) indexOrderEvent(idx, x);
    idx.orders.add(clientOrderId);
  }
  return idx;
}

function indexOrderEvent(idx: OrderIds, e: OrderEvent): void {
  put(idx.eventIds, e.eventId, e.clientOrderId);
  if (e.type === 'OrderFilled') put(idx.tradeIds, e.tradeId, e.clientOrderId);
}

function owns(ids: Map<string, string | Set<string>>, id: string, owner: string): boolean {
  const had = ids.get(id);
  return had === owner || (typeof had === 'object' && had.has(owner));
}

function put(ids: Map<string, string | Set<string>>, id: string, owner: string): void {
  const had = ids.get(id);
  if (had === undefined) ids.set(id, owner);
  else if (typeof had === 'string') { if (had !== owner) ids.set(id, new Set([had, owner])); }
  else had.add(owner);
}

/** A copy a caller may keep or change without touching the persistence's own state (values are immutable). */
export function copyState(state: PersistedState): PersistedState {
  return {
    orders: new Map([...state.orders].map(([k, v]) => [k, [...v]])),
    orderPositions: new Map(state.orderPositions),
    positionFills: new Map([...state.positionFills].map(([k, v]) => [k, [...v]])),
    positions: new Map(state.positions),
    orderLists: new Map(state.orderLists),
    configChanges: [...state.configChanges],
    lastReconciliation: state.lastReconciliation,
    accounts: new Map(state.accounts),
    markers: [...state.markers],
    records: state.records,
    ignored: state.ignored,
  };
}

/** The state as plain JSON-able data (for a snapshot); `stateFromPlain` reverses it. */
export interface PlainState {
  readonly orders: Array<[string, OrderEvent[]]>;
  readonly orderPositions: Array<[string, string]>;
  readonly positionFills: Array<[string, OrderFilled[]]>;
  readonly positions: Array<[string, PositionEvent]>;
  readonly orderLists: Array<[string, OrderListRecord]>;
  readonly configChanges: ConfigChange[];
  readonly lastReconciliation: ReconciliationResult | null;
  /** Absent in snapshots written before accounts were journaled. */
  readonly accounts?: Array<[string, AccountState]>;
  readonly markers: JournalMarker[];
  readonly records: number;
  readonly ignored: number;
}

export function stateToPlain(s: PersistedState): PlainState {
  return {
    orders: [...s.orders],
    orderPositions: [...s.orderPositions],
    positionFills: [...s.positionFills],
    positions: [...s.positions],
    orderLists: [...s.orderLists],
    configChanges: s.configChanges,
    lastReconciliation: s.lastReconciliation ?? null,
    accounts: [...s.accounts],
    markers: s.markers,
    records: s.records,
    ignored: s.ignored,
  };
}

export function stateFromPlain(p: PlainState): PersistedState {
  return {
    orders: new Map(p.orders),
    orderPositions: new Map(p.orderPositions),
    positionFills: new Map(p.positionFills),
    positions: new Map(p.positions),
    orderLists: new Map(p.orderLists),
    configChanges: [...p.configChanges],
    lastReconciliation: p.lastReconciliation ?? undefined,
    accounts: new Map(p.accounts ?? []),
    markers: [...p.markers],
    records: p.records,
    ignored: p.ignored,
  };
}
