import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openData, type BacktestData, type DataStream } from '../../../src/backtest/data/index.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { EngineError } from '../../../src/engine/core/errors.js';
import type { Bar } from '../../../src/engine/model/market-data.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-bad-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'timestamp,open,high,low,close,volume';
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const bar = (ts: bigint): Bar => ({
  barType: 'A.SIM-1-MINUTE-LAST',
  instrumentId: 'A.SIM',
  open: Price.from('1.0'),
  high: Price.from('1.0'),
  low: Price.from('1.0'),
  close: Price.from('1.0'),
  volume: Quantity.from('1'),
  tsEvent: ts,
  tsInit: ts,
});

async function drain(stream: DataStream): Promise<number> {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}
async function failure(stream: DataStream): Promise<EngineError> {
  try {
    await drain(stream);
  } catch (err) {
    return err as EngineError;
  }
  throw new Error('expected the stream to fail');
}
function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    return err as EngineError;
  }
  throw new Error('expected a throw');
}

describe('openData: bad inputs', () => {
  it('fails on a source that goes back in time, naming the source, the line and both timestamps', async () => {
    const path = file(
      'backwards.csv',
      `${HEADER}\n2022-01-01 00:01:00.000000,46000.0,46000.0,46000.0,46000.0,1.000\n2022-01-01 00:00:00.000000,46000.0,46000.0,46000.0,46000.0,1.000\n`,
    );

    const err = await failure(openData(path, { malformed: 'skip' }));

    expect(err.code).toBe('DATA_OUT_OF_ORDER');
    expect(err.message).toBe(
      `${path}, line 3: expected a tsEvent at or after the previous line's (line 2: 1640995260000000000 = 2022-01-01T00:01:00.000Z), received 1640995200000000000 = 2022-01-01T00:00:00.000Z`,
    );
    expect(err.details).toMatchObject({ source: path, line: 3, previousTs: '1640995260000000000', ts: '1640995200000000000' });
  });

  it('fails on an in-memory source out of order, naming the item', async () => {
    const err = await failure(openData([[bar(10n), bar(20n), bar(15n)], [bar(12n)]]));

    expect(err.code).toBe('DATA_OUT_OF_ORDER');
    expect(err.message).toContain('items #0, item 3: expected a tsEvent at or after the previous item\'s (item 2: 20 = ');
    expect(err.message).toContain('received 15 = ');
  });

  it('fails fast on a row that does not parse by default (the loaders\' policy), with file:line', async () => {
    const path = file('bad-row.csv', `${HEADER}\n2022-01-01 00:00:00.000000,46000.0,46000.0,46000.0,46000.0,1.000\n2022-01-01 00:01:00.000000,abc,46000.0,46000.0,46000.0,1.000\n`);

    const err = await failure(openData(path));

    expect(err.code).toBe('DATA_ROW_MALFORMED');
    expect(err.message).toBe(
      "bad-row.csv:3: expected open as a plain decimal number, received 'abc' in row '2022-01-01 00:01:00.000000,abc,46000.0,46000.0,46000.0,1.000'",
    );
  });

  it("skips and counts rows that do not parse under malformed: 'skip', keeping file:line and reason", async () => {
    const path = file(
      'skips.csv',
      `${HEADER}\n2022-01-01 00:00:00.000000,46000.0,46000.0,46000.0,46000.0,1.000\nnot,a,row\n2022-01-01 00:02:00.000000,46000.0,45000.0,46000.0,46000.0,1.000\n2022-01-01 00:03:00.000000,46000.0,46000.0,46000.0,46000.0,1.000\n`,
    );
    const stream = openData(path, { malformed: 'skip' });

    const delivered = await drain(stream);

    expect(delivered).toBe(2);
    const stats = stream.stats();
    expect(stats.skipped).toBe(2);
    expect(stats.sources[0]!.skippedRows).toEqual([
      { file: 'skips.csv', line: 3, reason: "skips.csv:3: expected 6 columns (timestamp,open,high,low,close,volume), received 3 columns in row 'not,a,row'" },
      {
        file: 'skips.csv',
        line: 4,
        reason: "skips.csv:4: expected high >= open, low and close, received high 45000.0 in row '2022-01-01 00:02:00.000000,46000.0,45000.0,46000.0,46000.0,1.000'",
      },
    ]);
  });

  it('refuses a file whose kind cannot be told, an unknown extension, and a value that is no data', async () => {
    const odd = file('odd.csv', 'symbol,price\nBTC,1\n');
    const txt = file('bars.txt', `${HEADER}\n`);

    const kind = await failure(openData(odd));
    const ext = thrown(() => openData(txt));
    const value = thrown(() => openData(42 as unknown as BacktestData));
    const item = await failure(openData([[{ tsEvent: 1n, foo: 1 }] as unknown as Bar[]]));

    expect([kind.code, kind.message]).toEqual([
      'DATA_KIND_UNKNOWN',
      "odd.csv:1: expected the bar header 'timestamp,open,high,low,close,volume' or a quote row 'YYYYMMDD HHMMSSmmm,bid,ask,0', received 'symbol,price'",
    ]);
    expect([ext.code, ext.message]).toEqual(['DATA_KIND_UNKNOWN', `${txt}: expected a .csv or .parquet file, received '.txt'`]);
    expect([value.code, value.message]).toEqual([
      'DATA_KIND_UNKNOWN',
      'data #0: expected a file path, { path, instrumentId?, barType?, kind? }, or an (async) iterable of Bar/QuoteTick/TradeTick, received 42 (number)',
    ]);
    expect([item.code, item.message]).toEqual(['DATA_KIND_UNKNOWN', 'items #0, item 1: expected a Bar, QuoteTick or TradeTick (with a bigint tsEvent), received [object Object]']);
  });

  it('refuses a missing file before reading anything', () => {
    const missing = join(dir, 'nope.parquet');

    const err = thrown(() => openData([[bar(1n)], missing]));

    expect([err.code, err.message]).toEqual(['DATA_FILE_UNREADABLE', `expected a readable data file at ${missing}, received no such file`]);
  });

  it('refuses a bad from/to: not a time, an impossible date, from after to, an invalid Date', () => {
    const text = thrown(() => openData([bar(1n)], { from: 'yesterday' }));
    const feb30 = thrown(() => openData([bar(1n)], { to: '2022-02-30' }));
    const reversed = thrown(() => openData([bar(1n)], { from: '2022-01-02', to: '2022-01-01' }));
    const badDate = thrown(() => openData([bar(1n)], { from: new Date('x') }));
    const number = thrown(() => openData([bar(1n)], { from: 5 as unknown as bigint }));

    expect(text.code).toBe('DATA_TIME_BOUND_INVALID');
    expect(text.message).toBe(
      "from: expected a Date, an ISO 8601 time ('2022-01-05', '2022-01-05T12:00:00Z') or nanoseconds since the epoch (bigint), received 'yesterday'",
    );
    expect([feb30.code, feb30.message.endsWith("received '2022-02-30'")]).toEqual(['DATA_TIME_BOUND_INVALID', true]);
    expect([reversed.code, reversed.message]).toEqual([
      'DATA_TIME_BOUND_INVALID',
      'expected from <= to, received from 1641081600000000000 ns after to 1640995200000000000 ns',
    ]);
    expect([badDate.code, badDate.message.endsWith('received an invalid Date')]).toEqual(['DATA_TIME_BOUND_INVALID', true]);
    expect([number.code, number.message.endsWith('received 5 (number)')]).toEqual(['DATA_TIME_BOUND_INVALID', true]);
  });

  it("refuses a malformed policy other than 'skip'/'fail', and a second iteration of one stream", async () => {
    const policy = thrown(() => openData([bar(1n)], { malformed: 'ignore' as 'skip' }));
    const stream = openData([bar(1n)]);
    await drain(stream);
    const again = await failure(stream);

    expect([policy.code, policy.message]).toEqual(['DATA_OPTIONS_INVALID', "malformed: expected 'skip' or 'fail', received 'ignore'"]);
    expect([again.code, again.message]).toEqual(['DATA_STREAM_CONSUMED', 'expected a data stream to be iterated once, received a second iteration (call openData again)']);
  });
});
