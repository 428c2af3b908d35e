import type { OrderEvent, OrderFilled, OrderInitialized, PositionEvent } from '../model/events.js';

/** A position changed by one fill: the event published, and the fill as the position applied it. */
export interface AppliedPositionChange {
  readonly event: PositionEvent;
  /** The order fill itself, or (a HEDGING flip) the part of it this position took, with its own trade id. */
  readonly fill: OrderFilled;
}

/** An order of a list, as the list holds it. */
export interface AppliedOrderList {
  readonly id: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly orders: readonly { readonly clientOrderId: string }[];
}

/**
 * What one applied order event changed, said by the execution engine that applied it: the bus publishes
 * it (`topics.applied`, before the order and position events on the strategies' topics) and the journal
 * appends it as is, so nothing downstream reads the cache back to find out what happened.
 */
export interface Applied {
  /** The order event as applied (a fill carries the position id it went to). */
  readonly event: OrderEvent;
  /** The order's definition; undefined only for the denial of an order that could not be built. */
  readonly init: OrderInitialized | undefined;
  /** The order's list, when it belongs to one. */
  readonly orderList: AppliedOrderList | undefined;
  /** The order's position id after the event (assigned at submit, by a fill, or by an OTO entry). */
  readonly positionId: string | undefined;
  /** OTO children this event linked to the entry's position (an entry's first fill). */
  readonly linkedChildren: readonly { readonly clientOrderId: string; readonly positionId: string }[];
  /** Positions the event changed, in order (two for a HEDGING flip). */
  readonly positions: readonly AppliedPositionChange[];
}

export const NONE: readonly never[] = Object.freeze([]);
