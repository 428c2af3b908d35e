import { Money, Quantity } from '../../core/decimal.js';
import { isEngineError } from '../../core/errors.js';
import { EXTERNAL_STRATEGY_ID, TAG_RECONCILIATION, TAG_VENUE } from '../../model/enums.js';
import type { OrderEvent, OrderInitialized } from '../../model/events.js';
import * as ev from '../../model/event-factory.js';
import { externalClientOrderId, syntheticId } from '../../model/identifiers.js';
import { Order } from '../../model/order.js';
import { ORDER_TRAITS } from '../../model/order-traits.js';
import type { FillReport, OrderStatusReport } from '../../model/reports.js';
import type { PlanBuilder, StagedStep } from './plan-builder.js';
import { inferredFillPrice, inferredLiquidity } from './prices.js';
import type { ReconciliationCacheView, ReconciliationConfig, ReconciliationContext } from './types.js';

/**
 * One order report (with its fill reports) → the events that bring keel's order to the venue's state
 * (live-execution.md §4). Every event is applied to a private copy of the order as it is decided, so the
 * order's own status table judges it; if an event is refused the whole order FAILS and none of its steps
 * enter the plan (an order is never left half-reconciled). The one exception is §1 `allowOverfills`: a
 * fill (reported or inferred) that would take filled above quantity is refused on its own, recorded as a
 * SKIPPED fill item with rule `OVERFILL_REFUSED`, and the rest of the order is reconciled.
 */
export interface OrderPlanEnv {
  readonly ctx: ReconciliationContext;
  readonly view: ReconciliationCacheView;
  readonly config: ReconciliationConfig;
  readonly venue: string;
  readonly builder: PlanBuilder;
}

/** Prefixes of the deterministic ids reconciliation makes (`syntheticId(prefix, ...)`). */
export const RECON_EVENT_PREFIX = 'E-RECON';
export const INFERRED_TRADE_PREFIX = 'T-INFER';
/** Rule of a fill refused because it would take filled above quantity (§1 `allowOverfills: false`). */
export const OVERFILL_REFUSED = 'OVERFILL_REFUSED';

/** Rule of an order item left for the next run because keel is ahead of the venue's snapshot (issue 11, item 2). */
export const ORDER_DEFERRED = 'ORDER_DEFERRED';

class OrderFailure extends Error {}

/**
 * Whether keel's filled quantity is above the venue's report only because keel applied fills after the
 * snapshot was asked for (the live stream overtook the mass status): the fills keel has that the snapshot
 * lacks account for the whole difference, and each was applied after the snapshot was asked for. Then the
 * report is stale, not keel: the reason to defer; otherwise undefined and the order fails as before.
 */
function keelAheadOfSnapshot(order: Order, report: OrderStatusReport, fills: readonly FillReport[], askedNs: bigint): string | undefined {
  const known = new Set(fills.map((f) => f.tradeId));
  const newer = order.fills.filter((f) => !known.has(f.tradeId) && f.tsInit >= askedNs);
  if (newer.length === 0) return undefined;
  const unexplained = newer.reduce((q, f) => q.sub(f.lastQty), order.filledQty);
  if (unexplained.gt(report.filledQty)) return undefined;
  return `keel applied ${newer.length === 1 ? 'fill' : 'fills'} ${newer.map((f) => f.tradeId).join(', ')} after the venue's snapshot was taken: its filled ${report.filledQty.toString()} is behind keel's ${order.filledQty.toString()}; the next reconciliation looks again`;
}

export function claimOf(claims: ReconciliationContext['claims'], instrumentId: string): string | undefined {
  if (claims === undefined) return undefined;
  if (claims instanceof Map) return claims.get(instrumentId);
  return (claims as Readonly<Record<string, string>>)[instrumentId];
}

/** The cached order a report is about: by client order id, else by venue order id. */
export function findOrder(view: ReconciliationCacheView, report: { clientOrderId?: string; venueOrderId: string }): Order | undefined {
  return (report.clientOrderId !== undefined ? view.order(report.clientOrderId) : undefined) ?? view.orderByVenueOrderId(report.venueOrderId);
}

/** A private copy of an order, rebuilt from its events, for the planner to try events on. */
export function cloneOrder(order: Order): Order {
  const copy = Order.create(order.events[0] as OrderInitialized);
  for (const e of order.events.slice(1)) copy.apply(e, { allowOverfills: true });
  if (order.positionId !== undefined) copy.assignPositionId(order.positionId);
  return copy;
}

function orderState(o: Order): Record<string, string> {
  return {
    status: o.status,
    quantity: o.quantity.toString(),
    filled: o.filledQty.toString(),
    ...(o.avgPx !== undefined ? { avgPx: o.avgPx.toString() } : {}),
  };
}

function reportState(r: OrderStatusReport): Record<string, string> {
  return {
    status: r.status,
    quantity: r.quantity.toString(),
    filled: r.filledQty.toString(),
    ...(r.avgPx !== undefined ? { avgPx: r.avgPx.toString() } : {}),
    ...(r.price !== undefined ? { price: r.price.toString() } : {}),
    ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice.toString() } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
  };
}

/** Plan one order report; `fills` are the (deduplicated, filtered) fill reports of that venue order. */
export function planOrder(report: OrderStatusReport, fills: readonly FillReport[], env: OrderPlanEnv): void {
  const { builder, view, config, ctx } = env;
  const cached = findOrder(view, report);
  const clientOrderId = cached?.clientOrderId ?? report.clientOrderId ?? externalClientOrderId(env.venue, report.venueOrderId);
  const itemIndex = builder.addItem({
    kind: 'order',
    key: clientOrderId,
    instrumentId: report.instrumentId,
    venueOrderId: report.venueOrderId,
    clientOrderId,
    had: cached !== undefined ? orderState(cached) : null,
    venue: reportState(report),
  });
  const fillItems = fills.map((f) =>
    builder.addItem({
      kind: 'fill',
      key: f.tradeId,
      instrumentId: f.instrumentId,
      venueOrderId: f.venueOrderId,
      clientOrderId,
      had: cached?.fill(f.tradeId) !== undefined ? fillState(cached.fill(f.tradeId)!) : null,
      venue: { quantity: f.lastQty.toString(), price: f.lastPx.toString(), commission: f.commission.toString() },
    }),
  );
  const skipAll = (rule: string, reason: string): void => {
    builder.skip(itemIndex, rule, reason);
    for (const i of fillItems) builder.skip(i, rule, reason);
  };

  const filtered = config.filteredClientOrderIds ?? [];
  if (filtered.includes(clientOrderId) || (report.clientOrderId !== undefined && filtered.includes(report.clientOrderId))) {
    return skipAll('FILTERED_CLIENT_ORDER_ID', 'client order id is in filteredClientOrderIds');
  }
  if (cached !== undefined && cached.isClosed && cached.tags.includes(TAG_RECONCILIATION)) {
    return skipAll('RECONCILIATION_ORDER_CLOSED', 'a closed order made by reconciliation is not replayed');
  }
  const claimed = claimOf(ctx.claims, report.instrumentId);
  if (cached === undefined && claimed === undefined && config.filterUnclaimedExternalOrders === true) {
    return skipAll('UNCLAIMED_EXTERNAL', 'no strategy claims this instrument (filterUnclaimedExternalOrders)');
  }

  // Only a snapshot asked for at a known time (start-up, manual, reconnect) can be overtaken: a single
  // runtime report below keel still fails (spec scenario 10).
  if (cached !== undefined && ctx.snapshotAskedNs !== undefined && report.filledQty.lt(cached.filledQty)) {
    const ahead = keelAheadOfSnapshot(cached, report, fills, ctx.snapshotAskedNs);
    if (ahead !== undefined) return skipAll(ORDER_DEFERRED, ahead);
  }

  const staged: StagedStep[] = [];
  const refused: string[] = [];
  let order: Order;
  try {
    if (cached !== undefined) {
      order = cloneOrder(cached);
    } else {
      const init = externalInit(report, clientOrderId, claimed ?? EXTERNAL_STRATEGY_ID, ctx);
      order = Order.create(init);
      staged.push({ kind: 'createOrder', init });
    }
    decide(order, report, fills, fillItems, staged, refused, env);
  } catch (err) {
    if (!(err instanceof OrderFailure) && !isEngineError(err)) throw err;
    builder.fail(itemIndex, err.message);
    for (const i of fillItems) {
      if (builder.item(i).outcome === 'SKIPPED') continue;
      builder.fail(i, `order ${clientOrderId} failed: ${err.message}`);
      builder.item(i).events.length = 0;
    }
    return;
  }
  builder.commit(itemIndex, staged);
  const it = builder.item(itemIndex);
  if (refused.length > 0) it.reason = `refused fill(s) past quantity ${order.quantity.toString()} (allowOverfills is false): ${refused.join(', ')}`;
  it.outcome = cached === undefined ? 'CREATED' : staged.length > 0 ? 'UPDATED' : 'MATCHED';
  if (cached === undefined) it.createdOrders.push(clientOrderId);
  for (const s of staged) {
    if (s.kind === 'applyEvent' && s.event.type === 'OrderFilled' && s.event.reconciliation === true) it.inferredFills.push(s.event.tradeId);
  }
}

function fillState(f: { lastQty: { toString(): string }; lastPx: { toString(): string }; commission: Money }): Record<string, string> {
  return { quantity: f.lastQty.toString(), price: f.lastPx.toString(), commission: f.commission.toString() };
}

/** An order found at the venue: its definition is the report's. */
function externalInit(r: OrderStatusReport, clientOrderId: string, strategyId: string, ctx: ReconciliationContext): OrderInitialized {
  return ev.orderInitialized({
    traderId: ctx.traderId,
    strategyId,
    instrumentId: r.instrumentId,
    clientOrderId,
    side: r.side,
    orderType: r.orderType,
    quantity: r.quantity,
    ...(r.price !== undefined ? { price: r.price } : {}),
    ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice } : {}),
    timeInForce: r.timeInForce,
    ...(r.expireTime !== undefined ? { expireTime: r.expireTime } : {}),
    postOnly: r.postOnly,
    reduceOnly: r.reduceOnly,
    // **choice**: every order found at the venue carries VENUE, claimed or not: the tag says where it came from.
    tags: [TAG_VENUE],
    ...(r.contingencyType !== undefined ? { contingencyType: r.contingencyType } : {}),
    ...(r.orderListId !== undefined ? { orderListId: r.orderListId } : {}),
    ...(r.linkedOrderIds !== undefined ? { linkedOrderIds: r.linkedOrderIds } : {}),
    ...(r.parentOrderId !== undefined ? { parentOrderId: r.parentOrderId } : {}),
    venueOrderId: r.venueOrderId,
    accountId: r.accountId,
    tsInit: ctx.nowNs,
    eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, 0, 'OrderInitialized'),
    reconciliation: true,
  });
}

const WORKING_REPORT_STATUSES = new Set(['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED']);

function decide(
  order: Order,
  r: OrderStatusReport,
  fills: readonly FillReport[],
  fillItems: readonly number[],
  staged: StagedStep[],
  refused: string[],
  env: OrderPlanEnv,
): void {
  const { ctx, config, builder } = env;
  const allowOverfills = config.allowOverfills === true;
  /** §1: refuse (record, do not apply) a fill that would take filled above quantity, unless allowed. */
  const overfills = (qty: Quantity): boolean => !allowOverfills && order.filledQty.add(qty).gt(order.quantity);
  // Refused venue fills still explain part of the venue's filled quantity: no inferred fill repeats them.
  let refusedQty = Quantity.zero(order.filledQty.precision);
  const refuse = (item: number, tradeId: string, qty: Quantity): void => {
    const would = order.filledQty.add(qty).toString();
    builder.skip(item, OVERFILL_REFUSED, `fill ${tradeId} of ${qty.toString()} would take filled to ${would} of quantity ${order.quantity.toString()}: refused (allowOverfills is false)`);
    refused.push(tradeId);
    refusedQty = refusedQty.add(qty);
  };
  const meta = (type: OrderEvent['type']) => ({
    eventId: syntheticId(RECON_EVENT_PREFIX, order.clientOrderId, order.eventCount, type),
    tsInit: ctx.nowNs,
    reconciliation: true,
    accountId: r.accountId,
  });
  const emit = (event: Exclude<OrderEvent, OrderInitialized>): void => {
    order.apply(event, { allowOverfills }); // throws (with the order's own code) when refused
    staged.push({ kind: 'applyEvent', event });
  };

  if (r.status === 'REJECTED') {
    if (order.status !== 'REJECTED') emit(ev.orderRejected(order, r.reason ?? 'UNKNOWN', r.tsLast, meta('OrderRejected')));
    return;
  }
  if (!WORKING_REPORT_STATUSES.has(r.status)) {
    throw new OrderFailure(`expected a venue order status, received ${r.status}`);
  }
  if (r.filledQty.lt(order.filledQty)) {
    throw new OrderFailure(`venue filled ${r.filledQty.toString()} is below keel's ${order.filledQty.toString()}: left unchanged`);
  }
  // External orders start INITIALIZED and local ones may still be SUBMITTED: they pass through ACCEPTED.
  // So does an order keel closed by a local resolution that the venue reports otherwise: the venue had
  // it all along (a restoration transition, allowed only while the close is local).
  if (order.status === 'INITIALIZED' || order.status === 'SUBMITTED' || (order.localClose !== undefined && order.status !== r.status)) {
    emit(ev.orderAccepted(order, r.venueOrderId, r.tsAccepted, meta('OrderAccepted')));
  }
  if (order.isOpen && termsDiffer(order, r)) {
    emit(
      ev.orderUpdated(
        order,
        { quantity: r.quantity, ...(r.price !== undefined ? { price: r.price } : {}), ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice } : {}) },
        r.tsLast,
        meta('OrderUpdated'),
      ),
    );
  }

  const instrument = ctx.instruments.find(r.instrumentId);
  const currency = instrument?.quoteCurrency ?? fills[0]?.commission.currency ?? 'USD';
  const sorted = fills.map((f, i) => ({ f, item: fillItems[i]! })).sort((a, b) => cmpFill(a.f, b.f));
  for (const { f, item } of sorted) {
    const had = order.fill(f.tradeId);
    if (had !== undefined) {
      if (!had.lastQty.eq(f.lastQty) || !had.lastPx.eq(f.lastPx)) {
        builder.item(item).reason = `trade id ${f.tradeId} already applied with other data: keel's fill kept`;
      }
      continue; // MATCHED
    }
    if (order.fills.some((x) => x.reconciliation === true && x.tsEvent >= f.tsEvent)) {
      builder.skip(item, 'INCLUDED_IN_INFERRED_FILL', 'older than an inferred fill already applied, which includes it');
      continue;
    }
    if (overfills(f.lastQty)) {
      refuse(item, f.tradeId, f.lastQty);
      continue;
    }
    const fill = ev.orderFilled(
      order,
      {
        tradeId: f.tradeId,
        lastQty: f.lastQty,
        lastPx: f.lastPx,
        commission: f.commission,
        currency,
        liquiditySide: f.liquiditySide,
        venueOrderId: r.venueOrderId,
        ...(f.venuePositionId !== undefined ? { positionId: f.venuePositionId } : {}),
      },
      f.tsEvent,
      // A venue fill is a fact, not an invention: unflagged, so only inferred fills carry `reconciliation`.
      { ...meta('OrderFilled'), reconciliation: false },
    );
    emit(fill);
    builder.item(item).outcome = 'UPDATED';
    builder.item(item).events.push({ type: 'OrderFilled', eventId: fill.eventId, clientOrderId: fill.clientOrderId, tradeId: fill.tradeId });
  }

  const venueFilled = r.filledQty.sub(refusedQty);
  if (venueFilled.gt(order.filledQty)) {
    const diff = venueFilled.sub(order.filledQty);
    const tradeId = syntheticId(INFERRED_TRADE_PREFIX, order.clientOrderId, r.venueOrderId, order.filledQty.toString(), r.filledQty.toString());
    if (overfills(diff)) {
      const item = builder.addItem({
        kind: 'fill',
        key: tradeId,
        instrumentId: r.instrumentId,
        venueOrderId: r.venueOrderId,
        clientOrderId: order.clientOrderId,
        had: null,
        venue: { quantity: diff.toString(), inferred: 'true' },
      });
      refuse(item, tradeId, diff);
    } else {
      const px = inferredFillPrice({
        ourFilled: order.filledQty,
        ourAvg: order.avgPx,
        venueFilled,
        venueAvg: r.avgPx,
        orderPrice: r.price ?? order.price,
        pricePrecision: instrument?.pricePrecision ?? r.avgPx?.precision ?? r.price?.precision ?? 0,
      });
      if (px === undefined) throw new OrderFailure(`no price for an inferred fill of ${diff.toString()}: the venue gave no average price and the order has none`);
      emit(
        ev.orderFilled(
          order,
          {
            tradeId,
            lastQty: diff,
            lastPx: px,
            currency,
            liquiditySide: inferredLiquidity(order.type, order.postOnly),
            venueOrderId: r.venueOrderId,
            ...(r.venuePositionId !== undefined ? { positionId: r.venuePositionId } : {}),
          },
          r.tsLast,
          meta('OrderFilled'),
        ),
      );
    }
  }

  switch (r.status) {
    case 'CANCELED':
      if (order.status !== 'CANCELED') emit(ev.orderCanceled(order, r.tsLast, meta('OrderCanceled')));
      return;
    case 'EXPIRED':
      if (order.status !== 'EXPIRED') emit(ev.orderExpired(order, r.tsLast, meta('OrderExpired')));
      return;
    case 'TRIGGERED':
      // Only orders that rest as a limit once triggered have a TRIGGERED state; other stops stay ACCEPTED.
      if (ORDER_TRAITS[order.type].restsAsLimitAfterTrigger && order.status === 'ACCEPTED') {
        emit(ev.orderTriggered(order, r.tsLast, meta('OrderTriggered')));
      }
      break;
    default:
      // ACCEPTED / PARTIALLY_FILLED / FILLED are reached by the steps above; pending states are left to
      // the in-flight check.
      break;
  }
  // What may be left: keel holds the order closed (the venue said so earlier) while the venue reports it
  // working. No event can move it; the row must not read MATCHED.
  const conflict = disagreement(order, r);
  if (conflict !== undefined) throw new OrderFailure(conflict);
}

/** Statuses in which the venue is still working an order. */
const WORKING_AT_VENUE = new Set(['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED']);

/** Why keel's order and the venue's report still disagree after the planned events, if they do. */
function disagreement(order: Order, r: OrderStatusReport): string | undefined {
  if (!WORKING_AT_VENUE.has(r.status) || !order.isClosed) return undefined;
  const how = order.localClose !== undefined ? 'by a local resolution' : "by the venue's own event";
  return `keel holds ${order.status} (closed ${how}), the venue reports ${r.status}: the two disagree and no event can move the order; left unchanged`;
}

function termsDiffer(o: Order, r: OrderStatusReport): boolean {
  if (!o.quantity.eq(r.quantity)) return true;
  if (r.price !== undefined && (o.price === undefined || !o.price.eq(r.price))) return true;
  if (r.triggerPrice !== undefined && (o.triggerPrice === undefined || !o.triggerPrice.eq(r.triggerPrice))) return true;
  return false;
}

function cmpFill(a: FillReport, b: FillReport): number {
  if (a.tsEvent !== b.tsEvent) return a.tsEvent < b.tsEvent ? -1 : 1;
  return a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0;
}
