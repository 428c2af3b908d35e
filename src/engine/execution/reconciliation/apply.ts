import type { Clock } from '../../core/clock.js';
import { Order } from '../../model/order.js';
import type { ReconciliationItem, ReconciliationResult } from '../reconciliation-result.js';
import { countItems } from './plan-builder.js';
import type { PlanTarget, ReconciliationPlan } from './types.js';

export interface ApplyPlanOptions {
  /** Measures `durationMs` from `plan.tsStarted`; without it the duration is 0. */
  readonly clock?: Pick<Clock, 'timestampNs'>;
}

/**
 * Carry out a plan, step by step, on `target` (the execution engine's direct path), and return the
 * run's `ReconciliationResult`. A step that throws FAILS its item; the remaining steps of that item's
 * order are not attempted (an order is never left half-reconciled on purpose); everything else goes on.
 */
export function applyPlan(plan: ReconciliationPlan, target: PlanTarget, options: ApplyPlanOptions = {}): ReconciliationResult {
  const failures = new Map<number, string>();
  const brokenOrders = new Set<string>();
  let applied = 0;
  for (const step of plan.steps) {
    if (failures.has(step.item) || brokenOrders.has(step.clientOrderId)) continue;
    try {
      if (step.kind === 'createOrder') target.addOrder(Order.create(step.init));
      else target.applyEvent(step.event);
      applied += 1;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.set(step.item, `applying ${step.kind === 'createOrder' ? 'OrderInitialized' : step.event.type} failed: ${message}`);
      brokenOrders.add(step.clientOrderId);
    }
  }
  const items: ReconciliationItem[] = plan.items.map((item, i) => {
    const reason = failures.get(i);
    return reason === undefined ? item : { ...item, outcome: 'FAILED', reason };
  });
  const counts = countItems(items, applied);
  const durationMs = options.clock === undefined ? 0 : Number((options.clock.timestampNs() - plan.tsStarted) / 1_000_000n);
  return {
    kind: 'ReconciliationResult',
    trigger: plan.trigger,
    venues: plan.venues,
    success: counts.failed === 0,
    tsStarted: plan.tsStarted,
    durationMs: Math.max(0, durationMs),
    counts,
    items,
  };
}

/** The result a plan would give if every step applied: what the user sees before anything is done. */
export function planResult(plan: ReconciliationPlan): ReconciliationResult {
  return {
    kind: 'ReconciliationResult',
    trigger: plan.trigger,
    venues: plan.venues,
    success: plan.success,
    tsStarted: plan.tsStarted,
    durationMs: 0,
    counts: plan.counts,
    items: plan.items,
  };
}
