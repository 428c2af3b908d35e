/**
 * Chart model → a compact text chart for terminals, drawn by `asciichart`, sized to the terminal. The
 * price (close, or quote mid) is resampled onto one column per time bucket; working bracket levels are
 * flat series of their own colour; fills cannot be points in asciichart, so a marker row under the plot
 * puts ▲ (buy) / ▼ (sell) in the fill's column, and a legend lists the latest fills. The position is a
 * second, short plot beneath.
 */
import * as asciichart from 'asciichart';
import type { ChartModel, EquityCurve, FillMark, PriceChart } from './chart-model.js';
import { equityDrawdownText, heatMapText } from './render-ascii-backtest.js';
import { column, hhmmss, plotWith, priceRows, resample, terminalColumns, type AsciiOptions } from './ascii-plot.js';

export type { AsciiOptions } from './ascii-plot.js';
export { resample } from './ascii-plot.js';

function fillLine(f: FillMark): string {
  return `${f.side === 'BUY' ? '▲' : '▼'} ${hhmmss(f.ts)} ${f.side} ${f.qty} @ ${f.price} (${f.clientOrderId})`;
}

export function priceChartText(chart: PriceChart, options: AsciiOptions = {}): string {
  const color = (c: string, s: string): string => (options.colors === true ? `${c}${s}${asciichart.reset}` : s);
  const p = chart.price;
  const ts = p.kind === 'bars' ? p.bars.map((b) => b.ts) : p.kind === 'quotes' ? p.quotes.map((q) => q.ts) : p.kind === 'samples' ? p.samples.map((q) => q.ts) : chart.fills.map((f) => f.ts);
  const values = p.kind === 'bars' ? p.bars.map((b) => b.close) : p.kind === 'quotes' ? p.quotes.map((q) => (q.bid + q.ask) / 2) : p.kind === 'samples' ? p.samples.map((q) => q.price) : chart.fills.map((f) => f.price);
  const what = p.kind === 'bars' ? 'close' : p.kind === 'quotes' ? 'mid' : p.kind === 'samples' ? 'price' : 'fill prices (no market data seen)';
  const head = `${chart.instrumentId} · ${what} · ${chart.fills.length} fills · ${chart.orders.length} priced orders · ${chart.levels.length} bracket levels`;
  if (values.length === 0) return `${head}\n(nothing to draw yet: no market data and no fills for ${chart.instrumentId})`;
  const allTs = [...ts, ...chart.fills.map((f) => f.ts)];
  const t0 = Math.min(...allTs);
  const t1 = Math.max(...allTs);
  const columns = terminalColumns(options);
  const guess = Math.max(...values.map((v) => Math.abs(v).toFixed(2).length)) + 4;
  const width = Math.max(10, columns - guess - 2);
  // Levels first: asciichart draws series in order, so the price, drawn last, stays on top where they cross.
  const series: number[][] = chart.levels.map((l) => new Array<number>(width).fill(l.price));
  const colors: (string | undefined)[] = chart.levels.map((l) => (l.kind === 'stop-loss' ? asciichart.red : asciichart.green));
  series.push(resample({ ts, values }, t0, t1, width));
  colors.push(undefined);
  const { text, labelWidth } = plotWith(series, priceRows(options), options.colors === true ? colors : undefined);
  const markers = new Array<string>(width).fill(' ');
  for (const f of chart.fills) markers[column(f.ts, t0, t1, width)] = f.side === 'BUY' ? color(asciichart.green, '▲') : color(asciichart.red, '▼');
  const indent = ' '.repeat(labelWidth + 1);
  const lines = [head, text, `${indent}${markers.join('')}`, `${indent}${hhmmss(t0)}${' '.repeat(Math.max(1, width - 16))}${hhmmss(t1)}`];
  for (const l of chart.levels) lines.push(`${l.kind === 'stop-loss' ? color(asciichart.red, '─ stop-loss') : color(asciichart.green, '─ take-profit')} ${l.price} (${l.clientOrderId})`);
  if (chart.position.length > 0) {
    const pos = resample({ ts: chart.position.map((q) => q.ts), values: chart.position.map((q) => q.qty) }, t0, t1, width, 0);
    lines.push(`position (net qty, now ${chart.position.at(-1)!.qty})`, plotWith([pos], 3, undefined).text);
  }
  const n = options.legendFills ?? 5;
  if (chart.fills.length > 0) {
    lines.push(`fills (latest ${Math.min(n, chart.fills.length)} of ${chart.fills.length}):`);
    for (const f of chart.fills.slice(-n)) lines.push(`  ${f.side === 'BUY' ? color(asciichart.green, fillLine(f)) : color(asciichart.red, fillLine(f))}`);
  }
  if (chart.approximateFills > 0) lines.push(`(${chart.approximateFills} fills drawn at their order's average price and creation time: the mirror has no fill events)`);
  return lines.join('\n');
}

export function equityCurveText(curve: EquityCurve, options: AsciiOptions = {}): string {
  const head = `${curve.label} · ${curve.points.length} points`;
  if (curve.points.length === 0) return `${head}\n(no fills yet)`;
  const t0 = curve.points[0]!.ts;
  const t1 = curve.points.at(-1)!.ts;
  const width = Math.max(10, terminalColumns(options) - 16);
  const values = resample({ ts: curve.points.map((p) => p.ts), values: curve.points.map((p) => p.value) }, t0, t1, width);
  const { text, labelWidth } = plotWith([values], Math.min(10, priceRows(options)), undefined);
  return [head, text, `${' '.repeat(labelWidth + 1)}${hhmmss(t0)}${' '.repeat(Math.max(1, width - 16))}${hhmmss(t1)}`, `now ${curve.points.at(-1)!.value}`].join('\n');
}

export function chartText(model: ChartModel, options: AsciiOptions = {}): string {
  switch (model.kind) {
    case 'PriceChart':
      return priceChartText(model, options);
    case 'EquityCurve':
      return equityCurveText(model, options);
    case 'EquityDrawdown':
      return equityDrawdownText(model, options);
    case 'HeatMap':
      return heatMapText(model);
  }
}
