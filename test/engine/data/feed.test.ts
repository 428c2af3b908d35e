import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/core/errors.js';
import { btcPerpBarsPath, createFeed, feedConfigSchema, marketDataKind, readBarsCsv, walkBar } from '../../../src/engine/data/index.js';
import type { Bar, MarketData, QuoteTick, TradeTick } from '../../../src/engine/model/market-data.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';

const instruments = new InstrumentProvider();
const btc = instruments.get('BTCUSDT-PERP.SIM');
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

function bar(open: string, high: string, low: string, close: string): Bar {
  return {
    barType: 'BTCUSDT-PERP.SIM-1-MINUTE-LAST',
    instrumentId: 'BTCUSDT-PERP.SIM',
    open: Price.from(open),
    high: Price.from(high),
    low: Price.from(low),
    close: Price.from(close),
    volume: Quantity.from('10.000'),
    tsEvent: 120_000_000_000n,
    tsInit: 120_000_000_000n,
  };
}
const prices = (out: MarketData[]) => out.filter((d) => marketDataKind(d) === 'trade').map((d) => (d as TradeTick).price.toString());

describe('bar path walk', () => {
  it('walks open→high→low→close for a rising bar, quotes one tick wide, bar last at its close time', () => {
    const out = walkBar(bar('100.0', '105.0', '99.0', '103.0'), btc);

    expect(out.map(marketDataKind)).toEqual(['quote', 'trade', 'quote', 'trade', 'quote', 'trade', 'quote', 'trade', 'bar']);
    expect(prices(out)).toEqual(['100.0', '105.0', '99.0', '103.0']);
    const q = out[0] as QuoteTick;
    expect([q.bid.toString(), q.ask.toString(), q.bidSize.toString()]).toEqual(['100.0', '100.1', '2.500']);
    expect(out.map((d) => d.tsEvent)).toEqual([75, 75, 90, 90, 105, 105, 120, 120, 120].map((s) => BigInt(s) * 1_000_000_000n));
    expect(out.filter((d) => marketDataKind(d) === 'trade').map((d) => (d as TradeTick).aggressorSide)).toEqual(['BUY', 'BUY', 'SELL', 'BUY']);
  });

  it('walks open→low→high→close when the close is below the open', () => {
    const out = walkBar(bar('100.0', '105.0', '99.0', '99.5'), btc);

    expect(prices(out)).toEqual(['100.0', '99.0', '105.0', '99.5']);
    expect((out[1] as TradeTick).aggressorSide).toBe('SELL');
  });

  it('walks the first real bar 46319.0 → 46385.0 → 46319.0 → 46377.0', () => {
    const first = readBarsCsv(btcPerpBarsPath()).next().value as Bar;

    expect(prices(walkBar(first, btc))).toEqual(['46319.0', '46385.0', '46319.0', '46377.0']);
  });
});

describe('replay feed on a hand-driven clock', () => {
  it('emits the first bar path within the first second at speed 60, stamped with the clock', () => {
    const clock = new TestClock(T0);
    const feed = createFeed({ kind: 'replay', source: 'btc-perp-1m', instrumentId: 'BTCUSDT-PERP.SIM' }, clock, instruments);
    const got: MarketData[] = [];

    feed.start((d) => got.push(d));
    clock.advanceTo(T0 + 750n * MS);

    // the path points sit 15 s apart (recorded) = 250 ms at speed 60; the bar at 750 ms
    expect(prices(got)).toEqual(['46319.0', '46385.0', '46319.0', '46377.0']);
    expect(got.map(marketDataKind).at(-1)).toBe('bar');
    expect(got[0]!.tsEvent).toBe(T0 + 50n * MS);
    expect(got.at(-1)!.tsEvent).toBe(T0 + 750n * MS);
    feed.stop();
    expect(clock.timerNames()).toEqual([]);
  });

  it('emits large batches per tick at very high speed', () => {
    const clock = new TestClock(T0);
    const feed = createFeed({ kind: 'replay', source: 'btc-perp-1m', instrumentId: 'BTCUSDT-PERP.SIM', speed: 60_000 }, clock, instruments);
    let bars = 0;

    feed.start((d) => {
      if (marketDataKind(d) === 'bar') bars++;
    });
    clock.advanceTo(T0 + 100n * MS); // two ticks: 100 ms × 60000 = 100 minutes of bars

    expect(bars).toBe(100);
    feed.stop();
  });

  it('loops: the recording starts again after its last row', () => {
    const clock = new TestClock(T0);
    // 9500 quotes spanning 6 h; at speed 1e6 one pass takes ~22 ms of clock time
    const feed = createFeed({ kind: 'replay', source: 'eurusd-quotes', instrumentId: 'EURUSD.SIM', speed: 1_000_000 }, clock, instruments);
    const got: QuoteTick[] = [];

    feed.start((d) => got.push(d as QuoteTick));
    clock.advanceTo(T0 + 50n * MS);

    expect(got.length).toBeGreaterThan(9500);
    expect(got[9500]!.bid.toString()).toBe('1.12120');
    feed.stop();
  });

  it('without loop, stops after the last row and releases its timer', () => {
    const clock = new TestClock(T0);
    const feed = createFeed({ kind: 'replay', source: 'eurusd-quotes', instrumentId: 'EURUSD.SIM', speed: 1_000_000, loop: false }, clock, instruments);
    let n = 0;

    feed.start(() => n++);
    clock.advanceTo(T0 + 200n * MS);

    expect(n).toBe(9500);
    expect(clock.timerNames()).toEqual([]);
  });
});

describe('random walk feed', () => {
  function run(seed: number): string[] {
    const clock = new TestClock(T0);
    const feed = createFeed({ kind: 'random-walk', instrumentId: 'AUDUSD.SIM', start: '0.70000', seed, intervalMs: 100 }, clock, instruments);
    const bids: string[] = [];
    feed.start((d) => {
      if (marketDataKind(d) === 'quote') bids.push((d as QuoteTick).bid.toString());
    });
    clock.advanceTo(T0 + 1000n * MS);
    feed.stop();
    return bids;
  }

  it('is the same sequence for the same seed, on the 0.00001 increment', () => {
    const a = run(42);
    const b = run(42);

    expect(a).toHaveLength(10);
    expect(b).toEqual(a);
    expect(a.every((p) => /^0\.\d{5}$/.test(p))).toBe(true);
    // every step moves at most two increments
    const steps = a.map((p, i) => Math.round((Number(p) - Number(i === 0 ? '0.70000' : a[i - 1])) * 1e5));
    expect(steps.every((s) => Math.abs(s) <= 2)).toBe(true);
  });

  it('differs for another seed', () => {
    expect(run(7)).not.toEqual(run(42));
  });
});

describe('feed config', () => {
  it('rejects a non-positive speed with FEED_CONFIG_INVALID', () => {
    const clock = new TestClock(T0);
    let err: unknown;
    try {
      createFeed({ kind: 'replay', source: 'btc-perp-1m', instrumentId: 'BTCUSDT-PERP.SIM', speed: 0 }, clock, instruments);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('FEED_CONFIG_INVALID');
  });

  it('the schema accepts the three kinds', () => {
    expect(feedConfigSchema.safeParse({ kind: 'none' }).success).toBe(true);
    expect(feedConfigSchema.safeParse({ kind: 'random-walk', instrumentId: 'AUDUSD.SIM', start: '0.7' }).success).toBe(true);
    expect(feedConfigSchema.safeParse({ kind: 'replay', source: 'x.csv' }).success).toBe(false);
  });
});
