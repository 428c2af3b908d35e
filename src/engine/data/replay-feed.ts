import { EngineError } from '../core/errors.js';
import { msToNs, type Clock } from '../core/clock.js';
import { marketDataKind } from './bar-path.js';
import { nextFeedTimerName, type MarketFeed } from './market-feed.js';
import type { MarketData, TradeTick } from '../model/market-data.js';

/**
 * Replays recorded market data at `speed` × real time through the injected clock's timer.
 *
 * Each timer tick advances a replay time (`first recorded time + elapsed × speed`) and emits every item
 * whose recorded time has been reached, in file order, as one batch: very high speeds therefore work
 * without a timer per item. With `loop`, the recording starts again when it ends, its recorded times
 * shifted by the span of one pass (last − first + `loopGapNs`), so they keep increasing; trade ids of
 * later passes get a `-L<pass>` suffix so they stay unique.
 *
 * Timestamps: by default (`timestamps: 'clock'`) an emitted item's `tsEvent` and `tsInit` are the feed
 * clock's now at emission, so the venue and the engine see data that is "live" on their clock; the
 * recorded times only decide order and spacing. `timestamps: 'recorded'` keeps the recorded times
 * (shifted per pass) instead.
 */
export interface ReplayFeedOptions {
  readonly instrumentId: string;
  /** Opens a fresh pass over the recording (called again for each loop). */
  readonly open: () => Iterator<MarketData>;
  readonly clock: Clock;
  /** Default 60: a one-minute bar per second. */
  readonly speed?: number;
  /** Default true. */
  readonly loop?: boolean;
  /** Timer period (default 50 ms). */
  readonly tickMs?: number;
  /** Added to the span of a pass when looping (default 1 s). */
  readonly loopGapNs?: bigint;
  readonly timestamps?: 'clock' | 'recorded';
  /** Upper bound of items per tick so the event loop stays responsive; the rest follow next tick. */
  readonly maxBatch?: number;
  /** A read error ends the replay; it is reported here (a timer handler must not throw). */
  readonly onError?: (err: unknown) => void;
}

export const DEFAULT_REPLAY_SPEED = 60;
const SPEED_SCALE = 1_000_000n;

export class ReplayFeed implements MarketFeed {
  private readonly timerName: string;
  private readonly speedScaled: bigint;
  private iterator: Iterator<MarketData> | undefined;
  private pending: MarketData | undefined;
  private pass = 0;
  private offsetNs = 0n;
  private firstRecordedNs = 0n;
  private lastRecordedNs = 0n;
  private startedAtNs = 0n;
  private sink: ((d: MarketData) => void) | undefined;
  private done = false;
  /** Items emitted so far, and the error that ended the replay, if any. */
  emitted = 0;
  error: unknown;

  constructor(private readonly opts: ReplayFeedOptions) {
    const speed = opts.speed ?? DEFAULT_REPLAY_SPEED;
    if (!(Number.isFinite(speed) && speed > 0)) {
      throw new EngineError('FEED_CONFIG_INVALID', `replay speed: expected a positive number, received ${speed}`, { received: speed });
    }
    this.speedScaled = BigInt(Math.round(speed * Number(SPEED_SCALE)));
    this.timerName = nextFeedTimerName('REPLAY', opts.instrumentId);
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: (d: MarketData) => void): void {
    if (this.sink) return;
    this.iterator = this.opts.open();
    this.pending = this.pull();
    if (this.pending === undefined) {
      throw new EngineError('FEED_SOURCE_EMPTY', `replay of ${this.opts.instrumentId}: expected at least one recorded row, received none`, {
        instrumentId: this.opts.instrumentId,
      });
    }
    this.firstRecordedNs = this.pending.tsEvent;
    this.startedAtNs = this.opts.clock.timestampNs();
    this.sink = sink;
    this.opts.clock.setTimer(this.timerName, msToNs(this.opts.tickMs ?? 50), () => this.onTick());
  }

  stop(): void {
    if (!this.sink) return;
    this.sink = undefined;
    this.opts.clock.cancelTimer(this.timerName);
    this.iterator?.return?.();
    this.iterator = undefined;
  }

  private onTick(): void {
    const sink = this.sink;
    if (!sink) return;
    try {
      const now = this.opts.clock.timestampNs();
      const replayNs = this.firstRecordedNs + ((now - this.startedAtNs) * this.speedScaled) / SPEED_SCALE;
      const maxBatch = this.opts.maxBatch ?? 100_000;
      let n = 0;
      while (this.pending && this.pending.tsEvent + this.offsetNs <= replayNs && n < maxBatch) {
        const item = this.restamp(this.pending, now);
        this.lastRecordedNs = this.pending.tsEvent;
        this.pending = this.pull();
        if (this.pending === undefined) this.nextPass();
        n++;
        this.emitted++;
        sink(item);
        if (this.sink !== sink) return; // stopped from inside the sink
      }
      if (this.done) this.stop();
    } catch (err) {
      this.error = err;
      this.stop();
      this.opts.onError?.(err);
    }
  }

  private nextPass(): void {
    if (this.opts.loop === false) {
      this.done = true;
      return;
    }
    this.offsetNs += this.lastRecordedNs - this.firstRecordedNs + (this.opts.loopGapNs ?? 1_000_000_000n);
    this.pass++;
    this.iterator = this.opts.open();
    this.pending = this.pull();
    if (this.pending === undefined) this.done = true;
  }

  private pull(): MarketData | undefined {
    const r = this.iterator!.next();
    return r.done ? undefined : r.value;
  }

  private restamp(d: MarketData, now: bigint): MarketData {
    const ts = this.opts.timestamps === 'recorded' ? d.tsEvent + this.offsetNs : now;
    if (this.pass > 0 && marketDataKind(d) === 'trade') {
      const t = d as TradeTick;
      return { ...t, tradeId: `${t.tradeId}-L${this.pass}`, tsEvent: ts, tsInit: ts };
    }
    return { ...d, tsEvent: ts, tsInit: ts };
  }
}
