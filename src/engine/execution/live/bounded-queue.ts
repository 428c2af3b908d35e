import type { Clock } from '../../core/clock.js';
import { EngineError } from '../../core/errors.js';
import { type Logger, type RateLimitedWarn, noopLogger, rateLimitedWarn } from '../../core/logger.js';

/**
 * A FIFO queue of capacity `capacity` that never blocks its producer and never drops a message
 * (live-execution.md §5). At capacity a message waits in an overflow, still in order; the producer is
 * told (push returns false, `full` is true, `whenSpace()` resolves once there is room again) and a
 * warning goes out at most once a second through the injected clock. Items are handed to `handler`
 * asynchronously, one at a time, in the order they were pushed.
 *
 * The overflow is what keeps in-process producers (a strategy's commands) non-blocking; producers that
 * can be paused (a venue socket) stop as soon as `full` is true, so for them memory stays bounded by
 * the capacity (`maxWaiting` shows how far the overflow ever grew).
 */
export type Scheduler = (run: () => void) => void;

export interface BoundedQueueOptions<T> {
  readonly name: string;
  readonly capacity: number;
  readonly clock: Clock;
  readonly handler: (item: T) => void;
  /** Called when the handler throws; the queue goes on with the next item. */
  readonly onError: (error: unknown, item: T) => void;
  readonly logger?: Logger;
  /** Key of an item (e.g. its client order id), so callers can ask whether the queue holds one for a key. */
  readonly keyOf?: (item: T) => string | undefined;
  /** How a drain is scheduled; default: a microtask (tests pass a manual scheduler to hold items back). */
  readonly schedule?: Scheduler;
}

export class BoundedQueue<T> {
  private items: T[] = [];
  /**
   * Each message's key, taken once when it is pushed, beside it (same index). Not a counting map kept up
   * to date per message: that was a hash write on every push and every pop of the hot path, for a
   * question (`holds`) that only the periodic checks ask; they get an index built when they ask.
   */
  private keys: (string | undefined)[] = [];
  private head = 0;
  private readonly overflow: T[] = [];
  private readonly overflowKeys: (string | undefined)[] = [];
  private overflowHead = 0;
  /** Keys of the messages not yet handled; undefined once the queue has changed since it was built. */
  private keyIndex: Set<string> | undefined;
  private capacityValue: number;
  private scheduled = false;
  private draining = false;
  private paused = false;
  private readonly warn: RateLimitedWarn;
  private readonly schedule: Scheduler;
  private spaceWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  /** Messages that had to wait in the overflow, since creation (for tests and stats). */
  backPressured = 0;
  processed = 0;
  /** The most messages that ever waited in the overflow at once (0: every producer stopped in time). */
  maxWaiting = 0;

  constructor(private readonly options: BoundedQueueOptions<T>) {
    assertCapacity(options.capacity);
    this.capacityValue = options.capacity;
    this.warn = rateLimitedWarn(options.logger ?? noopLogger, options.clock);
    this.schedule = options.schedule ?? queueMicrotask;
  }

  get capacity(): number {
    return this.capacityValue;
  }
  /** Messages inside the queue proper (at most `capacity`). */
  get queued(): number {
    return this.items.length - this.head;
  }
  /** Messages waiting for room. */
  get waiting(): number {
    return this.overflow.length - this.overflowHead;
  }
  /** Everything not yet processed. */
  get size(): number {
    return this.queued + this.waiting;
  }

  /** Enqueue; true when the message entered the queue, false when it waits (back-pressure). Never throws, never drops. */
  push(item: T): boolean {
    const key = this.options.keyOf?.(item);
    this.keyIndex = undefined;
    let accepted: boolean;
    if (this.waiting === 0 && this.queued < this.capacityValue) {
      this.items.push(item);
      this.keys.push(key);
      accepted = true;
    } else {
      this.overflow.push(item);
      this.overflowKeys.push(key);
      this.backPressured += 1;
      if (this.waiting > this.maxWaiting) this.maxWaiting = this.waiting;
      this.warn(`${this.options.name}-full`, `${this.options.name} queue at capacity ${this.capacityValue}: producer back-pressured`, {
        queue: this.options.name, capacity: this.capacityValue, waiting: this.waiting,
      });
      accepted = false;
    }
    this.kick();
    return accepted;
  }

  /** At capacity (or with messages waiting): a producer that can pause should, until `whenSpace()`. */
  get full(): boolean {
    return this.waiting > 0 || this.queued >= this.capacityValue;
  }

  /** Resolves when the queue has room (at once if it has). */
  whenSpace(): Promise<void> {
    if (this.waiting === 0 && this.queued < this.capacityValue) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Resolves when every message pushed so far has been processed. */
  whenIdle(): Promise<void> {
    if (this.size === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Every message not yet processed, in order (a copy: reconciliation looks at what is still to come). */
  pending(): T[] {
    return [...this.items.slice(this.head), ...this.overflow.slice(this.overflowHead)];
  }

  /** Whether a message with this key (as `keyOf` gave it when the message was pushed) is still waiting to be processed. */
  holds(key: string): boolean {
    if (this.keyIndex === undefined) this.keyIndex = this.indexKeys();
    return this.keyIndex.has(key);
  }

  private indexKeys(): Set<string> {
    const index = new Set<string>();
    for (let i = this.head; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k !== undefined) index.add(k);
    }
    for (let i = this.overflowHead; i < this.overflowKeys.length; i++) {
      const k = this.overflowKeys[i];
      if (k !== undefined) index.add(k);
    }
    return index;
  }

  /** Change the capacity; refused (nothing changes) when more messages are queued than the new capacity. */
  resize(capacity: number): void {
    assertCapacity(capacity);
    if (capacity < this.size) {
      throw new EngineError('QSIZE_BELOW_QUEUED', `${this.options.name} queue: expected a qsize >= ${this.size} (messages queued now), received ${capacity}`, {
        queue: this.options.name, requested: capacity, queued: this.size,
      });
    }
    this.capacityValue = capacity;
    this.refill();
  }

  /** Stop handing out messages (they stay queued, in order) until `resume()`. */
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Process everything queued now, synchronously (used on shutdown and by tests with a manual scheduler). */
  drainNow(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.paused && this.queued > 0) {
        const item = this.items[this.head] as T;
        this.items[this.head] = undefined as T;
        this.keys[this.head] = undefined;
        this.head += 1;
        this.keyIndex = undefined;
        this.refill();
        try {
          this.options.handler(item);
        } catch (error) {
          this.options.onError(error, item);
        }
        this.processed += 1;
      }
      this.compact();
    } finally {
      this.draining = false;
    }
    if (this.size === 0) this.notify('idle');
  }

  private kick(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.drainNow();
    });
  }

  /** Move waiting messages into the queue while it has room, in order. */
  private refill(): void {
    while (this.waiting > 0 && this.queued < this.capacityValue) {
      this.items.push(this.overflow[this.overflowHead] as T);
      this.keys.push(this.overflowKeys[this.overflowHead]);
      this.overflow[this.overflowHead] = undefined as T;
      this.overflowKeys[this.overflowHead] = undefined;
      this.overflowHead += 1;
    }
    if (this.overflowHead > 1024 && this.overflowHead * 2 > this.overflow.length) {
      this.overflow.splice(0, this.overflowHead);
      this.overflowKeys.splice(0, this.overflowHead);
      this.overflowHead = 0;
    }
    if (this.waiting === 0 && this.queued < this.capacityValue) this.notify('space');
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.keys = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.keys = this.keys.slice(this.head);
      this.head = 0;
    }
  }

  private notify(which: 'space' | 'idle'): void {
    const list = which === 'space' ? this.spaceWaiters : this.idleWaiters;
    if (list.length === 0) return;
    if (which === 'space') this.spaceWaiters = [];
    else this.idleWaiters = [];
    for (const resolve of list) resolve();
  }
}

function assertCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new EngineError('QSIZE_INVALID', `expected a queue capacity that is a positive integer, received ${String(capacity)}`, { capacity });
  }
}
