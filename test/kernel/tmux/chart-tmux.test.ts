/**
 * The terminal chart in a real terminal: `npm start` in a detached tmux session of fixed size (120×45),
 * the demo strategy trading the replayed BTC bars, then `.chart BTCUSDT-PERP.SIM` and `.equity`. Waits
 * by polling the pane for a condition, never by sleeping a fixed time. Needs tmux.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_TMUX, tmux, tmuxPane } from './tmux-pane.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NAME = `keel-chart-test-${process.pid}`;
const WIDTH = 120;
const { waitForPane, type } = tmuxPane(NAME);

describe.skipIf(!HAS_TMUX)('the terminal chart in tmux (npm start)', () => {
  let home: string | undefined;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'keel-chart-tmux-'));
    tmux('new-session', '-d', '-s', NAME, '-x', String(WIDTH), '-y', '45', '-c', ROOT, '-e', `KEEL_REPL_HISTORY=${path.join(home, 'history')}`, 'npm start');
    await waitForPane((p) => p.trimEnd().endsWith('keel>'), 'the first prompt', 60_000);
  }, 90_000);

  afterAll(() => {
    if (HAS_TMUX) spawnSync('tmux', ['kill-session', '-t', NAME]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('.chart draws the replayed bars with asciichart, the fills marked and listed, the position beneath, within the terminal width', async () => {
    await type('node.addStrategy(new EmaCrossBracket({ manageContingentOrders: true }))');
    const deadline = performance.now() + 60_000;
    for (;;) {
      const out = await type("node.cache.orders().flatMap((o) => o.events).filter((e) => e.type === 'OrderFilled').length");
      if (Number(/(\d+)\s*\n/.exec(out)?.[1] ?? '0') > 0) break;
      if (performance.now() > deadline) throw new Error('no fill within 60 s of adding the demo strategy');
      await new Promise((r) => setTimeout(r, 500));
    }

    const out = await type('.chart BTCUSDT-PERP.SIM');
    const lines = out.split('\n');

    expect(out).toMatch(/BTCUSDT-PERP\.SIM · close · \d+ fills/);
    // asciichart's axis: a labelled row per price level.
    expect(lines.filter((l) => /^\s*\d+(\.\d+)?\s[┤┼]/.test(l)).length).toBeGreaterThanOrEqual(5);
    expect(out).toMatch(/[▲▼]/);
    expect(out).toMatch(/fills \(latest \d+ of \d+\):/);
    expect(out).toMatch(/[▲▼] \d\d:\d\d:\d\d (BUY|SELL) [\d.]+ @ [\d.]+ \(O-/);
    expect(out).toContain('position (net qty, now');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(WIDTH);
  }, 120_000);

  it('.equity draws the portfolio\'s equity curve', async () => {
    // The mirror's portfolio follows the node's fills within its 250 ms streaming spacing: ask again until it has.
    let out = await type('.equity');
    for (let i = 0; i < 20 && !/· [1-9]\d* points/.test(out); i++) out = await type('.equity');
    expect(out).toMatch(/equity USDT \(portfolio\) · \d+ points/);
    expect(out).toMatch(/now -?[\d.]+/);
  }, 30_000);
});
