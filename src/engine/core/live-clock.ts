import { randomUUID } from 'node:crypto';
import type { Clock, TimeEventHandler, TimerOptions } from './clock.js';
import { NANOS_PER_MS } from './clock.js';
import { TimerSchedule, type ScheduledTimer } from './timer-schedule.js';

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface LiveClockOptions {
  /** Called when a timer handler throws (a throw inside a real timeout would crash the process). */
  readonly onHandlerError?: (error: unknown, timerName: string) => void;
}

/**
 * Wall-clock time with nanosecond resolution: the epoch offset is read once, then time advances on the
 * monotonic clock, so readings never go backwards when the system clock is adjusted.
 * Timers use `setTimeout(...).unref()`: a clock never keeps the process alive. A repeating timer is
 * re-armed from its *scheduled* time, not from when the callback ran, so it does not drift.
 */
export class LiveClock implements Clock {
  private readonly epochOffsetNs: bigint;
  private readonly schedule = new TimerSchedule();
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private readonly onHandlerError: (error: unknown, timerName: string) => void;

  constructor(options: LiveClockOptions = {}) {
    this.epochOffsetNs = BigInt(Date.now()) * NANOS_PER_MS - process.hrtime.bigint();
    this.onHandlerError = options.onHandlerError ?? ((error, name) => {
      process.emitWarning(`keel: timer '${name}' handler threw: ${String(error)}`);
    });
  }

  timestampNs(): bigint {
    return this.epochOffsetNs + process.hrtime.bigint();
  }

  timestampMs(): number {
    return Number(this.timestampNs() / NANOS_PER_MS);
  }

  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    this.disarm(name);
    this.arm(this.schedule.addAlert(name, alertTimeNs, handler));
  }

  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void {
    this.disarm(name);
    this.arm(this.schedule.addTimer(name, this.timestampNs(), intervalNs, handler, options));
  }

  cancelTimer(name: string): void {
    this.disarm(name);
    this.schedule.remove(name);
  }

  cancelTimers(): void {
    for (const name of [...this.handles.keys()]) this.disarm(name);
    this.schedule.clear();
  }

  timerNames(): string[] {
    return this.schedule.names();
  }

  nextTimeNs(name: string): bigint | undefined {
    return this.schedule.get(name)?.nextTimeNs;
  }

  private arm(timer: ScheduledTimer): void {
    const waitNs = timer.nextTimeNs - this.timestampNs();
    const waitMs = waitNs <= 0n ? 0 : Math.min(MAX_TIMEOUT_MS, Number((waitNs + NANOS_PER_MS - 1n) / NANOS_PER_MS));
    const handle = setTimeout(() => this.onTimeout(timer), waitMs);
    handle.unref();
    this.handles.set(timer.name, handle);
  }

  private disarm(name: string): void {
    const handle = this.handles.get(name);
    if (handle) clearTimeout(handle);
    this.handles.delete(name);
  }

  private onTimeout(timer: ScheduledTimer): void {
    this.handles.delete(timer.name);
    if (!this.schedule.isCurrent(timer)) return;
    const now = this.timestampNs();
    // Timeouts can wake a little early (ms rounding) or a chained long wait is not over yet: wait again.
    if (now < timer.nextTimeNs) {
      this.arm(timer);
      return;
    }
    const event = this.schedule.fire(timer, now, randomUUID());
    if (this.schedule.isCurrent(timer)) this.arm(timer);
    if (!event) return;
    try {
      timer.handler(event);
    } catch (error) {
      this.onHandlerError(error, timer.name);
    }
  }
}
