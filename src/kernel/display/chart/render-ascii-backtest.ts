/**
 * The backtest's charts as text: the equity plot over a short drawdown plot, and a sweep's heat map as a
 * grid of values (a terminal has no colour scale worth reading; the best cell is marked).
 */
import type { EquityDrawdownChart, HeatMap } from './chart-model.js';
import { hhmmss, plotWith, priceRows, resample, terminalColumns, type AsciiOptions } from './ascii-plot.js';
import { formatCell } from './render-vegalite-backtest.js';

const ymdhm = (ms: number): string => `${new Date(ms).toISOString().slice(0, 10)} ${hhmmss(ms).slice(0, 5)}`;

export function equityDrawdownText(chart: EquityDrawdownChart, options: AsciiOptions = {}): string {
  const head = `${chart.label} · ${chart.points.length} points`;
  if (chart.points.length === 0) return `${head}\n(no equity samples)`;
  const t0 = chart.points[0]!.ts;
  const t1 = chart.points.at(-1)!.ts;
  const width = Math.max(10, terminalColumns(options) - 16);
  const ts = chart.points.map((p) => p.ts);
  const equity = plotWith([resample({ ts, values: chart.points.map((p) => p.equity) }, t0, t1, width)], Math.min(10, priceRows(options)), undefined);
  const dd = plotWith([resample({ ts, values: chart.points.map((p) => Math.round(p.drawdown * 10_000) / 100) }, t0, t1, width)], 3, undefined);
  const worst = Math.min(...chart.points.map((p) => p.drawdown));
  const axis = `${' '.repeat(equity.labelWidth + 1)}${ymdhm(t0)}${' '.repeat(Math.max(1, width - 32))}${ymdhm(t1)}`;
  return [head, equity.text, axis, `drawdown % (worst ${(worst * 100).toFixed(2)} %)`, dd.text].join('\n');
}

export function heatMapText(map: HeatMap): string {
  const cell = new Map(map.cells.map((c) => [`${c.x}\u0000${c.y}`, c.value]));
  const better = (a: number, b: number): boolean => (map.best === 'highest' ? a > b : a < b);
  const best = map.cells.reduce<number | null>((b, c) => (c.value !== null && (b === null || better(c.value, b)) ? c.value : b), null);
  const label = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${formatCell(v)}${v === best ? '*' : ''}`);
  const rows = [[`${map.yField} \\ ${map.xField}`, ...map.xValues], ...map.yValues.map((y) => [y, ...map.xValues.map((x) => label(cell.get(`${x}\u0000${y}`)))])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return [`${map.title}`, ...lines, `(* ${map.best} ${map.statistic})`].join('\n');
}
