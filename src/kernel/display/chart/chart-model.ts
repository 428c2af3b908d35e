/**
 * The chart model: what a price chart or an equity curve shows, independent of where it is drawn. Built
 * once (`build-chart.ts`, `build-equity.ts`) and drawn three ways: a Vega-Lite spec (notebooks), an SVG
 * rendered from that spec in-process (nbconvert HTML, GitHub), and a text chart (terminals), so the three
 * never disagree on content.
 *
 * Units: times are milliseconds since the epoch (what Vega's temporal scale and `Date` read), prices and
 * quantities are JavaScript numbers. A picture needs no exact decimals; the tables keep them.
 */

/** One bar of the instrument (OHLC). */
export interface BarPoint {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** One quote; `mid` is (bid + ask) / 2. */
export interface QuotePoint {
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
}

/** One price of a series that is neither bars nor quotes (a backtest's last price per data point). */
export interface SamplePoint {
  readonly ts: number;
  readonly price: number;
}

/**
 * The price panel's data: bars (drawn as OHLC or close line), quotes (bid/ask/mid), samples (one price
 * per point, drawn as a line), or none seen yet.
 */
export type PriceSeries =
  | { readonly kind: 'bars'; readonly bars: readonly BarPoint[] }
  | { readonly kind: 'quotes'; readonly quotes: readonly QuotePoint[] }
  | { readonly kind: 'samples'; readonly samples: readonly SamplePoint[] }
  | { readonly kind: 'none' };

export type MarkSide = 'BUY' | 'SELL';

/** An order's price (limit price, else trigger price) at the time it was created. */
export interface OrderMark {
  readonly ts: number;
  readonly price: number;
  readonly side: MarkSide;
  /** 'canceled': canceled or expired (drawn distinctly); 'submitted': every other priced order. */
  readonly state: 'submitted' | 'canceled';
  readonly clientOrderId: string;
  readonly type: string;
}

/** One fill, at its price and time, coloured by side. */
export interface FillMark {
  readonly ts: number;
  readonly price: number;
  readonly qty: number;
  readonly side: MarkSide;
  readonly clientOrderId: string;
}

/** A working bracket's stop-loss or take-profit level, from the order's creation to the chart's end. */
export interface LevelMark {
  readonly kind: 'stop-loss' | 'take-profit';
  readonly price: number;
  readonly fromTs: number;
  readonly toTs: number;
  readonly clientOrderId: string;
}

/** The signed net quantity after each fill (a step series; starts at 0 before the first fill). */
export interface PositionPoint {
  readonly ts: number;
  readonly qty: number;
}

export interface PriceChart {
  readonly kind: 'PriceChart';
  readonly instrumentId: string;
  /** 'ohlc' (bars as candles) or 'line' (close line; quotes are always lines). */
  readonly style: 'ohlc' | 'line';
  readonly price: PriceSeries;
  readonly orders: readonly OrderMark[];
  readonly fills: readonly FillMark[];
  readonly levels: readonly LevelMark[];
  readonly position: readonly PositionPoint[];
  /** Fills whose order record carried no fill events (a mirror's order): drawn at the order's average price and creation time. */
  readonly approximateFills: number;
}

/** A {ts, value} series: equity, or realized PnL until a portfolio provides equity. */
export interface EquityPoint {
  readonly ts: number;
  readonly value: number;
}

export interface EquityCurve {
  readonly kind: 'EquityCurve';
  /** What the values are ('realized PnL (from fills)', 'equity USD', ...): the axis title. */
  readonly label: string;
  readonly points: readonly EquityPoint[];
}

/** A backtest's equity with its drawdown (fraction below the running peak, ≤ 0) at each sample. */
export interface EquityDrawdownPoint {
  readonly ts: number;
  readonly equity: number;
  readonly drawdown: number;
}

export interface EquityDrawdownChart {
  readonly kind: 'EquityDrawdown';
  /** The title ('equity USD', with the strategy). */
  readonly label: string;
  readonly points: readonly EquityDrawdownPoint[];
}

/** One cell of a heat map: a combination of two parameters and its statistic (null: undefined for that run). */
export interface HeatCell {
  readonly x: string;
  readonly y: string;
  readonly value: number | null;
}

/** A sweep's statistic over two parameters: one cell per combination. */
export interface HeatMap {
  readonly kind: 'HeatMap';
  readonly title: string;
  /** Parameter names on each axis, and their values in grid order (as text). */
  readonly xField: string;
  readonly yField: string;
  readonly xValues: readonly string[];
  readonly yValues: readonly string[];
  readonly statistic: string;
  /** Which end of the statistic is best ('highest' for returns, 'lowest' for drawdown): the text marks it. */
  readonly best: 'highest' | 'lowest';
  readonly cells: readonly HeatCell[];
}

export type ChartModel = PriceChart | EquityCurve | EquityDrawdownChart | HeatMap;

const CHART_KINDS: ReadonlySet<unknown> = new Set(['PriceChart', 'EquityCurve', 'EquityDrawdown', 'HeatMap']);

export function isChartModel(value: unknown): value is ChartModel {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  return CHART_KINDS.has(kind);
}
