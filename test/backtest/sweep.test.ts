import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/backtest/index.js';
import { combinations } from '../../src/backtest/sweep.js';
import { recordedBars as bars } from './recorded-bars.js';
import { isEngineError } from '../../src/engine/core/errors.js';
import { EmaCrossBracket } from '../../src/engine/strategy/examples/ema-cross-bracket.js';
import { Strategy } from '../../src/engine/strategy/strategy.js';


const data = bars(400);
const config = { manageContingentOrders: true };

describe('backtest.sweep', () => {
  it('combinations: every value of every key, first key slowest', () => {
    expect(combinations({ a: [1, 2], b: ['x', 'y', 'z'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
  });

  it('on worker threads: each row equals the same backtest run on its own; sorted best first; refused combinations listed', { timeout: 120_000 }, async () => {
    const grid = { fastPeriod: [5, 10, 20], slowPeriod: [20, 50] };
    const r = await backtest.sweep(EmaCrossBracket, { data, config, grid, workers: 2 });
    expect(r.workers).toBe(2);
    // fastPeriod 20 with slowPeriod 20 is refused by the strategy's own schema (fastPeriod < slowPeriod).
    expect(r.skipped.map((s) => s.params)).toEqual([{ fastPeriod: 20, slowPeriod: 20 }]);
    expect(r.skipped[0]!.reason).toMatch(/fastPeriod < slowPeriod/);
    expect(r.rows).toHaveLength(5);
    const returns = r.rows.map((row) => row.statistics.totalReturn);
    expect([...returns].sort((a, b) => b - a)).toEqual(returns);
    for (const row of r.rows) {
      const alone = await backtest(new EmaCrossBracket({ ...config, params: row.params }), { data });
      expect(row.statistics).toEqual(alone.statistics);
    }
    expect(r.best).toBeInstanceOf(EmaCrossBracket);
    expect(r.best!.params).toMatchObject(r.rows[0]!.params);
    expect(r.best!.isRegistered).toBe(false);
  });

  it('a class no worker can load runs in this thread, and says so', { timeout: 60_000 }, async () => {
    class Local extends Strategy<{ n: number }> {
      override onStart(): void { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }
    }
    const r = await backtest.sweep(Local as never, { data: data.slice(0, 20), grid: { n: [1, 2] } });
    expect(r.workers).toBe(0);
    expect(r.rows).toHaveLength(2);
    expect(r.note).toMatch(/Local is not exported by keel and no module was given/);
  });

  it('bad input: an empty grid, a value list that is not a list, a non-Strategy class', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isEngineError(e) ? `${e.code}: ${e.message}` : String(e)));
    expect(await code(backtest.sweep(EmaCrossBracket, { data, grid: {} }))).toMatch(/^BACKTEST_OPTIONS_INVALID: .*expected a grid with at least one parameter/);
    expect(await code(backtest.sweep(EmaCrossBracket, { data, grid: { fastPeriod: 5 as never } }))).toMatch(/expected grid.fastPeriod to be a non-empty list of values, received 5/);
    expect(await code(backtest.sweep(Date as never, { data, grid: { a: [1] } }))).toMatch(/^BACKTEST_STRATEGY_INVALID: .*expected a Strategy class/);
  });
});
