import type { Clock, TimeEvent, TimeEventHandler, TimerOptions } from './clock.js';
import { NANOS_PER_MS } from './clock.js';
import { EngineError } from './errors.js';
import { TimerSchedule } from './timer-schedule.js';

/**
 * A clock that only moves when told to (the model is xstate's SimulatedClock). Tests set the time and
 * advance it; every timer and alert due on the way fires, in time order, with the clock reading the
 * event's own time while its handler runs.
 */
export class TestClock implements Clock {
  private nowNs: bigint;
  private readonly schedule = new TimerSchedule();
  private eventSeq = 0;

  constructor(startNs: bigint = 0n) {
    this.nowNs = startNs;
  }

  timestampNs(): bigint {
    return this.nowNs;
  }

  timestampMs(): number {
    return Number(this.nowNs / NANOS_PER_MS);
  }

  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    this.schedule.addAlert(name, alertTimeNs, handler);
  }

  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void {
    this.schedule.addTimer(name, this.nowNs, intervalNs, handler, options);
  }

  cancelTimer(name: string): void {
    this.schedule.remove(name);
  }

  cancelTimers(): void {
    this.schedule.clear();
  }

  timerNames(): string[] {
    return this.schedule.names();
  }

  nextTimeNs(name: string): bigint | undefined {
    return this.schedule.get(name)?.nextTimeNs;
  }

  /** When the first timer or alert due at or before `untilNs` fires, if one is (a backtest drains the engine between timers). */
  nextDueNs(untilNs: bigint): bigint | undefined {
    return this.schedule.nextDue(untilNs)?.nextTimeNs;
  }

  /** Move the time without firing anything (timers due in between fire on the next advance). */
  setTime(ns: bigint): void {
    this.nowNs = ns;
  }

  /**
   * Advance to `ns`, firing every due timer/alert in time order (handlers may set or cancel timers;
   * those are honoured within the same advance). Returns the fired events, in firing order.
   */
  advanceTo(ns: bigint): TimeEvent[] {
    if (ns < this.nowNs) {
      throw new EngineError('CLOCK_BACKWARDS', `expected a time >= ${this.nowNs} ns, received ${ns} ns`, {
        nowNs: this.nowNs.toString(), requestedNs: ns.toString(),
      });
    }
    const fired: TimeEvent[] = [];
    for (let timer = this.schedule.nextDue(ns); timer; timer = this.schedule.nextDue(ns)) {
      // An alert set in the past fires "now", never moving the clock backwards.
      if (timer.nextTimeNs > this.nowNs) this.nowNs = timer.nextTimeNs;
      const event = this.schedule.fire(timer, this.nowNs, `TE-${++this.eventSeq}`);
      if (!event) continue;
      fired.push(event);
      timer.handler(event);
    }
    this.nowNs = ns;
    return fired;
  }

  advanceBy(deltaNs: bigint): TimeEvent[] {
    return this.advanceTo(this.nowNs + deltaNs);
  }
}
