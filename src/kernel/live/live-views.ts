/**
 * `live.orders()`, `live.positions()`, `live.tree(id)`, `live.reconciliation()`, `live.configChanges()`,
 * `live.portfolio()`, `live.risk()`:
 * views of a node that redraw in place as it trades. Free functions take the node; `createLive(node)`
 * binds them for the session scope (`live.orders({ open: true })` in a cell).
 */
import { type ConfigChange, type ContingentOrderTree, type ReconciliationResult } from '../../engine/index.js';
import { topics } from '../../engine/bus/index.js';
import { NodeLiveView, type LiveBus, type LiveTopic } from './node-live-view.js';
import type { ChartOptions, DisplaySink, EquityCurve, PriceChart, Schedule } from '../display/index.js';
import { createCharts, type Charts, type EquityOptions } from './charts.js';
import { PORTFOLIO_TOPIC } from '../control/node-streams.js';
import { riskUsageOf, type RiskUsage } from '../session/risk-usage.js';

/** What the live views read of a node (structural: `TradingNode` fits, tests hand in a stub). */
export interface LiveNode {
  readonly bus: LiveBus;
  readonly cache: {
    orders(filter?: OrderFilter): readonly unknown[];
    positions(filter?: PositionFilter): readonly unknown[];
  };
  orderTree(id: string): ContingentOrderTree;
  readonly lastReconciliation?: ReconciliationResult | null | undefined;
  readonly configChanges: readonly ConfigChange[];
  /** The portfolio (a local node's, or the mirror's latest summary); a stub node may have none. */
  readonly portfolio?: { summary(): unknown };
}

export interface OrderFilter {
  readonly strategyId?: string;
  readonly instrumentId?: string;
  readonly open?: boolean;
}
export interface PositionFilter {
  readonly open?: boolean;
}

/** Shared knobs for every view (tests pass a fake schedule and sink). */
export interface LiveOptions {
  readonly maxPerSecond?: number;
  readonly schedule?: Schedule;
  readonly display?: DisplaySink;
  readonly displayId?: string;
}

const ORDER_TOPICS: readonly LiveTopic[] = [{ topic: topics.allOrderEvents, prefix: true }];
const POSITION_TOPICS: readonly LiveTopic[] = [{ topic: topics.allPositionEvents, prefix: true }];
// Reconciliation can change positions too (synthetic fills arrive as order events first).
const TREE_TOPICS: readonly LiveTopic[] = ORDER_TOPICS;
const RECONCILIATION_TOPICS: readonly LiveTopic[] = [{ topic: topics.reconciliation }];
const CONFIG_TOPICS: readonly LiveTopic[] = [{ topic: topics.configChanges }];
// A mirror republishes each (throttled) portfolio summary on PORTFOLIO_TOPIC; a local node's figures move
// with fills (position events) and marks (quotes, bars), which the view's own throttle coalesces.
const PORTFOLIO_TOPICS: readonly LiveTopic[] = [
  { topic: PORTFOLIO_TOPIC },
  ...POSITION_TOPICS,
  { topic: topics.allQuotes, prefix: true },
  { topic: topics.allBars, prefix: true },
];
// Orders move the submit-rate usage, config changes the limits and the trading state.
const RISK_TOPICS: readonly LiveTopic[] = [...PORTFOLIO_TOPICS, ...ORDER_TOPICS, ...CONFIG_TOPICS];
/** Money views redraw at most twice a second by default: a quote stream marks the portfolio many times a second. */
export const MONEY_MAX_PER_SECOND = 2;

/** An empty table has no view in the display layer; a sentence says what the view is waiting for. */
function orNone<T>(rows: readonly T[], what: string): readonly T[] | string {
  return rows.length > 0 ? rows : `${what}: none yet`;
}

function describe(what: string, filter: object | undefined): string {
  const parts = Object.entries(filter ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? `${what} (${parts.join(', ')})` : what;
}

function make<T>(node: LiveNode, label: string, get: () => T, watch: readonly LiveTopic[], options: LiveOptions): NodeLiveView<T> {
  return new NodeLiveView<T>({ ...options, get, bus: node.bus, topics: watch, label });
}

export function liveOrders(node: LiveNode, filter?: OrderFilter, options: LiveOptions = {}): NodeLiveView {
  const what = describe('orders', filter);
  // One strategy's view listens to that strategy's topic only: other strategies' bursts do not redraw it.
  const watch = filter?.strategyId !== undefined ? [{ topic: topics.orderEvents(filter.strategyId) }] : ORDER_TOPICS;
  return make(node, what, () => orNone(node.cache.orders(filter), what), watch, options);
}

export function livePositions(node: LiveNode, filter?: PositionFilter, options: LiveOptions = {}): NodeLiveView {
  const what = describe('positions', filter);
  // Fills change a position's numbers through position events; order events cover the rest.
  return make(node, what, () => orNone(node.cache.positions(filter), what), [...POSITION_TOPICS, ...ORDER_TOPICS], options);
}

/** The contingent order tree of an order list (or of the list an order belongs to). */
export function liveTree(node: LiveNode, orderListIdOrClientOrderId: string, options: LiveOptions = {}): NodeLiveView {
  return make(node, `tree ${orderListIdOrClientOrderId}`, () => node.orderTree(orderListIdOrClientOrderId), TREE_TOPICS, options);
}

export function liveReconciliation(node: LiveNode, options: LiveOptions = {}): NodeLiveView {
  return make(node, 'reconciliation', () => node.lastReconciliation ?? 'reconciliation: none yet', RECONCILIATION_TOPICS, options);
}

export function liveConfigChanges(node: LiveNode, options: LiveOptions = {}): NodeLiveView {
  return make(node, 'config changes', () => orNone(node.configChanges, 'config changes'), CONFIG_TOPICS, options);
}

export function livePortfolio(node: LiveNode, options: LiveOptions = {}): NodeLiveView {
  const read = (): unknown => node.portfolio?.summary() ?? 'portfolio: this node has none';
  return make(node, 'portfolio', read, PORTFOLIO_TOPICS, { maxPerSecond: MONEY_MAX_PER_SECOND, ...options });
}

export function liveRisk(node: LiveNode, options: LiveOptions = {}): NodeLiveView<RiskUsage> {
  return make(node, 'risk', () => riskUsageOf(node), RISK_TOPICS, { maxPerSecond: MONEY_MAX_PER_SECOND, ...options });
}

/** The session's `live`: the views above bound to one node; `stopAll()` ends every view it made. */
export interface Live {
  orders(filter?: OrderFilter, options?: LiveOptions): NodeLiveView;
  positions(filter?: PositionFilter, options?: LiveOptions): NodeLiveView;
  tree(orderListIdOrClientOrderId: string, options?: LiveOptions): NodeLiveView;
  reconciliation(options?: LiveOptions): NodeLiveView;
  configChanges(options?: LiveOptions): NodeLiveView;
  /** The portfolio summary, redrawn as fills and marks move it (≤ 2 redraws/s by default). */
  portfolio(options?: LiveOptions): NodeLiveView;
  /** The trading state and each limit's usage (≤ 2 redraws/s by default). */
  risk(options?: LiveOptions): NodeLiveView<RiskUsage>;
  /** A price chart of one instrument with the node's orders, fills, bracket levels and position (≤ 1 redraw/s by default). */
  chart(instrumentId: string, options?: ChartOptions & LiveOptions): NodeLiveView<PriceChart>;
  /** The equity / PnL curve (≤ 1 redraw/s by default). */
  equity(options?: EquityOptions & LiveOptions): NodeLiveView<EquityCurve>;
  /** The static charts (`chart(id)`, `equity()` in cells) and the market-data history they draw from. */
  readonly charts: Charts;
  /** The same views for another node (e.g. one a notebook started against its own venue). */
  of(node: LiveNode): Live;
  /** Views made so far and not stopped. */
  readonly views: readonly NodeLiveView[];
  /** Resolves when every view shows the node's state as of now. */
  settled(): Promise<void>;
  stopAll(): void;
}

export function createLive(node: LiveNode, defaults: LiveOptions = {}, charts: Charts = createCharts(node)): Live {
  const made: NodeLiveView[] = [];
  const keep = (v: NodeLiveView): NodeLiveView => { made.push(v); return v; };
  const opts = (o: LiveOptions | undefined): LiveOptions => ({ ...defaults, ...o });
  return {
    orders: (filter, o) => keep(liveOrders(node, filter, opts(o))),
    positions: (filter, o) => keep(livePositions(node, filter, opts(o))),
    tree: (id, o) => keep(liveTree(node, id, opts(o))),
    reconciliation: (o) => keep(liveReconciliation(node, opts(o))),
    configChanges: (o) => keep(liveConfigChanges(node, opts(o))),
    portfolio: (o) => keep(livePortfolio(node, opts(o))),
    risk: (o) => keep(liveRisk(node, opts(o)) as NodeLiveView) as NodeLiveView<RiskUsage>,
    chart: (id, o) => keep(charts.liveChart(id, { ...defaults, ...o }) as NodeLiveView) as NodeLiveView<PriceChart>,
    equity: (o) => keep(charts.liveEquity({ ...defaults, ...o }) as NodeLiveView) as NodeLiveView<EquityCurve>,
    charts,
    of: (other) => createLive(other, defaults),
    get views() {
      return made.filter((v) => !v.stopped);
    },
    async settled() {
      await Promise.all(made.map((v) => v.settled()));
    },
    stopAll() {
      for (const v of made.splice(0)) v.stop();
    },
  };
}
