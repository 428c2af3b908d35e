import { Decimal } from '../engine/core/decimal.js';
import { NANOS_PER_MS } from '../engine/core/clock.js';
import type { MessageBus } from '../engine/bus/message-bus.js';
import { topics } from '../engine/bus/switchboard.js';
import type { OrderEvent, OrderFilled, PositionEvent } from '../engine/model/events.js';
import type { Order } from '../engine/model/order.js';
import type { BacktestFill, BacktestOrder, BacktestTrade, EquitySample, PriceSample, SimTime } from './result-types.js';

/** ns since the epoch → the result's time: ISO text (ms) and the exact ns as a decimal string. */
export function simTime(ns: bigint): SimTime {
  return { ts: isoMs(Number(ns / NANOS_PER_MS)), tsNs: ns.toString() };
}

const DAY_MS = 86_400_000;
/** The last day formatted ('YYYY-MM-DDT'): a run stamps thousands of samples per day. */
let isoDay = NaN;
let isoDayText = '';

/** `new Date(ms).toISOString()`, with the date part formatted once per day and the time part by arithmetic. */
export function isoMs(ms: number): string {
  // Four-digit years only (the expanded ±YYYYYY form and invalid times go through Date as they are).
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
    isoDay = day;
  }
  let r = ms - day * DAY_MS;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  const milli = r - sec * 1000;
  return `${isoDayText}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** The last price seen in a bucket: a price, or a quote whose mid is worked out only if the sample is kept. */
interface LastPrice {
  bucket: bigint;
  ns: bigint;
  price: Decimal | undefined;
  bid: Decimal | undefined;
  ask: Decimal | undefined;
}

interface OpenTrade {
  positionId: string;
  strategyId: string;
  instrumentId: string;
  side: 'LONG' | 'SHORT';
  peak: Decimal;
  entryNs: bigint;
  avgPxOpen: string;
  currency: string;
  realizedPnl: string;
  /** Σ px·qty and Σ qty of the fills that reduced the position (for the average exit price). */
  closeNotional: Decimal;
  closeQty: Decimal;
}

/**
 * What a backtest keeps while it runs: every fill (from the bus, in apply order), round trips from the
 * position events, equity samples and one price per instrument per sampling bucket. Orders are read
 * from the cache at the end (they hold their final state there).
 */
export class BacktestRecorder {
  readonly fills: BacktestFill[] = [];
  readonly closedTrades: BacktestTrade[] = [];
  readonly equity: EquitySample[] = [];
  private readonly prices: Record<string, PriceSample[]> = {};
  private readonly open = new Map<string, OpenTrade>();
  private readonly commissions = new Map<string, Decimal>();
  private readonly lastPrice = new Map<string, LastPrice>();
  private lastEquityBucket: bigint | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  /** Every order and position event as plain data, when asked for. */
  readonly events: Record<string, unknown>[] | undefined;

  constructor(bus: MessageBus, private readonly bucketNs: bigint, recordEvents = false) {
    this.events = recordEvents ? [] : undefined;
    this.unsubscribe.push(bus.subscribe<OrderEvent>(topics.allOrderEvents, (e) => {
      this.events?.push(plain(e));
      this.onOrderEvent(e);
    }, { prefix: true }));
    this.unsubscribe.push(bus.subscribe<PositionEvent>(topics.allPositionEvents, (e) => {
      this.events?.push(plain(e));
      this.onPositionEvent(e);
    }, { prefix: true }));
  }

  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /**
   * A price seen at `ns`: the last one of each sampling bucket is kept per instrument. Held as raw values
   * and turned into result text once per bucket (the runner calls this for every data point).
   */
  price(instrumentId: string, ns: bigint, price: Decimal): void {
    this.seen(instrumentId, ns, price, undefined, undefined);
  }

  /** A quote seen at `ns`: its mid, (bid + ask) / 2 at one more digit, counts as the price. */
  quote(instrumentId: string, ns: bigint, bid: Decimal, ask: Decimal): void {
    this.seen(instrumentId, ns, undefined, bid, ask);
  }

  private seen(instrumentId: string, ns: bigint, price: Decimal | undefined, bid: Decimal | undefined, ask: Decimal | undefined): void {
    const bucket = ns / this.bucketNs;
    const last = this.lastPrice.get(instrumentId);
    if (last === undefined) return void this.lastPrice.set(instrumentId, { bucket, ns, price, bid, ask });
    if (last.bucket !== bucket) this.pushPrice(instrumentId, last);
    last.bucket = bucket;
    last.ns = ns;
    last.price = price;
    last.bid = bid;
    last.ask = ask;
  }

  /** true when `ns` falls in a later bucket than the last equity sample (the runner then samples first). */
  equityDue(ns: bigint): boolean {
    return this.lastEquityBucket === undefined || ns / this.bucketNs !== this.lastEquityBucket;
  }

  /** Equity at `ns`; a second sample in the same bucket replaces the first unless `force` (the start and the end). */
  sampleEquity(ns: bigint, equity: Decimal, force = false): void {
    const bucket = ns / this.bucketNs;
    const t = simTime(ns);
    const sample = { ts: t.ts, tsNs: t.tsNs, equity: equity.toString() };
    if (!force && this.lastEquityBucket === bucket && this.equity.length > 1) this.equity[this.equity.length - 1] = sample;
    else this.equity.push(sample);
    this.lastEquityBucket = bucket;
  }

  /** The price samples, with each instrument's last bucket. */
  priceSamples(): Record<string, PriceSample[]> {
    for (const [id, last] of this.lastPrice) this.pushPrice(id, last);
    this.lastPrice.clear();
    return this.prices;
  }

  private pushPrice(instrumentId: string, p: LastPrice): void {
    let list = this.prices[instrumentId];
    if (list === undefined) list = this.prices[instrumentId] = [];
    const price = p.price ?? p.bid!.add(p.ask!).div(2, p.bid!.precision + 1);
    const t = simTime(p.ns);
    list.push({ ts: t.ts, tsNs: t.tsNs, price: price.toString() });
  }

  /** Round trips: the closed ones, then those still open at the end. */
  trades(): BacktestTrade[] {
    const stillOpen = [...this.open.values()].map((t) => this.toTrade(t, undefined));
    return [...this.closedTrades, ...stillOpen];
  }

  private onOrderEvent(e: OrderEvent): void {
    if (e.type !== 'OrderFilled') return;
    this.fills.push(fillOf(e));
    if (e.positionId !== undefined) {
      const prev = this.commissions.get(e.positionId) ?? Decimal.zero();
      this.commissions.set(e.positionId, prev.add(e.commission.amount));
      const t = this.open.get(e.positionId);
      if (t !== undefined && (t.side === 'LONG') !== (e.side === 'BUY')) {
        t.closeNotional = t.closeNotional.add(e.lastPx.mul(e.lastQty));
        t.closeQty = t.closeQty.add(e.lastQty);
      }
    }
  }

  private onPositionEvent(e: PositionEvent): void {
    let t = this.open.get(e.positionId);
    if (e.type === 'PositionOpened' || t === undefined) {
      t = {
        positionId: e.positionId, strategyId: e.strategyId, instrumentId: e.instrumentId,
        side: e.side === 'SHORT' ? 'SHORT' : 'LONG', peak: Decimal.zero(), entryNs: e.tsEvent,
        avgPxOpen: e.avgPxOpen.toString(), currency: e.realizedPnl.currency, realizedPnl: '0',
        closeNotional: Decimal.zero(), closeQty: Decimal.zero(),
      };
      this.open.set(e.positionId, t);
    }
    if (e.quantity.gt(t.peak)) t.peak = e.quantity;
    if (e.side !== 'FLAT') t.avgPxOpen = e.avgPxOpen.toString();
    t.realizedPnl = e.realizedPnl.amount.toString();
    if (e.type === 'PositionClosed') {
      this.closedTrades.push(this.toTrade(t, e.tsEvent));
      this.open.delete(e.positionId);
    }
  }

  private toTrade(t: OpenTrade, exitNs: bigint | undefined): BacktestTrade {
    const commissions = this.commissions.get(t.positionId) ?? Decimal.zero();
    if (exitNs !== undefined) this.commissions.delete(t.positionId);
    return {
      positionId: t.positionId, strategyId: t.strategyId, instrumentId: t.instrumentId, side: t.side,
      peakQuantity: t.peak.toString(), entry: simTime(t.entryNs), ...(exitNs !== undefined ? { exit: simTime(exitNs) } : {}),
      avgPxOpen: t.avgPxOpen,
      ...(t.closeQty.isPositive() ? { avgPxClose: trimZeros(t.closeNotional.div(t.closeQty, 8).toString()) } : {}),
      realizedPnl: t.realizedPnl, commissions: commissions.toString(), currency: t.currency, closed: exitNs !== undefined,
    };
  }
}

// Built property by property in the result's key order: spreading conditional pieces into a literal
// made these the costliest lines of a run with many orders.
function fillOf(e: OrderFilled): BacktestFill {
  const t = simTime(e.tsEvent);
  const f: Record<string, unknown> = { ts: t.ts, tsNs: t.tsNs, clientOrderId: e.clientOrderId, tradeId: e.tradeId, strategyId: e.strategyId, instrumentId: e.instrumentId };
  if (e.positionId !== undefined) f.positionId = e.positionId;
  f.side = e.side;
  f.orderType = e.orderType;
  f.quantity = e.lastQty.toString();
  f.price = e.lastPx.toString();
  f.commission = e.commission.amount.toString();
  f.commissionCurrency = e.commission.currency;
  f.liquiditySide = e.liquiditySide;
  return f as unknown as BacktestFill;
}

/** An order as the result keeps it: its final state, stamped with the time it was created. */
export function orderOf(o: Order): BacktestOrder {
  const t = simTime(o.tsInit);
  const r: Record<string, unknown> = { ts: t.ts, tsNs: t.tsNs, clientOrderId: o.clientOrderId };
  if (o.venueOrderId !== undefined) r.venueOrderId = o.venueOrderId;
  r.strategyId = o.strategyId;
  r.instrumentId = o.instrumentId;
  r.side = o.side;
  r.type = o.type;
  r.quantity = o.quantity.toString();
  if (o.price !== undefined) r.price = o.price.toString();
  if (o.triggerPrice !== undefined) r.triggerPrice = o.triggerPrice.toString();
  r.status = o.status;
  r.filledQty = o.filledQty.toString();
  if (o.avgPx !== undefined) r.avgPx = o.avgPx.toString();
  r.timeInForce = o.timeInForce;
  if (o.orderListId !== undefined) r.orderListId = o.orderListId;
  if (o.contingencyType !== 'NO_CONTINGENCY') r.contingency = o.contingencyType;
  return r as unknown as BacktestOrder;
}

/** An event as JSON-safe data: decimals and Money as text, bigints as decimal text, the random event id left out. */
function plain(e: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'eventId' || v === undefined) continue;
    out[k] = typeof v === 'bigint' ? v.toString() : v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toString(): string }).toString === 'function' && (v as object).constructor !== Object ? String(v) : v;
  }
  return out;
}

/** '46554.00000000' → '46554.0', '1.23450000' → '1.2345': an average shown with the digits it has (one at least). */
function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '');
  return t.endsWith('.') ? `${t}0` : t;
}
