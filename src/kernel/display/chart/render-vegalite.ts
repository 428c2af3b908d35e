/**
 * Chart model → a Vega-Lite v5 spec (MIME `application/vnd.vegalite.v5+json`, drawn natively by JupyterLab
 * and Notebook 7; the SVG renderer compiles the same spec). Every layer has a `name`, which Vega keeps as
 * the class of the layer's marks in SVG (`fills` → `class="... fills_marks"`): tests and stylesheets
 * find the fill points by it. Colours are literal (`scale: null`) so layers never fight over one scale.
 */
import type { ChartModel, EquityCurve, PriceChart } from './chart-model.js';
import { equityDrawdownSpec, heatMapSpec } from './render-vegalite-backtest.js';

import { LAYER, SCHEMA } from './vegalite-layers.js';

export { LAYER } from './vegalite-layers.js';
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

const COLOR = { BUY: '#1a9850', SELL: '#d73027', 'stop-loss': '#d73027', 'take-profit': '#1a9850', bid: '#4575b4', ask: '#f46d43', mid: '#555555', close: '#333333', up: '#1a9850', down: '#d73027' } as const;

export interface VegaLiteOptions {
  /** Plot width in pixels (default 640). */
  readonly width?: number;
}

type Spec = Record<string, unknown>;

const time = (title = 'time'): Spec => ({ field: 'ts', type: 'temporal', title });
const literalColor: Spec = { field: 'color', type: 'nominal', scale: null };

function timeDomain(chart: PriceChart): [number, number] | undefined {
  const ts: number[] = [...chart.fills.map((f) => f.ts), ...chart.orders.map((o) => o.ts), ...chart.levels.map((l) => l.toTs)];
  if (chart.price.kind === 'bars') ts.push(...chart.price.bars.map((b) => b.ts));
  if (chart.price.kind === 'quotes') ts.push(...chart.price.quotes.map((q) => q.ts));
  if (chart.price.kind === 'samples') ts.push(...chart.price.samples.map((q) => q.ts));
  return ts.length > 0 ? [Math.min(...ts), Math.max(...ts)] : undefined;
}

function priceLayers(chart: PriceChart, x: Spec): Spec[] {
  const y = { field: 'value', type: 'quantitative', title: 'price', scale: { zero: false } };
  const p = chart.price;
  if (p.kind === 'bars' && chart.style === 'ohlc') {
    const bars = p.bars.map((b) => ({ ...b, color: b.close >= b.open ? COLOR.up : COLOR.down }));
    return [
      { name: `${LAYER.price}_wicks`, data: { values: bars }, mark: 'rule', encoding: { x, y: { field: 'low', type: 'quantitative', title: 'price', scale: { zero: false } }, y2: { field: 'high' }, color: literalColor } },
      { name: LAYER.price, data: { values: bars }, mark: { type: 'bar', width: 3 }, encoding: { x, y: { field: 'open', type: 'quantitative' }, y2: { field: 'close' }, color: literalColor, tooltip: [{ field: 'ts', type: 'temporal', format: '%H:%M:%S' }, { field: 'open' }, { field: 'high' }, { field: 'low' }, { field: 'close' }] } },
    ];
  }
  const values = p.kind === 'bars'
    ? p.bars.map((b) => ({ ts: b.ts, series: 'close', value: b.close, color: COLOR.close }))
    : p.kind === 'quotes'
      ? p.quotes.flatMap((q) => [
        { ts: q.ts, series: 'bid', value: q.bid, color: COLOR.bid },
        { ts: q.ts, series: 'ask', value: q.ask, color: COLOR.ask },
        { ts: q.ts, series: 'mid', value: (q.bid + q.ask) / 2, color: COLOR.mid },
      ])
      : p.kind === 'samples'
        ? p.samples.map((q) => ({ ts: q.ts, series: 'price', value: q.price, color: COLOR.close }))
        : [];
  return [{ name: LAYER.price, data: { values }, mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x, y, detail: { field: 'series' }, color: literalColor } }];
}

export function priceChartSpec(chart: PriceChart, options: VegaLiteOptions = {}): Spec {
  const width = options.width ?? 640;
  const domain = timeDomain(chart);
  const x = { ...time(''), ...(domain ? { scale: { domain } } : {}) };
  const y = { field: 'price', type: 'quantitative', title: 'price', scale: { zero: false } };
  const orders = chart.orders.map((o) => ({ ...o, color: COLOR[o.side] }));
  const fills = chart.fills.map((f) => ({ ...f, color: COLOR[f.side] }));
  const levels = chart.levels.map((l) => ({ ...l, ts: l.fromTs, color: COLOR[l.kind] }));
  const lastQty = chart.position.at(-1)?.qty ?? 0;
  const position = domain && chart.position.length > 0 ? [...chart.position, { ts: domain[1], qty: lastQty }] : chart.position;
  const tooltip = (extra: Spec[]): Spec[] => [{ field: 'ts', type: 'temporal', format: '%H:%M:%S', title: 'time' }, { field: 'side' }, { field: 'price' }, ...extra];
  return {
    $schema: SCHEMA,
    title: `${chart.instrumentId}: ${chart.fills.length} fills, ${chart.orders.length} priced orders, ${chart.levels.length} bracket levels`,
    vconcat: [
      {
        width, height: 240,
        layer: [
          ...priceLayers(chart, x),
          { name: LAYER.levels, data: { values: levels }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'fromTs', type: 'temporal' }, x2: { field: 'toTs' }, y, color: literalColor, tooltip: [{ field: 'kind' }, { field: 'price' }, { field: 'clientOrderId' }] } },
          { name: LAYER.orders, data: { values: orders }, mark: { type: 'point', size: 60, strokeWidth: 1.5 }, encoding: { x, y, color: literalColor, shape: { field: 'state', type: 'nominal', scale: { domain: ['submitted', 'canceled'], range: ['circle', 'cross'] }, title: 'order' }, tooltip: tooltip([{ field: 'state' }, { field: 'type' }, { field: 'clientOrderId' }]) } },
          { name: LAYER.fills, data: { values: fills }, mark: { type: 'point', filled: true, size: 90, opacity: 1 }, encoding: { x, y, color: literalColor, shape: { field: 'side', type: 'nominal', scale: { domain: ['BUY', 'SELL'], range: ['triangle-up', 'triangle-down'] }, title: 'fill' }, tooltip: tooltip([{ field: 'qty' }, { field: 'clientOrderId' }]) } },
        ],
        resolve: { scale: { shape: 'independent' } },
      },
      {
        width, height: 70,
        layer: [{ name: LAYER.position, data: { values: position }, mark: { type: 'line', interpolate: 'step-after', color: '#4575b4' }, encoding: { x: { ...x, title: 'time' }, y: { field: 'qty', type: 'quantitative', title: 'position' } } }],
      },
    ],
  };
}

export function equityCurveSpec(curve: EquityCurve, options: VegaLiteOptions = {}): Spec {
  return {
    $schema: SCHEMA,
    title: curve.label,
    width: options.width ?? 640, height: 200,
    layer: [{ name: LAYER.equity, data: { values: curve.points }, mark: { type: 'line', interpolate: 'step-after', color: '#4575b4', point: true }, encoding: { x: time(), y: { field: 'value', type: 'quantitative', title: curve.label, scale: { zero: false } }, tooltip: [{ field: 'ts', type: 'temporal', format: '%H:%M:%S' }, { field: 'value' }] } }],
  };
}

export function chartSpec(model: ChartModel, options: VegaLiteOptions = {}): Spec {
  switch (model.kind) {
    case 'PriceChart':
      return priceChartSpec(model, options);
    case 'EquityCurve':
      return equityCurveSpec(model, options);
    case 'EquityDrawdown':
      return equityDrawdownSpec(model, options);
    case 'HeatMap':
      return heatMapSpec(model);
  }
}
