import type { Clock, TimeEventHandler, TimerOptions } from '../../core/clock.js';

/**
 * Stand-in wall clock until `core/live-clock.ts` (LiveClock) lands; the venue takes any `Clock`
 * injected, this is only its default. Replace with `new LiveClock()` when it exists.
 */
export class VenueWallClock implements Clock {
  private readonly timers = new Map<string, { handle: ReturnType<typeof setTimeout>; next: bigint }>();
  private eventSeq = 0;

  timestampNs(): bigint {
    const ms = performance.timeOrigin + performance.now();
    return BigInt(Math.floor(ms * 1000)) * 1000n;
  }
  timestampMs(): number {
    return Math.floor(performance.timeOrigin + performance.now());
  }
  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    this.cancelTimer(name);
    const delayMs = Math.max(0, Number((alertTimeNs - this.timestampNs()) / 1_000_000n));
    const handle = setTimeout(() => {
      this.timers.delete(name);
      handler({ name, eventId: `E-${++this.eventSeq}`, tsEvent: alertTimeNs, tsInit: this.timestampNs() });
    }, delayMs);
    handle.unref?.();
    this.timers.set(name, { handle, next: alertTimeNs });
  }
  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void {
    const first = (options?.startTimeNs ?? this.timestampNs()) + intervalNs;
    const fire = (at: bigint) => {
      if (options?.stopTimeNs !== undefined && at > options.stopTimeNs) return;
      this.setTimeAlert(name, at, (e) => {
        fire(at + intervalNs);
        handler(e);
      });
    };
    fire(first);
  }
  cancelTimer(name: string): void {
    const t = this.timers.get(name);
    if (t) clearTimeout(t.handle);
    this.timers.delete(name);
  }
  cancelTimers(): void {
    for (const name of [...this.timers.keys()]) this.cancelTimer(name);
  }
  timerNames(): string[] {
    return [...this.timers.keys()].sort();
  }
  nextTimeNs(name: string): bigint | undefined {
    return this.timers.get(name)?.next;
  }
}
