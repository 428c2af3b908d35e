import type { Clock } from '../core/clock.js';
import type { MarketData } from '../model/market-data.js';
import type { MarketFeed } from './market-feed.js';

/**
 * Recorded data handed out one point at a time, when asked (`step`): no timer moves it. Each point is
 * stamped with the venue clock's now, as replayed data is (the venue's own times stay on one clock). The sandbox venue runs it in lockstep with a node (its admin's `step` control): the
 * next point goes out only once the node has dealt with the previous one, so a live node sees the data
 * exactly as a backtest of the same recording does, however slow or fast either side is.
 */
export class LockstepFeed implements MarketFeed {
  private iterator: Iterator<MarketData> | undefined;
  private sink: ((d: MarketData) => void) | undefined;
  /** Points emitted so far; true once the recording has ended. */
  emitted = 0;
  done = false;

  constructor(readonly instrumentId: string, private readonly open: () => Iterator<MarketData>, private readonly clock: Clock) {}

  start(sink: (d: MarketData) => void): void {
    if (this.sink) return;
    this.sink = sink;
    this.iterator ??= this.open();
  }

  stop(): void {
    this.sink = undefined;
  }

  /** Emit the next recorded point to the sink; undefined when the recording has ended (or the feed is stopped). */
  step(): MarketData | undefined {
    if (!this.sink || !this.iterator || this.done) return undefined;
    const r = this.iterator.next();
    if (r.done) {
      this.done = true;
      return undefined;
    }
    this.emitted += 1;
    const now = this.clock.timestampNs();
    const d = { ...r.value, tsEvent: now, tsInit: now };
    this.sink(d);
    return d;
  }
}
