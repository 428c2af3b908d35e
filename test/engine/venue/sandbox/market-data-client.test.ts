import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../../../../src/engine/core/live-clock.js';
import type { Bar, QuoteTick, TradeTick } from '../../../../src/engine/model/market-data.js';
import type { MarketDataSink } from '../../../../src/engine/execution/client.js';
import { SandboxVenue } from '../../../../src/sandbox/sandbox-venue.js';
import { SandboxMarketDataClient } from '../../../../src/engine/venue/sandbox/index.js';

class DataSink implements MarketDataSink {
  quotes: QuoteTick[] = [];
  trades: TradeTick[] = [];
  bars: Bar[] = [];
  private waiters: Array<() => void> = [];
  onQuote(q: QuoteTick): void {
    this.quotes.push(q);
    this.poke();
  }
  onTrade(t: TradeTick): void {
    this.trades.push(t);
    this.poke();
  }
  onBar(b: Bar): void {
    this.bars.push(b);
    this.poke();
  }
  until(cond: () => boolean, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`condition not met within ${ms} ms`)), ms);
      const check = () => {
        if (!cond()) return void this.waiters.push(check);
        clearTimeout(t);
        resolve();
      };
      check();
    });
  }
  private poke(): void {
    for (const f of this.waiters.splice(0)) f();
  }
}

const clock = new LiveClock();
let venue: SandboxVenue;
let client: SandboxMarketDataClient;
let sink: DataSink;

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM', 'BTCUSDT-PERP.SIM'] });
  sink = new DataSink();
  client = new SandboxMarketDataClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock, reconnect: { initialDelayMs: 20 } });
  client.setSink(sink);
});

afterEach(async () => {
  await client.disconnect();
  await venue.stop();
});

describe('SandboxMarketDataClient', () => {
  it('a subscription made before connect delivers quotes as QuoteTicks with exact decimals', async () => {
    client.subscribeQuotes('AUDUSD.SIM');
    await client.connect();
    await settleSubscriptions();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70000', ask: '0.70010' });
    await sink.until(() => sink.quotes.length === 1);

    const q = sink.quotes[0]!;
    expect([q.instrumentId, q.bid.toString(), q.ask.toString()]).toEqual(['AUDUSD.SIM', '0.70000', '0.70010']);
  });

  it('subscribes again after a reconnect', async () => {
    const states: string[] = [];
    await client.disconnect();
    client = new SandboxMarketDataClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock, reconnect: { initialDelayMs: 20 }, onConnectionState: (s) => states.push(s) });
    client.setSink(sink);
    await client.connect();
    client.subscribeQuotes('AUDUSD.SIM');

    venue.controls.fault({ kind: 'disconnect' });
    await until(() => states.includes('RECONNECTING') && states.at(-1) === 'CONNECTED');
    await settleSubscriptions();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.71000', ask: '0.71010' });
    await sink.until(() => sink.quotes.some((q) => q.bid.toString() === '0.71000'));

    expect(states).toEqual(['CONNECTING', 'CONNECTED', 'RECONNECTING', 'CONNECTED']);
  });

  it('unsubscribed quotes stop arriving', async () => {
    await client.connect();
    client.subscribeQuotes('AUDUSD.SIM');
    await settleSubscriptions();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70000', ask: '0.70010' });
    await sink.until(() => sink.quotes.length === 1);

    client.unsubscribeQuotes('AUDUSD.SIM');
    await settleSubscriptions();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70001', ask: '0.70011' });
    client.subscribeTrades('AUDUSD.SIM'); // a later round trip proves the quote would have arrived by now
    await settleSubscriptions();

    expect(sink.quotes.map((q) => q.bid.toString())).toEqual(['0.70000']);
    expect(client.subscribed).toEqual(['trades:AUDUSD.SIM']);
  });

  it('whenSubscribed resolves once the venue has answered every subscription (quotes and trades): data set next arrives', async () => {
    await client.connect();
    client.subscribeQuotes('AUDUSD.SIM');
    client.subscribeTrades('AUDUSD.SIM');

    await client.whenSubscribed();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.70002', ask: '0.70012' });
    await sink.until(() => sink.quotes.length === 1);

    expect(sink.quotes.map((q) => q.bid.toString())).toEqual(['0.70002']);
    expect(client.subscribed).toEqual(['quotes:AUDUSD.SIM', 'trades:AUDUSD.SIM']);
  });
});

/** Subscribe/unsubscribe are acknowledged asynchronously: one round trip on the same socket settles them. */
async function settleSubscriptions(): Promise<void> {
  const conn = (client as unknown as { conn: { request: (f: object, e: string[]) => Promise<unknown>; nextReqId: () => string } }).conn;
  await conn.request({ type: 'ping', reqId: conn.nextReqId() }, ['pong']);
}

async function until(cond: () => boolean): Promise<void> {
  // Polls a condition (not a fixed sleep): returns as soon as it holds, fails after ~5 s.
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not met');
}
