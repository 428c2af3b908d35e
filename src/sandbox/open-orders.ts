import type { Price } from '../engine/core/decimal.js';
import type { OrderSide } from '../engine/model/enums.js';
import type { VenueOrder } from './venue-order.js';
import { ORDER_TRAITS, worksAsLimit } from '../engine/model/order-traits.js';
import { PriceLadder } from './price-ladder.js';

/**
 * The venue's open orders, indexed the way matching reads them: per instrument, a book per side of the
 * working limit orders (price levels, each in time priority: what a taker walks from the best price and
 * what a quote crosses), and the untriggered stop / if-touched orders by trigger price (a quote reads only
 * the ones it reaches); per account, its open orders (what its funds commit); plus the orders that expire
 * (GTD/DAY). Matching cost follows the orders that can match, not how many rest.
 */
interface InstrumentOrders {
  readonly BUY: PriceLadder;
  readonly SELL: PriceLadder;
  /** Untriggered stop / if-touched orders by trigger price, per side and kind (each kind triggers on one side of the market). */
  readonly stops: { readonly BUY: { readonly STOP: PriceLadder; readonly TOUCH: PriceLadder }; readonly SELL: { readonly STOP: PriceLadder; readonly TOUCH: PriceLadder } };
  readonly all: Map<string, VenueOrder>;
}

const stopKind = (o: VenueOrder) => (ORDER_TRAITS[o.orderType].triggerKind === 'STOP' ? 'STOP' : 'TOUCH');

export class OpenOrders {
  private readonly byInstrument = new Map<string, InstrumentOrders>();
  private readonly byAccount = new Map<string, Set<VenueOrder>>();
  readonly expiring = new Set<VenueOrder>();

  private slot(instrumentId: string): InstrumentOrders {
    let s = this.byInstrument.get(instrumentId);
    if (!s) {
      const pair = () => ({ STOP: new PriceLadder(), TOUCH: new PriceLadder() });
      this.byInstrument.set(instrumentId, (s = { BUY: new PriceLadder(), SELL: new PriceLadder(), stops: { BUY: pair(), SELL: pair() }, all: new Map() }));
    }
    return s;
  }

  add(o: VenueOrder): void {
    const s = this.slot(o.instrumentId);
    s.all.set(o.venueOrderId, o);
    let mine = this.byAccount.get(o.accountId);
    if (mine === undefined) this.byAccount.set(o.accountId, (mine = new Set()));
    mine.add(o);
    this.index(s, o);
    if (o.expiresAt !== undefined) this.expiring.add(o);
  }

  /** Where matching looks for it: on its side's book (working as a limit) or among the stops by trigger. */
  private index(s: InstrumentOrders, o: VenueOrder): void {
    if (worksAsLimit(o.orderType, o.triggered)) {
      if (o.price !== undefined) s[o.side].add(o, o.price);
    } else if (ORDER_TRAITS[o.orderType].hasTrigger && !o.triggered && o.triggerPrice !== undefined) {
      s.stops[o.side][stopKind(o)].add(o, o.triggerPrice);
    }
  }

  private unindex(s: InstrumentOrders, o: VenueOrder): void {
    s[o.side].remove(o);
    if (ORDER_TRAITS[o.orderType].hasTrigger) s.stops[o.side][stopKind(o)].remove(o);
  }

  /** A stop / if-touched order has triggered: a limit one now rests on its side. */
  triggered(o: VenueOrder): void {
    const s = this.slot(o.instrumentId);
    s.stops[o.side][stopKind(o)].remove(o);
    if (ORDER_TRAITS[o.orderType].restsAsLimitAfterTrigger && o.price !== undefined) s[o.side].add(o, o.price);
  }

  /** Change an open order's price or trigger (`change` does it): it moves to its new level, keeping its time priority. */
  reprice(o: VenueOrder, change: () => void): void {
    const s = this.byInstrument.get(o.instrumentId);
    if (s === undefined || !s.all.has(o.venueOrderId)) return change();
    this.unindex(s, o);
    change();
    this.index(s, o);
  }

  remove(o: VenueOrder): void {
    const s = this.byInstrument.get(o.instrumentId);
    if (s) {
      s.all.delete(o.venueOrderId);
      this.unindex(s, o);
    }
    this.byAccount.get(o.accountId)?.delete(o);
    this.expiring.delete(o);
  }

  /** The book of working limit orders on one side. */
  book(instrumentId: string, side: OrderSide): PriceLadder {
    return this.slot(instrumentId)[side];
  }

  /** true when `instrumentId` has an open order (a quote with none has nothing to match). */
  hasOrders(instrumentId: string): boolean {
    const s = this.byInstrument.get(instrumentId);
    return s !== undefined && s.all.size > 0;
  }

  /** Untriggered stop / if-touched orders whose trigger this market reaches (BUY reads the ask, SELL the bid), oldest first. */
  stopsReached(instrumentId: string, ask: Price | undefined, bid: Price | undefined): VenueOrder[] {
    const s = this.byInstrument.get(instrumentId);
    if (s === undefined) return [];
    const out: VenueOrder[] = [];
    const take = (l: PriceLadder, from: number, to: number) => {
      for (let i = from; i < to; i++) for (const o of l.levels[i]!.orders) out.push(o);
    };
    // BUY stop: ask ≥ trigger; BUY if-touched: ask ≤ trigger; SELL stop: bid ≤ trigger; SELL if-touched: bid ≥ trigger.
    if (ask !== undefined) {
      take(s.stops.BUY.STOP, 0, s.stops.BUY.STOP.indexAbove(ask));
      take(s.stops.BUY.TOUCH, s.stops.BUY.TOUCH.indexAtOrAbove(ask), s.stops.BUY.TOUCH.levels.length);
    }
    if (bid !== undefined) {
      take(s.stops.SELL.STOP, s.stops.SELL.STOP.indexAtOrAbove(bid), s.stops.SELL.STOP.levels.length);
      take(s.stops.SELL.TOUCH, 0, s.stops.SELL.TOUCH.indexAbove(bid));
    }
    return out.length > 1 ? out.sort((a, b) => a.seq - b.seq) : out;
  }

  /** One account's open orders (do not mutate). */
  ofAccount(accountId: string): ReadonlySet<VenueOrder> {
    return this.byAccount.get(accountId) ?? EMPTY;
  }

  /** The earliest time an open order expires, if any. */
  nextExpiry(): bigint | undefined {
    let next: bigint | undefined;
    for (const o of this.expiring) if (next === undefined || o.expiresAt! < next) next = o.expiresAt;
    return next;
  }
  *all(): IterableIterator<VenueOrder> {
    for (const s of this.byInstrument.values()) yield* s.all.values();
  }
}

const EMPTY: ReadonlySet<VenueOrder> = new Set();
