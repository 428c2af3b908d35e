import type { Price, Quantity } from '../engine/core/decimal.js';
import { defineMachine, movesTo } from '../engine/core/fsm.js';
import type { ContingencyType, LiquiditySide, OrderSide, OrderStatus, OrderType, TimeInForce } from '../engine/model/enums.js';
import { CLOSED_STATUSES } from '../engine/model/enums.js';
import type { WireFill, WireOrderReport } from '../engine/venue/sandbox/protocol/messages.js';

/**
 * The venue's own order record (not keel's `Order`): what the exchange keeps about an order, mutated
 * only by the matching engine through `transition`.
 */
export interface VenueOrder {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly clientOrderId?: string;
  readonly venueOrderId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly expireTime?: bigint;
  /** When the venue expires it (GTD: expireTime; DAY: the next UTC midnight). */
  readonly expiresAt?: bigint;
  status: OrderStatus;
  quantity: Quantity;
  filledQty: Quantity;
  avgPx?: Price;
  price?: Price;
  triggerPrice?: Price;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  contingencyType: ContingencyType;
  readonly orderListId?: string;
  readonly linkedOrderIds: readonly string[];
  readonly parentOrderId?: string;
  venuePositionId?: string;
  reason?: string;
  readonly tsAccepted: bigint;
  tsLast: bigint;
  /** Time priority among resting orders. */
  readonly seq: number;
  /** Stop / if-touched orders: the trigger condition has been met. */
  triggered: boolean;
  /** The venue manages this order's contingencies (OTO/OCO/OUO), as asked by the client. */
  readonly contingentAtVenue: boolean;
  /** An OTO child waiting for its parent to fill: accepted but not working. */
  dormant: boolean;
}

export interface VenueFill {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly venueOrderId: string;
  readonly clientOrderId?: string;
  readonly venuePositionId?: string;
  readonly tradeId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: string;
  readonly commissionCurrency: string;
  readonly liquiditySide: LiquiditySide;
  readonly tsEvent: bigint;
}

/** Venue-side order lifecycle: which status may follow which (seeded orders enter at any status). */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // Seeded orders may sit in keel's pre-venue statuses; the venue treats them as accepted.
  INITIALIZED: ['ACCEPTED', 'REJECTED', 'CANCELED', 'EXPIRED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED'],
  SUBMITTED: ['ACCEPTED', 'REJECTED', 'CANCELED', 'EXPIRED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED'],
  ACCEPTED: ['CANCELED', 'EXPIRED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED'],
  TRIGGERED: ['CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED'],
  PENDING_UPDATE: ['ACCEPTED', 'TRIGGERED', 'CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  PENDING_CANCEL: ['CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  // A fill that raced a cancel is still booked (as at real venues).
  CANCELED: ['PARTIALLY_FILLED', 'FILLED'],
  DENIED: [],
  REJECTED: [],
  EXPIRED: [],
  FILLED: [],
};

const VENUE_ORDER_MACHINE = defineMachine('venue order', movesTo(TRANSITIONS));

export function transition(order: VenueOrder, to: OrderStatus, ts: bigint): void {
  // can() first: the matching engine's hot path builds no refusal text for the moves that are allowed.
  if (!VENUE_ORDER_MACHINE.can(order.status, to)) {
    throw VENUE_ORDER_MACHINE.refuse(order.status, to, { subject: `venue order ${order.venueOrderId}`, details: { venueOrderId: order.venueOrderId, to } });
  }
  order.status = to;
  order.tsLast = ts;
}

export function isOpen(order: VenueOrder): boolean {
  return !CLOSED_STATUSES.has(order.status);
}

export function leavesQty(order: VenueOrder): Quantity {
  return order.quantity.sub(order.filledQty);
}

/** The venue's record of one execution of `o`. */
export function newFill(
  o: VenueOrder,
  f: { tradeId: string; qty: Quantity; px: Price; commission: { toString(): string }; currency: string; liquidity: LiquiditySide; venuePositionId?: string | undefined; ts: bigint },
): VenueFill {
  // Built field by field in the order fillReport writes them (no spread copies on the fill path).
  const fill: { -readonly [K in keyof VenueFill]: VenueFill[K] } = {
    accountId: o.accountId,
    instrumentId: o.instrumentId,
    venueOrderId: o.venueOrderId,
    tradeId: f.tradeId,
    side: o.side,
    orderType: o.orderType,
    lastQty: f.qty,
    lastPx: f.px,
    commission: f.commission.toString(),
    commissionCurrency: f.currency,
    liquiditySide: f.liquidity,
    tsEvent: f.ts,
  };
  if (o.clientOrderId !== undefined) fill.clientOrderId = o.clientOrderId;
  if (f.venuePositionId !== undefined) fill.venuePositionId = f.venuePositionId;
  return fill;
}

export function orderReport(o: VenueOrder): WireOrderReport {
  return {
    accountId: o.accountId,
    instrumentId: o.instrumentId,
    ...(o.clientOrderId !== undefined ? { clientOrderId: o.clientOrderId } : {}),
    venueOrderId: o.venueOrderId,
    ...(o.venuePositionId !== undefined ? { venuePositionId: o.venuePositionId } : {}),
    ...(o.orderListId !== undefined ? { orderListId: o.orderListId } : {}),
    side: o.side,
    orderType: o.orderType,
    timeInForce: o.timeInForce,
    ...(o.expireTime !== undefined ? { expireTime: o.expireTime.toString() } : {}),
    status: o.status,
    quantity: o.quantity.toString(),
    filledQty: o.filledQty.toString(),
    ...(o.avgPx !== undefined ? { avgPx: o.avgPx.toString() } : {}),
    ...(o.price !== undefined ? { price: o.price.toString() } : {}),
    ...(o.triggerPrice !== undefined ? { triggerPrice: o.triggerPrice.toString() } : {}),
    postOnly: o.postOnly,
    reduceOnly: o.reduceOnly,
    ...(o.contingencyType !== 'NO_CONTINGENCY' ? { contingencyType: o.contingencyType } : {}),
    ...(o.linkedOrderIds.length > 0 ? { linkedOrderIds: [...o.linkedOrderIds] } : {}),
    ...(o.parentOrderId !== undefined ? { parentOrderId: o.parentOrderId } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    tsAccepted: o.tsAccepted.toString(),
    tsLast: o.tsLast.toString(),
  };
}

export function fillReport(f: VenueFill): WireFill {
  // Field by field, in the wire's order (clients and journals have always seen it): no spread copies.
  const r: { -readonly [K in keyof WireFill]: WireFill[K] } = { accountId: f.accountId, instrumentId: f.instrumentId, venueOrderId: f.venueOrderId } as WireFill;
  if (f.clientOrderId !== undefined) r.clientOrderId = f.clientOrderId;
  if (f.venuePositionId !== undefined) r.venuePositionId = f.venuePositionId;
  r.tradeId = f.tradeId;
  r.side = f.side;
  r.orderType = f.orderType;
  r.lastQty = f.lastQty.toString();
  r.lastPx = f.lastPx.toString();
  r.commission = f.commission;
  r.commissionCurrency = f.commissionCurrency;
  r.liquiditySide = f.liquiditySide;
  r.tsEvent = f.tsEvent.toString();
  return r;
}
