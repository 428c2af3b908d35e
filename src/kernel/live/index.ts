/** Live views of a running node, kernel-side (the node publishes events; these redraw displays). */
export { NodeLiveView, SELF_DISPLAYED, isSelfDisplayed, type LiveBus, type LiveTopic, type NodeLiveViewOptions } from './node-live-view.js';
export {
  createLive,
  liveConfigChanges,
  livePortfolio,
  liveRisk,
  MONEY_MAX_PER_SECOND,
  liveOrders,
  livePositions,
  liveReconciliation,
  liveTree,
  type Live,
  type LiveNode,
  type LiveOptions,
  type OrderFilter,
  type PositionFilter,
} from './live-views.js';
export { createCharts, CHART_MAX_PER_SECOND, type Charts, type ChartNode, type EquityOptions } from './charts.js';
export { MarketHistory, Ring, type MarketHistoryOptions } from './market-history.js';
