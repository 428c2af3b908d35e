/**
 * Charts of a node for cells: `chart(instrumentId, opts?)` (a price chart with the node's orders, fills,
 * bracket levels and position) and `equity()` (the equity / PnL curve), as values, and `live.chart(id)` /
 * `live.equity()` as views that redraw in place. Charts redraw at most once a second by default: each
 * push renders an SVG and sends a bundle, and Jupyter throttles chatty kernels (points are bounded by
 * the model's `maxPoints` for the same reason).
 */
import { topics } from '../../engine/bus/index.js';
import {
  buildEquityCurve,
  buildPriceChart,
  realizedPnlFromFills,
  type ChartOptions,
  type EquityCurve,
  type EquityProvider,
  type PriceChart,
} from '../display/index.js';
import { MarketHistory } from './market-history.js';
import { PORTFOLIO_TOPIC } from '../control/node-streams.js';
import { NodeLiveView, type LiveBus, type LiveTopic } from './node-live-view.js';
import type { DisplaySink, Schedule } from '../display/index.js';

/** The live views' shared knobs (the same fields as `LiveOptions` in live-views.ts, which imports this file). */
export interface LiveOptions {
  readonly maxPerSecond?: number;
  readonly schedule?: Schedule;
  readonly display?: DisplaySink;
  readonly displayId?: string;
}

/** What the charts read of a node: its orders (the cache, or an attached node's mirror) and its bus. */
export interface ChartNode {
  readonly bus?: LiveBus;
  readonly cache: { orders(filter?: { instrumentId?: string }): readonly unknown[] };
}

export interface EquityOptions {
  /** Where the points come from (default: the charts' provider, realized PnL from fills until set). */
  readonly provider?: EquityProvider;
  /** The latest this many points (default 500). */
  readonly maxPoints?: number;
}

/** Default redraw rate of a live chart (pushes a second). */
export const CHART_MAX_PER_SECOND = 1;

export interface Charts {
  chart(instrumentId: string, options?: ChartOptions): PriceChart;
  equity(options?: EquityOptions): EquityCurve;
  liveChart(instrumentId: string, options?: ChartOptions & LiveOptions): NodeLiveView<PriceChart>;
  liveEquity(options?: EquityOptions & LiveOptions): NodeLiveView<EquityCurve>;
  /** Swap where `equity()` reads its points (a portfolio's equity once there is one). */
  setEquityProvider(provider: EquityProvider): void;
  readonly equityProvider: EquityProvider;
  /** The recorded bars/quotes (bounded rings per instrument). */
  readonly market: MarketHistory;
  stop(): void;
}

const NO_BUS: LiveBus = { subscribe: () => () => undefined };

function liveOpts(o: LiveOptions): LiveOptions {
  return { maxPerSecond: CHART_MAX_PER_SECOND, ...o };
}

export function createCharts(node: ChartNode, market: MarketHistory = new MarketHistory(node.bus)): Charts {
  let provider: EquityProvider = realizedPnlFromFills(() => node.cache.orders());
  const hasBus = node.bus !== undefined;
  const chart = (instrumentId: string, options: ChartOptions = {}): PriceChart =>
    buildPriceChart({ orders: (f) => node.cache.orders(f), ...(hasBus ? { market } : {}) }, instrumentId, options);
  const equity = (options: EquityOptions = {}): EquityCurve => buildEquityCurve(options.provider ?? provider, options.maxPoints ?? 500);
  const view = <T>(label: string, get: () => T, watch: readonly LiveTopic[], o: LiveOptions): NodeLiveView<T> => {
    // A node whose events do not reach this process (no bus here) still gets its picture, drawn once.
    if (node.bus === undefined) return new NodeLiveView<T>({ ...liveOpts(o), get, bus: NO_BUS, topics: [], label: `${label} (drawn once: the node's events do not reach this process)` });
    return new NodeLiveView<T>({ ...liveOpts(o), get, bus: node.bus, topics: watch, label });
  };
  return {
    chart,
    equity,
    liveChart(instrumentId, options = {}) {
      const { maxPoints, maxMarks, data, style, ...o } = options;
      const co: ChartOptions = { ...(maxPoints !== undefined ? { maxPoints } : {}), ...(maxMarks !== undefined ? { maxMarks } : {}), ...(data ? { data } : {}), ...(style ? { style } : {}) };
      // Bar types start with the instrument id (`BTCUSDT-PERP.SIM-1-MINUTE-LAST`): a prefix catches them all.
      const watch: LiveTopic[] = [
        { topic: topics.allOrderEvents, prefix: true },
        { topic: topics.quotes(instrumentId) },
        { topic: `${topics.allBars}${instrumentId}-`, prefix: true },
      ];
      return view(`chart ${instrumentId}`, () => chart(instrumentId, co), watch, o);
    },
    liveEquity(options = {}) {
      const { provider: p, maxPoints, ...o } = options;
      const eo: EquityOptions = { ...(p ? { provider: p } : {}), ...(maxPoints !== undefined ? { maxPoints } : {}) };
      // Fills move realized PnL; a mirror's portfolio summaries and a local node's marks (quotes, bars) move the rest.
      const watch: LiveTopic[] = [
        { topic: topics.allOrderEvents, prefix: true },
        { topic: topics.allPositionEvents, prefix: true },
        { topic: PORTFOLIO_TOPIC },
        { topic: topics.allQuotes, prefix: true },
        { topic: topics.allBars, prefix: true },
      ];
      return view('equity', () => equity(eo), watch, o);
    },
    setEquityProvider(p) {
      provider = p;
    },
    get equityProvider() {
      return provider;
    },
    market,
    stop: () => market.stop(),
  };
}
