/**
 * The backtest's charts as Vega-Lite: equity over its drawdown (two panels on one time axis) and a sweep's
 * heat map (one rect per parameter combination, its value written in the cell). Layer names as in
 * vegalite-layers.ts, so tests and stylesheets find the marks in the SVG.
 */
import type { EquityDrawdownChart, HeatMap } from './chart-model.js';
import { LAYER, SCHEMA } from './vegalite-layers.js';

type Spec = Record<string, unknown>;

export function equityDrawdownSpec(chart: EquityDrawdownChart, options: { readonly width?: number } = {}): Spec {
  const width = options.width ?? 640;
  const x = { field: 'ts', type: 'temporal', title: '' };
  return {
    $schema: SCHEMA,
    title: chart.label,
    vconcat: [
      {
        width, height: 200,
        layer: [{
          name: LAYER.equity, data: { values: chart.points }, mark: { type: 'line', color: '#4575b4' },
          encoding: { x, y: { field: 'equity', type: 'quantitative', title: 'equity', scale: { zero: false } }, tooltip: [{ field: 'ts', type: 'temporal', format: '%Y-%m-%d %H:%M' }, { field: 'equity' }] },
        }],
      },
      {
        width, height: 90,
        layer: [{
          name: LAYER.drawdown, data: { values: chart.points }, mark: { type: 'area', color: '#d73027', opacity: 0.6, line: { color: '#d73027' } },
          encoding: { x: { ...x, title: 'time' }, y: { field: 'drawdown', type: 'quantitative', title: 'drawdown', axis: { format: '%' } }, tooltip: [{ field: 'ts', type: 'temporal', format: '%Y-%m-%d %H:%M' }, { field: 'drawdown', format: '.2%' }] },
        }],
      },
    ],
  };
}

/** Cells with no value (a statistic undefined for that run) are drawn grey and labelled '—'. */
export function heatMapSpec(map: HeatMap): Spec {
  const values = map.cells.map((c) => ({ ...c, label: c.value === null ? '—' : formatCell(c.value), missing: c.value === null }));
  const x = { field: 'x', type: 'ordinal', title: map.xField, sort: map.xValues };
  const y = { field: 'y', type: 'ordinal', title: map.yField, sort: map.yValues };
  return {
    $schema: SCHEMA,
    title: map.title,
    data: { values },
    width: Math.max(120, 60 * map.xValues.length), height: Math.max(80, 40 * map.yValues.length),
    layer: [
      {
        name: LAYER.heat, mark: { type: 'rect', invalid: 'show' },
        encoding: {
          x, y,
          color: { condition: { test: 'datum.missing', value: '#dddddd' }, field: 'value', type: 'quantitative', title: map.statistic, scale: { scheme: 'viridis' } },
          tooltip: [{ field: 'x', title: map.xField }, { field: 'y', title: map.yField }, { field: 'label', title: map.statistic }],
        },
      },
      { name: LAYER.heatLabels, mark: { type: 'text', fontSize: 11 }, encoding: { x, y, text: { field: 'label' }, color: { value: '#ffffff' } } },
    ],
  };
}

/** Three significant digits: enough to rank, short enough for a cell. */
export function formatCell(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString();
}
