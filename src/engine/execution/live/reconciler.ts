import type { Clock } from '../../core/clock.js';
import { NANOS_PER_MS } from '../../core/clock.js';
import { EngineError, isEngineError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport } from '../../model/reports.js';
import type { Order } from '../../model/order.js';
import type { ExecutionClient } from '../client.js';
import { applyPlan, OVERFILL_REFUSED, planOrderReport, planReconciliation } from '../reconciliation/index.js';
import type { InstrumentLookup, PlanTarget, ReconciliationCacheView, ReconciliationConfig } from '../reconciliation/index.js';
import type { ReconciliationCounts, ReconciliationItem, ReconciliationResult, ReconciliationTrigger } from '../reconciliation-result.js';
import { resolveInflightAtStartup } from './startup-inflight.js';

/**
 * Runs reconciliation against venues: ask each client for its mass status, plan with the pure planner
 * (`planReconciliation`), apply the plan on the engine's direct path, then chase fills of orders nobody
 * knew (query that order's status, then apply the fills: never dropped). One result for all venues.
 */
export interface ReconcilerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly traderId: string;
  readonly view: ReconciliationCacheView;
  readonly instruments: InstrumentLookup;
  readonly target: PlanTarget;
  claims(): ReadonlyMap<string, string>;
  config(): ReconciliationConfig & { readonly reconciliationLookbackMins?: number | null; readonly inflightCheckIntervalMs?: number };
  /**
   * Called with each venue's mass status before it is planned: the node fetches the latest quotes of the
   * instruments the venue holds positions in, so the planner's price hierarchy can use them.
   */
  beforePlan?(massStatus: ExecutionMassStatus): Promise<void>;
  /** keel's in-flight orders of a venue: start-up resolves each against the venue (issue 11 item 7). Absent: not done. */
  inflightOrders?(venue: string): readonly Order[];
  /** Instruments with venue events received and not yet applied (the live engine's event queue). */
  pendingInstruments?(): ReadonlySet<string>;
  /** The account of a mass status against keel's (restored or latest) state: a row per currency that differs; the venue's is taken. */
  reconcileAccount?(massStatus: ExecutionMassStatus, trigger: ReconciliationTrigger): readonly ReconciliationItem[];
}

export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  /** Reconcile every client; a failed venue query fails the run (result.success false, result.error set). */
  async run(clients: readonly ExecutionClient[], trigger: ReconciliationTrigger): Promise<ReconciliationResult> {
    const started = this.deps.clock.timestampNs();
    const results: ReconciliationResult[] = [];
    for (const client of clients) {
      let ms: ExecutionMassStatus;
      // Fills keel applies from now on may be missing from the snapshot: the position rules defer on them.
      const askedNs = this.deps.clock.timestampNs();
      try {
        ms = await client.generateMassStatus(this.deps.config().reconciliationLookbackMins ?? null);
        await this.deps.beforePlan?.(ms);
      } catch (error) {
        const e = isEngineError(error) ? error : new EngineError('VENUE_QUERY_FAILED', String(error));
        this.deps.logger.error('reconciliation: venue mass status failed', { venue: client.venue, code: e.code, error: e.message });
        results.push(failedResult(trigger, [client.venue], started, this.elapsedMs(started), e.code, `${client.venue}: ${e.message}`));
        continue;
      }
      results.push(await this.reconcileMassStatus(client, ms, trigger, askedNs));
      const accountRows = ms.account !== undefined ? this.deps.reconcileAccount?.(ms, trigger) : undefined;
      if (accountRows !== undefined && accountRows.length > 0) results.push(accountResult(trigger, client.venue, started, accountRows));
      if (trigger === 'STARTUP') results.push(...(await this.resolveInflight(client, ms, trigger)));
    }
    const merged = mergeResults(trigger, clients.map((c) => c.venue), started, results);
    return { ...merged, durationMs: this.elapsedMs(started) };
  }

  /** Plan and apply one venue's mass status (also the benchmark's entry point). */
  async reconcileMassStatus(
    client: Pick<ExecutionClient, 'venue' | 'generateOrderStatusReport'>,
    ms: ExecutionMassStatus,
    trigger: ReconciliationTrigger,
    askedNs?: bigint,
  ): Promise<ReconciliationResult> {
    const { deps } = this;
    const pending = deps.pendingInstruments?.();
    const plan = planReconciliation({
      traderId: deps.traderId, instruments: deps.instruments, claims: deps.claims(), nowNs: deps.clock.timestampNs(), trigger,
      massStatus: ms, view: deps.view, config: deps.config(), ...(askedNs !== undefined ? { snapshotAskedNs: askedNs } : {}),
      ...(pending !== undefined && pending.size > 0 ? { pendingInstruments: pending } : {}),
    });
    const results = [this.logRefused(applyPlan(plan, deps.target, { clock: deps.clock }))];
    const unknownFills = fillsOf(ms.fillReports, plan.unknownOrderFills);
    for (const venueOrderId of plan.unknownOrderFills) {
      const r = await this.chaseUnknownOrder(client, venueOrderId, unknownFills.get(venueOrderId) ?? [], trigger);
      if (r !== undefined) results.push(r);
    }
    return results.length === 1 ? results[0]! : mergeResults(trigger, [ms.venue], plan.tsStarted, results);
  }

  /**
   * Start-up only: orders restored in flight that the mass status left in flight (sent just before a
   * crash, or never sent) are resolved against the venue. Not on later runs: orders in flight then are
   * live ones whose answers may still be on their way (the in-flight check's business).
   */
  private resolveInflight(client: ExecutionClient, ms: ExecutionMassStatus, trigger: ReconciliationTrigger): Promise<ReconciliationResult[]> {
    const { deps } = this;
    if (deps.inflightOrders === undefined) return Promise.resolve([]);
    const inflightOrders = deps.inflightOrders;
    return resolveInflightAtStartup(
      {
        clock: deps.clock, logger: deps.logger, target: deps.target, inflightOrders, inflightCheckOn: () => (deps.config().inflightCheckIntervalMs ?? 0) > 0,
        applyReport: (venue, report, fills, t) => this.applyReport(venue, report, fills, t),
      },
      client, ms, trigger,
    );
  }

  /** One runtime order report (query answer, late message) through the start-up rules. */
  applyReport(venue: string, report: OrderStatusReport, fills: readonly FillReport[], trigger: ReconciliationTrigger = 'RUNTIME'): ReconciliationResult {
    const { deps } = this;
    const plan = planOrderReport(report, fills, deps.view, deps.config(), {
      traderId: deps.traderId, instruments: deps.instruments, claims: deps.claims(), nowNs: deps.clock.timestampNs(), trigger, venue,
    });
    return this.logRefused(applyPlan(plan, deps.target, { clock: deps.clock }));
  }

  /** §1: a refused overfill is logged, not silent (the run itself stays successful). */
  private logRefused(result: ReconciliationResult): ReconciliationResult {
    for (const i of result.items) {
      if (i.rule !== OVERFILL_REFUSED) continue;
      this.deps.logger.warn('reconciliation: fill refused, it would overfill the order', { clientOrderId: i.clientOrderId, tradeId: i.key, reason: i.reason });
    }
    return result;
  }

  /** A fill for a venue order keel does not know: ask the venue for that order, then apply the fill with it. */
  async chaseUnknownOrder(
    client: Pick<ExecutionClient, 'venue' | 'generateOrderStatusReport'>,
    venueOrderId: string,
    fills: readonly FillReport[],
    trigger: ReconciliationTrigger,
  ): Promise<ReconciliationResult | undefined> {
    let report: OrderStatusReport | null;
    try {
      report = await client.generateOrderStatusReport({ venueOrderId });
    } catch (error) {
      this.deps.logger.warn('reconciliation: status query for an unknown order failed', { venueOrderId, error: String(error) });
      return undefined;
    }
    if (report === null) {
      this.deps.logger.warn('reconciliation: fills for a venue order the venue does not report', { venueOrderId, fills: fills.length });
      return undefined;
    }
    return this.applyReport(client.venue, report, fills, trigger);
  }

  private elapsedMs(started: bigint): number {
    return Math.max(0, Number((this.deps.clock.timestampNs() - started) / NANOS_PER_MS));
  }
}

export function emptyCounts(): ReconciliationCounts {
  return { orders: 0, fills: 0, positions: 0, matched: 0, updated: 0, created: 0, skipped: 0, failed: 0, eventsApplied: 0, inferredFills: 0, syntheticOrders: 0, externalDropped: 0 };
}

export function failedResult(trigger: ReconciliationTrigger, venues: readonly string[], tsStarted: bigint, durationMs: number, code: string, message: string): ReconciliationResult {
  return { kind: 'ReconciliationResult', trigger, venues, success: false, error: { code, message }, tsStarted, durationMs, counts: emptyCounts(), items: [] };
}

/** Account rows as a result of their own (merged with the venue's): each is an UPDATED item. */
function accountResult(trigger: ReconciliationTrigger, venue: string, tsStarted: bigint, items: readonly ReconciliationItem[]): ReconciliationResult {
  return { kind: 'ReconciliationResult', trigger, venues: [venue], success: true, tsStarted, durationMs: 0, counts: { ...emptyCounts(), updated: items.filter((i) => i.outcome === 'UPDATED').length }, items };
}

/** One result for several runs (venues, or a run plus its follow-up queries). */
export function mergeResults(trigger: ReconciliationTrigger, venues: readonly string[], tsStarted: bigint, results: readonly ReconciliationResult[]): ReconciliationResult {
  const counts = emptyCounts() as { -readonly [K in keyof ReconciliationCounts]: number };
  const items: ReconciliationItem[] = [];
  let error: ReconciliationResult['error'];
  let durationMs = 0;
  for (const r of results) {
    for (const k of Object.keys(counts) as Array<keyof ReconciliationCounts>) counts[k] += r.counts[k];
    for (const i of r.items) items.push(i); // not push(...): a big history has more items than the stack has room for arguments
    error ??= r.error;
    durationMs += r.durationMs;
  }
  return {
    kind: 'ReconciliationResult', trigger, venues: [...new Set(venues)], success: results.every((r) => r.success), ...(error ? { error } : {}),
    tsStarted, durationMs, counts, items,
  };
}

/** The fill reports of each of `venueOrderIds`, in report order: one pass, not a filter of every fill per order. */
function fillsOf(fills: readonly FillReport[], venueOrderIds: readonly string[]): Map<string, FillReport[]> {
  const out = new Map<string, FillReport[]>();
  if (venueOrderIds.length === 0) return out;
  for (const id of venueOrderIds) out.set(id, []);
  for (const f of fills) out.get(f.venueOrderId)?.push(f);
  return out;
}

/** A mass status holding only fills (runtime fills go through the same planner path as start-up). */
export function massOfFills(venue: string, accountId: string, fills: readonly FillReport[], tsInit: bigint): ExecutionMassStatus {
  return { clientId: venue, venue, accountId, orderReports: [], fillReports: fills, positionReports: [], tsInit };
}
