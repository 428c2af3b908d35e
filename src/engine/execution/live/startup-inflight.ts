import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Order } from '../../model/order.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport } from '../../model/reports.js';
import type { ExecutionClient } from '../client.js';
import { applyPlan } from '../reconciliation/apply.js';
import { planInflightResolution, type InflightAnswer } from '../reconciliation/inflight-planner.js';
import type { PlanTarget } from '../reconciliation/types.js';
import type { ReconciliationResult, ReconciliationTrigger } from '../reconciliation-result.js';
import { warnResolvedLocally } from './local-close.js';

export interface StartupInflightDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly target: PlanTarget;
  /** keel's in-flight orders of the venue, as they are now (after the mass status was applied). */
  inflightOrders(venue: string): readonly Order[];
  /** True when the in-flight check is on: it, not start-up, resolves orders the venue does not know or does not answer for. */
  inflightCheckOn(): boolean;
  /** One order report through the runtime rules (the reconciler's `applyReport`). */
  applyReport(venue: string, report: OrderStatusReport, fills: readonly FillReport[], trigger: ReconciliationTrigger): ReconciliationResult;
}

type Client = Pick<ExecutionClient, 'venue' | 'generateOrderStatusReport' | 'generateFillReports'>;

/**
 * After start-up's mass status: every order still in flight is resolved against the venue (issue 11
 * item 7). The venue's report from the mass status is used when there is one, else the order is asked
 * for; a report found that way goes through the runtime rules first (fills fetched when the venue has
 * more). Then `planInflightResolution` decides what the answers leave to do, and the plan is applied.
 */
export async function resolveInflightAtStartup(deps: StartupInflightDeps, client: Client, ms: ExecutionMassStatus, trigger: ReconciliationTrigger): Promise<ReconciliationResult[]> {
  const venue = client.venue;
  const inflight = deps.inflightOrders(venue);
  if (inflight.length === 0) return [];
  const results: ReconciliationResult[] = [];
  const answers = new Map<string, InflightAnswer>();
  const byClientId = new Map<string, OrderStatusReport>();
  const byVenueId = new Map<string, OrderStatusReport>();
  for (const r of ms.orderReports) {
    if (r.clientOrderId !== undefined) byClientId.set(r.clientOrderId, r);
    byVenueId.set(r.venueOrderId, r);
  }
  for (const order of inflight) {
    const known = byClientId.get(order.clientOrderId) ?? (order.venueOrderId !== undefined ? byVenueId.get(order.venueOrderId) : undefined);
    if (known !== undefined) {
      answers.set(order.clientOrderId, { kind: 'report', report: known });
      continue;
    }
    try {
      const report = await client.generateOrderStatusReport({
        instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
      });
      if (report === null) {
        answers.set(order.clientOrderId, { kind: 'unknown' });
        continue;
      }
      const fills = report.filledQty.gt(order.filledQty) ? await client.generateFillReports({ venueOrderId: report.venueOrderId }) : [];
      results.push(deps.applyReport(venue, report, fills, trigger));
      answers.set(order.clientOrderId, { kind: 'report', report });
    } catch (error) {
      answers.set(order.clientOrderId, { kind: 'no-answer', error: error instanceof Error ? error.message : String(error) });
    }
  }
  const plan = planInflightResolution(inflight, answers, { venue, nowNs: deps.clock.timestampNs(), trigger, checkOwnsUnresolved: deps.inflightCheckOn() });
  const result = applyPlan(plan, deps.target, { clock: deps.clock });
  for (const step of plan.steps) {
    if (step.kind !== 'applyEvent') continue;
    const e = step.event;
    if ((e.type === 'OrderRejected' || e.type === 'OrderCanceled') && e.local !== undefined) {
      warnResolvedLocally(deps.logger, e, e.type === 'OrderRejected' ? 'REJECT' : 'CANCEL', e.type === 'OrderRejected' ? e.reason : '', e.local);
    } else if (e.type === 'OrderCancelRejected' || e.type === 'OrderModifyRejected') {
      deps.logger.warn(`order ${e.clientOrderId}: the ${e.type === 'OrderCancelRejected' ? 'cancel' : 'modify'} journaled before the restart never reached the venue; the order is working`, {
        clientOrderId: e.clientOrderId, reason: e.reason,
      });
    }
  }
  for (const i of result.items) {
    if (i.outcome === 'FAILED') deps.logger.error('start-up reconciliation: an in-flight order could not be resolved', { clientOrderId: i.clientOrderId, reason: i.reason });
  }
  results.push(result);
  return results;
}
