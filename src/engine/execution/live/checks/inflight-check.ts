import type { Clock } from '../../../core/clock.js';
import { NANOS_PER_MS } from '../../../core/clock.js';
import type { LocalResolution } from '../../../model/local-resolution.js';

/**
 * The in-flight check (live-execution.md §4): an order waiting for the venue's answer (SUBMITTED,
 * PENDING_UPDATE, PENDING_CANCEL) for longer than the threshold is queried, at most once per threshold.
 * A status report for it clears its retry count (`onReport`). After `inflightCheckRetries` unanswered
 * queries the order is resolved locally: SUBMITTED → REJECTED (`INFLIGHT_TIMEOUT`), pending → CANCELED.
 * Never while the event queue still holds events for the order (its answer may be sitting there).
 * The resolution is local (an inference the venue may later undo) and says on what basis: the venue
 * answered the last query with "unknown order" (`onUnknownAnswer`), or it did not answer at all.
 */
export interface InflightOrderView {
  readonly clientOrderId: string;
  readonly status: string;
  readonly lastEvent: { readonly tsEvent: bigint };
}

export interface InflightCheckConfig {
  readonly inflightCheckThresholdMs: number;
  readonly inflightCheckRetries: number;
}

export interface InflightCheckHost {
  readonly clock: Pick<Clock, 'timestampNs'>;
  config(): InflightCheckConfig;
  inflightOrders(): readonly InflightOrderView[];
  hasQueuedEvents(clientOrderId: string): boolean;
  query(clientOrderId: string): void;
  resolve(clientOrderId: string, resolution: InflightResolution): void;
}

export type InflightResolution =
  | { readonly kind: 'REJECT'; readonly reason: 'INFLIGHT_TIMEOUT'; readonly basis: LocalResolution }
  | { readonly kind: 'CANCEL'; readonly basis: LocalResolution };

export const INFLIGHT_TIMEOUT = 'INFLIGHT_TIMEOUT';

export class InflightCheck {
  private readonly retries = new Map<string, number>();
  private readonly lastQueryNs = new Map<string, bigint>();
  /** Orders whose latest query the venue answered with "unknown order" (not a report, so retries go on). */
  private readonly unknownAnswers = new Set<string>();
  /** Status queries sent since creation (tests assert on it: scenario 18). */
  queryCount = 0;
  resolvedCount = 0;

  constructor(private readonly host: InflightCheckHost) {}

  retryCount(clientOrderId: string): number {
    return this.retries.get(clientOrderId) ?? 0;
  }

  /** A status report for the order arrived: it is answered, start again from zero. */
  onReport(clientOrderId: string): void {
    this.retries.delete(clientOrderId);
    this.lastQueryNs.delete(clientOrderId);
    this.unknownAnswers.delete(clientOrderId);
  }

  /** The venue answered a query for the order: it does not know it. Retries go on (a submit may still be on its way). */
  onUnknownAnswer(clientOrderId: string): void {
    if (this.retries.has(clientOrderId)) this.unknownAnswers.add(clientOrderId);
  }

  /** One tick of the check. */
  run(): void {
    const { host } = this;
    const now = host.clock.timestampNs();
    const cfg = host.config();
    const thresholdNs = BigInt(cfg.inflightCheckThresholdMs) * NANOS_PER_MS;
    const live = new Set<string>();
    for (const order of host.inflightOrders()) {
      const id = order.clientOrderId;
      live.add(id);
      if (host.hasQueuedEvents(id)) continue;
      if (now <= order.lastEvent.tsEvent + thresholdNs) continue;
      const last = this.lastQueryNs.get(id);
      if (last !== undefined && now <= last + thresholdNs) continue;
      const count = this.retries.get(id) ?? 0;
      if (count >= cfg.inflightCheckRetries) {
        const basis: LocalResolution = this.unknownAnswers.has(id) ? 'VENUE_UNKNOWN_ORDER' : 'VENUE_NO_ANSWER';
        this.onReport(id);
        this.resolvedCount += 1;
        host.resolve(id, order.status === 'SUBMITTED' ? { kind: 'REJECT', reason: INFLIGHT_TIMEOUT, basis } : { kind: 'CANCEL', basis });
        continue;
      }
      this.retries.set(id, count + 1);
      this.lastQueryNs.set(id, now);
      this.unknownAnswers.delete(id); // the basis is what the venue says to this (latest) query
      this.queryCount += 1;
      host.query(id);
    }
    // Orders no longer in flight (answered by a live event): forget them.
    for (const id of [...this.retries.keys()]) if (!live.has(id)) this.onReport(id);
  }
}
