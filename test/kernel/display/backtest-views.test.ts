import { describe, expect, it } from 'vitest';
import type { BacktestStatistics, SweepResult } from '../../../src/backtest/result-types.js';
import { computeStatistics } from '../../../src/backtest/statistics.js';
import { isEngineError } from '../../../src/engine/index.js';
import { chartBundle, chartSpec, chartText } from '../../../src/kernel/display/chart/index.js';
import { backtestCharts, backtestPriceChart, renderHtml, renderText, sweepHeatMap, toMimeBundle } from '../../../src/kernel/display/index.js';
import { END, equity, fills, resultWith, START, trades } from '../../backtest/fixtures.js';

const statistics = computeStatistics({ equity, trades, fills, startingEquity: '10000', currency: 'USD', start: START, end: END });
const result = resultWith(statistics);

/** The <path>s inside the SVG group of the named layer (Vega writes the layer's name into the group's class). */
function marksOf(svg: string, layer: string): number {
  const m = new RegExp(`<g class="[^"]*\\b${layer}_marks"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  return m ? (m[1]!.match(/<path/g) ?? []).length : -1;
}

// The hand-computed figures of test/backtest/statistics.test.ts, as the display writes them.
const FIGURES = [
  ['PnL (net of fees)', '198.98 USD'], ['total return', '1.99 %'], ['annualised return', '1036.93 %'], ['Sharpe (daily, annualised)', '8.34'],
  ['Sortino (daily, annualised)', '22.06'], ['max drawdown', '2.92 %'], ['max drawdown duration', '1d 17h'], ['trades (closed)', '3'],
  ['win rate', '66.67 %'], ['profit factor', '4.98'], ['average win', '100.25 USD'], ['average loss', '-40.25 USD'],
  ['commissions', '2.75 USD'], ['exposure time', '54.93 %'], ['ending equity', '10198.98 USD'],
] as const;

describe('backtest-result view', () => {
  it('text: a header, the summary table with the hand-computed figures, and the trades table', () => {
    const text = renderText(result, { colors: false })!;
    const lines = text.split('\n');
    expect(lines[0]).toBe('Backtest EmaCross(fast=10, slow=20) on SIM');
    for (const [label, value] of FIGURES) {
      const line = lines.find((l) => l.startsWith(label));
      expect(line, label).toBeDefined();
      expect(line!.trimEnd().endsWith(value), `${label}: ${line}`).toBe(true);
    }
    expect(text).toContain('Trades 4 round trips'); // one still open
    expect(lines.find((l) => l.startsWith('P-2'))!.replace(/\s+/g, ' ')).toBe('P-2 ETHUSDT-PERP.SIM SHORT 1 2024-01-02 00:00:00 2024-01-02 12:00:00 100 101 -40.25 1.00');
    expect(lines.find((l) => l.startsWith('P-4'))).toContain('open');
  });

  it('HTML holds the same figures; application/json carries the data', () => {
    const html = renderHtml(result)!;
    for (const [label, value] of FIGURES) {
      expect(html).toContain(label);
      expect(html).toContain(value);
    }
    const bundle = toMimeBundle(result)!;
    expect(bundle['application/json']).toMatchObject({ kind: 'backtest-result', statistics: { pnlNet: '198.98', trades: 3, profitFactor: statistics.profitFactor } });
  });

  it('a long trades table shows the first and last 10 with the count of the rest between', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...trades[0]!, positionId: `P-${String(i + 1).padStart(2, '0')}` }));
    const text = renderText({ ...result, trades: many }, { colors: false })!;
    expect(text).toContain('25 round trips, first and last 10');
    expect(text).toContain('P-10');
    expect(text).not.toContain('P-11 ');
    expect(text).not.toContain('P-15 ');
    expect(text).toContain('⋮ 5 more');
    expect(text).toContain('P-16');
    expect(text).toContain('P-25');
  });

  it('no trades, nulls and an interrupted run', () => {
    const empty = computeStatistics({ equity: [], trades: [], fills: [], startingEquity: '10000', currency: 'USD', start: START, end: START });
    const text = renderText({ ...result, trades: [], statistics: empty, interrupted: true }, { colors: false })!;
    expect(text.split('\n')[0]).toBe('Backtest EmaCross(fast=10, slow=20) on SIM INTERRUPTED (partial result)');
    expect(text).toContain('no trades');
    expect(text.split('\n').find((l) => l.startsWith('profit factor'))!.trimEnd().endsWith('—')).toBe(true);
  });
});

describe('backtest charts', () => {
  it('price with entries/exits: one fill mark per fill in the SVG (3 buys ▲, 2 sells ▼), the price line from result.prices', { timeout: 30_000 }, async () => {
    const chart = backtestPriceChart(result);
    expect(chart.instrumentId).toBe('BTCUSDT-PERP.SIM');
    expect(chart.price.kind === 'samples' && chart.price.samples.length).toBe(8);
    const bundle = await chartBundle(chart);
    expect(marksOf(bundle['image/svg+xml'], 'fills')).toBe(5);
    const spec = bundle['application/vnd.vegalite.v5+json'] as { vconcat: { layer: { name: string; data: { values: { side?: string }[] } }[] }[] };
    const fillLayer = spec.vconcat[0]!.layer.find((l) => l.name === 'fills')!;
    expect(fillLayer.data.values.map((v) => v.side)).toEqual(['BUY', 'SELL', 'BUY', 'SELL', 'BUY']);
    const markerRow = bundle['text/plain'].split('\n').find((l) => l.includes('▲') && !l.includes('@'))!;
    expect([...markerRow].filter((c) => c === '▲').length).toBe(3);
    expect([...markerRow].filter((c) => c === '▼').length).toBe(2);
    expect(bundle['text/plain']).toContain('BTCUSDT-PERP.SIM · price · 5 fills');
  });

  it('equity + drawdown: from the starting equity, drawdown below the running peak; Vega-Lite, SVG and text', { timeout: 30_000 }, async () => {
    const { equity: chart, prices } = backtestCharts(result);
    expect(prices.length).toBe(1);
    expect(chart.points.map((p) => p.equity)).toEqual([10000, 10100, 10300, 9999, 10198.98]);
    // 9999 / 10300 - 1 and 10198.98 / 10300 - 1
    expect(chart.points.map((p) => Number(p.drawdown.toFixed(6)))).toEqual([0, 0, 0, -0.029223, -0.009808]);
    const bundle = await chartBundle(chart);
    expect(marksOf(bundle['image/svg+xml'], 'equity')).toBe(1);
    expect(marksOf(bundle['image/svg+xml'], 'drawdown')).toBe(1);
    expect(bundle['text/plain']).toContain('equity USD · EmaCross-001 · 5 points');
    expect(bundle['text/plain']).toContain('drawdown % (worst -2.92 %)');
  });
});

function sweepRow(fast: number, slow: number, sharpe: number | null, totalReturn: number): SweepResult['rows'][number] {
  return { params: { fast, slow }, errors: fast === 20 && slow === 50 ? 1 : 0, statistics: { ...statistics, sharpe, totalReturn } as BacktestStatistics };
}

const sweep: SweepResult = {
  kind: 'sweep-result', className: 'EmaCross', grid: { fast: [5, 10, 20], slow: [20, 50] }, sortBy: 'sharpe', descending: true, workers: 2, wallMs: 900,
  // Deliberately unsorted; one run without a Sharpe.
  rows: [sweepRow(5, 20, 0.5, 0.01), sweepRow(10, 20, 1.5, 0.03), sweepRow(20, 20, null, 0), sweepRow(5, 50, -0.25, -0.02), sweepRow(10, 50, 2.25, 0.05), sweepRow(20, 50, 1, 0.02)],
};

describe('sweep-result', () => {
  it('a table sorted by its statistic, best first, undefined last', () => {
    const text = renderText(sweep, { colors: false })!;
    const lines = text.split('\n');
    expect(lines[0]).toBe('Sweep EmaCross · 6 combinations · sorted by sharpe (highest first) · 2 workers · 900 ms');
    const body = lines.slice(3).map((l) => l.trim().split(/\s+/).slice(0, 4).join(' '));
    expect(body).toEqual(['1 10 50 2.25', '2 10 20 1.50', '3 20 50 1.00', '4 5 20 0.50', '5 5 50 -0.25', '6 20 20 —']);
    expect(renderHtml(sweep)).toContain('2.25');
  });

  it('heat map: one cell per combination, rendered three ways', { timeout: 30_000 }, async () => {
    const map = sweepHeatMap(sweep);
    expect(map.cells.length).toBe(6);
    expect(map.cells.map((c) => `${c.x}/${c.y}=${String(c.value)}`)).toEqual(['5/20=0.5', '10/20=1.5', '20/20=null', '5/50=-0.25', '10/50=2.25', '20/50=1']);
    const spec = chartSpec(map) as { layer: { name: string }[]; data: { values: unknown[] } };
    expect(spec.layer.map((l) => l.name)).toEqual(['heat', 'heat_labels']);
    expect(spec.data.values.length).toBe(6);
    const bundle = await chartBundle(map);
    expect(marksOf(bundle['image/svg+xml'], 'heat')).toBe(6);
    expect(chartText(map)).toBe(
      ['EmaCross: sharpe by fast × slow', 'slow \\ fast      5     10  20', '20             0.5    1.5   —', '50           -0.25  2.25*   1', '(* highest sharpe)'].join('\n'),
    );
  });

  it('heat map of a lower-is-better statistic marks the lowest; a bad axis is an error with a code', () => {
    const map = sweepHeatMap(sweep, { statistic: 'totalReturn', x: 'slow', y: 'fast' });
    expect(map.best).toBe('highest');
    expect(sweepHeatMap(sweep, { statistic: 'maxDrawdown' }).best).toBe('lowest');
    expect(map.xValues).toEqual(['20', '50']);
    try {
      sweepHeatMap(sweep, { x: 'fast', y: 'fast' });
      expect.unreachable();
    } catch (e) {
      expect(isEngineError(e) && `${e.code}: ${e.message}`).toBe('SWEEP_HEATMAP_PARAMS: heat map: expected two different parameters of the grid (fast, slow), received x=fast y=fast');
    }
  });
});
