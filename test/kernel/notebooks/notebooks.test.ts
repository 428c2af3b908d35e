/**
 * Every notebook in notebooks/ executed top to bottom by Debian's `jupyter nbconvert --execute` on the
 * keel kernel (the committed kernelspec through JUPYTER_PATH), then checked on what it saved: no error
 * outputs, keel's HTML where the story shows engine values, and the values the story tells.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JUPYTER_DATA_DIR, skipJupyter } from '../jupyter/run-python.js';
import { cellWith, codeCells, errorsOf, htmlOf, nbconvert, readNotebook, resultText, sourceOf, streamText, type Cell, type Notebook, type Output } from './nbconvert.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const NOTEBOOKS = path.join(REPO, 'notebooks');
const FILES = readdirSync(NOTEBOOKS).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
const OUT = mkdtempSync(path.join(tmpdir(), 'keel-notebooks-'));
const runs = new Map<string, string>();
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));
/** A cell's first output of `type`, its MIME data with multi-line strings joined. */
function richOf(cell: Cell, type: Output['output_type']): Record<string, unknown> {
  const data = (cell.outputs ?? []).find((o) => o.output_type === type)?.data ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, k.endsWith('json') ? v : text(v)]));
}
const svgOf = (cell: Cell): string => String(richOf(cell, 'execute_result')['image/svg+xml'] ?? '');
/** The <path>s inside the SVG group of a named chart layer (Vega writes the layer's name into the class). */
function marksOf(svg: string, layer: string): number {
  const m = new RegExp(`<g class="[^"]*\\b${layer}_marks"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  return m ? (m[1]!.match(/<path/g) ?? []).length : -1;
}
const executed = (file: string): Notebook => readNotebook(path.join(OUT, file));

describe.skipIf(skipJupyter)('notebooks executed by jupyter nbconvert on the keel kernel', () => {
  beforeAll(async () => {
    // Two nbconvert processes, each running its notebooks one after another: the kernels mostly wait
    // on the venue, so two at a time fit the 2-core CI machine.
    const groups = [FILES.filter((_, i) => i % 2 === 0), FILES.filter((_, i) => i % 2 === 1)];
    const results = await Promise.all(groups.map((files) => nbconvert(files.map((f) => path.join(NOTEBOOKS, f)), {
      outDir: OUT, kernel: 'keel', jupyterPath: JUPYTER_DATA_DIR, cwd: REPO,
    })));
    groups.forEach((files, i) => { for (const f of files) runs.set(f, results[i]!.log); });
  }, 260_000);

  it('finds the numbered notebooks', () => {
    expect(FILES).toEqual(['01-quickstart.ipynb', '02-reconciliation.ipynb', '03-inflight-checks.ipynb',
      '04-contingent-orders.ipynb', '05-gtd-expiry.ipynb', '06-promotion.ipynb', '07-portfolio-and-risk.ipynb', '08-backtest.ipynb', '09-attach.ipynb']);
  });

  it.each(FILES)('%s runs every cell without an error output', (file) => {
    const nb = executed(file);

    const counts = codeCells(nb).map((c) => c.execution_count);

    expect(errorsOf(nb), runs.get(file)).toEqual([]);
    expect(counts.every((n) => typeof n === 'number'), runs.get(file)).toBe(true);
  });

  it('the notebooks use the session until() rather than each defining its own', () => {
    const defining = FILES.filter((f) => codeCells(readNotebook(path.join(NOTEBOOKS, f))).some((c) => /\b(const|let|function)\s+until\b/.test(sourceOf(c))));
    const using = FILES.filter((f) => codeCells(readNotebook(path.join(NOTEBOOKS, f))).some((c) => /\buntil\(/.test(sourceOf(c))));

    expect(defining).toEqual([]);
    expect(using.length).toBeGreaterThanOrEqual(4);
  });

  it('01 quickstart: the session is live, the inline strategy trades, the live orders view ends current', () => {
    const nb = executed('01-quickstart.ipynb');

    const liveHtml = htmlOf(cellWith(nb, 'live.orders()'));

    expect(resultText(cellWith(nb, 'node.state'))).toBe("'RUNNING'");
    expect(htmlOf(cellWith(nb, 'node.lastReconciliation'))[0]).toContain('STARTUP');
    // The view was shown once and updated in place: one output, holding the final state.
    expect(liveHtml).toHaveLength(1);
    expect(liveHtml[0]).toContain('<table');
    expect(liveHtml[0]).toContain('CANCELED');
    expect(liveHtml[0]).toContain('FirstBarBuyer-001');
    expect(htmlOf(cellWith(nb, "positions({ open: true })"))[0]).toContain('LONG');
    expect(resultText(cellWith(nb, '`${o.type} ${o.side} ${o.status}`'))).toBe("[ 'MARKET BUY FILLED', 'LIMIT BUY CANCELED' ]");
  });

  it('02 reconciliation: seeded state is reconciled, filtered and claimed', () => {
    const nb = executed('02-reconciliation.ipynb');

    const result = htmlOf(cellWith(nb, 'node2.lastReconciliation'))[0] ?? '';
    const orders = resultText(cellWith(nb, 'strategy=${o.strategyId}'));

    expect(result).toContain('succeeded');
    expect(result).toContain('O-FILLED');
    expect(orders).toContain('O-FILLED FILLED filled=20000 strategy=Keeper-002');
    expect(orders).toContain('O-PARTIAL CANCELED filled=4000 strategy=Keeper-002');
    expect(orders).toContain('V-SIM-V-HAND ACCEPTED filled=0 strategy=Keeper-002');
    expect(orders).not.toContain('O-GBP');
    expect(htmlOf(cellWith(nb, 'node2.cache.positions()'))[0]).toContain('16000');
    expect(resultText(cellWith(nb, '[again.trigger'))).toBe("[ 'MANUAL', true, 3 ]");
  });

  it('03 in-flight checks: dropped acks resolved by the check after a live threshold change', () => {
    const nb = executed('03-inflight-checks.ipynb');

    const refused = htmlOf(cellWith(nb, "inflightCheckRetries: 'many'"))[0] ?? '';

    expect(htmlOf(cellWith(nb, 'configure({ inflightCheckIntervalMs: 200'))[0]).toContain('inflightCheckThresholdMs');
    expect(refused).toContain('CONFIG_INVALID');
    expect(resultText(cellWith(nb, "inflightCheckRetries: 'many'"))).toBe('500');
    expect(resultText(cellWith(nb, "kind: 'drop-acks'"))).toMatch(/SUBMITTED in flight: true[\s\S]*SUBMITTED in flight: true/);
    expect(resultText(cellWith(nb, 'in-flight check to resolve'))).toMatch(/ACCEPTED in flight: false[\s\S]*ACCEPTED in flight: false/);
    expect(htmlOf(cellWith(nb, "kind: 'drop-acks'"))[0]).toContain('Manual-003');
    expect(resultText(cellWith(nb, 'cancels to be confirmed'))).toBe("[ 'CANCELED', 'CANCELED' ]");
  });

  it('04 contingent orders: OUO reduces then cancels, OCO cancels, the trees are drawn', () => {
    const nb = executed('04-contingent-orders.ipynb');

    const ouoTree = htmlOf(cellWith(nb, 'live4.tree(ouo.id)'));

    expect(ouoTree).toHaveLength(1);
    expect(ouoTree[0]).toContain('OUO');
    expect(resultText(cellWith(nb, 'the stop-loss to be reduced'))).toBe("[ 'PARTIALLY_FILLED', '5', '5', 'ACCEPTED' ]");
    expect(htmlOf(cellWith(nb, 'the stop-loss to be reduced'))[0]).toContain('PARTIALLY_FILLED');
    expect(resultText(cellWith(nb, "bid: '81.000', ask: '81.010' });\nawait"))).toBe("[ 'FILLED', 'CANCELED', 0 ]");
    expect(resultText(cellWith(nb, 'live4.tree(oco.id)'))).toBe("[ 'FILLED', 'FILLED', 'CANCELED' ]");
    expect(htmlOf(cellWith(nb, 'live4.tree(oco.id)'))[0]).toContain('OCO');
  });

  it('05 GTD expiry: the first order closes at its expire time, its timer goes, the other stays', () => {
    const nb = executed('05-gtd-expiry.ipynb');

    expect(resultText(cellWith(nb, 'both orders working'))).toMatch(/GTD-EXPIRY:O-\S+-005-005-1[\s\S]*GTD-EXPIRY:O-\S+-005-005-2/);
    expect(resultText(cellWith(nb, 'the first order to close'))).toBe("[ true, true, 'ACCEPTED', 1 ]");
    expect(resultText(cellWith(nb, 'the second order to be canceled'))).toBe("[ 'CANCELED', [] ]");
    expect(htmlOf(cellWith(nb, 'live5.orders()'))[0]).toContain('GTD');
  });

  it('06 promotion: the strategy from the cells becomes a node folder with the live config, runs headless and its journal reads back', () => {
    const nb = executed('06-promotion.ipynb');

    const source = streamText(cellWith(nb, "'strategy.ts'"));

    expect(resultText(cellWith(nb, 'promote(counter'))).toContain("[ 'strategy.ts', 'node.json', 'package.json', 'README.md' ]");
    expect(source).toContain('class BarCounter extends Strategy');
    expect(source).toContain("function lot(): Quantity");
    expect(resultText(cellWith(nb, 'nodeJson.execEngine'))).toContain('1500');
    expect(resultText(cellWith(nb, 'nodeJson.execEngine'))).toContain('KEEL_SIM_API_KEY');
    expect(resultText(cellWith(nb, 'promoted.command'))).toContain('keel node run');
    // The folder runs headless for a few seconds, stops on SIGTERM with exit code 0, logs JSON lines...
    expect(resultText(cellWith(nb, "run.kill('SIGTERM')"))).toContain("'exit code', 0, 'JSON log lines', true, true");
    // ...and its journal, read back here, holds its own orders under the promoted strategy's id.
    const journal = resultText(cellWith(nb, 'keel.openJournal(dir)'));
    expect(journal).toContain("'records',\n  true");
    expect(journal).toMatch(/'BarCounter-\d{3}'/);
    expect(journal).toContain("'start-up reconciliation ok',\n  true");
    expect(htmlOf(cellWith(nb, 'journal.orders({ strategyId'))[0]).toContain('BarCounter-');
  });

  it('07 portfolio and risk: the demo trades, the portfolio and the chart show it, a bad strategy trips the loss circuit breaker, the node resumes', () => {
    const nb = executed('07-portfolio-and-risk.ipynb');

    const liveView = htmlOf(cellWith(nb, 'live.portfolio()'));
    const summary = htmlOf(cellWith(nb, 'node.portfolio.summary() // per instrument'))[0] ?? '';
    const chart = (cellWith(nb, "chart('BTCUSDT-PERP.SIM')").outputs ?? []).find((o) => o.output_type === 'execute_result')?.data ?? {};
    const breaker = cellWith(nb, 'class Churner');
    const halted = cellWith(nb, "HALTED, with the breaker's reason");

    // The live portfolio view was shown once and updated in place, ending on the churned position.
    expect(liveView).toHaveLength(1);
    expect(liveView[0]).toContain('BTCUSDT-PERP.SIM');
    expect(summary).toContain('BTCUSDT-PERP.SIM');
    expect(summary).toContain('day&#39;s PnL');
    expect(summary).toMatch(/<span style="color:#(cf222e|1a7f37)[^"]*">-?\d+\.\d+ USDT<\/span>/);
    expect(Object.keys(chart).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    expect(String(chart['text/plain'])).toMatch(/BTCUSDT-PERP\.SIM · close · [2-9]\d* fills/);
    expect(resultText(breaker)).toBe("'HALTED'");
    expect(streamText(breaker, 'stderr')).toMatch(/LOSS CIRCUIT BREAKER TRIPPED: trading state ACTIVE -> HALTED \(loss circuit breaker: day PnL -[\d.]+ USDT at or below -[\d.]+ USDT\)/);
    expect(htmlOf(breaker)[0]).toContain('HALTED');
    expect(resultText(halted)).toMatch(/^Risk HALTED loss circuit breaker: day PnL -[\d.]+ USDT at or below -[\d.]+ USDT/);
    expect(resultText(halted)).toMatch(/daily loss USDT\s+[\d.]+\s+[\d.]+\s+[█░]{10} \d+%/);
    expect(htmlOf(halted)[0]).toContain('background:#cf222e;padding:0 4px;border-radius:3px;font-weight:600">HALTED</span>');
    expect(resultText(cellWith(nb, "c.source === 'circuit-breaker'"))).toContain('tradingState ACTIVE → HALTED');
    expect(resultText(cellWith(nb, 'await node.resume()'))).toContain('tradingState: HALTED → ACTIVE');
    expect(resultText(cellWith(nb, 'riskUsageOf(node).tradingState'))).toBe("'ACTIVE'");
  });

  it('08 backtest: the recorded bars backtested with a progress display, the summary and charts, a 2×2 sweep with its heat map, the best promoted, the result exported', () => {
    const nb = executed('08-backtest.ipynb');

    const run = cellWith(nb, 'await backtest(new EmaCrossBracket');
    const result = richOf(run, 'execute_result');
    const json = result['application/json'] as { statistics: { pnlNet: string; trades: number; startingEquity: string }; fills: unknown[]; events: number };
    const summary = String(result['text/html']);
    const progress = (run.outputs ?? []).filter((o) => o.output_type === 'display_data');
    const equitySvg = svgOf(cellWith(nb, 'charts.equity'));
    const priceSvg = svgOf(cellWith(nb, 'charts.prices[0]'));
    const sweep = richOf(cellWith(nb, 'backtest.sweep(EmaCrossBracket'), 'execute_result');
    const heat = richOf(cellWith(nb, 'sweepHeatMap(sweep'), 'execute_result');
    const promoted = cellWith(nb, 'promote(sweep.best');

    expect(resultText(cellWith(nb, 'readBarsCsv(btcPerpBarsPath())'))).toContain("10000,\n  'BTCUSDT-PERP.SIM',\n  '2021-12-31T23:01:00.000Z'");
    expect(json.events).toBe(10_000);
    // The progress display was shown once and updated in place, ending at 100 %.
    expect(progress).toHaveLength(1);
    expect(JSON.stringify(progress[0]!.data)).toMatch(/100%[\s\S]*10,000 events/);
    // The summary table holds the result's own figures.
    expect(json.statistics.trades).toBeGreaterThan(0);
    expect(summary).toContain('<table');
    expect(summary).toContain(`${json.statistics.pnlNet} USDT`);
    expect(summary).toContain(`${json.statistics.startingEquity} USDT`);
    expect(summary).toContain('max drawdown');
    // Equity over drawdown, and the price with one mark per fill.
    expect(marksOf(equitySvg, 'equity')).toBe(1);
    expect(marksOf(equitySvg, 'drawdown')).toBe(1);
    expect(marksOf(priceSvg, 'fills')).toBe(json.fills.length);
    // The sweep: four combinations, sorted by total return; the heat map has a cell for each.
    expect(String(sweep['text/plain'])).toMatch(/Sweep EmaCrossBracket · 4 combinations · sorted by totalReturn \(highest first\) · \d+ workers?/);
    expect((sweep['application/json'] as { rows: unknown[] }).rows).toHaveLength(4);
    expect(marksOf(String(heat['image/svg+xml']), 'heat')).toBe(4);
    expect(String(heat['text/plain'])).toContain('totalReturn by fastPeriod × slowPeriod');
    // The best instance promoted as keel's own class, its winning params in node.json.
    expect(htmlOf(promoted)[0]).toMatch(/Promoted EmaCrossBracket-008[\s\S]*keel&#39;s own[\s\S]*keel-08-[^/]+\/ema-best/);
    expect(resultText(cellWith(nb, 'nodeJson.strategies[0]'))).toMatch(/^\[\n  'EmaCrossBracket',\n  \{[\s\S]*fastPeriod: (5|10),\n    slowPeriod: (20|40),/);
    expect(resultText(cellWith(nb, 'backtest.export(result'))).toContain("'equity.csv',\n    'fills.csv',\n    'orders.csv',\n    'statistics.json',\n    'trades.csv'");
  });

  it('09 attach: the notebook starts a deployed node, attaches, shows its orders, changes a threshold audited as attach:operator, halts and resumes, detaches and stops it', () => {
    const nb = executed('09-attach.ipynb');

    const orders = htmlOf(cellWith(nb, 'remote.cache.orders({ strategyId'))[0];

    expect(resultText(cellWith(nb, 'nodeJson.control'))).toBe("[ 'TRADER-009', { enabled: true } ]");
    expect(resultText(cellWith(nb, "l.msg === 'control listening'"))).toMatch(/^'ws:\/\/127\.0\.0\.1:\d+'$/);
    expect(resultText(cellWith(nb, 'await attach(url'))).toBe("[ 'TRADER-009', 'operator', 'RUNNING' ]");
    expect(orders).toContain('RestingBid-009');
    expect(orders).toContain('ACCEPTED');
    expect(resultText(cellWith(nb, 'inflightCheckThresholdMs: 2500'))).toBe(
      "[\n  'execEngine',\n  'attach:operator',\n  [ { key: 'inflightCheckThresholdMs', before: 5000, after: 2500 } ]\n]");
    const halt = resultText(cellWith(nb, 'remote.halt('));
    expect(halt).toContain("[ 'HALTED', 'notebook demo: pause new orders' ],\n  'ACTIVE'");
    expect(halt).toContain("[ 'tradingState', 'attach:operator' ],\n    [ 'tradingState', 'attach:operator' ]");
    expect(resultText(cellWith(nb, 'remote.detach()'))).toBe("[ 'attached', false, 'node still running', true ]");
    expect(resultText(cellWith(nb, "run.kill('SIGTERM')"))).toBe("[ 'exit code', 0 ]");
    // The deployed node's shutdown (its policy cancels its bid) leaves nothing for this session to complain about.
    expect(streamText(cellWith(nb, "run.kill('SIGTERM')")) + streamText(cellWith(nb, "run.kill('SIGTERM')"), 'stderr')).toBe('');
  });
});
