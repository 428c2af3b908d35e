/** What every Vega-Lite spec of keel shares: the schema and the layer names. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The layer names, as the SVG's classes carry them (with `_marks` appended by Vega). */
export const LAYER = {
  price: 'price', orders: 'orders', levels: 'levels', fills: 'fills', position: 'position', equity: 'equity',
  drawdown: 'drawdown', heat: 'heat', heatLabels: 'heat_labels',
} as const;
