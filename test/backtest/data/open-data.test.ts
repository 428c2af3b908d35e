import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openData, type DataItem } from '../../../src/backtest/data/index.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import { btcPerpBarsPath, readBarsCsv } from '../../../src/engine/data/bar-loader.js';
import { eurUsdQuotesPath } from '../../../src/engine/data/quote-loader.js';
import type { Bar, QuoteTick, TradeTick } from '../../../src/engine/model/market-data.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-open-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bar = (instrumentId: string, ts: bigint, close = '100.0'): Bar => ({
  barType: `${instrumentId}-1-MINUTE-LAST`,
  instrumentId,
  open: Price.from(close),
  high: Price.from(close),
  low: Price.from(close),
  close: Price.from(close),
  volume: Quantity.from('1'),
  tsEvent: ts,
  tsInit: ts,
});
const quote = (instrumentId: string, ts: bigint): QuoteTick => ({
  instrumentId,
  bid: Price.from('1.00000'),
  ask: Price.from('1.00010'),
  bidSize: Quantity.from('1'),
  askSize: Quantity.from('1'),
  tsEvent: ts,
  tsInit: ts,
});
const trade = (instrumentId: string, ts: bigint): TradeTick => ({
  instrumentId,
  price: Price.from('1.0'),
  size: Quantity.from('1'),
  aggressorSide: 'BUY',
  tradeId: `T-${ts}`,
  tsEvent: ts,
  tsInit: ts,
});

function firstBars(n: number): Bar[] {
  const out: Bar[] = [];
  for (const b of readBarsCsv(btcPerpBarsPath())) {
    out.push(b);
    if (out.length === n) break;
  }
  return out;
}

async function collect(stream: AsyncIterable<DataItem>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of stream) out.push(`${item.data.tsEvent}:${item.kind}:${item.data.instrumentId}:${item.source}`);
  return out;
}

async function* slowly<T>(values: T[]): AsyncGenerator<T> {
  for (const v of values) {
    await new Promise((r) => setImmediate(r));
    yield v;
  }
}

describe('openData: one time-ordered stream from every source', () => {
  it('merges an array, a generator and an async iterable by tsEvent, tagging each item with its kind and source', async () => {
    const bars = [bar('A.SIM', 10n), bar('A.SIM', 30n)];
    function* quotes(): Generator<QuoteTick> {
      yield quote('B.SIM', 20n);
      yield quote('B.SIM', 40n);
    }
    const trades = slowly([trade('C.SIM', 5n), trade('C.SIM', 35n)]);

    const items = await collect(openData([bars, quotes(), trades]));

    expect(items).toEqual([
      '5:trade:C.SIM:items #2',
      '10:bar:A.SIM:items #0',
      '20:quote:B.SIM:items #1',
      '30:bar:A.SIM:items #0',
      '35:trade:C.SIM:items #2',
      '40:quote:B.SIM:items #1',
    ]);
  });

  it('orders equal timestamps by the order the sources were given, then by each source\'s own order', async () => {
    const first = [bar('Z.SIM', 10n), bar('Y.SIM', 10n), bar('Z.SIM', 20n)];
    const second = [quote('A.SIM', 10n), quote('A.SIM', 20n)];

    const forward = await collect(openData([first, second]));
    const reversed = await collect(openData([second, first]));

    expect(forward).toEqual([
      '10:bar:Z.SIM:items #0',
      '10:bar:Y.SIM:items #0',
      '10:quote:A.SIM:items #1',
      '20:bar:Z.SIM:items #0',
      '20:quote:A.SIM:items #1',
    ]);
    expect(reversed).toEqual([
      '10:quote:A.SIM:items #0',
      '10:bar:Z.SIM:items #1',
      '10:bar:Y.SIM:items #1',
      '20:quote:A.SIM:items #0',
      '20:bar:Z.SIM:items #1',
    ]);
  });

  it('takes one array of values as one source, and the loaders\' { bars } / { quotes } results', async () => {
    const one = await collect(openData([bar('A.SIM', 1n), bar('A.SIM', 2n)]));
    const loaded = await collect(openData([{ bars: [bar('A.SIM', 3n)] }, { quotes: [quote('B.SIM', 1n)] }]));

    expect(one).toEqual(['1:bar:A.SIM:items #0', '2:bar:A.SIM:items #0']);
    expect(loaded).toEqual(['1:quote:B.SIM:items #1', '3:bar:A.SIM:items #0']);
  });

  it('reads the recorded BTC bars and EUR/USD quotes CSVs by path, telling them apart by header / first row', async () => {
    const to = '2020-01-01T17:00:10.498Z';
    const stream = openData([btcPerpBarsPath(), eurUsdQuotesPath()], { to });

    const items: DataItem[] = [];
    for await (const item of stream) items.push(item);

    expect(items.map((i) => [i.kind, i.data.instrumentId, i.data.tsEvent])).toEqual([
      ['quote', 'EURUSD.SIM', 1577898000065000000n],
      ['quote', 'EURUSD.SIM', 1577898010447000000n],
      ['quote', 'EURUSD.SIM', 1577898010498000000n],
    ]);
    const quote0 = items[0]!.data as QuoteTick;
    expect([quote0.bid.toString(), quote0.ask.toString()]).toEqual(['1.12120', '1.12172']);
    // Past `to`, both sources stop being read: only their first batch was counted.
    const stats = stream.stats();
    expect(stats.delivered).toBe(3);
    expect(stats.sources.map((s) => [s.kind, s.rows <= 4096])).toEqual([
      ['bar', true],
      ['quote', true],
    ]);
  });

  it('filters by from/to on tsEvent (Date, ISO text or ns; `to` inclusive) and reports first/last ts', async () => {
    const bars = [10n, 20n, 30n, 40n, 50n].map((ts) => bar('A.SIM', ts));

    const byNs = openData(bars, { from: 20n, to: 40n });
    const ns = await collect(byNs);
    const byIso = await collect(openData(firstBars(5), { from: '2021-12-31T23:02:00Z', to: new Date('2021-12-31T23:04:00Z') }));

    expect(ns).toEqual(['20:bar:A.SIM:items #0', '30:bar:A.SIM:items #0', '40:bar:A.SIM:items #0']);
    expect(byNs.stats()).toMatchObject({ delivered: 3, firstTs: 20n, lastTs: 40n, skipped: 0 });
    expect(byNs.stats().sources[0]).toMatchObject({ source: 'items #0', kind: 'bar', rows: 5, delivered: 3, firstTs: 10n, lastTs: 50n });
    expect(byIso.map((s) => s.split(':')[0])).toEqual(['1640991720000000000', '1640991780000000000', '1640991840000000000']);
  });

  it('counts rows per source and hands the same items out by batches()', async () => {
    const path = join(dir, 'quotes.csv');
    writeFileSync(path, '20200101 170000065,1.12161,1.12162,0\n20200101 170000177,1.12161,1.12163,0\n');

    const stream = openData([path, [bar('BTCUSDT-PERP.SIM', 1577898000100000000n, '46000.0')]]);
    const batches: string[][] = [];
    for await (const b of stream.batches()) batches.push(b.map((i) => `${i.kind}@${i.data.tsEvent}`));

    expect(batches.flat()).toEqual(['quote@1577898000065000000', 'bar@1577898000100000000', 'quote@1577898000177000000']);
    expect(stream.stats().sources.map((s) => [s.source, s.kind, s.rows, s.delivered, s.instrumentIds])).toEqual([
      [path, 'quote', 2, 2, ['EURUSD.SIM']],
      ['items #1', 'bar', 1, 1, ['BTCUSDT-PERP.SIM']],
    ]);
  });

  it('releases every source when the consumer stops early (break out of for await)', async () => {
    const released: string[] = [];
    async function* tracked(name: string, values: QuoteTick[]): AsyncGenerator<QuoteTick> {
      try {
        for (const v of values) yield v;
      } finally {
        released.push(name);
      }
    }
    const stream = openData([tracked('a', [quote('A.SIM', 1n), quote('A.SIM', 3n)]), tracked('b', [quote('B.SIM', 2n), quote('B.SIM', 4n)])]);

    const seen: bigint[] = [];
    for await (const item of stream) {
      seen.push(item.data.tsEvent);
      if (seen.length === 2) break;
    }

    expect(seen).toEqual([1n, 2n]);
    expect(released.sort()).toEqual(['a', 'b']);
  });
});
