/** `.backtest` over a real session (embedded venue, the node in its own process) and in-cell `backtest(...)`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl, type DrivenSessionRepl } from '../session/drive-session-repl.js';

let session: Session;
let r: DrivenSessionRepl;

beforeAll(async () => {
  session = await createSession({ replaySpeed: 60, configSource: 'repl' });
  r = await driveSessionRepl(session, {});
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

// One line: the REPL reads a multi-line class line by line.
const COUNTER = "class BarCounter extends keel.Strategy { seen = 0; onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); } onBar() { this.seen += 1; if (this.seen % 50 === 0) this.submitOrder(this.orderFactory.market({ instrumentId: 'BTCUSDT-PERP.SIM', side: this.seen % 100 === 0 ? 'SELL' : 'BUY', quantity: keel.Quantity.from('0.010') })); } }";

describe('.backtest', () => {
  it('backtests the session strategy (a class from a cell) as configured, over the recorded bars, and shows the result', { timeout: 90_000 }, async () => {
    await r.send(COUNTER);
    await r.send("await node.addStrategy(new BarCounter({ orderIdTag: '007' }))");
    const out = await r.send('.backtest BarCounter-007 bars=400');
    expect(out).toContain('Backtest BarCounter() on SIM');
    // 400 bars from the recording's first: an order every 50th bar, 8 fills, 4 round trips.
    expect(out).toContain('2021-12-31T23:01:00.000Z → 2022-01-01T05:40:00.000Z · 400 events · 8 orders · 8 fills');
    expect(out).toMatch(/trades \(closed\)\s+4\n/);
    expect(out).toContain('2021-12-31 23:50:00  2022-01-01 00:40:00');
    // The live strategy is untouched by its backtest.
    expect(await r.send('node.strategies[0].state')).toContain('RUNNING');
  });

  it('refuses an unknown strategy id and an unknown option, naming what it expected', { timeout: 30_000 }, async () => {
    expect(await r.send('.backtest Nope-001')).toMatch(/expected a strategy id of this session \(.*BarCounter-007.*\), received Nope-001/);
    expect(await r.send('.backtest BarCounter-007 speed=3')).toMatch(/expected one of from=, to=, data=, bars=, received 'speed=3'/);
  });

  it('a cell calls keel.backtest(...) and an empty data set is refused with its code', { timeout: 60_000 }, async () => {
    const out = await r.send("await keel.backtest(new BarCounter({}), { data: [] }).catch((e) => e.code)");
    expect(out).toContain('BACKTEST_OPTIONS_INVALID');
  });
});
