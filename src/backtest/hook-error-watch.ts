import type { Strategy } from '../engine/strategy/strategy.js';
import { simTime } from './recorder.js';
import type { BacktestHookError } from './result-types.js';

/** At most this many throws are kept in a result (a hook that throws on every bar would fill memory). */
export const MAX_RECORDED_HOOK_ERRORS = 1000;

/**
 * Notices, after each data point, which strategy hooks threw while it was processed (a strategy counts
 * its throws and keeps the latest per hook and message) and records them with that data point.
 */
export class HookErrorWatch {
  readonly errors: BacktestHookError[] = [];
  /** Throws seen in all (also those beyond MAX_RECORDED_HOOK_ERRORS). */
  count = 0;
  private readonly seen = new Map<Strategy<unknown>, number>();
  private readonly perKey = new Map<string, number>();

  constructor(private readonly strategies: readonly Strategy<unknown>[]) {
    for (const s of strategies) this.seen.set(s, s.handlerErrors);
  }

  /** true when some strategy threw since the last check (cheap: one counter per strategy). */
  get pending(): boolean {
    for (const s of this.strategies) if (s.handlerErrors !== this.seen.get(s)) return true;
    return false;
  }

  check(ns: bigint, instrumentId: string, dataKind: BacktestHookError['dataKind']): void {
    for (const s of this.strategies) {
      const n = s.handlerErrors;
      if (n === this.seen.get(s)) continue;
      this.count += n - (this.seen.get(s) ?? 0);
      this.seen.set(s, n);
      for (const e of s.errors) {
        const key = `${s.id}\u0000${e.hook}\u0000${e.message}`;
        const before = this.perKey.get(key) ?? 0;
        if (e.count === before) continue;
        this.perKey.set(key, e.count);
        for (let k = before; k < e.count && this.errors.length < MAX_RECORDED_HOOK_ERRORS; k++) {
          this.errors.push({ ...simTime(ns), strategyId: s.id, hook: e.hook, message: e.message, instrumentId, ...(dataKind !== undefined ? { dataKind } : {}) });
        }
      }
    }
  }
}
