import type { OrderFilled } from '../../model/events.js';
import type { Order } from '../../model/order.js';
import type { ExecutionMassStatus, PositionStatusReport } from '../../model/reports.js';
import type { ReconciliationCacheView, ReconciliationContext } from './types.js';

/**
 * Whether a position difference may be explained by what happened around the venue's snapshot
 * (issue 11, item 2). A mass status is the venue's state at one instant; keel goes on applying its
 * live stream while the snapshot travels and while it is planned. A difference is then not evidence of
 * a missing trade, and "fixing" it with a synthetic order books a trade the venue never made (undone
 * by the next run, or left in a strategy's PnL). So the position item is deferred (SKIPPED with rule
 * `POSITION_DEFERRED` and the reason) and the next reconciliation or position check looks again.
 *
 * Explanations, in the order they are looked for:
 * - venue events for the instrument that keel received and has not applied yet (queued, or a runtime
 *   follow-up in progress): keel is behind the stream;
 * - an order of the instrument in flight (SUBMITTED, PENDING_UPDATE, PENDING_CANCEL) that the snapshot
 *   does not report: its outcome may be on either side of the snapshot;
 * - a fill keel applied since it asked for the snapshot whose trade id the snapshot does not hold:
 *   keel is ahead of the snapshot;
 * - a venue fill (keel's, or one this plan applies from the snapshot's order reports; not an inferred one,
 *   which carries the order report's time) that happened at the
 *   venue after the position report's last change: the venue's order and position reports are out of
 *   step with each other (a position changes with every fill, so its report cannot include that one).
 */
export const POSITION_DEFERRED = 'POSITION_DEFERRED';

/** What a mass status holds, indexed once per run (not once per position report). */
export interface SnapshotIndex {
  readonly tradeIds: ReadonlySet<string>;
  /** Client and venue order ids of the snapshot's order and fill reports. */
  readonly orderIds: ReadonlySet<string>;
}

/** `resolved`: client order ids the plan itself moves on (e.g. an in-flight order the plan resolves). */
export function indexSnapshot(ms: Pick<ExecutionMassStatus, 'orderReports' | 'fillReports'>, resolved: Iterable<string> = []): SnapshotIndex {
  const tradeIds = new Set<string>();
  const orderIds = new Set<string>(resolved);
  for (const r of ms.orderReports) {
    orderIds.add(r.venueOrderId);
    if (r.clientOrderId !== undefined) orderIds.add(r.clientOrderId);
  }
  for (const f of ms.fillReports) {
    tradeIds.add(f.tradeId);
    orderIds.add(f.venueOrderId);
    if (f.clientOrderId !== undefined) orderIds.add(f.clientOrderId);
  }
  return { tradeIds, orderIds };
}

/** The reason to defer this position report's difference, or undefined when nothing explains it. */
export function positionDeferral(
  report: PositionStatusReport,
  snapshot: SnapshotIndex,
  view: ReconciliationCacheView,
  ctx: Pick<ReconciliationContext, 'snapshotAskedNs' | 'pendingInstruments'>,
  plannedFills: readonly OrderFilled[] = [],
): string | undefined {
  if (ctx.pendingInstruments?.has(report.instrumentId) === true) {
    return `venue events for ${report.instrumentId} are still queued in keel: the difference may be theirs`;
  }
  const orders = view.orders?.({ instrumentId: report.instrumentId }) ?? [];
  for (const o of orders) {
    if (!sameAccount(o, report)) continue;
    if (o.isInflight && !reported(o, snapshot)) {
      return `order ${o.clientOrderId} is in flight (${o.status}) and not in the venue's snapshot`;
    }
  }
  for (const f of plannedFills) {
    if (f.tsEvent > report.tsLast && f.reconciliation !== true) return outOfStep(f.tradeId, f.clientOrderId, report);
  }
  const asked = ctx.snapshotAskedNs;
  for (const o of orders) {
    if (!sameAccount(o, report)) continue;
    for (const f of o.fills) {
      if (asked !== undefined && f.tsInit >= asked && !snapshot.tradeIds.has(f.tradeId)) {
        return `fill ${f.tradeId} of ${o.clientOrderId} was applied after the venue's snapshot was asked for and is not in it`;
      }
      if (f.tsEvent > report.tsLast && f.reconciliation !== true) return outOfStep(f.tradeId, o.clientOrderId, report);
    }
  }
  return undefined;
}

function outOfStep(tradeId: string, clientOrderId: string, report: PositionStatusReport): string {
  return `fill ${tradeId} of ${clientOrderId} happened after the venue's position report was last changed (${report.tsLast}): its order and position reports are out of step`;
}

function sameAccount(o: Order, report: PositionStatusReport): boolean {
  return o.accountId === undefined || o.accountId === report.accountId;
}

function reported(o: Order, snapshot: SnapshotIndex): boolean {
  return snapshot.orderIds.has(o.clientOrderId) || (o.venueOrderId !== undefined && snapshot.orderIds.has(o.venueOrderId));
}
