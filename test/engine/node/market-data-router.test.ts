import { describe, expect, it } from 'vitest';
import { MessageBus } from '../../../src/engine/bus/message-bus.js';
import { Cache } from '../../../src/engine/cache/cache.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { QuoteTick } from '../../../src/engine/model/market-data.js';
import type { MarketDataClient, MarketDataSink } from '../../../src/engine/execution/client.js';
import { MarketDataRouter } from '../../../src/engine/node/market-data-router.js';

/** A data client that records venue (un)subscriptions. */
class FakeData implements MarketDataClient {
  readonly clientId = 'SIM';
  readonly venue = 'SIM';
  readonly calls: string[] = [];
  sink?: MarketDataSink;
  setSink(sink: MarketDataSink): void { this.sink = sink; }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  subscribeQuotes(id: string): void { this.calls.push(`sub:${id}`); }
  subscribeTrades(id: string): void { this.calls.push(`subT:${id}`); }
  subscribeBars(id: string): void { this.calls.push(`subB:${id}`); }
  unsubscribeQuotes(id: string): void { this.calls.push(`unsub:${id}`); }
  unsubscribeTrades(id: string): void { this.calls.push(`unsubT:${id}`); }
  unsubscribeBars(id: string): void { this.calls.push(`unsubB:${id}`); }
}

function quote(bid: string, ask: string): QuoteTick {
  return { instrumentId: 'AUDUSD.SIM', bid: Price.from(bid), ask: Price.from(ask), bidSize: Quantity.from('1'), askSize: Quantity.from('1'), tsEvent: 1n, tsInit: 1n };
}

/** A router whose deferred hand-overs run only when the test flushes them. */
function setup() {
  const deferred: Array<() => void> = [];
  const router = new MarketDataRouter(new MessageBus(), new Cache(), undefined, (fn) => deferred.push(fn));
  const data = new FakeData();
  router.addClient(data);
  const flush = () => { for (const fn of deferred.splice(0)) fn(); };
  return { router, data, flush, deferred };
}

const show = (qs: QuoteTick[]) => qs.map((q) => `${q.bid.toString()}/${q.ask.toString()}`);

describe('MarketDataRouter: a subscriber joining an open venue subscription', () => {
  it('gets the latest cached quote once, later (not inside subscribe), and the first subscriber does not get it again', () => {
    const { router, data, flush } = setup();
    const first: QuoteTick[] = [];
    const second: QuoteTick[] = [];
    router.subscribe('quotes', 'AUDUSD.SIM', (q) => first.push(q as QuoteTick));
    data.sink!.onQuote(quote('0.99990', '1.00010'));

    router.subscribe('quotes', 'AUDUSD.SIM', (q) => second.push(q as QuoteTick));
    const beforeFlush = second.length;
    flush();
    flush();

    expect(beforeFlush).toBe(0);
    expect(show(second)).toEqual(['0.99990/1.00010']);
    expect(show(first)).toEqual(['0.99990/1.00010']);
    expect(data.calls).toEqual(['sub:AUDUSD.SIM']);
  });

  it('hands over the quote that is latest when it runs, and nothing when a live quote reached the subscriber first', () => {
    const { router, data, flush } = setup();
    router.subscribe('quotes', 'AUDUSD.SIM', () => {});
    data.sink!.onQuote(quote('0.99990', '1.00010'));
    const got: QuoteTick[] = [];
    router.subscribe('quotes', 'AUDUSD.SIM', (q) => got.push(q as QuoteTick));

    data.sink!.onQuote(quote('0.99995', '1.00015'));
    flush();

    expect(show(got)).toEqual(['0.99995/1.00015']);
  });

  it('hands nothing to a subscriber that unsubscribed before the hand-over, nor to the first subscriber of an instrument', () => {
    const { router, data, flush, deferred } = setup();
    const first: QuoteTick[] = [];
    data.sink!.onQuote(quote('0.99990', '1.00010')); // cached from an earlier subscription: the venue will send a snapshot
    router.subscribe('quotes', 'AUDUSD.SIM', (q) => first.push(q as QuoteTick));
    const queuedForFirst = deferred.length;
    const late: QuoteTick[] = [];
    const unsubscribe = router.subscribe('quotes', 'AUDUSD.SIM', (q) => late.push(q as QuoteTick));
    unsubscribe();
    flush();

    expect([queuedForFirst, first.length, late.length]).toEqual([0, 0, 0]);
  });
});
