import type { OrderSide } from '../engine/model/enums.js';
import type { VenueOrder } from './venue-order.js';
import { ORDER_TRAITS, worksAsLimit } from '../engine/model/order-traits.js';

/**
 * The venue's open orders, indexed the way matching reads them: per instrument, working limit orders by
 * side (what a taker can hit and what a quote can cross) and untriggered stop / if-touched orders; plus
 * the orders that expire (GTD/DAY). Keeps matching cost proportional to the orders that can match, not
 * to the whole history.
 */
interface InstrumentOrders {
  readonly BUY: Set<VenueOrder>;
  readonly SELL: Set<VenueOrder>;
  readonly stops: Set<VenueOrder>;
  readonly all: Map<string, VenueOrder>;
}

export class OpenOrders {
  private readonly byInstrument = new Map<string, InstrumentOrders>();
  readonly expiring = new Set<VenueOrder>();

  private slot(instrumentId: string): InstrumentOrders {
    let s = this.byInstrument.get(instrumentId);
    if (!s) this.byInstrument.set(instrumentId, (s = { BUY: new Set(), SELL: new Set(), stops: new Set(), all: new Map() }));
    return s;
  }

  add(o: VenueOrder): void {
    const s = this.slot(o.instrumentId);
    s.all.set(o.venueOrderId, o);
    if (worksAsLimit(o.orderType, o.triggered)) s[o.side].add(o);
    else if (ORDER_TRAITS[o.orderType].hasTrigger && !o.triggered) s.stops.add(o);
    if (o.expiresAt !== undefined) this.expiring.add(o);
  }

  /** A stop / if-touched order has triggered: a limit one now rests on its side. */
  triggered(o: VenueOrder): void {
    const s = this.slot(o.instrumentId);
    s.stops.delete(o);
    if (ORDER_TRAITS[o.orderType].restsAsLimitAfterTrigger) s[o.side].add(o);
  }

  remove(o: VenueOrder): void {
    const s = this.byInstrument.get(o.instrumentId);
    if (s) {
      s.all.delete(o.venueOrderId);
      s[o.side].delete(o);
      s.stops.delete(o);
    }
    this.expiring.delete(o);
  }

  limits(instrumentId: string, side: OrderSide): ReadonlySet<VenueOrder> {
    return this.slot(instrumentId)[side];
  }
  stops(instrumentId: string): ReadonlySet<VenueOrder> {
    return this.slot(instrumentId).stops;
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
