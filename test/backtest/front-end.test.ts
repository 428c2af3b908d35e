/**
 * A backtest in front ends: a cell's interrupt stops it at the next data point and the cell shows the
 * partial result (not an interrupt error); progress reaches the REPL's bar and a notebook's display.
 */
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../src/kernel/eval/index.js';
import { installProgressDisplay, notebookProgress, terminalProgress } from '../../src/kernel/display/progress-display.js';
import { btcPerpBarsPath } from '../../src/engine/data/bar-loader.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let remove: (() => void) | undefined;
afterEach(() => remove?.());

// The recorded BTC month; the cells count bars and would take far longer than the test to finish.
const SETUP = `
import { backtest, Strategy } from 'keel';
class SlowCounter extends Strategy { seen = 0; onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); } onBar() { this.seen += 1; } }
`;

describe('backtest in a cell', () => {
  it('an interrupt stops it at the next data point; the cell shows the partial result', { timeout: 60_000 }, async () => {
    const evaluator = createEvaluator({ cwd: here });
    await evaluator.evaluate(SETUP);
    const ac = new AbortController();
    // The interrupt comes with the first progress report, mid-run (the whole month takes ~2 s: a timer would race it).
    remove = installProgressDisplay(() => ({ update: () => ac.abort(), finish: () => undefined }));
    const cell = await evaluator.evaluate(`const partial = await backtest(new SlowCounter({}), { data: ${JSON.stringify(btcPerpBarsPath())}, progressEveryMs: 20 }); partial`, { signal: ac.signal });
    const r = cell.value as { interrupted: boolean; events: number };
    expect(r.interrupted).toBe(true);
    expect(r.events).toBeGreaterThan(0);
    expect(r.events).toBeLessThan(44_000);
  });

  it('progress goes to the installed display: updates while it runs, one finish with every event', { timeout: 60_000 }, async () => {
    const shown: { bundle: Record<string, string>; opts: { displayId: string; update: boolean } }[] = [];
    remove = installProgressDisplay(notebookProgress((bundle, opts) => shown.push({ bundle, opts })));
    const evaluator = createEvaluator({ cwd: here });
    await evaluator.evaluate(SETUP);
    const cell = await evaluator.evaluate(`await backtest(new SlowCounter({}), { data: ${JSON.stringify(btcPerpBarsPath())}, to: '2022-01-03T00:00:00Z', progressEveryMs: 20 })`);
    const events = (cell.value as { events: number }).events;
    expect(shown.length).toBeGreaterThan(1);
    expect(new Set(shown.map((s) => s.opts.displayId)).size).toBe(1);
    expect(shown[0]!.opts.update).toBe(false);
    expect(shown.slice(1).every((s) => s.opts.update)).toBe(true);
    const last = shown.at(-1)!.bundle;
    expect(last['text/plain']).toMatch(new RegExp(`^backtest SlowCounter: done · ${events.toLocaleString('en-US')} events · [\\d,]+/s · sim 2022-01-03 00:00:00Z`));
    expect(last['text/html']).toContain('<progress max="100" value="100"></progress> 100%');
  });

  it('the REPL bar draws on its stream', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const bar = terminalProgress(out)('backtest X-000');
    const p = { events: 1200, eventsPerSec: 40_000, simTime: '2022-01-01T00:20:00.000Z', fraction: 0.5, orders: 3, fills: 2, done: false };
    bar.update(p);
    bar.finish({ ...p, events: 2400, fraction: 1, done: true });
    expect(text).toContain('backtest X-000 [');
    expect(text).toContain('100% · 2,400 events · 40,000/s · sim 2022-01-01 00:20:00Z · 3 orders · 2 fills');
  });
});
