import { type Price, Quantity } from '../engine/core/decimal.js';
import type { OpenOrders } from './open-orders.js';
import { type VenueOrder, isOpen, leavesQty } from './venue-order.js';
import { ORDER_TRAITS, worksAsLimit } from '../engine/model/order-traits.js';

/**
 * What an order can trade against, per instrument: the top of book (the last quote, whose sizes fills
 * consume until the next quote; a missing size means unlimited) and the resting client orders on the
 * other side. Best price first; at one price, resting client orders before the quote, then time.
 */
export interface TopOfBook {
  bid?: Price;
  ask?: Price;
  /** Remaining size at the bid/ask; undefined = unlimited. */
  bidSize?: Quantity;
  askSize?: Quantity;
  ts: bigint;
}

export interface Source {
  readonly px: Price;
  /** Quote size left (undefined = unlimited); absent for a resting order (use its leaves). */
  readonly qty?: Quantity;
  readonly resting?: VenueOrder;
}

/** A limit order that is working in the book (a LIMIT, or a triggered STOP_LIMIT / LIMIT_IF_TOUCHED). */
export function isWorkingLimit(o: VenueOrder): boolean {
  if (!isOpen(o) || o.dormant || o.price === undefined) return false;
  return worksAsLimit(o.orderType, o.triggered);
}

export function sources(open: OpenOrders, book: TopOfBook | undefined, o: VenueOrder, limit: Price | undefined): Source[] {
  const buy = o.side === 'BUY';
  const crosses = (px: Price) => limit === undefined || (buy ? px.lte(limit) : px.gte(limit));
  const out: Source[] = [];
  for (const r of open.limits(o.instrumentId, buy ? 'SELL' : 'BUY')) {
    if (r === o || !isWorkingLimit(r) || !crosses(r.price!)) continue;
    out.push({ px: r.price!, resting: r });
  }
  out.sort((a, b) => (buy ? a.px.cmp(b.px) : b.px.cmp(a.px)) || a.resting!.seq - b.resting!.seq);
  const px = buy ? book?.ask : book?.bid;
  const size = buy ? book?.askSize : book?.bidSize;
  if (px && crosses(px) && (size === undefined || size.isPositive())) {
    const at = out.findIndex((s) => (buy ? s.px.gt(px) : s.px.lt(px)));
    out.splice(at === -1 ? out.length : at, 0, { px, ...(size ? { qty: size } : {}) });
  }
  return out;
}

/** Resting limits a new quote crosses (they fill as makers at their limit), BUYs then SELLs, best price first, then time. */
export function crossedLimits(open: OpenOrders, book: TopOfBook, instrumentId: string): VenueOrder[] {
  const crossed = (side: 'BUY' | 'SELL') => {
    const px = side === 'BUY' ? book.ask : book.bid;
    const out = [...open.limits(instrumentId, side)].filter((o) => isWorkingLimit(o) && px !== undefined && (side === 'BUY' ? px.lte(o.price!) : px.gte(o.price!)));
    return out.sort((a, b) => (side === 'BUY' ? b.price!.cmp(a.price!) : a.price!.cmp(b.price!)) || a.seq - b.seq);
  };
  return [...crossed('BUY'), ...crossed('SELL')];
}

/** Total size available within the limit; undefined = unlimited. */
export function available(list: readonly Source[]): Quantity | undefined {
  let sum = Quantity.zero();
  for (const s of list) {
    const q = s.resting ? leavesQty(s.resting) : s.qty;
    if (q === undefined) return undefined;
    sum = sum.add(q);
  }
  return sum;
}

/** A taker fill against the quote uses up its size until the next quote. */
export function consume(book: TopOfBook | undefined, takerSide: 'BUY' | 'SELL', qty: Quantity): void {
  if (!book) return;
  if (takerSide === 'BUY' && book.askSize) book.askSize = book.askSize.sub(qty);
  if (takerSide === 'SELL' && book.bidSize) book.bidSize = book.bidSize.sub(qty);
}

/**
 * Stops trigger when the market moves through the trigger against the order (BUY: ask ≥ trigger);
 * if-touched orders when it comes to them (BUY: ask ≤ trigger).
 */
export function triggerHit(book: TopOfBook | undefined, o: VenueOrder): boolean {
  const px = o.side === 'BUY' ? book?.ask : book?.bid;
  if (!px || !o.triggerPrice) return false;
  const isStop = ORDER_TRAITS[o.orderType].triggerKind === 'STOP';
  return isStop === (o.side === 'BUY') ? px.gte(o.triggerPrice) : px.lte(o.triggerPrice);
}

export function minQty(a: Quantity, b: Quantity | undefined): Quantity {
  return b === undefined || a.lte(b) ? a : b;
}
