import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../model/reports.js';
import { findOrder, planOrder } from './order-planner.js';
import type { OrderPlanEnv } from './order-planner.js';
import { PlanBuilder } from './plan-builder.js';
import { planPosition } from './position-planner.js';
import { indexSnapshot } from './position-deferral.js';
import type { SnapshotIndex } from './position-deferral.js';
import type { ReconciliationCacheView, ReconciliationConfig, ReconciliationContext, ReconciliationInput, ReconciliationPlan } from './types.js';

/**
 * Reconciliation as a pure decision (DESIGN house rule 3): a venue's mass status and a read-only view
 * of the cache → an ordered plan of steps plus the result the user inspects. No I/O, no clock: time
 * and ids come in (`nowNs`) or are derived from what they identify (`syntheticId`), so planning the
 * same state twice gives the same plan, and planning again after applying it gives nothing to do.
 *
 * Order (§4): drop duplicate reports; skip filtered ones; reconcile each order with its fills; then
 * positions (after the orders' fills, which the position comparison takes into account).
 */
export function planReconciliation(input: ReconciliationInput): ReconciliationPlan {
  const { massStatus: ms, config } = input;
  const builder = new PlanBuilder();
  const env: OrderPlanEnv = { ctx: input, view: input.view, config, venue: ms.venue, builder };
  const included = instrumentFilter(config);

  const orderReports = dedupeOrderReports(ms.orderReports, builder);
  const fillReports = dedupeFillReports(ms.fillReports, builder);
  const positionReports = dedupePositionReports(ms.positionReports, builder);

  const fillsByVenueOrder = new Map<string, FillReport[]>();
  for (const f of fillReports) {
    const list = fillsByVenueOrder.get(f.venueOrderId) ?? [];
    list.push(f);
    fillsByVenueOrder.set(f.venueOrderId, list);
  }

  for (const r of orderReports) {
    const fills = fillsByVenueOrder.get(r.venueOrderId) ?? [];
    fillsByVenueOrder.delete(r.venueOrderId);
    if (!included(r.instrumentId)) {
      skipNotIncluded(builder, 'order', r.clientOrderId ?? r.venueOrderId, r);
      for (const f of fills) skipNotIncluded(builder, 'fill', f.tradeId, f);
      continue;
    }
    planOrder(r, fills, env);
  }

  // Fill reports whose order the venue did not report: apply them to the order keel has, if any.
  for (const [venueOrderId, fills] of fillsByVenueOrder) {
    const first = fills[0]!;
    if (!included(first.instrumentId)) {
      for (const f of fills) skipNotIncluded(builder, 'fill', f.tradeId, f);
      continue;
    }
    const order = findOrder(input.view, first);
    if (order === undefined) {
      builder.unknownOrderFills.add(venueOrderId);
      for (const f of fills) {
        const i = builder.addItem({ kind: 'fill', key: f.tradeId, instrumentId: f.instrumentId, venueOrderId, had: null, venue: fillVenue(f) });
        builder.skip(i, 'ORDER_UNKNOWN', `no order report and no cached order for venue order ${venueOrderId}: query the venue for it`);
      }
      continue;
    }
    planOrder(reportFromOrder(order, venueOrderId, fills, ms.accountId), fills, env);
  }

  // Indexed only when a position report differs (a deferral check needs it): a matching run never pays
  // for sets of every trade and order id. The ids the plan resolves are those of the order steps so far.
  const orderSteps = builder.steps.length;
  let index: SnapshotIndex | undefined;
  const snapshot = (): SnapshotIndex => (index ??= indexSnapshot(ms, builder.steps.slice(0, orderSteps).map((st) => st.clientOrderId)));
  for (const p of positionReports) {
    if (!included(p.instrumentId)) {
      skipNotIncluded(builder, 'position', p.venuePositionId ?? p.instrumentId, p);
      continue;
    }
    if (config.filterPositionReports === true) {
      const i = builder.addItem({ kind: 'position', key: p.instrumentId, instrumentId: p.instrumentId, had: null, venue: positionVenue(p) });
      builder.skip(i, 'POSITION_REPORTS_FILTERED', 'filterPositionReports is true');
      continue;
    }
    planPosition(p, fillReports, env, snapshot);
  }
  return builder.build(input, [ms.venue], config.allowOverfills === true);
}

/**
 * One runtime order report (a query answer, a late venue message) through the same rules as start-up,
 * without positions: the in-flight and open-order checks use it.
 */
export function planOrderReport(
  report: OrderStatusReport,
  fills: readonly FillReport[],
  view: ReconciliationCacheView,
  config: ReconciliationConfig,
  ctx: ReconciliationContext & { readonly venue: string },
): ReconciliationPlan {
  const builder = new PlanBuilder();
  const mine = fills.filter((f) => f.venueOrderId === report.venueOrderId);
  planOrder(report, dedupeFillReports(mine, builder), { ctx, view, config, venue: ctx.venue, builder });
  return builder.build(ctx, [ctx.venue], config.allowOverfills === true);
}

function instrumentFilter(config: ReconciliationConfig): (instrumentId: string) => boolean {
  const ids = config.reconciliationInstrumentIds;
  // null and [] both mean "all instruments" (scenario 12).
  if (ids === undefined || ids === null || ids.length === 0) return () => true;
  const set = new Set(ids);
  return (id) => set.has(id);
}

function skipNotIncluded(
  builder: PlanBuilder,
  kind: 'order' | 'fill' | 'position',
  key: string,
  r: { instrumentId: string; venueOrderId?: string; venuePositionId?: string },
): void {
  const i = builder.addItem({
    kind,
    key,
    instrumentId: r.instrumentId,
    ...(r.venueOrderId !== undefined ? { venueOrderId: r.venueOrderId } : {}),
    ...(r.venuePositionId !== undefined ? { venuePositionId: r.venuePositionId } : {}),
    had: null,
    venue: {},
  });
  builder.skip(i, 'INSTRUMENT_NOT_INCLUDED', 'not in reconciliationInstrumentIds');
}

/**
 * Two reports for one venue order: keep the most advanced (latest `tsLast`, then the larger filled
 * quantity); the other is SKIPPED as a duplicate.
 */
function dedupeOrderReports(reports: readonly OrderStatusReport[], builder: PlanBuilder): OrderStatusReport[] {
  const kept = new Map<string, OrderStatusReport>();
  const dropped: OrderStatusReport[] = [];
  for (const r of reports) {
    const prev = kept.get(r.venueOrderId);
    if (prev === undefined) {
      kept.set(r.venueOrderId, r);
    } else if (r.tsLast > prev.tsLast || (r.tsLast === prev.tsLast && r.filledQty.gt(prev.filledQty))) {
      kept.set(r.venueOrderId, r);
      dropped.push(prev);
    } else {
      dropped.push(r);
    }
  }
  for (const r of dropped) {
    const i = builder.addItem({
      kind: 'order',
      key: r.clientOrderId ?? r.venueOrderId,
      instrumentId: r.instrumentId,
      venueOrderId: r.venueOrderId,
      had: null,
      venue: { status: r.status, filled: r.filledQty.toString(), reportId: r.reportId },
    });
    builder.skip(i, 'DUPLICATE_REPORT', `another report for venue order ${r.venueOrderId} is more recent`);
  }
  return [...kept.values()];
}

/** A trade reported twice (same venue order and trade id): the first is kept. */
function dedupeFillReports(reports: readonly FillReport[], builder: PlanBuilder): FillReport[] {
  const seen = new Set<string>();
  const kept: FillReport[] = [];
  for (const f of reports) {
    const key = `${f.venueOrderId}\u001f${f.tradeId}`;
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(f);
      continue;
    }
    const i = builder.addItem({ kind: 'fill', key: f.tradeId, instrumentId: f.instrumentId, venueOrderId: f.venueOrderId, had: null, venue: fillVenue(f) });
    builder.skip(i, 'DUPLICATE_REPORT', `trade ${f.tradeId} reported more than once`);
  }
  return kept;
}

/** One report per (account, instrument, venue position id): the latest is kept. */
function dedupePositionReports(reports: readonly PositionStatusReport[], builder: PlanBuilder): PositionStatusReport[] {
  const kept = new Map<string, PositionStatusReport>();
  const dropped: PositionStatusReport[] = [];
  for (const p of reports) {
    const key = `${p.accountId}\u001f${p.instrumentId}\u001f${p.venuePositionId ?? ''}`;
    const prev = kept.get(key);
    if (prev === undefined) kept.set(key, p);
    else if (p.tsLast > prev.tsLast) {
      kept.set(key, p);
      dropped.push(prev);
    } else dropped.push(p);
  }
  for (const p of dropped) {
    const i = builder.addItem({ kind: 'position', key: p.instrumentId, instrumentId: p.instrumentId, had: null, venue: positionVenue(p) });
    builder.skip(i, 'DUPLICATE_REPORT', 'a more recent report for this position exists');
  }
  return [...kept.values()];
}

function fillVenue(f: FillReport): Record<string, string> {
  return { quantity: f.lastQty.toString(), price: f.lastPx.toString() };
}

function positionVenue(p: PositionStatusReport): Record<string, string> {
  return { side: p.side, quantity: p.quantity.toString(), ...(p.avgPxOpen !== undefined ? { avgPx: p.avgPxOpen.toString() } : {}) };
}

/**
 * Fills arrived for an order keel has, with no order report: the order's own state, plus the fills,
 * stands in for the report (filled = what the fills add up to, so no inferred fill is made).
 */
function reportFromOrder(
  order: NonNullable<ReturnType<typeof findOrder>>,
  venueOrderId: string,
  fills: readonly FillReport[],
  accountId: string,
): OrderStatusReport {
  let filled = order.filledQty;
  for (const f of fills) if (!order.hasTradeId(f.tradeId)) filled = filled.add(f.lastQty);
  const status = filled.gte(order.quantity) ? 'FILLED' : filled.isPositive() ? 'PARTIALLY_FILLED' : order.status;
  return {
    reportId: `fills:${venueOrderId}`,
    accountId: order.accountId ?? accountId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    venueOrderId,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    // A closed order keeps its status unless keel closed it by inference: then the venue's fills say it works.
    status: order.isClosed && status !== 'FILLED' && order.localClose === undefined ? order.status : status,
    quantity: order.quantity,
    filledQty: filled,
    ...(order.price !== undefined ? { price: order.price } : {}),
    ...(order.triggerPrice !== undefined ? { triggerPrice: order.triggerPrice } : {}),
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    tsAccepted: order.tsLast,
    tsLast: order.tsLast,
    tsInit: order.tsInit,
  };
}
