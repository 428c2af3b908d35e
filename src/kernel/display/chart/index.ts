/** Charts: one model (price chart with orders, fills, levels and position; equity curve), three renderers. */
export type { BarPoint, ChartModel, EquityCurve, EquityDrawdownChart, EquityDrawdownPoint, EquityPoint, FillMark, HeatCell, HeatMap, LevelMark, OrderMark, PositionPoint, PriceChart, PriceSeries, QuotePoint, SamplePoint } from './chart-model.js';
export { backtestCharts, backtestPriceChart, equityDrawdownChart, sweepHeatMap, type HeatMapOptions } from './build-backtest.js';
export { equityDrawdownSpec, heatMapSpec } from './render-vegalite-backtest.js';
export { isChartModel } from './chart-model.js';
export { buildPriceChart, type ChartOptions, type ChartSource, type MarketDataReader } from './build-chart.js';
export { buildEquityCurve, realizedPnlFromFills, realizedPnlSeries, type EquityProvider } from './build-equity.js';
export { chartSpec, priceChartSpec, equityCurveSpec, LAYER, VEGALITE_MIME } from './render-vegalite.js';
export { renderSvg } from './render-svg.js';
export { chartText, type AsciiOptions } from './render-ascii.js';
export { chartBundle, SVG_MIME, type ChartBundle } from './chart-bundle.js';
