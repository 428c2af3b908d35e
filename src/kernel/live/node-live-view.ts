/**
 * A live view of a running node: the display layer's `LiveView` (coalesced, ≤ maxPerSecond pushes)
 * invalidated by the node's bus topics. Kept kernel-side because the node belongs to the engine and
 * must not know about displays; it only publishes events, and we listen.
 */
import { inspect } from 'node:util';
import { LiveView, type DisplaySink, type Schedule } from '../display/index.js';
import { display as defaultDisplay, renderText } from '../display/index.js';

/** The part of the node's message bus a view listens to (structural: `TradingNode.bus` fits). */
export interface LiveBus {
  subscribe(topic: string, handler: (message: unknown) => void, options?: { readonly prefix?: boolean }): () => void;
}

/** A topic to listen to; `prefix: true` for the `all...` topic families. */
export interface LiveTopic {
  readonly topic: string;
  readonly prefix?: boolean;
}

export interface NodeLiveViewOptions<T> {
  /** What the view shows (read again at every push). */
  readonly get: () => T;
  readonly bus: LiveBus;
  readonly topics: readonly LiveTopic[];
  /** A word for what is shown ('orders', 'tree OL-1'), used in the plain description of the view. */
  readonly label: string;
  readonly displayId?: string;
  /** Default 10: Jupyter drops output above 1000 messages/s or 1 MB/s, and people read slower anyway. */
  readonly maxPerSecond?: number;
  readonly schedule?: Schedule;
  readonly display?: DisplaySink;
  /** Default true: show at once (a `display_data` with the id), so later pushes have something to update. */
  readonly show?: boolean;
}

/**
 * Marks a value that has already shown itself (a live view's display_data): a front end that shows
 * cell values gives it no second, static copy.
 */
export const SELF_DISPLAYED = Symbol.for('keel.display.selfDisplayed');

export function isSelfDisplayed(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SELF_DISPLAYED] === true;
}

export class NodeLiveView<T = unknown> {
  readonly [SELF_DISPLAYED] = true;
  readonly label: string;
  private readonly read: () => T;
  private readonly view: LiveView<T>;
  private readonly unsubscribes: (() => void)[] = [];
  private pending = false;
  private waiters: (() => void)[] = [];
  private eventCount = 0;

  constructor(options: NodeLiveViewOptions<T>) {
    this.label = options.label;
    this.read = options.get;
    const sink = options.display ?? defaultDisplay;
    this.view = new LiveView<T>({
      get: options.get,
      ...(options.displayId !== undefined ? { displayId: options.displayId } : {}),
      ...(options.maxPerSecond !== undefined ? { maxPerSecond: options.maxPerSecond } : {}),
      ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
      display: (value, opts) => {
        // Every push reads the current state, so once one has gone out nothing is pending any more.
        this.pending = false;
        const out = sink(value, opts);
        this.release();
        return out;
      },
    });
    for (const t of options.topics) {
      this.unsubscribes.push(options.bus.subscribe(t.topic, () => this.onEvent(), { prefix: t.prefix === true }));
    }
    if (options.show !== false) this.view.show();
  }

  get displayId(): string {
    return this.view.displayId;
  }
  /** Pushes so far (the first display included): at most maxPerSecond a second however busy the node. */
  get pushes(): number {
    return this.view.pushes;
  }
  /** Node events seen; compare with `pushes` to see the coalescing. */
  get events(): number {
    return this.eventCount;
  }
  get stopped(): boolean {
    return this.view.stopped;
  }

  /** Push now if nothing was pushed in the last interval, else once at its end. */
  refresh(): void {
    this.pending = true;
    this.view.invalidate();
  }

  /** Resolves once the display shows the state as of now (after a trailing push, if one is due). */
  settled(): Promise<void> {
    if (!this.pending || this.view.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stop listening and updating; the last state stays on screen. */
  stop(): void {
    for (const u of this.unsubscribes.splice(0)) u();
    this.view.stop();
    this.pending = false;
    this.release();
  }

  /** What the view shows now, then one line on the view itself (a REPL prints the value of a cell). */
  [inspect.custom](_depth: number, options: { colors?: boolean }): string {
    const value = this.read();
    const content = renderText(value, { colors: options.colors === true }) ?? (typeof value === 'string' ? value : inspect(value, { colors: options.colors === true }));
    return `${content}\n↻ live ${this.label}: ${this.stopped ? 'stopped' : 'updating in place'} (${this.pushes} pushes for ${this.events} events; .stop() ends it)`;
  }

  private onEvent(): void {
    this.eventCount++;
    this.refresh();
  }

  private release(): void {
    if (this.pending) return;
    for (const w of this.waiters.splice(0)) w();
  }
}
