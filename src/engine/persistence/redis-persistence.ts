import { Redis } from 'ioredis';
import type { Clock } from '../core/clock.js';
import { msToNs } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { Persistence, PersistenceHealthListener } from './persistence.js';
import type { JournalRecord } from './records.js';
import { APPEND_SCRIPT, recordFields, recordOfEntry, redisKeys, type RecordFields, type RedisKeys } from './redis-layout.js';
import { applyRecord, copyState, emptyState, type PersistedState } from './state.js';

export interface RedisPersistenceOptions {
  /** `redis://host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /** The namespace: every key is `keel:{traderId}:...`. */
  readonly traderId: string;
  /** Drives the time-based flush and the retry while Redis is away; `attachPersistence` gives the node's. */
  readonly clock?: Clock;
  /** Send at most this long after the first unsent append. Default 20 ms. */
  readonly flushIntervalMs?: number;
  /** Send once this many records wait, and at most this many per script call. Default 512. */
  readonly maxBatchRecords?: number;
  /** Order event types sent at once rather than with the next batch (a submit waits for them). Default `['OrderSubmitted']`. */
  readonly syncEventTypes?: readonly string[];
  /** While Redis is away: resend this often on the clock (and at once when the connection is ready). Default 250 ms. */
  readonly retryIntervalMs?: number;
  /** How long a `durable()` waits for Redis's acknowledgement before it answers REDIS_ACK_TIMEOUT. Default 5000 ms. */
  readonly ackTimeoutMs?: number;
  /** How long `open` waits for Redis. Default 3000 ms. */
  readonly connectTimeoutMs?: number;
  /** Approximate cap of the events stream. Default 100 000. */
  readonly eventsMaxLen?: number;
}

/** A `durable()` caller: answered once Redis acknowledged up to `seq` (or cannot). */
interface AckWaiter {
  readonly seq: number;
  readonly timer: string | undefined;
  readonly resolve: (failure: EngineError | undefined) => void;
}

interface Entry {
  readonly seq: number;
  readonly fields: RecordFields;
}

let timerSeq = 0;

/**
 * State kept in Redis (docs/redis.md): every record goes to the trader id's records stream, in append order,
 * by a script that writes a batch atomically and never twice (a stored sequence number guards it); order,
 * position and config events also go to an events stream other processes follow with XREAD. `load` folds
 * the records stream, as the journal folds its segments.
 *
 * `append` never waits: records are folded into the in-memory state, queued, and sent in batches (at once
 * for sync events: an `OrderSubmitted`). The write-ahead of a submit is `durable()`: the node sends the
 * order only once it resolves, i.e. once Redis acknowledged the batch holding its `OrderSubmitted`, so a
 * venue order of this node is always in Redis as its own. Records stay queued until Redis
 * acknowledges them. When the connection drops or a write fails, `failure` is set and health listeners are
 * told (the node refuses new orders, as with a journal that cannot write); everything unacknowledged is
 * resent, in order, once Redis is back, and the listeners hear that it writes again.
 */
export class RedisPersistence implements Persistence {
  readonly kind = 'redis';
  private readonly keys: RedisKeys;
  /** Appended and not yet acknowledged by Redis, in sequence order. */
  private queue: Entry[] = [];
  /** How many of `queue` (from its start) were sent on the current connection. */
  private sent = 0;
  private nextSeq: number;
  private closed = false;
  private _failure: EngineError | undefined;
  private readonly listeners = new Set<PersistenceHealthListener>();
  private waiters: Array<{ resolve: () => void; reject: (e: EngineError) => void }> = [];
  /** `durable()` callers, in sequence order (each waits for the records appended before it asked). */
  private ackWaiters: AckWaiter[] = [];
  private readonly ackTimeoutMs: number;
  /** Names each `durable()` caller's timeout alert uniquely (two callers may wait for the same record). */
  private ackCount = 0;
  private clock: Clock | undefined;
  private readonly timerName: string;
  private readonly retryTimerName: string;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly syncTypes: ReadonlySet<string>;
  private readonly retryIntervalMs: number;
  private readonly eventsMaxLen: number;
  private _batches = 0;

  private constructor(readonly url: string, readonly traderId: string, private readonly redis: Redis, private readonly state: PersistedState, lastSeq: number, options: RedisPersistenceOptions) {
    this.keys = redisKeys(traderId);
    this.nextSeq = lastSeq + 1;
    this.timerName = `redis-flush-${++timerSeq}`;
    this.retryTimerName = `redis-retry-${timerSeq}`;
    this.flushIntervalMs = options.flushIntervalMs ?? 20;
    this.maxBatch = options.maxBatchRecords ?? 512;
    this.syncTypes = new Set(options.syncEventTypes ?? ['OrderSubmitted']);
    this.retryIntervalMs = options.retryIntervalMs ?? 250;
    this.eventsMaxLen = options.eventsMaxLen ?? 100_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
    redis.on('close', () => {
      if (this.closed) return;
      this.sent = 0;
      this.fail(`the connection to ${this.url} closed`);
    });
    redis.on('ready', () => {
      if (this._failure !== undefined) this.resend();
    });
    if (options.clock) this.useClock(options.clock);
  }

  /**
   * Connect and fold what the trader id has stored. Redis not answering is a `REDIS_UNREACHABLE` error
   * naming the URL (nothing is retried at start: a node must not start on a store it cannot read).
   */
  static async open(options: RedisPersistenceOptions): Promise<RedisPersistence> {
    const { url } = options;
    const redis = new Redis(url, {
      lazyConnect: true,
      // The persistence keeps its own queue and resends in order: ioredis must neither queue nor resend.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 3000,
      retryStrategy: () => null,
    });
    let lastError: unknown;
    redis.on('error', (e: unknown) => { lastError = e; });
    try {
      await redis.connect();
      const state = emptyState();
      const lastSeq = await loadRecords(redis, redisKeys(options.traderId), state);
      // From now on a dropped connection is retried (ioredis reconnects; the persistence resends).
      redis.options.retryStrategy = (times: number) => Math.min(50 * times, 500);
      return new RedisPersistence(url, options.traderId, redis, state, lastSeq, options);
    } catch (e) {
      redis.disconnect();
      if (e instanceof EngineError) throw e;
      const why = describe(lastError ?? e);
      throw new EngineError('REDIS_UNREACHABLE', `expected a Redis server answering at ${url}, received ${why}`, { url, error: why });
    }
  }

  /** Script calls acknowledged so far (each one batch). */
  get batches(): number {
    return this._batches;
  }
  /** Records appended and not yet acknowledged by Redis. */
  get pendingRecords(): number {
    return this.queue.length;
  }
  get failure(): EngineError | undefined {
    return this._failure;
  }

  onHealth(listener: PersistenceHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drive the time-based flush and the retry from this clock (the node's), if none drives them yet. */
  useClock(clock: Clock): void {
    if (this.clock || this.closed) return;
    this.clock = clock;
    if (this.flushIntervalMs > 0) {
      clock.setTimer(this.timerName, msToNs(this.flushIntervalMs), () => {
        if (this._failure === undefined && this.sent < this.queue.length) this.send();
      });
    }
    if (this._failure !== undefined) this.armRetry();
  }

  append(records: readonly JournalRecord[]): void {
    if (this.closed) throw new EngineError('PERSISTENCE_CLOSED', `expected an open Redis persistence, received append after close (${this.url})`, { url: this.url });
    let sync = false;
    for (const r of records) {
      const fields = recordFields(r);
      applyRecord(this.state, r);
      this.queue.push({ seq: this.nextSeq++, fields });
      if (r.kind === 'order-event' && this.syncTypes.has(r.event.type)) sync = true;
    }
    // While Redis is away only the retry (and the connection's return) send: records wait in the queue.
    if (this._failure !== undefined) return;
    if (sync || this.queue.length - this.sent >= this.maxBatch || !this.clock) this.send();
  }

  /** Send everything queued now: undefined when it is on its way to a connected Redis, else why not. */
  makeDurable(): EngineError | undefined {
    if (this._failure === undefined) this.send();
    return this._failure;
  }

  /**
   * The write-ahead of a submit with Redis: resolves with undefined once Redis acknowledged every record
   * appended so far (the batch holding the order's OrderSubmitted), with the failure when the connection
   * goes or a write fails, and with REDIS_ACK_TIMEOUT when no answer comes within `ackTimeoutMs` on the
   * clock (a server that hangs without closing the connection must not hold an order forever).
   */
  durable(): Promise<EngineError | undefined> {
    if (this._failure !== undefined) return Promise.resolve(this._failure);
    const seq = this.nextSeq - 1;
    if (this.queue.length === 0 || this.queue[0]!.seq > seq) return Promise.resolve(undefined);
    if (this.sent < this.queue.length) this.send();
    return new Promise((resolve) => {
      const clock = this.clock;
      const timer = clock && this.ackTimeoutMs > 0 ? `${this.timerName}-ack-${++this.ackCount}` : undefined;
      const waiter: AckWaiter = { seq, timer, resolve };
      this.ackWaiters.push(waiter);
      if (timer === undefined) return;
      clock!.setTimeAlert(timer, clock!.timestampNs() + msToNs(this.ackTimeoutMs), () => {
        const i = this.ackWaiters.indexOf(waiter);
        if (i < 0) return;
        this.ackWaiters.splice(i, 1);
        resolve(new EngineError('REDIS_ACK_TIMEOUT', `expected Redis at ${this.url} to acknowledge record ${seq} within ${this.ackTimeoutMs} ms, received no answer`, {
          url: this.url, traderId: this.traderId, seq, timeoutMs: this.ackTimeoutMs,
        }));
      });
    });
  }

  /** Answer the `durable()` callers up to `last` (undefined: acknowledged) or all of them (a failure). */
  private answerAcks(last: number, failure: EngineError | undefined): void {
    let n = 0;
    while (n < this.ackWaiters.length && (failure !== undefined || this.ackWaiters[n]!.seq <= last)) n += 1;
    if (n === 0) return;
    for (const w of this.ackWaiters.splice(0, n)) {
      if (w.timer !== undefined) this.clock?.cancelTimer(w.timer);
      w.resolve(failure);
    }
  }

  async load(): Promise<PersistedState> {
    return copyState(this.state);
  }

  /** Resolves once Redis acknowledged everything appended; rejects with the failure while it cannot write. */
  async flush(): Promise<void> {
    if (this._failure !== undefined) throw this._failure;
    this.send();
    if (this.queue.length === 0) return;
    await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } catch {
      // Redis is away: what is still queued is lost to Redis; the next start reconciles with the venue.
    }
    this.closed = true;
    this.answerAcks(0, new EngineError('PERSISTENCE_CLOSED', `expected an open Redis persistence, received close while records waited for acknowledgement (${this.url})`, { url: this.url }));
    this.clock?.cancelTimer(this.timerName);
    this.clock?.cancelTimer(this.retryTimerName);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Send the queued records not sent yet on this connection, in batches, in order. */
  private send(): void {
    if (this.closed) return;
    if (this.redis.status !== 'ready') {
      this.fail(`the connection to ${this.url} is ${this.redis.status}`);
      return;
    }
    while (this.sent < this.queue.length) {
      const batch = this.queue.slice(this.sent, this.sent + this.maxBatch);
      this.sent += batch.length;
      const args: Array<string | number> = [batch[0]!.seq, batch.length, this.eventsMaxLen];
      for (const { fields: f } of batch) args.push(f.kind, f.type, f.id, f.data, f.publish ? '1' : '0');
      this.redis.eval(APPEND_SCRIPT, 3, this.keys.records, this.keys.events, this.keys.seq, ...args).then(
        (last) => this.acked(Number(last)),
        (e: unknown) => {
          this.sent = 0;
          this.fail(`a write to ${this.url} failed: ${describe(e)}`);
        },
      );
    }
  }

  private acked(last: number): void {
    this._batches += 1;
    let dropped = 0;
    while (this.queue.length > dropped && this.queue[dropped]!.seq <= last) dropped += 1;
    if (dropped > 0) {
      this.queue = this.queue.slice(dropped);
      this.sent = Math.max(0, this.sent - dropped);
    }
    if (this._failure !== undefined && this.sent === 0 && this.redis.status === 'ready') this.recovered();
    if (this.queue.length === 0) for (const w of this.waiters.splice(0)) w.resolve();
    this.answerAcks(last, undefined);
  }

  private fail(why: string): void {
    const first = this._failure === undefined;
    this._failure = new EngineError('REDIS_UNWRITABLE', `expected Redis at ${this.url} to take ${this.queue.length} pending records, received: ${why}`, {
      url: this.url, traderId: this.traderId, pendingRecords: this.queue.length,
    });
    for (const w of this.waiters.splice(0)) w.reject(this._failure);
    // An order waiting for its OrderSubmitted to be acknowledged is refused now: it never reaches the venue.
    this.answerAcks(0, this._failure);
    if (!first) return;
    this.armRetry();
    for (const l of this.listeners) l(this._failure);
  }

  private recovered(): void {
    this._failure = undefined;
    this.clock?.cancelTimer(this.retryTimerName);
    for (const l of this.listeners) l(undefined);
    if (this.sent < this.queue.length) this.send();
  }

  /** Everything unacknowledged again, from the oldest (the script skips what Redis already has). */
  private resend(): void {
    if (this.closed || this.redis.status !== 'ready') return;
    this.sent = 0;
    if (this.queue.length === 0) return this.recovered();
    this.send();
  }

  private armRetry(): void {
    if (!this.clock || this.closed) return;
    this.clock.cancelTimer(this.retryTimerName);
    this.clock.setTimer(this.retryTimerName, msToNs(this.retryIntervalMs), () => {
      if (!this.closed && this._failure !== undefined && this.redis.status === 'ready') this.resend();
    });
  }
}

/** Fold the records stream into `state`, 1000 entries a call; the last sequence number stored. */
async function loadRecords(redis: Redis, keys: RedisKeys, state: PersistedState): Promise<number> {
  const lastSeq = Number((await redis.get(keys.seq)) ?? '0');
  let start = '-';
  for (;;) {
    const entries = await redis.xrange(keys.records, start, '+', 'COUNT', 1000);
    for (const [, fields] of entries) {
      const record = recordOfEntry(fields);
      if (record) applyRecord(state, record);
    }
    if (entries.length < 1000) break;
    start = `(${entries[entries.length - 1]![0]}`;
  }
  return lastSeq;
}

function describe(e: unknown): string {
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ${e.message}` : e.message;
  return String(e);
}
