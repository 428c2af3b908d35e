/**
 * A display that updates in place. `invalidate()` says "the value may have changed"; the view recomputes
 * it from its getter and pushes it with `display(..., { displayId, update: true })`, at most `maxPerSecond`
 * times a second (Jupyter drops output from chatty kernels). Throttling is leading + trailing: the first
 * invalidation pushes at once, later ones within the interval collapse into one push at its end, so the
 * last state is always shown.
 */
import { display as defaultDisplay, type DisplayOptions } from './display.js';

/** setTimeout-like: run `fn` after `ms`; returns a cancel function. The default timer is unref'd. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export type DisplaySink = (value: unknown, options: DisplayOptions) => unknown;

export interface LiveViewOptions<T> {
  readonly get: () => T;
  /** Default: a fresh id per view. */
  readonly displayId?: string;
  /** Default 10 (Jupyter's comfortable rate). */
  readonly maxPerSecond?: number;
  readonly schedule?: Schedule;
  /** Where pushes go; default `display`. */
  readonly display?: DisplaySink;
}

const unrefTimeout: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

let nextId = 0;

export class LiveView<T = unknown> {
  readonly displayId: string;
  private readonly get: () => T;
  private readonly intervalMs: number;
  private readonly schedule: Schedule;
  private readonly sink: DisplaySink;
  private cancelTimer: (() => void) | undefined;
  private dirty = false;
  private shown = false;
  private stoppedFlag = false;
  private pushCount = 0;

  constructor(options: LiveViewOptions<T>) {
    this.get = options.get;
    this.displayId = options.displayId ?? `keel-live-${process.pid}-${++nextId}`;
    this.intervalMs = 1000 / (options.maxPerSecond ?? 10);
    this.schedule = options.schedule ?? unrefTimeout;
    this.sink = options.display ?? defaultDisplay;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** How many times the view was sent (the first display included). */
  get pushes(): number {
    return this.pushCount;
  }

  /** Show the view now (creates the display entry). Called by the first `invalidate()` if not before. */
  show(): this {
    if (this.stoppedFlag) return this;
    this.push();
    this.startCooldown();
    return this;
  }

  /** The value may have changed: push now, or once at the end of the current interval. */
  invalidate(): void {
    if (this.stoppedFlag) return;
    if (this.cancelTimer !== undefined) {
      this.dirty = true;
      return;
    }
    this.push();
    this.startCooldown();
  }

  /** Stop updating; a pending trailing update is dropped, the last shown state stays on screen. */
  stop(): void {
    this.stoppedFlag = true;
    this.dirty = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private startCooldown(): void {
    this.cancelTimer = this.schedule(() => this.onCooldownEnd(), this.intervalMs);
  }

  private onCooldownEnd(): void {
    this.cancelTimer = undefined;
    if (this.stoppedFlag || !this.dirty) return;
    this.dirty = false;
    this.push();
    this.startCooldown();
  }

  private push(): void {
    let value: unknown;
    try {
      value = this.get();
    } catch (error) {
      // A failing getter shows its error in the view instead of throwing out of a timer.
      value = error;
    }
    this.sink(value, { displayId: this.displayId, update: this.shown });
    this.shown = true;
    this.pushCount++;
  }
}

export function liveView<T>(get: () => T, options: Omit<LiveViewOptions<T>, 'get'> = {}): LiveView<T> {
  return new LiveView({ ...options, get });
}
