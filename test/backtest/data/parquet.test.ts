import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openData,
  readBarsParquet,
  readQuotesParquet,
  writeBarsParquet,
  writeQuotesParquet,
} from '../../../src/backtest/data/index.js';
import type { EngineError } from '../../../src/engine/core/errors.js';
import { btcPerpBarsPath, readBarsCsv } from '../../../src/engine/data/bar-loader.js';
import { newLoadStats } from '../../../src/engine/data/load-options.js';
import { eurUsdQuotesPath, readQuotesCsv } from '../../../src/engine/data/quote-loader.js';
import type { Bar, QuoteTick } from '../../../src/engine/model/market-data.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function first<T>(values: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const v of values) {
    out.push(v);
    if (out.length === n) break;
  }
  return out;
}
const plainBar = (b: Bar) => ({ ...b, open: b.open.toString(), high: b.high.toString(), low: b.low.toString(), close: b.close.toString(), volume: b.volume.toString() });
const plainQuote = (q: QuoteTick) => ({ ...q, bid: q.bid.toString(), ask: q.ask.toString(), bidSize: q.bidSize.toString(), askSize: q.askSize.toString() });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('Parquet: keel writes and reads market data exactly', () => {
  it('writes recorded BTC bars to Parquet and reads back bar-for-bar identical values, one row group at a time', async () => {
    const bars = first(readBarsCsv(btcPerpBarsPath()), 2000);
    const path = join(dir, 'btc.parquet');

    const written = await writeBarsParquet(path, bars, { rowGroupSize: 300 });
    const back = await all(readBarsParquet(path));

    expect(written.rows).toBe(2000);
    expect(back.map(plainBar)).toEqual(bars.map(plainBar));
    expect(back[0]!.open.precision).toBe(1);
    expect(plainBar(back[1999]!)).toEqual(plainBar(bars[1999]!));
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([300, 300, 300, 300, 300, 300, 200]);
    expect(metadata.schema.map((s) => [s.name, s.type ?? null])).toEqual([
      ['root', null],
      ['bar_type', 'BYTE_ARRAY'],
      ['instrument_id', 'BYTE_ARRAY'],
      ['open', 'BYTE_ARRAY'],
      ['high', 'BYTE_ARRAY'],
      ['low', 'BYTE_ARRAY'],
      ['close', 'BYTE_ARRAY'],
      ['volume', 'BYTE_ARRAY'],
      ['ts_event', 'INT64'],
      ['ts_init', 'INT64'],
    ]);
  });

  it('round-trips the recorded EUR/USD quotes, and openData merges a Parquet file with a CSV by time', async () => {
    const quotes = first(readQuotesCsv(eurUsdQuotesPath()), 500);
    const path = join(dir, 'eurusd.parquet');
    await writeQuotesParquet(path, quotes, { rowGroupSize: 128, compression: 'UNCOMPRESSED' });

    const back = await all(readQuotesParquet(path));
    const merged = openData([path, eurUsdQuotesPath()], { to: quotes[1]!.tsEvent });
    const items = await all(merged);

    expect(back.map(plainQuote)).toEqual(quotes.map(plainQuote));
    expect(items.map((i) => [i.kind, i.source, i.data.tsEvent])).toEqual([
      ['quote', path, quotes[0]!.tsEvent],
      ['quote', eurUsdQuotesPath(), quotes[0]!.tsEvent],
      ['quote', path, quotes[1]!.tsEvent],
      ['quote', eurUsdQuotesPath(), quotes[1]!.tsEvent],
    ]);
    expect(merged.stats().sources.map((s) => [s.kind, s.delivered])).toEqual([
      ['quote', 2],
      ['quote', 2],
    ]);
  });

  it("reads others' Parquet: `timestamp` in milliseconds, prices as doubles, no instrument column (named by { path, instrumentId })", async () => {
    const path = join(dir, 'foreign.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'timestamp', data: [new Date('2022-01-01T00:00:00Z'), new Date('2022-01-01T00:01:00Z')], type: 'TIMESTAMP' },
        { name: 'open', data: [46000.5, 46001], type: 'DOUBLE' },
        { name: 'high', data: [46010.25, 46002], type: 'DOUBLE' },
        { name: 'low', data: [45990, 46000], type: 'DOUBLE' },
        { name: 'close', data: [46001, 46001.5], type: 'DOUBLE' },
        { name: 'volume', data: [12.5, 3], type: 'DOUBLE' },
      ],
    });
    const stats = newLoadStats();

    const bars = await all(readBarsParquet(path, { stats }));
    const viaSpec = await all(openData({ path, instrumentId: 'BTCUSDT-PERP.SIM', barType: 'BTC-5-MINUTE-LAST' }));

    expect(bars.map(plainBar)).toEqual([
      { barType: 'BTCUSDT-PERP.SIM-1-MINUTE-LAST', instrumentId: 'BTCUSDT-PERP.SIM', open: '46000.5', high: '46010.3', low: '45990.0', close: '46001.0', volume: '12.500', tsEvent: 1640995200000000000n, tsInit: 1640995200000000000n },
      { barType: 'BTCUSDT-PERP.SIM-1-MINUTE-LAST', instrumentId: 'BTCUSDT-PERP.SIM', open: '46001.0', high: '46002.0', low: '46000.0', close: '46001.5', volume: '3.000', tsEvent: 1640995260000000000n, tsInit: 1640995260000000000n },
    ]);
    expect(stats).toMatchObject({ rows: 2, skipped: 0, rounded: 1 });
    expect(viaSpec.map((i) => [i.kind, (i.data as Bar).barType])).toEqual([
      ['bar', 'BTC-5-MINUTE-LAST'],
      ['bar', 'BTC-5-MINUTE-LAST'],
    ]);
  });

  it('treats a Parquet row that does not fit as malformed (file and row), and refuses columns it cannot read as bars or quotes', async () => {
    const bad = join(dir, 'bad-row.parquet');
    parquetWriteFile({
      filename: bad,
      columnData: [
        { name: 'ts_event', data: [1n, 2n, 3n], type: 'INT64' },
        { name: 'bid', data: ['1.00000', 'x', '1.00002'], type: 'STRING' },
        { name: 'ask', data: ['1.00001', '1.00001', '1.00003'], type: 'STRING' },
      ],
    });
    const other = join(dir, 'other.parquet');
    parquetWriteFile({ filename: other, columnData: [{ name: 'symbol', data: ['BTC'], type: 'STRING' }] });

    const failed = await all(openData(bad)).catch((e: EngineError) => e);
    const skipping = openData(bad, { malformed: 'skip' });
    const kept = await all(skipping);
    const unknown = await all(openData(other)).catch((e: EngineError) => e);

    expect([(failed as EngineError).code, (failed as EngineError).message]).toEqual([
      'DATA_ROW_MALFORMED',
      "bad-row.parquet row 2: expected bid as a plain decimal number, received 'x'",
    ]);
    expect(kept.map((i) => [i.kind, i.data.instrumentId, i.data.tsEvent])).toEqual([
      ['quote', 'EURUSD.SIM', 1n],
      ['quote', 'EURUSD.SIM', 3n],
    ]);
    expect(skipping.stats().sources[0]!.skippedRows).toEqual([
      { file: 'bad-row.parquet', line: 2, reason: "bad-row.parquet row 2: expected bid as a plain decimal number, received 'x'" },
    ]);
    expect([(unknown as EngineError).code, (unknown as EngineError).message]).toEqual([
      'DATA_KIND_UNKNOWN',
      'other.parquet: expected bar columns (open, high, low, close, volume, ts_event) or quote columns (bid, ask, ts_event), received columns symbol',
    ]);
  });

  it('leaves out Parquet row groups that end before `from` (by their timestamp statistics) without reading them', async () => {
    const bars = first(readBarsCsv(btcPerpBarsPath()), 2000);
    const path = join(dir, 'btc-from.parquet');
    await writeBarsParquet(path, bars, { rowGroupSize: 300 });

    const stream = openData(path, { from: bars[1000]!.tsEvent });
    const items = await all(stream);

    expect(items.length).toBe(1000);
    expect(items[0]!.data.tsEvent).toBe(bars[1000]!.tsEvent);
    // Groups of rows 1-300, 301-600 and 601-900 were left out; the group holding row 1001 starts at 901.
    expect(stream.stats().sources[0]).toMatchObject({ rows: 1100, delivered: 1000, firstTs: bars[900]!.tsEvent });
  });
});
