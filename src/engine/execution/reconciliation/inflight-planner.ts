import type { OrderEvent, OrderInitialized } from '../../model/events.js';
import * as ev from '../../model/event-factory.js';
import { syntheticId } from '../../model/identifiers.js';
import { LOCAL_RESOLUTION_TEXT } from '../../model/local-resolution.js';
import type { Order } from '../../model/order.js';
import type { OrderStatusReport } from '../../model/reports.js';
import type { ReconciliationTrigger } from '../reconciliation-result.js';
import { RECON_EVENT_PREFIX } from './order-planner.js';
import { PlanBuilder, type StagedStep } from './plan-builder.js';
import type { ReconciliationPlan } from './types.js';

/**
 * Start-up resolution of orders restored in flight (SUBMITTED, PENDING_UPDATE, PENDING_CANCEL) that the
 * mass status and its reports left in flight (issue 11 item 7): a node killed between journaling a
 * command and sending it restarts with orders no venue answer will ever move, and with the in-flight
 * check off nothing else would. Pure: the venue's answer for each order comes in, the plan goes out.
 *
 * - the venue answered "unknown order": SUBMITTED → REJECTED `ORDER_NOT_FOUND_AT_VENUE`, PENDING_* →
 *   CANCELED, both local resolutions (a later venue report restores them);
 * - the venue reports the order still working while keel holds a cancel or modify pending: that command
 *   never reached it (or was lost), so the pending state rolls back (OrderCancelRejected /
 *   OrderModifyRejected, reason `NOT_RECEIVED_BY_VENUE`);
 * - the venue did not answer: the item FAILS (a failed venue query fails start-up reconciliation, §4).
 * With the in-flight check on (`checkOwnsUnresolved`), "unknown" and "no answer" are left to it: it
 * asks again and resolves after its retries, saying on which basis (a restored order is then treated
 * like any other in flight); the rollbacks above are done either way (the check never does them).
 */
export type InflightAnswer =
  | { readonly kind: 'report'; readonly report: OrderStatusReport }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'no-answer'; readonly error: string };

export const ORDER_NOT_FOUND_AT_VENUE = 'ORDER_NOT_FOUND_AT_VENUE';
export const NOT_RECEIVED_BY_VENUE = 'NOT_RECEIVED_BY_VENUE';

const WORKING = new Set(['ACCEPTED', 'TRIGGERED', 'PARTIALLY_FILLED']);

export function planInflightResolution(
  orders: readonly Order[],
  answers: ReadonlyMap<string, InflightAnswer>,
  ctx: { readonly venue: string; readonly nowNs: bigint; readonly trigger: ReconciliationTrigger; readonly checkOwnsUnresolved?: boolean },
): ReconciliationPlan {
  const builder = new PlanBuilder();
  for (const order of orders) {
    const answer = answers.get(order.clientOrderId);
    if (answer === undefined || !order.isInflight) continue;
    if (ctx.checkOwnsUnresolved === true && answer.kind !== 'report') continue;
    const meta = (type: OrderEvent['type']) => ({
      eventId: syntheticId(RECON_EVENT_PREFIX, order.clientOrderId, order.eventCount, type), tsInit: ctx.nowNs, reconciliation: true,
    });
    const venueState: Record<string, string> = answer.kind === 'report' ? { status: answer.report.status, filled: answer.report.filledQty.toString() } : { status: answer.kind === 'unknown' ? 'UNKNOWN' : 'NO_ANSWER' };
    const addItem = (): number => builder.addItem({
      kind: 'order', key: order.clientOrderId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
      ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
      had: { status: order.status, quantity: order.quantity.toString(), filled: order.filledQty.toString() }, venue: venueState,
    });
    const update = (event: Exclude<OrderEvent, OrderInitialized>, reason: string): void => {
      const i = addItem();
      const staged: StagedStep[] = [{ kind: 'applyEvent', event }];
      builder.commit(i, staged);
      builder.item(i).outcome = 'UPDATED';
      builder.item(i).reason = reason;
    };
    switch (answer.kind) {
      case 'no-answer':
        builder.fail(addItem(), `restored ${order.status}; the venue did not answer the status query (${answer.error}): left in flight`);
        break;
      case 'unknown': {
        const submitted = order.status === 'SUBMITTED';
        const close = submitted ? ev.orderRejected(order, ORDER_NOT_FOUND_AT_VENUE, ctx.nowNs, meta('OrderRejected')) : ev.orderCanceled(order, ctx.nowNs, meta('OrderCanceled'));
        update({ ...close, local: 'VENUE_UNKNOWN_ORDER' },
          `restored ${order.status}, ${LOCAL_RESOLUTION_TEXT.VENUE_UNKNOWN_ORDER} (never sent before the restart?): resolved locally as ${submitted ? `REJECTED ${ORDER_NOT_FOUND_AT_VENUE}` : 'CANCELED'}`);
        break;
      }
      case 'report': {
        if (!WORKING.has(answer.report.status)) break;
        const reason = `${NOT_RECEIVED_BY_VENUE}: journaled before the restart, the venue still works the order (${answer.report.status})`;
        if (order.status === 'PENDING_CANCEL') update(ev.orderCancelRejected(order, reason, ctx.nowNs, meta('OrderCancelRejected')), reason);
        else if (order.status === 'PENDING_UPDATE') update(ev.orderModifyRejected(order, reason, ctx.nowNs, meta('OrderModifyRejected')), reason);
        break;
      }
    }
  }
  return builder.build(ctx, [ctx.venue], false);
}
