/**
 * Time is injected: the engine reads a `Clock`, never `Date.now()` or bare `setTimeout`.
 * Times are nanoseconds since the Unix epoch as `bigint`.
 * (Implementations: LiveClock in live-clock.ts, TestClock in test-clock.ts.)
 */
export interface TimeEvent {
  readonly name: string;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export type TimeEventHandler = (event: TimeEvent) => void;

export interface TimerOptions {
  /** First fire at startTimeNs + interval (default: now + interval). */
  readonly startTimeNs?: bigint;
  /** No fire after this time. */
  readonly stopTimeNs?: bigint;
}

export interface Clock {
  timestampNs(): bigint;
  timestampMs(): number;
  /** One-shot alert at an absolute time; an alert in the past fires at the next opportunity. */
  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void;
  /** Repeating timer every `intervalNs`. */
  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void;
  cancelTimer(name: string): void;
  cancelTimers(): void;
  /** Names of the live timers and alerts, sorted. */
  timerNames(): string[];
  /** When the named timer or alert fires next, if it exists. */
  nextTimeNs(name: string): bigint | undefined;
}

export const NANOS_PER_MS = 1_000_000n;
export const NANOS_PER_SEC = 1_000_000_000n;
export function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms)) * NANOS_PER_MS;
}
export function nsToMs(ns: bigint): number {
  return Number(ns / NANOS_PER_MS);
}
