import type { OrderEvent, OrderFilled, OrderInitialized } from '../../model/events.js';
import type { EventRef, ReconciliationCounts, ReconciliationItem, ReconciliationOutcome } from '../reconciliation-result.js';
import type { PlanStep, ReconciliationContext, ReconciliationPlan } from './types.js';

/** An item while it is being decided; frozen into a `ReconciliationItem` by `build`. */
export interface DraftItem {
  kind: ReconciliationItem['kind'];
  key: string;
  instrumentId: string;
  venueOrderId?: string;
  clientOrderId?: string;
  venuePositionId?: string;
  had: Record<string, string> | null;
  venue: Record<string, string>;
  outcome: ReconciliationOutcome;
  events: EventRef[];
  createdOrders: string[];
  inferredFills: string[];
  rule?: string;
  reason?: string;
}

/** Staged steps of one order or position, committed only when all of them were accepted. */
export type StagedStep =
  | { readonly kind: 'createOrder'; readonly init: OrderInitialized }
  | { readonly kind: 'applyEvent'; readonly event: Exclude<OrderEvent, OrderInitialized> };

/** Accumulates items and steps in decision order. */
export class PlanBuilder {
  readonly items: DraftItem[] = [];
  readonly steps: PlanStep[] = [];
  /** Fills the plan will apply, for the position comparison that follows the orders. */
  readonly plannedFills: OrderFilled[] = [];
  /** The same fills by instrument: each position report looks at its instrument's only (not all fills). */
  private readonly plannedByInstrument = new Map<string, OrderFilled[]>();
  /** The same fills by instrument and position id: a HEDGING position report looks at its position's only. */
  private readonly plannedByPosition = new Map<string, OrderFilled[]>();
  readonly unknownOrderFills = new Set<string>();

  addItem(item: Omit<DraftItem, 'events' | 'createdOrders' | 'inferredFills' | 'outcome'> & { outcome?: ReconciliationOutcome }): number {
    this.items.push({ outcome: 'MATCHED', events: [], createdOrders: [], inferredFills: [], ...item });
    return this.items.length - 1;
  }

  item(index: number): DraftItem {
    return this.items[index]!;
  }

  skip(index: number, rule: string, reason?: string): void {
    const it = this.item(index);
    it.outcome = 'SKIPPED';
    it.rule = rule;
    if (reason !== undefined) it.reason = reason;
  }

  fail(index: number, reason: string): void {
    const it = this.item(index);
    it.outcome = 'FAILED';
    it.reason = reason;
  }

  /** Append staged steps under `itemIndex`, recording their events on that item. */
  commit(itemIndex: number, staged: readonly StagedStep[]): void {
    const it = this.item(itemIndex);
    for (const s of staged) {
      if (s.kind === 'createOrder') {
        this.steps.push({ kind: 'createOrder', item: itemIndex, clientOrderId: s.init.clientOrderId, init: s.init });
        it.events.push(ref(s.init));
      } else {
        this.steps.push({ kind: 'applyEvent', item: itemIndex, clientOrderId: s.event.clientOrderId, event: s.event });
        it.events.push(ref(s.event));
        if (s.event.type === 'OrderFilled') this.addPlannedFill(s.event);
      }
    }
  }

  /** Planned fills of one instrument, in plan order. */
  plannedFillsOf(instrumentId: string): readonly OrderFilled[] {
    return this.plannedByInstrument.get(instrumentId) ?? [];
  }

  /**
   * Planned fills of one position (instrument and position id), in plan order. Indexed, not filtered from
   * the instrument's: a filter per position report made the HEDGING comparison positions × fills.
   */
  plannedFillsOfPosition(instrumentId: string, positionId: string): readonly OrderFilled[] {
    return this.plannedByPosition.get(positionKey(instrumentId, positionId)) ?? [];
  }

  private addPlannedFill(fill: OrderFilled): void {
    this.plannedFills.push(fill);
    append(this.plannedByInstrument, fill.instrumentId, fill);
    if (fill.positionId !== undefined) append(this.plannedByPosition, positionKey(fill.instrumentId, fill.positionId), fill);
  }

  build(ctx: Pick<ReconciliationContext, 'trigger' | 'nowNs'>, venues: readonly string[], allowOverfills: boolean): ReconciliationPlan {
    const items = this.items.map(freezeItem);
    const counts = countItems(items, this.steps.length);
    return {
      kind: 'ReconciliationPlan',
      trigger: ctx.trigger,
      venues: [...venues],
      tsStarted: ctx.nowNs,
      steps: [...this.steps],
      items,
      counts,
      success: counts.failed === 0,
      unknownOrderFills: [...this.unknownOrderFills],
      allowOverfills,
    };
  }
}

function positionKey(instrumentId: string, positionId: string): string {
  return `${instrumentId}\u001f${positionId}`;
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function ref(event: OrderEvent): EventRef {
  // Literals, not a spread of a temporary: one ref per planned event.
  return event.type === 'OrderFilled'
    ? { type: event.type, eventId: event.eventId, clientOrderId: event.clientOrderId, tradeId: event.tradeId }
    : { type: event.type, eventId: event.eventId, clientOrderId: event.clientOrderId };
}

/**
 * The draft as the result's item, keys in the result's order, optional ones only when set. Built by
 * assignment, not spreads of temporary objects: a big history freezes hundreds of thousands of items.
 * The item takes over the draft's arrays rather than copying them (three per item): `build` is a builder's
 * last act, nothing changes a draft after it. Empty ones become one shared frozen array.
 */
const NONE: readonly never[] = Object.freeze([]);

function freezeItem(d: DraftItem): ReconciliationItem {
  const item: { -readonly [K in keyof ReconciliationItem]: ReconciliationItem[K] } = { kind: d.kind, key: d.key, instrumentId: d.instrumentId } as ReconciliationItem;
  if (d.venueOrderId !== undefined) item.venueOrderId = d.venueOrderId;
  if (d.clientOrderId !== undefined) item.clientOrderId = d.clientOrderId;
  if (d.venuePositionId !== undefined) item.venuePositionId = d.venuePositionId;
  item.had = d.had;
  item.venue = d.venue;
  item.outcome = d.outcome;
  item.events = d.events.length === 0 ? NONE : d.events;
  item.createdOrders = d.createdOrders.length === 0 ? NONE : d.createdOrders;
  item.inferredFills = d.inferredFills.length === 0 ? NONE : d.inferredFills;
  if (d.rule !== undefined) item.rule = d.rule;
  if (d.reason !== undefined) item.reason = d.reason;
  return item;
}

/**
 * Counts of a list of items; `eventsApplied` counts steps (an order created is its OrderInitialized).
 * One pass without intermediate arrays: a big history has hundreds of thousands of items, counted twice a run.
 */
export function countItems(items: readonly ReconciliationItem[], eventsApplied: number): ReconciliationCounts {
  let orders = 0, fills = 0, positions = 0, matched = 0, updated = 0, created = 0, skipped = 0, failed = 0;
  let inferredFills = 0, syntheticOrders = 0, externalDropped = 0;
  for (const i of items) {
    if (i.kind === 'order') orders += 1;
    else if (i.kind === 'fill') fills += 1;
    else if (i.kind === 'position') {
      positions += 1;
      syntheticOrders += i.createdOrders.length;
    }
    if (i.outcome === 'MATCHED') matched += 1;
    else if (i.outcome === 'UPDATED') updated += 1;
    else if (i.outcome === 'CREATED') created += 1;
    else if (i.outcome === 'SKIPPED') skipped += 1;
    else if (i.outcome === 'FAILED') failed += 1;
    inferredFills += i.inferredFills.length;
    if (i.rule === 'UNCLAIMED_EXTERNAL') externalDropped += 1;
  }
  return { orders, fills, positions, matched, updated, created, skipped, failed, eventsApplied, inferredFills, syntheticOrders, externalDropped };
}
