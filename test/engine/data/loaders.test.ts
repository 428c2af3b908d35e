import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/core/errors.js';
import {
  btcPerpBarsPath,
  loadBarsCsv,
  loadBtcPerpBars,
  loadEurUsdQuotes,
  loadQuotesCsv,
  newLoadStats,
  readBarsCsv,
} from '../../../src/engine/data/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'keel-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function writeTmp(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}
function caught(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected a throw');
}

describe('BTC perpetual 1-minute bars (real file)', () => {
  it('loads every bar with exact decimals at the instrument precision', () => {
    const { bars, stats } = loadBtcPerpBars();

    expect(bars).toHaveLength(45031);
    expect(stats.skipped).toBe(0);
    const first = bars[0]!;
    expect(first.instrumentId).toBe('BTCUSDT-PERP.SIM');
    expect(first.barType).toBe('BTCUSDT-PERP.SIM-1-MINUTE-LAST');
    expect([first.open, first.high, first.low, first.close].map(String)).toEqual(['46319.0', '46385.0', '46319.0', '46377.0']);
    expect(first.volume.toString()).toBe('2300413.730');
    // 2021-12-31 23:01:00 UTC
    expect(first.tsEvent).toBe(1640991660000000000n);
    expect(bars.at(-1)!.close.toString()).toBe('38544.0');
  });

  it('rounds interpolated prices finer than the 0.1 tick half away from zero, and counts them', () => {
    const stats = newLoadStats();
    const bars = [...readBarsCsv(btcPerpBarsPath(), { stats })];

    // Row 244 of the file: 46821.75,46830.5,46809.0,46810.75
    const bar = bars.find((b) => b.tsEvent === 1641006180000000000n)!;
    expect([bar.open, bar.high, bar.low, bar.close].map(String)).toEqual(['46821.8', '46830.5', '46809.0', '46810.8']);
    expect(stats.rounded).toBeGreaterThan(0);
  });
});

describe('EUR/USD quotes (real file)', () => {
  it('loads the headerless packed-timestamp rows', () => {
    const { quotes, stats } = loadEurUsdQuotes();

    expect(quotes).toHaveLength(9500);
    expect(stats.rounded).toBe(0);
    const q = quotes[0]!;
    expect(q.instrumentId).toBe('EURUSD.SIM');
    expect(q.bid.toString()).toBe('1.12120');
    expect(q.ask.toString()).toBe('1.12172');
    expect(q.bidSize.toString()).toBe('1000000');
    // 2020-01-01 17:00:00.065 UTC
    expect(q.tsEvent).toBe(1577898000065000000n);
  });
});

describe('malformed rows', () => {
  const header = 'timestamp,open,high,low,close,volume\n';

  it('names file, line, expected and received for a bad number', () => {
    const p = writeTmp('bad-number.csv', `${header}2022-01-01 00:00:00.000000,1.0,2.0,0.5,1.5,10\n2022-01-01 00:01:00.000000,1.0,abc,0.5,1.5,10\n`);

    const e = caught(() => loadBarsCsv(p));

    expect(e).toBeInstanceOf(EngineError);
    expect(e.code).toBe('DATA_ROW_MALFORMED');
    expect(e.details).toMatchObject({ file: 'bad-number.csv', line: 3, expected: 'high as a plain decimal number', received: "'abc'" });
    expect(e.message).toBe(
      "bad-number.csv:3: expected high as a plain decimal number, received 'abc' in row '2022-01-01 00:01:00.000000,1.0,abc,0.5,1.5,10'",
    );
  });

  it('rejects a wrong column count, a bad date, high below low and time going backwards', () => {
    const cases: Array<[string, string]> = [
      ['2022-01-01 00:00:00.000000,1.0,2.0,0.5,1.5', '6 columns (timestamp,open,high,low,close,volume)'],
      ['2022-02-30 00:00:00.000000,1.0,2.0,0.5,1.5,1', 'a valid calendar date and time'],
      ['2022-01-01T00:00:00,1.0,2.0,0.5,1.5,1', "a timestamp 'YYYY-MM-DD HH:MM:SS.ffffff'"],
      ['2022-01-01 00:00:00.000000,1.0,0.4,0.5,0.45,1', 'high >= open, low and close'],
    ];
    for (const [row, expected] of cases) {
      const e = caught(() => loadBarsCsv(writeTmp('case.csv', header + row + '\n')));
      expect(e.details.expected).toBe(expected);
    }
    const back = writeTmp('back.csv', `${header}2022-01-01 00:01:00,1,1,1,1,1\n2022-01-01 00:00:00,1,1,1,1,1\n`);
    expect(caught(() => loadBarsCsv(back)).details).toMatchObject({ line: 3, expected: 'a timestamp after the previous row' });
  });

  it('rejects a file without the bar header', () => {
    const e = caught(() => loadBarsCsv(writeTmp('nohdr.csv', '2022-01-01 00:00:00,1,1,1,1,1\n')));

    expect(e.code).toBe('DATA_HEADER_MALFORMED');
  });

  it('skips and counts malformed rows when asked', () => {
    const p = writeTmp('quotes.csv', '20200101 170000065,1.121200,1.121720,0\n20200101 1700x0065,1.1,1.2,0\n20200101 170001000,1.121300,1.121200,0\n20200101 170002000,1.121210,1.121730,0\n');

    const { quotes, stats } = loadQuotesCsv(p, { onMalformed: 'skip' });

    expect(quotes.map((q) => q.bid.toString())).toEqual(['1.12120', '1.12121']);
    expect(stats).toMatchObject({ rows: 2, skipped: 2 });
    expect(stats.skippedErrors.map((e) => [e.details.line, e.details.expected])).toEqual([
      [2, "a timestamp 'YYYYMMDD HHMMSSmmm'"],
      [3, 'bid <= ask'],
    ]);
  });

  it('with strictPrecision, a price finer than the tick is malformed', () => {
    const p = writeTmp('fine.csv', `${header}2022-01-01 00:00:00,46821.75,46830.5,46809.0,46810.75,1\n`);

    const e = caught(() => loadBarsCsv(p, { strictPrecision: true }));

    expect(e.details).toMatchObject({ line: 2, expected: 'open with at most 1 decimal places', received: "'46821.75'" });
  });

  it('a missing file is DATA_FILE_UNREADABLE', () => {
    expect(caught(() => loadBarsCsv(join(tmp, 'nope.csv'))).code).toBe('DATA_FILE_UNREADABLE');
  });
});
