import type { Clock } from '../../../core/clock.js';
import { NANOS_PER_MS } from '../../../core/clock.js';
import { Decimal } from '../../../core/decimal.js';
import type { Logger } from '../../../core/logger.js';
import type { FillReport, PositionStatusReport } from '../../../model/reports.js';

/**
 * The position check (live-execution.md §4): compare keel's net position per (instrument, account)
 * with the venue's. On a discrepancy, ask for the fills since `positionCheckLookbackMins` and apply the
 * ones keel lacks (by trade id). Instruments with a local fill newer than `positionCheckThresholdMs`
 * are skipped (their fill may still be on its way). After `positionCheckRetries` attempts for one
 * (instrument, account) the check only logs.
 */
export interface PositionCheckConfig {
  readonly positionCheckLookbackMins: number;
  readonly positionCheckThresholdMs: number;
  readonly positionCheckRetries: number;
}

export interface PositionCheckHost {
  readonly clock: Pick<Clock, 'timestampNs'>;
  readonly logger: Logger;
  readonly accountId: string;
  config(): PositionCheckConfig;
  fetchPositionReports(): Promise<readonly PositionStatusReport[]>;
  /** Instruments where keel holds an open position for this account. */
  localInstruments(): readonly string[];
  /** keel's net signed quantity for (instrument, account), as a decimal string. */
  localNetQty(instrumentId: string): Decimal;
  lastLocalFillNs(instrumentId: string): bigint | undefined;
  fetchFillReports(query: { instrumentId: string; start: bigint }): Promise<readonly FillReport[]>;
  hasTradeId(fill: FillReport): boolean;
  /** Apply fills keel lacks (through the runtime reconciliation path); returns how many were applied. */
  applyFills(fills: readonly FillReport[]): Promise<number>;
}

const ZERO = Decimal.from('0');

export class PositionCheck {
  private readonly attempts = new Map<string, number>();
  discrepancies = 0;
  fillsApplied = 0;

  constructor(private readonly host: PositionCheckHost) {}

  attemptCount(instrumentId: string): number {
    return this.attempts.get(this.key(instrumentId)) ?? 0;
  }

  async run(): Promise<void> {
    const { host } = this;
    const cfg = host.config();
    const reports = await host.fetchPositionReports();
    const venueQty = new Map<string, Decimal>();
    for (const r of reports) {
      if (r.accountId !== host.accountId) continue;
      venueQty.set(r.instrumentId, (venueQty.get(r.instrumentId) ?? ZERO).add(r.signedQty));
    }
    const instruments = new Set([...venueQty.keys(), ...host.localInstruments()]);
    const now = host.clock.timestampNs();
    const thresholdNs = BigInt(cfg.positionCheckThresholdMs) * NANOS_PER_MS;
    for (const instrumentId of instruments) {
      const ours = host.localNetQty(instrumentId);
      const theirs = venueQty.get(instrumentId) ?? ZERO;
      const key = this.key(instrumentId);
      if (ours.eq(theirs)) {
        this.attempts.delete(key);
        continue;
      }
      const lastFill = host.lastLocalFillNs(instrumentId);
      if (lastFill !== undefined && now - lastFill < thresholdNs) continue;
      this.discrepancies += 1;
      const tried = this.attempts.get(key) ?? 0;
      if (tried >= cfg.positionCheckRetries) {
        host.logger.warn('position check: discrepancy persists, retries exhausted', { instrumentId, accountId: host.accountId, ours: ours.toString(), venue: theirs.toString() });
        continue;
      }
      this.attempts.set(key, tried + 1);
      const start = now - BigInt(cfg.positionCheckLookbackMins) * 60_000n * NANOS_PER_MS;
      const fills = await host.fetchFillReports({ instrumentId, start });
      const missing = fills.filter((f) => !host.hasTradeId(f));
      if (missing.length > 0) this.fillsApplied += await host.applyFills(missing);
      host.logger.info('position check: discrepancy', { instrumentId, accountId: host.accountId, ours: ours.toString(), venue: theirs.toString(), missingFills: missing.length });
    }
  }

  private key(instrumentId: string): string {
    return `${instrumentId}|${this.host.accountId}`;
  }
}

