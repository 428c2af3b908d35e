import { Price } from '../core/decimal.js';
import { msToNs, type Clock } from '../core/clock.js';
import type { OrderSide } from '../model/enums.js';
import type { Instrument } from '../model/instruments.js';
import { nextFeedTimerName, type MarketFeed } from './market-feed.js';
import { SeededRandom } from './prng.js';
import type { MarketData, QuoteTick, TradeTick } from '../model/market-data.js';

/**
 * A seeded random walk on the instrument's price increment: every `intervalMs` the price moves by
 * −2..+2 increments (never below one increment) and the feed emits a quote (bid = price, ask = price +
 * one increment) then a trade at the price (aggressor BUY on an up or flat step, SELL on a down step).
 * The same seed gives the same prices. Timestamps are the clock's now.
 */
export interface RandomWalkOptions {
  readonly instrument: Instrument;
  readonly start: string;
  readonly clock: Clock;
  readonly seed?: number;
  readonly intervalMs?: number;
}

export class RandomWalkFeed implements MarketFeed {
  private readonly timerName: string;
  private readonly rng: SeededRandom;
  private price: Price;
  private seq = 0;
  private sink: ((d: MarketData) => void) | undefined;

  constructor(private readonly opts: RandomWalkOptions) {
    this.rng = new SeededRandom(opts.seed ?? 1);
    this.price = Price.from(opts.start).roundTo(opts.instrument.priceIncrement);
    this.timerName = nextFeedTimerName('RANDOM-WALK', opts.instrument.id);
  }

  start(sink: (d: MarketData) => void): void {
    if (this.sink) return;
    this.sink = sink;
    this.opts.clock.setTimer(this.timerName, msToNs(this.opts.intervalMs ?? 1000), () => this.step());
  }

  stop(): void {
    if (!this.sink) return;
    this.sink = undefined;
    this.opts.clock.cancelTimer(this.timerName);
  }

  private step(): void {
    const sink = this.sink;
    if (!sink) return;
    const inc = this.opts.instrument.priceIncrement;
    const steps = this.rng.nextInt(-2, 2);
    let next = this.price.add(inc.mul(steps));
    if (next.lt(inc)) next = Price.from(inc);
    const side: OrderSide = steps < 0 ? 'SELL' : 'BUY';
    this.price = next;
    this.seq++;
    const now = this.opts.clock.timestampNs();
    const size = this.opts.instrument.sizeIncrement.mul(1000n);
    const quote: QuoteTick = {
      instrumentId: this.opts.instrument.id,
      bid: next,
      ask: next.add(inc),
      bidSize: size,
      askSize: size,
      tsEvent: now,
      tsInit: now,
    };
    const trade: TradeTick = {
      instrumentId: this.opts.instrument.id,
      price: next,
      size,
      aggressorSide: side,
      tradeId: `RW-${this.opts.instrument.id}-${this.seq}`,
      tsEvent: now,
      tsInit: now,
    };
    sink(quote);
    if (this.sink === sink) sink(trade);
  }
}
