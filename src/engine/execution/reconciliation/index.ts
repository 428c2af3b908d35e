/** Reconciliation (live-execution.md §4): decide purely (`planReconciliation`, `planOrderReport`), then act (`applyPlan`). */
export { planReconciliation, planOrderReport } from './plan.js';
export { applyPlan, planResult } from './apply.js';
export type { ApplyPlanOptions } from './apply.js';
export { reconciliationPrice, inferredFillPrice, inferredLiquidity } from './prices.js';
export { RECON_EVENT_PREFIX, INFERRED_TRADE_PREFIX, OVERFILL_REFUSED } from './order-planner.js';
export { POSITION_DEFERRED } from './position-deferral.js';
export { SYNTHETIC_ORDER_PREFIX, SYNTHETIC_VENUE_ORDER_PREFIX, SYNTHETIC_TRADE_PREFIX } from './position-planner.js';
export type {
  ReconciliationCacheView,
  ReconciliationConfig,
  InstrumentLookup,
  ReconciliationContext,
  ReconciliationInput,
  PlanStep,
  ReconciliationPlan,
  PlanTarget,
} from './types.js';
