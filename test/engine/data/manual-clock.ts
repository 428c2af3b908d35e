import type { Clock, TimeEventHandler, TimerOptions } from '../../../src/engine/core/clock.js';

/**
 * A minimal hand-driven Clock for the data tests (the shared TestClock lives in core/ and is being
 * written at the same time): timers fire, in time order, as `advanceTo` passes them.
 */
interface Timer {
  name: string;
  next: bigint;
  interval: bigint | undefined;
  stop: bigint | undefined;
  handler: TimeEventHandler;
}

export class ManualClock implements Clock {
  private readonly timers = new Map<string, Timer>();
  private seq = 0;
  constructor(private now: bigint) {}
  timestampNs(): bigint {
    return this.now;
  }
  timestampMs(): number {
    return Number(this.now / 1_000_000n);
  }
  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    this.timers.set(name, { name, next: alertTimeNs, interval: undefined, stop: undefined, handler });
  }
  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void {
    const start = options?.startTimeNs ?? this.now;
    this.timers.set(name, { name, next: start + intervalNs, interval: intervalNs, stop: options?.stopTimeNs, handler });
  }
  cancelTimer(name: string): void {
    this.timers.delete(name);
  }
  cancelTimers(): void {
    this.timers.clear();
  }
  timerNames(): string[] {
    return [...this.timers.keys()].sort();
  }
  nextTimeNs(name: string): bigint | undefined {
    return this.timers.get(name)?.next;
  }
  advanceTo(target: bigint): void {
    for (;;) {
      let due: Timer | undefined;
      for (const t of this.timers.values()) if (t.next <= target && (!due || t.next < due.next)) due = t;
      if (!due) break;
      this.now = due.next;
      if (due.interval === undefined || (due.stop !== undefined && due.next + due.interval > due.stop)) this.timers.delete(due.name);
      else due.next += due.interval;
      this.seq++;
      due.handler({ name: due.name, eventId: `E-${this.seq}`, tsEvent: this.now, tsInit: this.now });
    }
    this.now = target;
  }
}
