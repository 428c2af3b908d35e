import type { Clock } from '../../../core/clock.js';
import { NANOS_PER_MS } from '../../../core/clock.js';
import type { OrderStatusReport } from '../../../model/reports.js';

/**
 * The open-order check (live-execution.md §4): compare keel's open orders with the venue's, every
 * `openCheckIntervalSecs`. Reports go through the runtime reconciliation rules. An order the venue does
 * not return for `openCheckMissingRetries` cycles is asked for by a targeted query first; only when that
 * finds nothing either is it resolved by its status: ACCEPTED/TRIGGERED → REJECTED
 * (`ORDER_NOT_FOUND_AT_VENUE`), PARTIALLY_FILLED → CANCELED (fills kept), pending states wait.
 * In open-only mode an order missing from the list may simply have closed, so it is never resolved.
 * Each cycle also looks, among the venue's reports, for orders keel holds as closed by a local
 * resolution, and applies those reports (the venue is the truth: the order is restored).
 */
export interface OpenOrderView {
  readonly clientOrderId: string;
  readonly venueOrderId?: string | undefined;
  readonly instrumentId: string;
  readonly status: string;
  readonly tsLast: bigint;
}

export interface OpenCheckConfig {
  readonly openCheckOpenOnly: boolean;
  readonly openCheckLookbackMins: number;
  readonly openCheckThresholdMs: number;
  readonly openCheckMissingRetries: number;
}

export interface OpenCheckHost {
  readonly clock: Pick<Clock, 'timestampNs'>;
  config(): OpenCheckConfig;
  openOrders(): readonly OpenOrderView[];
  fetchOrderReports(query: { openOnly: boolean; start?: bigint }): Promise<readonly OrderStatusReport[]>;
  fetchOrderReport(order: OpenOrderView): Promise<OrderStatusReport | null>;
  applyReport(report: OrderStatusReport): void;
  /**
   * keel's order for a venue report when keel holds it closed (issue 11 item 1), with whether a local
   * resolution closed it; undefined otherwise. Absent: such orders are not looked for.
   */
  closedOrder?(report: OrderStatusReport): (OpenOrderView & { readonly closedLocally: boolean }) | undefined;
  resolveMissing(clientOrderId: string, resolution: MissingResolution): void;
}

export type MissingResolution =
  | { readonly kind: 'REJECT'; readonly reason: 'ORDER_NOT_FOUND_AT_VENUE' }
  | { readonly kind: 'CANCEL' };

export const ORDER_NOT_FOUND_AT_VENUE = 'ORDER_NOT_FOUND_AT_VENUE';

const WORKING_AT_VENUE = new Set(['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED']);

export class OpenOrderCheck {
  private readonly missing = new Map<string, number>();
  targetedQueries = 0;
  resolvedCount = 0;
  /** Reports applied for orders keel held as closed by a local resolution. */
  restored = 0;
  /** Orders keel holds closed by the venue's word that the venue reports working (full-history mode). */
  closedButWorking = 0;
  /**
   * Cycles finished: the venue answered the list and every order was judged, targeted queries included.
   * Counted at the end, not when the list arrives: while a targeted query is still out the scheduler
   * skips the next tick (no overlap), so a cycle counted early would tell a caller the check is free
   * for the next tick when it is not.
   */
  cycles = 0;

  constructor(private readonly host: OpenCheckHost) {}

  missingCount(clientOrderId: string): number {
    return this.missing.get(clientOrderId) ?? 0;
  }

  async run(): Promise<void> {
    const { host } = this;
    const cfg = host.config();
    const startNs = host.clock.timestampNs();
    const lookbackNs = BigInt(cfg.openCheckLookbackMins) * 60_000n * NANOS_PER_MS;
    // Snapshot before asking, so orders created while the query is under way are not judged by it.
    const local = host.openOrders();
    const reports = await host.fetchOrderReports(cfg.openCheckOpenOnly ? { openOnly: true } : { openOnly: false, start: startNs - lookbackNs });
    try {
      await this.judge(local, reports, cfg);
    } finally {
      this.cycles += 1;
    }
  }

  private async judge(local: readonly OpenOrderView[], reports: readonly OrderStatusReport[], cfg: OpenCheckConfig): Promise<void> {
    const { host } = this;
    const byVenueId = new Map<string, OrderStatusReport>();
    const byClientId = new Map<string, OrderStatusReport>();
    for (const r of reports) {
      byVenueId.set(r.venueOrderId, r);
      if (r.clientOrderId !== undefined) byClientId.set(r.clientOrderId, r);
    }
    const now = host.clock.timestampNs();
    const thresholdNs = BigInt(cfg.openCheckThresholdMs) * NANOS_PER_MS;
    const seen = new Set<string>();
    for (const order of local) {
      const id = order.clientOrderId;
      seen.add(id);
      if (now - order.tsLast < thresholdNs) continue;
      const report = byClientId.get(id) ?? (order.venueOrderId !== undefined ? byVenueId.get(order.venueOrderId) : undefined);
      if (report !== undefined) {
        this.missing.delete(id);
        host.applyReport(report);
        continue;
      }
      const count = (this.missing.get(id) ?? 0) + 1;
      this.missing.set(id, count);
      if (count < cfg.openCheckMissingRetries) continue;
      await this.resolve(order, cfg.openCheckOpenOnly);
    }
    for (const id of [...this.missing.keys()]) if (!seen.has(id)) this.missing.delete(id);
    this.lookAtClosed(reports, seen, now, thresholdNs, cfg.openCheckOpenOnly);
  }

  /**
   * Orders the venue reports that keel holds as closed. Closed by keel's own inference (a local
   * resolution): the venue is the truth, the report goes through the runtime rules, which restore the
   * order (`restored`). Closed by the venue's word yet reported working (full-history mode): the report
   * goes through the same rules, which refuse to reopen it and log the disagreement (`closedButWorking`).
   * Orders with local activity newer than the threshold are skipped (the list may predate it).
   */
  private lookAtClosed(reports: readonly OrderStatusReport[], judged: ReadonlySet<string>, now: bigint, thresholdNs: bigint, openOnly: boolean): void {
    const { host } = this;
    if (host.closedOrder === undefined) return;
    for (const r of reports) {
      const order = host.closedOrder(r);
      if (order === undefined || judged.has(order.clientOrderId) || order.status === r.status) continue;
      if (now - order.tsLast < thresholdNs) continue;
      if (order.closedLocally) this.restored += 1;
      else if (!openOnly && WORKING_AT_VENUE.has(r.status)) this.closedButWorking += 1;
      else continue;
      host.applyReport(r);
    }
  }

  private async resolve(order: OpenOrderView, openOnly: boolean): Promise<void> {
    const { host } = this;
    this.targetedQueries += 1;
    const report = await host.fetchOrderReport(order);
    if (report !== null) {
      this.missing.delete(order.clientOrderId);
      host.applyReport(report);
      return;
    }
    if (openOnly) return;
    const resolution = resolutionFor(order.status);
    if (resolution === undefined) return;
    this.missing.delete(order.clientOrderId);
    this.resolvedCount += 1;
    host.resolveMissing(order.clientOrderId, resolution);
  }
}

/** What to do with an order the venue does not have, by its status; undefined: leave it (pending states wait). */
export function resolutionFor(status: string): MissingResolution | undefined {
  switch (status) {
    case 'ACCEPTED':
    case 'TRIGGERED':
      return { kind: 'REJECT', reason: ORDER_NOT_FOUND_AT_VENUE };
    case 'PARTIALLY_FILLED':
      return { kind: 'CANCEL' };
    default:
      return undefined;
  }
}
