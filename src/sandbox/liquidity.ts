import type { Price, Quantity } from '../engine/core/decimal.js';
import { type VenueOrder, isOpen } from './venue-order.js';
import { ORDER_TRAITS, worksAsLimit } from '../engine/model/order-traits.js';

/**
 * What an order can trade against, per instrument: the top of book (the last quote, whose sizes fills
 * consume until the next quote; a missing size means unlimited) and the resting client orders on the
 * other side (book-walk.ts walks them). Best price first; at one price, resting client orders before
 * the quote, then time.
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
