import { EngineError } from './errors.js';
import type { TimeEvent, TimeEventHandler, TimerOptions } from './clock.js';

/**
 * The bookkeeping both clocks share: which named timers/alerts exist and when each fires next.
 * A schedule decides nothing about *how* time passes; LiveClock arms real timeouts, TestClock is advanced.
 */
export interface ScheduledTimer {
  readonly name: string;
  readonly handler: TimeEventHandler;
  /** Undefined for a one-shot alert. */
  readonly intervalNs: bigint | undefined;
  readonly stopTimeNs: bigint | undefined;
  nextTimeNs: bigint;
  /** Insertion sequence: breaks ties between timers due at the same instant (first set fires first). */
  readonly seq: number;
}

export class TimerSchedule {
  private readonly timers = new Map<string, ScheduledTimer>();
  private seq = 0;

  /** Setting a name that already exists replaces it (a re-run notebook cell re-arms, it does not fail). */
  addAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): ScheduledTimer {
    checkName(name);
    const timer: ScheduledTimer = {
      name, handler, intervalNs: undefined, stopTimeNs: undefined, nextTimeNs: alertTimeNs, seq: this.seq++,
    };
    this.timers.set(name, timer);
    return timer;
  }

  addTimer(name: string, nowNs: bigint, intervalNs: bigint, handler: TimeEventHandler, options: TimerOptions = {}): ScheduledTimer {
    checkName(name);
    if (intervalNs <= 0n) {
      throw new EngineError('TIMER_INTERVAL_INVALID', `timer '${name}': expected an interval > 0 ns, received ${intervalNs} ns`, {
        name, intervalNs: intervalNs.toString(),
      });
    }
    const start = options.startTimeNs ?? nowNs;
    const timer: ScheduledTimer = {
      name, handler, intervalNs, stopTimeNs: options.stopTimeNs, nextTimeNs: start + intervalNs, seq: this.seq++,
    };
    this.timers.set(name, timer);
    return timer;
  }

  get(name: string): ScheduledTimer | undefined {
    return this.timers.get(name);
  }

  remove(name: string): ScheduledTimer | undefined {
    const t = this.timers.get(name);
    this.timers.delete(name);
    return t;
  }

  clear(): ScheduledTimer[] {
    const all = [...this.timers.values()];
    this.timers.clear();
    return all;
  }

  names(): string[] {
    return [...this.timers.keys()].sort();
  }

  /** The timer due first at or before `untilNs` (ties: the one set first), if any. */
  nextDue(untilNs: bigint): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.nextTimeNs > untilNs) continue;
      if (!best || t.nextTimeNs < best.nextTimeNs || (t.nextTimeNs === best.nextTimeNs && t.seq < best.seq)) best = t;
    }
    return best;
  }

  /**
   * Consume one firing of `timer` at its scheduled time: re-arm a repeating timer from its *scheduled*
   * time (drift-free), drop an alert or a timer past its stop time. Returns the event to deliver, or
   * undefined when the timer's stop time had already passed.
   */
  fire(timer: ScheduledTimer, nowNs: bigint, eventId: string): TimeEvent | undefined {
    const tsEvent = timer.nextTimeNs;
    if (timer.stopTimeNs !== undefined && tsEvent > timer.stopTimeNs) {
      this.removeIfSame(timer);
      return undefined;
    }
    if (timer.intervalNs === undefined) {
      this.removeIfSame(timer);
    } else {
      timer.nextTimeNs = tsEvent + timer.intervalNs;
      if (timer.stopTimeNs !== undefined && timer.nextTimeNs > timer.stopTimeNs) this.removeIfSame(timer);
    }
    return { name: timer.name, eventId, tsEvent, tsInit: nowNs };
  }

  isCurrent(timer: ScheduledTimer): boolean {
    return this.timers.get(timer.name) === timer;
  }

  private removeIfSame(timer: ScheduledTimer): void {
    if (this.timers.get(timer.name) === timer) this.timers.delete(timer.name);
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new EngineError('TIMER_NAME_INVALID', `expected a non-empty timer name, received '${String(name)}'`, { name });
  }
}
