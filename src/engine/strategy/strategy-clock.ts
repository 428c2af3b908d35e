import type { Clock, TimeEvent, TimeEventHandler, TimerOptions } from '../core/clock.js';

/**
 * A strategy's view of the node's clock: its timers live on the node's clock under
 * `{strategyId}:{name}`, so two strategies may use the same timer name and `timerNames()` lists only
 * this strategy's own timers (e.g. `['GTD-EXPIRY:O-...']`). `cancelTimers()` cancels only its own.
 */
export class StrategyClock implements Clock {
  private readonly prefix: string;

  constructor(
    private readonly inner: Clock,
    strategyId: string,
  ) {
    this.prefix = `${strategyId}:`;
  }

  timestampNs(): bigint {
    return this.inner.timestampNs();
  }
  timestampMs(): number {
    return this.inner.timestampMs();
  }
  setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    this.inner.setTimeAlert(this.prefix + name, alertTimeNs, this.wrap(name, handler));
  }
  setTimer(name: string, intervalNs: bigint, handler: TimeEventHandler, options?: TimerOptions): void {
    this.inner.setTimer(this.prefix + name, intervalNs, this.wrap(name, handler), options);
  }
  cancelTimer(name: string): void {
    this.inner.cancelTimer(this.prefix + name);
  }
  cancelTimers(): void {
    for (const name of this.timerNames()) this.cancelTimer(name);
  }
  timerNames(): string[] {
    return this.inner
      .timerNames()
      .filter((n) => n.startsWith(this.prefix))
      .map((n) => n.slice(this.prefix.length))
      .sort();
  }
  hasTimer(name: string): boolean {
    return this.inner.nextTimeNs(this.prefix + name) !== undefined;
  }
  nextTimeNs(name: string): bigint | undefined {
    return this.inner.nextTimeNs(this.prefix + name);
  }

  private wrap(name: string, handler: TimeEventHandler): TimeEventHandler {
    return (e: TimeEvent) => handler({ ...e, name });
  }
}
