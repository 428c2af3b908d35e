import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import { noopLogger } from '../core/logger.js';
import type { Logger } from '../core/logger.js';
import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';
import type { MarketDataClient, MarketDataSink } from '../execution/client.js';
import { splitInstrumentId } from '../model/instruments.js';

type Channel = 'quotes' | 'trades' | 'bars';

/** Sees market data before the strategies do (the node's portfolio). */
export interface MarketDataObserver {
  onQuote(q: QuoteTick): void;
  onBar(b: Bar): void;
}

/**
 * Market data from the venues' data clients into the cache (latest quote) and onto the bus; venue
 * subscriptions are counted so the venue is asked once per instrument, and released with the last one.
 *
 * A quote subscriber that joins a venue subscription already open (e.g. the one start-up reconciliation
 * opens for position instruments) gets no venue snapshot: the venue sent it to the first subscriber.
 * So the latest cached quote is handed to that new subscriber alone, once, on a later microtask (never
 * re-entrantly inside `subscribe`, so a strategy subscribing in `onStart` gets it after `onStart`
 * returns) and only if no live quote reached it first and it is still subscribed.
 */
export class MarketDataRouter {
  private readonly clients = new Map<string, MarketDataClient>();
  private readonly counts = new Map<string, number>();
  quotesReceived = 0;
  private observer: MarketDataObserver | undefined;

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    private readonly log: Logger = noopLogger,
    /** Defers the hand-over of a cached quote; injectable for tests. */
    private readonly defer: (fn: () => void) => void = queueMicrotask,
  ) {}

  /** Hand every quote and bar to `observer` (the portfolio) after the cache and before the bus's subscribers. */
  observe(observer: MarketDataObserver | undefined): void {
    this.observer = observer;
  }

  addClient(client: MarketDataClient): void {
    this.clients.set(client.venue, client);
    client.setSink(this.sink());
  }

  sink(): MarketDataSink {
    return {
      onQuote: (q: QuoteTick) => {
        this.quotesReceived += 1;
        this.cache.addQuote(q);
        this.observer?.onQuote(q);
        this.bus.publish(topics.quotes(q.instrumentId), q);
      },
      onTrade: (t: TradeTick) => this.bus.publish(topics.trades(t.instrumentId), t),
      onBar: (b: Bar) => {
        this.observer?.onBar(b);
        this.bus.publish(topics.bars(b.barType), b);
      },
    };
  }

  subscribe(channel: Channel, id: string, handler: (m: unknown) => void): () => void {
    const topic = channel === 'quotes' ? topics.quotes(id) : channel === 'trades' ? topics.trades(id) : topics.bars(id);
    let live = false;
    const unsubscribe = this.bus.subscribe(topic, (m) => {
      live = true;
      handler(m);
    });
    const key = `${channel}:${id}`;
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    const client = this.clientFor(id);
    if (n === 0 && client) {
      if (channel === 'quotes') client.subscribeQuotes(id);
      else if (channel === 'trades') client.subscribeTrades(id);
      else client.subscribeBars(id);
    }
    let done = false;
    if (n > 0 && channel === 'quotes') {
      this.defer(() => {
        if (done || live) return;
        const latest = this.cache.quote(id);
        if (latest === undefined) return;
        try {
          handler(latest);
        } catch (error) {
          // Like a throwing bus handler: logged, never thrown out of a microtask.
          this.log.error('quote handler failed on the latest cached quote', { instrumentId: id, error: error instanceof Error ? error.message : String(error) });
        }
      });
    }
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) return void this.counts.set(key, left);
      this.counts.delete(key);
      if (!client) return;
      if (channel === 'quotes') client.unsubscribeQuotes(id);
      else if (channel === 'trades') client.unsubscribeTrades(id);
      else client.unsubscribeBars(id);
    };
  }

  private clientFor(id: string): MarketDataClient | undefined {
    // Bar types are `{instrumentId}-{step}-{unit}-{side}`: the venue is the part after the instrument's dot.
    const cut = id.indexOf('-', id.lastIndexOf('.'));
    const instrumentId = cut < 0 ? id : id.slice(0, cut);
    try {
      return this.clients.get(splitInstrumentId(instrumentId).venue);
    } catch {
      return undefined;
    }
  }
}
