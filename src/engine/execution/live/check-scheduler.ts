import type { Clock } from '../../core/clock.js';
import { NANOS_PER_MS, NANOS_PER_SEC } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { LiveExecEngineConfig } from '../../config/live-exec-engine-config.js';

/**
 * Arms the continuous checks on the injected clock: one alert `reconciliationStartupDelaySecs` after
 * start-up reconciliation, then one repeating timer per enabled check. A config change re-arms only the
 * timers whose period changed. An async check never overlaps itself (a slow venue skips a tick).
 */
export interface ScheduledChecks {
  inflight(): void;
  openOrders(): Promise<void>;
  positions(): Promise<void>;
}

export const CHECK_TIMERS = {
  startupDelay: 'ExecEngine.checks-start',
  inflight: 'ExecEngine.inflight-check',
  openOrders: 'ExecEngine.open-check',
  positions: 'ExecEngine.position-check',
} as const;

export class CheckScheduler {
  private armed = false;
  private running = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly checks: ScheduledChecks,
    private readonly config: () => LiveExecEngineConfig,
  ) {}

  get isArmed(): boolean {
    return this.armed;
  }

  /** Begin after the start-up delay (0: at once). */
  start(): void {
    this.stop();
    const delayNs = BigInt(this.config().reconciliationStartupDelaySecs) * NANOS_PER_SEC;
    if (delayNs === 0n) return this.arm();
    this.clock.setTimeAlert(CHECK_TIMERS.startupDelay, this.clock.timestampNs() + delayNs, () => this.arm());
  }

  stop(): void {
    this.armed = false;
    for (const name of Object.values(CHECK_TIMERS)) this.clock.cancelTimer(name);
  }

  /** After a config change: re-arm the timers whose period changed (only if the checks are running). */
  reconfigure(before: LiveExecEngineConfig, after: LiveExecEngineConfig): void {
    if (!this.armed) return;
    if (before.inflightCheckIntervalMs !== after.inflightCheckIntervalMs) this.armInflight(after);
    if (before.openCheckIntervalSecs !== after.openCheckIntervalSecs) this.armOpen(after);
    if (before.positionCheckIntervalSecs !== after.positionCheckIntervalSecs) this.armPositions(after);
  }

  private arm(): void {
    this.armed = true;
    const cfg = this.config();
    this.armInflight(cfg);
    this.armOpen(cfg);
    this.armPositions(cfg);
  }

  private armInflight(cfg: LiveExecEngineConfig): void {
    this.clock.cancelTimer(CHECK_TIMERS.inflight);
    if (cfg.inflightCheckIntervalMs > 0) {
      this.clock.setTimer(CHECK_TIMERS.inflight, BigInt(cfg.inflightCheckIntervalMs) * NANOS_PER_MS, () => this.guard('inflight', () => this.checks.inflight()));
    }
  }

  private armOpen(cfg: LiveExecEngineConfig): void {
    this.clock.cancelTimer(CHECK_TIMERS.openOrders);
    if (cfg.openCheckIntervalSecs !== null && cfg.openCheckIntervalSecs > 0) {
      this.clock.setTimer(CHECK_TIMERS.openOrders, BigInt(cfg.openCheckIntervalSecs) * NANOS_PER_SEC, () => this.guard('openOrders', () => this.checks.openOrders()));
    }
  }

  private armPositions(cfg: LiveExecEngineConfig): void {
    this.clock.cancelTimer(CHECK_TIMERS.positions);
    if (cfg.positionCheckIntervalSecs !== null && cfg.positionCheckIntervalSecs > 0) {
      this.clock.setTimer(CHECK_TIMERS.positions, BigInt(cfg.positionCheckIntervalSecs) * NANOS_PER_SEC, () => this.guard('positions', () => this.checks.positions()));
    }
  }

  private guard(name: string, run: () => void | Promise<void>): void {
    if (this.running.has(name)) return;
    this.running.add(name);
    const done = (): void => { this.running.delete(name); };
    try {
      const r = run();
      if (r instanceof Promise) {
        r.then(done, (error: unknown) => {
          done();
          this.logger.error(`${name} check failed`, { error: error instanceof Error ? error.message : String(error) });
        });
        return;
      }
    } catch (error) {
      this.logger.error(`${name} check failed`, { error: error instanceof Error ? error.message : String(error) });
    }
    done();
  }
}
