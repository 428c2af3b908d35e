import type { Price, Quantity } from '../engine/core/decimal.js';
import type { OpenOrders } from './open-orders.js';
import type { PriceLadder } from './price-ladder.js';
import { type Source, type TopOfBook, isWorkingLimit } from './liquidity.js';
import { type VenueOrder, leavesQty } from './venue-order.js';

/**
 * What an order can trade against, in the order it trades: the other side's book from its best price
 * (resting orders in time priority at each price), with the quote placed after the resting orders at its
 * price; within `limit` (undefined = any price). The quote is read once, when the walk starts (its size as
 * it was then, as a list made up front would have it); the book is read as the walk goes, from just after
 * the last order it gave, so fills and cancels behind it cost nothing and nothing is read past what the
 * taker needs. Orders not working (an OTO child still dormant) are passed over.
 */
export class BookWalk {
  private readonly ladder: PriceLadder;
  /** Walking up (a BUY takes offers from the lowest) or down (a SELL takes bids from the highest). */
  private readonly up: boolean;
  private quote: Source | undefined;
  private lastPx: Price | undefined;
  private lastSeq = 0;

  constructor(
    open: OpenOrders,
    book: TopOfBook | undefined,
    private readonly taker: VenueOrder,
    private readonly limit: Price | undefined,
  ) {
    this.up = taker.side === 'BUY';
    this.ladder = open.book(taker.instrumentId, this.up ? 'SELL' : 'BUY');
    const px = this.up ? book?.ask : book?.bid;
    const size = this.up ? book?.askSize : book?.bidSize;
    if (px && this.crosses(px) && (size === undefined || size.isPositive())) this.quote = size ? { px, qty: size } : { px };
  }

  private crosses(px: Price): boolean {
    return this.limit === undefined || (this.up ? px.lte(this.limit) : px.gte(this.limit));
  }

  /** The next source, or undefined when nothing more trades within the limit. */
  next(): Source | undefined {
    const r = this.nextResting();
    const q = this.quote;
    if (q !== undefined && (r === undefined || (this.up ? r.price!.gt(q.px) : r.price!.lt(q.px)))) {
      this.quote = undefined;
      return q;
    }
    if (r === undefined) return undefined;
    this.lastPx = r.price!;
    this.lastSeq = r.seq;
    return { px: r.price!, resting: r };
  }

  /** The first working resting order after the last one given (price priority, then time), within the limit; the walk does not move. */
  private nextResting(): VenueOrder | undefined {
    const levels = this.ladder.levels;
    let i: number;
    let afterSeq = -1;
    if (this.lastPx === undefined) i = this.up ? 0 : levels.length - 1;
    else {
      i = this.up ? this.ladder.indexAtOrAbove(this.lastPx) : this.ladder.indexAbove(this.lastPx) - 1;
      if (levels[i]?.px.eq(this.lastPx)) afterSeq = this.lastSeq;
    }
    for (; i >= 0 && i < levels.length; i += this.up ? 1 : -1) {
      const level = levels[i]!;
      if (!this.crosses(level.px)) return undefined;
      for (const o of level.orders) if (o.seq > afterSeq && o !== this.taker && isWorkingLimit(o)) return o;
      afterSeq = -1;
    }
    return undefined;
  }
}

/** Anything to trade against within `limit` (undefined = any price)? */
export function hasLiquidity(open: OpenOrders, book: TopOfBook | undefined, o: VenueOrder, limit: Price | undefined): boolean {
  return new BookWalk(open, book, o, limit).next() !== undefined;
}

/** Is at least `need` available within `limit` (an unlimited quote always is)? Reads only as deep as it must. */
export function fillable(open: OpenOrders, book: TopOfBook | undefined, o: VenueOrder, limit: Price | undefined, need: Quantity): boolean {
  const walk = new BookWalk(open, book, o, limit);
  let sum: Quantity | undefined;
  for (let s = walk.next(); s !== undefined; s = walk.next()) {
    const q = s.resting ? leavesQty(s.resting) : s.qty;
    if (q === undefined) return true;
    sum = sum === undefined ? q : sum.add(q);
    if (sum.gte(need)) return true;
  }
  return sum !== undefined && sum.gte(need);
}

/** Resting limits a new quote crosses (they fill as makers at their limit), BUYs then SELLs, best price first, then time. */
export function crossedLimits(open: OpenOrders, book: TopOfBook, instrumentId: string): VenueOrder[] {
  const out: VenueOrder[] = [];
  const bids = open.book(instrumentId, 'BUY').levels;
  if (book.ask !== undefined) {
    for (let i = bids.length - 1; i >= 0 && bids[i]!.px.gte(book.ask); i--) for (const o of bids[i]!.orders) if (isWorkingLimit(o)) out.push(o);
  }
  const offers = open.book(instrumentId, 'SELL').levels;
  if (book.bid !== undefined) {
    for (let i = 0; i < offers.length && offers[i]!.px.lte(book.bid); i++) for (const o of offers[i]!.orders) if (isWorkingLimit(o)) out.push(o);
  }
  return out;
}
