import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import { exportResult } from '../../src/backtest/export.js';
import { computeStatistics } from '../../src/backtest/statistics.js';
import { isEngineError } from '../../src/engine/index.js';
import { END, equity, fills, resultWith, START, trades } from './fixtures.js';

const statistics = computeStatistics({ equity, trades, fills, startingEquity: '10000', currency: 'USD', start: START, end: END });
const base = resultWith(statistics);
// A strategy id with a comma and quotes: CSV must quote it and double the quotes.
const result = { ...base, fills: base.fills.map((f, i) => (i === 0 ? { ...f, strategyId: 'Ema "fast", slow' } : f)) };

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'keel-export-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return isEngineError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

describe('exportResult', () => {
  it('csv: orders, fills, trades, equity and statistics.json in one call, quoting commas and quotes', async () => {
    const dir = join(tempDir(), 'out', 'run-1'); // created, parents included
    const files = await exportResult(result, { dir, format: 'csv' });
    expect(files.paths.map((p) => p.slice(dir.length + 1))).toEqual(['orders.csv', 'fills.csv', 'trades.csv', 'equity.csv', 'statistics.json']);
    expect(files.parquet).toBeUndefined();
    const fillsCsv = readFileSync(files.csv!.fills, 'utf8').split('\n');
    expect(fillsCsv[0]).toBe('ts,ts_ns,client_order_id,trade_id,strategy_id,instrument_id,position_id,side,order_type,quantity,price,commission,commission_currency,liquidity_side');
    expect(fillsCsv[1]).toBe('2024-01-01T02:00:00.000Z,1704074400000000000,O-1,T-1,"Ema ""fast"", slow",BTCUSDT-PERP.SIM,P-1,BUY,MARKET,1,100,0.75,USD,TAKER');
    expect(fillsCsv.length).toBe(1 + 5 + 1); // header, 5 fills, final newline
    const tradesCsv = readFileSync(files.csv!.trades, 'utf8').split('\n');
    // The open trade has no exit: empty fields.
    expect(tradesCsv[4]).toBe('P-4,EmaCross-001,BTCUSDT-PERP.SIM,LONG,1,2024-01-03T12:00:00.000Z,1704283200000000000,,,100,,0,0,USD,false');
    expect(readFileSync(files.csv!.equity, 'utf8')).toBe(
      'ts,ts_ns,equity\n2024-01-01T12:00:00.000Z,1704110400000000000,10100\n2024-01-02T06:00:00.000Z,1704175200000000000,10300\n' +
        '2024-01-02T18:00:00.000Z,1704218400000000000,9999\n2024-01-03T18:00:00.000Z,1704304800000000000,10198.98\n',
    );
    expect(JSON.parse(readFileSync(files.statistics, 'utf8'))).toMatchObject({ pnlNet: '198.98', commissions: '2.75', trades: 3, averageWin: '100.25' });
  });

  it('parquet: the same tables read back with hyparquet (exact decimals as text, nanoseconds as INT64, nulls where absent)', async () => {
    const dir = tempDir();
    const files = await exportResult(result, { dir, format: 'parquet' });
    expect(files.csv).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['equity.parquet', 'fills.parquet', 'orders.parquet', 'statistics.json', 'trades.parquet']);
    const read = async (path: string): Promise<Record<string, unknown>[]> => parquetReadObjects({ file: await asyncBufferFromFile(path) });
    const eq = await read(files.parquet!.equity);
    expect(eq.map((r) => [r['ts_ns'], r['equity']])).toEqual([
      [1704110400000000000n, '10100'], [1704175200000000000n, '10300'], [1704218400000000000n, '9999'], [1704304800000000000n, '10198.98'],
    ]);
    const fl = await read(files.parquet!.fills);
    expect(fl.length).toBe(5);
    expect(fl[0]).toMatchObject({ strategy_id: 'Ema "fast", slow', price: '100', commission: '0.75', side: 'BUY' });
    const tr = await read(files.parquet!.trades);
    expect(tr.map((t) => [t['position_id'], t['realized_pnl'], t['closed'], t['exit_ts_ns']])).toEqual([
      ['P-1', '120.50', true, 1704103200000000000n], ['P-2', '-40.25', true, 1704196800000000000n], ['P-3', '80.00', true, 1704225600000000000n], ['P-4', '0', false, null],
    ]);
    const or = await read(files.parquet!.orders);
    expect(or.map((o) => o['client_order_id'])).toEqual(['O-1', 'O-2', 'O-3', 'O-4', 'O-5']);
  });

  it("'both' writes the two formats", async () => {
    const files = await exportResult(result, { dir: tempDir(), format: 'both' });
    expect(files.paths.length).toBe(9);
    expect(Object.keys(files.csv!)).toEqual(['orders', 'fills', 'trades', 'equity']);
    expect(Object.keys(files.parquet!)).toEqual(['orders', 'fills', 'trades', 'equity']);
  });

  it('bad format or folder: an error with a code, and nothing written', async () => {
    const parent = tempDir();
    const target = join(parent, 'never');
    expect(await codeOf(exportResult(result, { dir: target, format: 'xlsx' as never }))).toBe(
      "EXPORT_FORMAT_INVALID: exportResult: expected format 'csv', 'parquet' or 'both', received \"xlsx\"",
    );
    expect(existsSync(target)).toBe(false);
    expect(await codeOf(exportResult(result, { dir: '' }))).toBe('EXPORT_DIR_INVALID: exportResult: expected dir to be a folder path, received ""');
    const file = join(parent, 'a-file');
    writeFileSync(file, 'x');
    expect(await codeOf(exportResult(result, { dir: file }))).toBe(`EXPORT_DIR_INVALID: exportResult: expected dir to be a folder, received a file: ${file}`);
    expect(readdirSync(parent)).toEqual(['a-file']);
  });
});
