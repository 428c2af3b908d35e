import type { Clock } from '../../core/clock.js';
import { NANOS_PER_MS } from '../../core/clock.js';
import { EngineError, type ErrorCode } from '../../core/errors.js';

let seq = 0;

/**
 * Race `work` against an alert on the injected clock (never a bare setTimeout: a TestClock drives it in
 * tests). On timeout it rejects with an `EngineError` of `code`; the alert is always cancelled.
 * `ms <= 0` or undefined means no limit.
 */
export function withClockTimeout<T>(clock: Clock, work: Promise<T>, ms: number | undefined, code: ErrorCode, what: string): Promise<T> {
  if (ms === undefined || ms <= 0) return work;
  const name = `timeout:${what}:${++seq}`;
  return new Promise<T>((resolve, reject) => {
    clock.setTimeAlert(name, clock.timestampNs() + BigInt(Math.round(ms)) * NANOS_PER_MS, () => {
      reject(new EngineError(code, `${what}: expected an answer within ${ms} ms, received none`, { timeoutMs: ms, what }));
    });
    work.then(
      (v) => { clock.cancelTimer(name); resolve(v); },
      (e: unknown) => { clock.cancelTimer(name); reject(e); },
    );
  });
}
