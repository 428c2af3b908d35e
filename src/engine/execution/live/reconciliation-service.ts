import type { Clock } from '../../core/clock.js';
import { EngineError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ExecutionMassStatus } from '../../model/reports.js';
import type { ExecutionClient } from '../client.js';
import type { ReconciliationResult, ReconciliationTrigger } from '../reconciliation-result.js';
import { withClockTimeout } from './clock-timeout.js';
import { failedResult } from './reconciler.js';

/** How long reconciliation waits for the venue to answer a quote subscription (the snapshot comes before the answer). */
const QUOTE_SNAPSHOT_WAIT_MS = 2000;

/** One venue as reconciliation sees it: the client it asks, and the data client that answers quote subscriptions. */
export interface ReconciliationVenue {
  readonly venue: string;
  readonly exec: ExecutionClient;
  readonly data: { whenSubscribed?(): Promise<void> };
}

export interface ReconciliationServiceDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly venues: readonly ReconciliationVenue[];
  /** How long a start-up or manual run may take before it is given up as a failed result (`timeouts.reconciliationSecs`). */
  readonly timeoutMs: number;
  /** The apply path: plan and apply against these clients (all when omitted); the live engine's `reconcile`. */
  reconcile(trigger: ReconciliationTrigger, clients?: readonly ExecutionClient[]): Promise<ReconciliationResult>;
  /** Keep the node subscribed to an instrument's quotes (the cache then holds a fresh one); returns the unsubscribe. */
  subscribeQuotes(instrumentId: string): () => void;
  /** Whether a reconnect should reconcile now (the node is trading: RUNNING or DEGRADED). */
  trading(): boolean;
  /** Told every result (the node publishes it on the bus). */
  onResult(result: ReconciliationResult): void;
}

/**
 * When reconciliation runs, and what is kept of it: start-up and manual runs (bounded by the timeout; a
 * timeout or an error is a failed result that says why, never a rejection), a run per venue that reconnects
 * while trading, the last result, and the quote prefetch that prices alignment fills. How a run plans and
 * applies is the reconciler's (behind `reconcile`).
 */
export class ReconciliationService {
  private last: ReconciliationResult | undefined;
  /** The node's own quote subscriptions: instruments a venue holds positions in (kept fresh for reconciliation). */
  private readonly positionQuotes = new Map<string, () => void>();
  private reconnects = 0;

  constructor(private readonly d: ReconciliationServiceDeps) {}

  /** The latest result (start-up, manual, reconnect), or the one restored from the journal until a run replaces it. */
  get lastResult(): ReconciliationResult | undefined {
    return this.last;
  }

  /** Reconciliations run because a venue connection came back. */
  get reconnectRuns(): number {
    return this.reconnects;
  }

  /** The journal's last result, kept until the first run of this process. */
  restore(result: ReconciliationResult | undefined): void {
    this.last = result;
  }

  /** Reconcile every venue now, bounded by the timeout: always a result (a failure says why). */
  async run(trigger: ReconciliationTrigger): Promise<ReconciliationResult> {
    const { clock } = this.d;
    const started = clock.timestampNs();
    let result: ReconciliationResult;
    try {
      result = await withClockTimeout(clock, this.d.reconcile(trigger), this.d.timeoutMs, 'RECONCILIATION_TIMEOUT', 'reconciliation');
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError('RECONCILIATION_ERROR', String(error));
      result = failedResult(trigger, this.d.venues.map((v) => v.venue), started, Number((clock.timestampNs() - started) / 1_000_000n), e.code, e.message);
    }
    this.keep(result);
    return result;
  }

  /** A venue's connection changed: a reconnect while trading reconciles that venue (in the background). */
  onConnection(venue: string, state: string, info?: { reconnected?: boolean }): void {
    if (state !== 'CONNECTED' || info?.reconnected !== true || !this.d.trading()) return;
    this.reconnects += 1;
    const client = this.d.venues.find((v) => v.venue === venue)?.exec;
    void this.d.reconcile('RECONNECT', client ? [client] : undefined).then(
      (r) => this.keep(r),
      (e: unknown) => this.d.logger.error('reconnect reconciliation failed', { venue, error: String(e) }),
    );
  }

  /**
   * Before planning a venue's mass status: subscribe to the quotes of the instruments it holds positions in
   * (the venue answers with its latest quote first) and wait, bounded on the clock, for that answer, so the
   * planner prices alignment fills from a real quote. Never fails the reconciliation: without a quote the
   * planner falls back to its other prices.
   */
  async beforePlan(ms: ExecutionMassStatus): Promise<void> {
    const data = this.d.venues.find((v) => v.venue === ms.venue)?.data;
    let subscribed = false;
    for (const r of ms.positionReports) {
      if (r.signedQty.isZero() || this.positionQuotes.has(r.instrumentId)) continue;
      this.positionQuotes.set(r.instrumentId, this.d.subscribeQuotes(r.instrumentId));
      subscribed = true;
    }
    if (!subscribed || data?.whenSubscribed === undefined) return;
    await withClockTimeout(this.d.clock, data.whenSubscribed(), QUOTE_SNAPSHOT_WAIT_MS, 'QUOTE_SNAPSHOT_TIMEOUT', 'quote snapshots before reconciliation')
      .catch((e: unknown) => this.d.logger.warn('reconciliation: no quote snapshot in time; planning without it', { venue: ms.venue, error: String(e) }));
  }

  /** Instruments the service keeps quotes of (for reconciliation prices). */
  get quotedInstruments(): string[] {
    return [...this.positionQuotes.keys()];
  }

  /** Drop the service's quote subscriptions. */
  dispose(): void {
    for (const unsubscribe of this.positionQuotes.values()) unsubscribe();
    this.positionQuotes.clear();
  }

  private keep(result: ReconciliationResult): void {
    this.last = result;
    this.d.onResult(result);
  }
}
