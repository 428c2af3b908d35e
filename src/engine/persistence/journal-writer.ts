import type { ConfigChange } from '../config/config-change.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import type { OrderEvent, OrderFilled, OrderSubmitted, PositionEvent } from '../model/events.js';
import type { EngineError } from '../core/errors.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { Persistence } from './persistence.js';
import type { JournalRecord } from './records.js';
import type { RebuiltState } from './rebuild.js';

/** What the writer reads from the cache to complete a record (the node's `Cache` satisfies it). */
export interface WriterCacheView {
  order(clientOrderId: string): Order | undefined;
  position(positionId: string): Position | undefined;
  orderList(orderListId: string): { readonly id: string; readonly instrumentId: string; readonly strategyId: string; readonly orders: readonly Order[] } | undefined;
}

const MAX_UNCHECKED_SUBMITS = 10_000;

/**
 * Turns what the engine publishes into journal records. The bus carries order events, position events,
 * config changes and reconciliation results; what it does not carry is read from the cache at that
 * moment: an order's definition when its first published event is not `OrderInitialized`, its order
 * list, a position id linked before any fill (OTO children), and the fills a position applied (after a
 * HEDGING flip split the position's fills differ from the order's).
 */
export class JournalWriter {
  private readonly orders = new Set<string>();
  private readonly lists = new Set<string>();
  private readonly links = new Map<string, string>();
  /** Per position: how many of its fills are journaled, and the trade id of the last one. */
  private readonly positionFills = new Map<string, { count: number; lastTradeId: string | undefined }>();
  /** The latest order fill published: the fill the next position event applied, unless a HEDGING flip split it. */
  private lastOrderFill: OrderFilled | undefined;
  /** OrderSubmitted events journaled and not yet checked by `ensureSubmittedDurable` (only while gated). */
  private readonly submittedSeen = new Set<string>();
  /** OrderSubmitted events the gate journaled ahead of their bus delivery (skipped when it arrives). */
  private readonly prewritten = new Set<string>();
  /** Set by the node that asks `ensureSubmittedDurable` before every send. */
  gated = false;

  constructor(
    private readonly persistence: Persistence,
    private readonly cache: WriterCacheView,
  ) {}

  /** Everything already journaled (restored at start-up) is not written again. */
  seed(rebuilt: RebuiltState): void {
    for (const o of rebuilt.orders) {
      this.orders.add(o.clientOrderId);
      if (o.positionId !== undefined) this.links.set(o.clientOrderId, o.positionId);
    }
    for (const l of rebuilt.orderLists) this.lists.add(l.id);
    for (const p of rebuilt.positions) this.positionFills.set(p.id, { count: p.fills.length, lastTradeId: p.lastTradeId });
  }

  onOrderEvent(event: OrderEvent): void {
    if (event.type === 'OrderSubmitted' && this.gated) {
      if (this.prewritten.delete(event.eventId)) return;
      this.submittedSeen.add(event.eventId);
      // Submits the gate never checks (reconciliation's own events) must not pile up: the oldest go first.
      if (this.submittedSeen.size > MAX_UNCHECKED_SUBMITS) this.submittedSeen.delete(this.submittedSeen.values().next().value!);
    }
    const records: JournalRecord[] = [];
    const order = this.cache.order(event.clientOrderId);
    if (!this.orders.has(event.clientOrderId)) {
      const init = event.type === 'OrderInitialized' ? event : order?.init;
      if (init) {
        records.push({ kind: 'order-event', event: init });
        this.orders.add(init.clientOrderId);
        if (init.orderListId !== undefined) this.pushList(init.orderListId, records);
      }
    }
    if (event.type !== 'OrderInitialized') records.push({ kind: 'order-event', event });
    if (event.type === 'OrderFilled') this.lastOrderFill = event;
    if (event.type === 'OrderFilled' && event.positionId !== undefined) this.links.set(event.clientOrderId, event.positionId);
    if (order) {
      this.pushLink(order, records);
      // An entry's fill links its OTO children to the position: record those links too.
      if (event.type === 'OrderFilled' && order.orderListId !== undefined) {
        for (const sibling of this.cache.orderList(order.orderListId)?.orders ?? []) if (sibling !== order) this.pushLink(sibling, records);
      }
    }
    if (records.length > 0) this.persistence.append(records);
  }

  /**
   * The write-ahead promise, checked right before orders go to a venue: each one's `OrderSubmitted` is in
   * the journal and fsync'd. Normally the bus delivered it already (and the journal synced it); if the bus
   * is still delivering something else, it is journaled here first. Returns why not, when the journal
   * cannot write (the caller then keeps the orders from leaving).
   */
  ensureSubmittedDurable(orders: readonly Order[]): EngineError | undefined {
    for (const order of orders) {
      const submitted = lastSubmitted(order);
      if (submitted === undefined || this.submittedSeen.delete(submitted.eventId)) continue;
      this.onOrderEvent(submitted);
      this.submittedSeen.delete(submitted.eventId);
      this.prewritten.add(submitted.eventId);
    }
    return this.persistence.makeDurable ? this.persistence.makeDurable() : this.persistence.failure;
  }

  onPositionEvent(event: PositionEvent): void {
    const records: JournalRecord[] = [];
    // One position event per fill applied, after that fill's order event: the position's new fill is that
    // order fill, found in O(1). Only a split fill (a HEDGING flip) or an unexpected gap reads the position's list.
    const journaled = this.positionFills.get(event.positionId) ?? { count: 0, lastTradeId: undefined };
    if (event.lastTradeId !== journaled.lastTradeId) {
      const fill = this.lastOrderFill;
      if (fill !== undefined && fill.tradeId === event.lastTradeId) {
        records.push({ kind: 'position-fill', positionId: event.positionId, fill });
        this.positionFills.set(event.positionId, { count: journaled.count + 1, lastTradeId: fill.tradeId });
      } else {
        const position = this.cache.position(event.positionId);
        if (position) {
          const fills = position.fills;
          for (let i = journaled.count; i < fills.length; i++) records.push({ kind: 'position-fill', positionId: position.id, fill: fills[i]! });
          this.positionFills.set(position.id, { count: fills.length, lastTradeId: position.lastTradeId });
        }
      }
    }
    records.push({ kind: 'position-event', event });
    this.persistence.append(records);
  }

  onConfigChange(change: ConfigChange): void {
    this.persistence.append([{ kind: 'config-change', change }]);
  }

  onReconciliation(result: ReconciliationResult): void {
    this.persistence.append([{ kind: 'reconciliation', result }]);
  }

  marker(name: string, tsEvent: bigint, details?: Readonly<Record<string, unknown>>): void {
    this.persistence.append([{ kind: 'marker', name, tsEvent, ...(details ? { details } : {}) }]);
  }

  private pushList(orderListId: string, records: JournalRecord[]): void {
    if (this.lists.has(orderListId)) return;
    const list = this.cache.orderList(orderListId);
    if (!list) return;
    this.lists.add(orderListId);
    records.push({
      kind: 'order-list',
      list: { id: list.id, instrumentId: list.instrumentId, strategyId: list.strategyId, orderIds: list.orders.map((o) => o.clientOrderId) },
    });
  }

  private pushLink(order: Order, records: JournalRecord[]): void {
    const positionId = order.positionId;
    if (positionId === undefined || this.links.get(order.clientOrderId) === positionId) return;
    if (!this.orders.has(order.clientOrderId)) return; // its link goes out with its first event
    this.links.set(order.clientOrderId, positionId);
    records.push({ kind: 'order-position', clientOrderId: order.clientOrderId, positionId });
  }
}

function lastSubmitted(order: Order): OrderSubmitted | undefined {
  const events = order.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'OrderSubmitted') return e;
  }
  return undefined;
}
