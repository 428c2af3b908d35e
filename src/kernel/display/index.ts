/** keel's display layer: view models of engine values → terminal text, HTML, MIME bundles, live views. */
export type { Block, Column, DiffBlock, FieldsBlock, LineBlock, LinkKind, Span, TableBlock, Tone, TreeBlock, TreeNode, View } from './model.js';
export { toView, isDisplayable } from './views.js';
export { renderText, renderViewText, colorsEnabled, type TextOptions } from './render-text.js';
export { renderHtml, renderViewHtml, escapeHtml } from './render-html.js';
export { toJsonData } from './json.js';
export { toMimeBundle, toMimeBundleAsync, displayBundle, type MimeBundle, type MimeOptions } from './mime.js';
export {
  display,
  displaysSettled,
  registerKernelDisplayHook,
  KERNEL_DISPLAY_HOOK,
  TSLAB_MODULE_KEY,
  type KernelDisplayHook,
  type KernelDisplayOptions,
  type DisplayOptions,
  type DisplayRoute,
} from './display.js';
export { installInspectHooks, inspectValue, summaryLine } from './inspect-hooks.js';
export { LiveView, liveView, type LiveViewOptions, type Schedule, type DisplaySink } from './live-view.js';
export { formatPath } from './views-errors.js';
export { tradingStateTone, usageBar, usageTone } from './views-money.js';
export { isAccountState, isPortfolioSummary, isRiskUsage, type AccountStateLike, type PortfolioSummaryLike, type RiskUsageLike } from './kinds-money.js';
export { isBacktestResult, isSweepResult } from './kinds-backtest.js';
export { formatStatistic, sortedSweepRows } from './views-backtest.js';
export {
  backtestCharts,
  backtestPriceChart,
  equityDrawdownChart,
  sweepHeatMap,
  type HeatMap,
  type HeatMapOptions,
  type EquityDrawdownChart,
  buildPriceChart,
  buildEquityCurve,
  realizedPnlFromFills,
  chartSpec,
  chartText,
  chartBundle,
  isChartModel,
  renderSvg,
  LAYER as CHART_LAYERS,
  type BarPoint,
  type QuotePoint,
  type ChartModel,
  type ChartOptions,
  type ChartSource,
  type EquityCurve,
  type EquityPoint,
  type EquityProvider,
  type MarketDataReader,
  type PriceChart,
} from './chart/index.js';
