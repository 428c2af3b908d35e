import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { Bar, QuoteTick, TradeTick } from '../data/types.js';
import type { MarketDataClient, MarketDataSink } from '../execution/client.js';
import { splitInstrumentId } from '../model/instruments.js';

type Channel = 'quotes' | 'trades' | 'bars';

/**
 * Market data from the venues' data clients into the cache (latest quote) and onto the bus; venue
 * subscriptions are counted so the venue is asked once per instrument, and released with the last one.
 */
export class MarketDataRouter {
  private readonly clients = new Map<string, MarketDataClient>();
  private readonly counts = new Map<string, number>();
  quotesReceived = 0;

  constructor(private readonly bus: MessageBus, private readonly cache: Cache) {}

  addClient(client: MarketDataClient): void {
    this.clients.set(client.venue, client);
    client.setSink(this.sink());
  }

  sink(): MarketDataSink {
    return {
      onQuote: (q: QuoteTick) => {
        this.quotesReceived += 1;
        this.cache.addQuote(q);
        this.bus.publish(topics.quotes(q.instrumentId), q);
      },
      onTrade: (t: TradeTick) => this.bus.publish(topics.trades(t.instrumentId), t),
      onBar: (b: Bar) => this.bus.publish(topics.bars(b.barType), b),
    };
  }

  subscribe(channel: Channel, id: string, handler: (m: unknown) => void): () => void {
    const topic = channel === 'quotes' ? topics.quotes(id) : channel === 'trades' ? topics.trades(id) : topics.bars(id);
    const unsubscribe = this.bus.subscribe(topic, handler);
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
