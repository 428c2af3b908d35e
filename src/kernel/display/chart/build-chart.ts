/**
 * Orders, fills and market data → a `PriceChart`. Reads only what both a local node's cache and an
 * attached node's mirror hold (order records with their `kind: 'Order'` fields), plus the kernel's own
 * market-data history: the chart draws the same over `attach` as in the node's process.
 */
import type { BarPoint, FillMark, LevelMark, MarkSide, OrderMark, PositionPoint, PriceChart, PriceSeries, QuotePoint } from './chart-model.js';

/** The recent market data of an instrument, oldest first (`MarketHistory` in src/kernel/live). */
export interface MarketDataReader {
  bars(instrumentId: string): readonly BarPoint[];
  quotes(instrumentId: string): readonly QuotePoint[];
}

export interface ChartSource {
  /** The node's orders of one instrument (`node.cache.orders({ instrumentId })`). */
  orders(filter: { instrumentId: string }): readonly unknown[];
  /** None (e.g. an attached node whose market data never reaches this process): fills and orders only. */
  readonly market?: MarketDataReader;
}

export interface ChartOptions {
  /** Price panel from bars or quotes; default bars when any were seen, else quotes. */
  readonly data?: 'bars' | 'quotes';
  /** Bars as candles ('ohlc') or a close line ('line', the default: legible at any size). */
  readonly style?: 'ohlc' | 'line';
  /** The latest this many price points are drawn (default 300): Jupyter output stays small. */
  readonly maxPoints?: number;
  /** The latest this many fills / priced orders are marked (default 200 each). */
  readonly maxMarks?: number;
}

export const DEFAULT_MAX_POINTS = 300;
export const DEFAULT_MAX_MARKS = 200;

type Rec = Readonly<Record<string, unknown>>;

/** A decimal (Price, Quantity, Money, exact string) as a number; undefined when absent or not numeric. */
export function toNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const text = typeof v === 'object' && 'amount' in v ? String((v as { amount: unknown }).amount) : String(v);
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Nanoseconds since the epoch (bigint, a digit string off the wire, or a number) → milliseconds. */
export function nsToMs(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v / 1_000_000n);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(BigInt(v) / 1_000_000n);
  if (typeof v === 'number' && Number.isFinite(v)) return Math.floor(v / 1_000_000);
  return undefined;
}

function sideOf(v: unknown): MarkSide | undefined {
  return v === 'BUY' || v === 'SELL' ? v : undefined;
}

function isOrder(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && (v as Rec)['kind'] === 'Order' && typeof (v as Rec)['clientOrderId'] === 'string';
}

/** The order's creation time: its `tsInit`, else its first event's. */
function createdMs(o: Rec): number | undefined {
  const own = nsToMs(o['tsInit']);
  if (own !== undefined) return own;
  const events = o['events'];
  return Array.isArray(events) && events.length > 0 ? nsToMs((events[0] as Rec)['tsEvent'] ?? (events[0] as Rec)['tsInit']) : undefined;
}

/**
 * The fills of one order: its `OrderFilled` events when the record carries them (a local node's order, and
 * a mirror's record, which carries its events as data); else one fill at the average price and the
 * creation time, counted as approximate.
 */
export function fillsOf(o: Rec): { fills: FillMark[]; approximate: boolean } {
  const side = sideOf(o['side']);
  const id = String(o['clientOrderId']);
  if (side === undefined) return { fills: [], approximate: false };
  const events = o['events'];
  if (Array.isArray(events)) {
    const fills: FillMark[] = [];
    for (const e of events as Rec[]) {
      if (e['type'] !== 'OrderFilled') continue;
      const ts = nsToMs(e['tsEvent']);
      const price = toNumber(e['lastPx']);
      const qty = toNumber(e['lastQty']);
      if (ts !== undefined && price !== undefined && qty !== undefined) fills.push({ ts, price, qty, side, clientOrderId: id });
    }
    return { fills, approximate: false };
  }
  const qty = toNumber(o['filledQty']);
  const price = toNumber(o['avgPx']);
  const ts = createdMs(o);
  if (qty === undefined || qty <= 0 || price === undefined || ts === undefined) return { fills: [], approximate: false };
  return { fills: [{ ts, price, qty, side, clientOrderId: id }], approximate: true };
}

function orderMark(o: Rec): OrderMark | undefined {
  const side = sideOf(o['side']);
  const price = toNumber(o['price']) ?? toNumber(o['triggerPrice']);
  const ts = createdMs(o);
  if (side === undefined || price === undefined || ts === undefined) return undefined;
  const status = String(o['status']);
  return {
    ts, price, side,
    state: status === 'CANCELED' || status === 'EXPIRED' ? 'canceled' : 'submitted',
    clientOrderId: String(o['clientOrderId']),
    type: String(o['type']),
  };
}

const STOP_TYPES = new Set(['STOP_MARKET', 'STOP_LIMIT', 'TRAILING_STOP_MARKET', 'TRAILING_STOP_LIMIT']);

/** A working child of a bracket (it hangs off an entry): stop types are the stop-loss, the rest the take-profit. */
function levelOf(o: Rec, endTs: number): LevelMark | undefined {
  if (o['isOpen'] !== true) return undefined;
  const parent = o['parentOrderId'];
  if (parent === undefined || parent === null || o['orderListId'] === undefined || o['orderListId'] === null) return undefined;
  const isStop = STOP_TYPES.has(String(o['type']));
  const price = isStop ? toNumber(o['triggerPrice']) : toNumber(o['price']);
  const fromTs = createdMs(o);
  if (price === undefined || fromTs === undefined) return undefined;
  return { kind: isStop ? 'stop-loss' : 'take-profit', price, fromTs, toTs: Math.max(fromTs, endTs), clientOrderId: String(o['clientOrderId']) };
}

function priceSeries(instrumentId: string, market: MarketDataReader | undefined, options: ChartOptions): PriceSeries {
  if (market === undefined) return { kind: 'none' };
  const max = Math.max(2, options.maxPoints ?? DEFAULT_MAX_POINTS);
  const bars = options.data === 'quotes' ? [] : market.bars(instrumentId);
  if (bars.length > 0) return { kind: 'bars', bars: bars.slice(-max) };
  const quotes = options.data === 'bars' ? [] : market.quotes(instrumentId);
  if (quotes.length > 0) return { kind: 'quotes', quotes: quotes.slice(-max) };
  return { kind: 'none' };
}

function seriesTimes(p: PriceSeries): number[] {
  if (p.kind === 'bars') return p.bars.map((b) => b.ts);
  if (p.kind === 'quotes') return p.quotes.map((q) => q.ts);
  if (p.kind === 'samples') return p.samples.map((q) => q.ts);
  return [];
}

/** Signed net quantity after each fill, from 0, in time order (BUY adds, SELL subtracts). */
export function positionSteps(fills: readonly FillMark[]): PositionPoint[] {
  let qty = 0;
  const out: PositionPoint[] = [];
  for (const f of [...fills].sort((a, b) => a.ts - b.ts)) {
    if (out.length === 0) out.push({ ts: f.ts, qty: 0 });
    qty += f.side === 'BUY' ? f.qty : -f.qty;
    // Rounded to 1e-9: binary sums of decimal quantities (0.1 + 0.2) must not draw 0.30000000000000004.
    out.push({ ts: f.ts, qty: Math.round(qty * 1e9) / 1e9 });
  }
  return out;
}

export function buildPriceChart(source: ChartSource, instrumentId: string, options: ChartOptions = {}): PriceChart {
  const records = source.orders({ instrumentId }).filter(isOrder).filter((o) => o['instrumentId'] === undefined || String(o['instrumentId']) === instrumentId);
  const price = priceSeries(instrumentId, source.market, options);
  const allFills: FillMark[] = [];
  let approximateFills = 0;
  for (const o of records) {
    const { fills, approximate } = fillsOf(o);
    allFills.push(...fills);
    if (approximate) approximateFills += fills.length;
  }
  allFills.sort((a, b) => a.ts - b.ts);
  const orders = records.map(orderMark).filter((m): m is OrderMark => m !== undefined).sort((a, b) => a.ts - b.ts);
  const times = [...seriesTimes(price), ...allFills.map((f) => f.ts), ...orders.map((m) => m.ts)];
  const endTs = times.length > 0 ? Math.max(...times) : 0;
  const maxMarks = Math.max(1, options.maxMarks ?? DEFAULT_MAX_MARKS);
  return {
    kind: 'PriceChart',
    instrumentId,
    style: options.style ?? 'line',
    price,
    orders: orders.slice(-maxMarks),
    fills: allFills.slice(-maxMarks),
    levels: records.map((o) => levelOf(o, endTs)).filter((l): l is LevelMark => l !== undefined),
    // The position comes from every fill (not only the drawn ones), so its level is right at the end.
    position: positionSteps(allFills).slice(-(maxMarks + 1)),
    approximateFills,
  };
}
