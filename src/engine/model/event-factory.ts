import { Money, Price, Quantity } from '../core/decimal.js';
import type { DecimalInput } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import type { ContingencyType, LiquiditySide, OrderSide, OrderType, TimeInForce } from './enums.js';
import type * as E from './events.js';
import { newEventId } from './identifiers.js';
import type { Position } from './position.js';

/**
 * Builders for order and position events, so the engine, adapters and tests never hand-write event
 * objects. Each takes the order (anything with its ids), the event time `tsNs` (ns since the epoch; also
 * `tsInit` unless `meta.tsInit` is given) and optional `meta`. Decimal arguments accept strings/numbers.
 * Exported from the public API as the namespace `events` (`events.orderFilled(order, {...}, ts)`).
 */

/** The parts of an order an event copies. `Order` satisfies it. */
export interface OrderRef {
  readonly traderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly clientOrderId: string;
  readonly venueOrderId?: string | undefined;
  readonly accountId?: string | undefined;
}

export interface EventMeta {
  /** Default: a fresh UUID. Pass one for deterministic (reconciliation) events. */
  readonly eventId?: string | undefined;
  /** Default: the event time. */
  readonly tsInit?: bigint;
  readonly reconciliation?: boolean | undefined;
  readonly accountId?: string;
}

/**
 * `{ type, ...base fields }` as one object: the fields are assigned in the order the spread version
 * wrote them (optional ones only when defined), without a temporary object per optional field and a
 * second copy per event: event building was a large share of an order's in-process lifecycle.
 */
function base(type: string, order: OrderRef, tsNs: bigint, meta: EventMeta): Record<string, unknown> {
  const e: Record<string, unknown> = {
    type,
    eventId: meta.eventId ?? newEventId(),
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
  };
  if (order.venueOrderId !== undefined) e.venueOrderId = order.venueOrderId;
  const accountId = meta.accountId ?? order.accountId;
  if (accountId !== undefined) e.accountId = accountId;
  e.tsEvent = tsNs;
  e.tsInit = meta.tsInit ?? tsNs;
  if (meta.reconciliation) e.reconciliation = true;
  return e;
}

const qty = (v: Quantity | DecimalInput): Quantity => (v instanceof Quantity ? v : Quantity.from(v));
const px = (v: Price | DecimalInput): Price => (v instanceof Price ? v : Price.from(v));

export interface OrderInitArgs {
  readonly traderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity | DecimalInput;
  readonly price?: Price | DecimalInput;
  readonly triggerPrice?: Price | DecimalInput;
  /** Default GTC. */
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: bigint;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly tags?: readonly string[];
  /** Default NO_CONTINGENCY. */
  readonly contingencyType?: ContingencyType;
  readonly orderListId?: string;
  readonly linkedOrderIds?: readonly string[];
  readonly parentOrderId?: string;
  readonly venueOrderId?: string;
  readonly accountId?: string;
  readonly tsInit: bigint;
  readonly eventId?: string;
  readonly reconciliation?: boolean;
}

export function orderInitialized(a: OrderInitArgs): E.OrderInitialized {
  const e = base('OrderInitialized', a, a.tsInit, { eventId: a.eventId, reconciliation: a.reconciliation });
  e.side = a.side;
  e.orderType = a.orderType;
  e.quantity = qty(a.quantity);
  if (a.price !== undefined) e.price = px(a.price);
  if (a.triggerPrice !== undefined) e.triggerPrice = px(a.triggerPrice);
  e.timeInForce = a.timeInForce ?? 'GTC';
  if (a.expireTime !== undefined) e.expireTime = a.expireTime;
  e.postOnly = a.postOnly ?? false;
  e.reduceOnly = a.reduceOnly ?? false;
  e.tags = a.tags === undefined ? [] : [...a.tags];
  e.contingencyType = a.contingencyType ?? 'NO_CONTINGENCY';
  if (a.orderListId !== undefined) e.orderListId = a.orderListId;
  e.linkedOrderIds = a.linkedOrderIds === undefined ? [] : [...a.linkedOrderIds];
  if (a.parentOrderId !== undefined) e.parentOrderId = a.parentOrderId;
  return e as unknown as E.OrderInitialized;
}

function withReason<T>(e: Record<string, unknown>, reason: string): T {
  e.reason = reason;
  return e as unknown as T;
}

export function orderDenied(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderDenied {
  return withReason(base('OrderDenied', order, tsNs, meta), reason);
}
export function orderSubmitted(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderSubmitted {
  return base('OrderSubmitted', order, tsNs, meta) as unknown as E.OrderSubmitted;
}
export function orderAccepted(order: OrderRef, venueOrderId: string, tsNs: bigint, meta: EventMeta = {}): E.OrderAccepted {
  const e = base('OrderAccepted', order, tsNs, meta);
  e.venueOrderId = venueOrderId;
  return e as unknown as E.OrderAccepted;
}
export function orderRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderRejected {
  return withReason(base('OrderRejected', order, tsNs, meta), reason);
}
export function orderCanceled(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderCanceled {
  return base('OrderCanceled', order, tsNs, meta) as unknown as E.OrderCanceled;
}
export function orderExpired(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderExpired {
  return base('OrderExpired', order, tsNs, meta) as unknown as E.OrderExpired;
}
export function orderTriggered(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderTriggered {
  return base('OrderTriggered', order, tsNs, meta) as unknown as E.OrderTriggered;
}
export function orderPendingUpdate(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderPendingUpdate {
  return base('OrderPendingUpdate', order, tsNs, meta) as unknown as E.OrderPendingUpdate;
}
export function orderPendingCancel(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderPendingCancel {
  return base('OrderPendingCancel', order, tsNs, meta) as unknown as E.OrderPendingCancel;
}
export function orderModifyRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderModifyRejected {
  return withReason(base('OrderModifyRejected', order, tsNs, meta), reason);
}
export function orderCancelRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderCancelRejected {
  return withReason(base('OrderCancelRejected', order, tsNs, meta), reason);
}

export interface UpdateArgs {
  readonly quantity: Quantity | DecimalInput;
  readonly price?: Price | DecimalInput;
  readonly triggerPrice?: Price | DecimalInput;
  /** A venue that re-numbers an order on modify. */
  readonly venueOrderId?: string;
}
export function orderUpdated(order: OrderRef, a: UpdateArgs, tsNs: bigint, meta: EventMeta = {}): E.OrderUpdated {
  const e = base('OrderUpdated', order, tsNs, meta);
  if (a.venueOrderId !== undefined) e.venueOrderId = a.venueOrderId;
  e.quantity = qty(a.quantity);
  if (a.price !== undefined) e.price = px(a.price);
  if (a.triggerPrice !== undefined) e.triggerPrice = px(a.triggerPrice);
  return e as unknown as E.OrderUpdated;
}

export interface FillArgs {
  readonly tradeId: string;
  readonly lastQty: Quantity | DecimalInput;
  readonly lastPx: Price | DecimalInput;
  /** Default: zero in `currency`. */
  readonly commission?: Money;
  /** The quote currency. Default: the commission's currency; one of the two is required. */
  readonly currency?: string;
  /** Default NO_LIQUIDITY_SIDE. */
  readonly liquiditySide?: LiquiditySide;
  /** Default: the order's venue order id (required if the order has none). */
  readonly venueOrderId?: string;
  readonly positionId?: string;
}

export function orderFilled(
  order: OrderRef & { readonly side: OrderSide; readonly type: OrderType },
  a: FillArgs,
  tsNs: bigint,
  meta: EventMeta = {},
): E.OrderFilled {
  const venueOrderId = a.venueOrderId ?? order.venueOrderId;
  const currency = a.currency ?? a.commission?.currency;
  if (venueOrderId === undefined || currency === undefined) {
    throw new EngineError(
      'EVENT_FILL_INCOMPLETE',
      `orderFilled for ${order.clientOrderId}: expected a venueOrderId (order has none) and a currency or commission, ` +
        `received venueOrderId ${String(venueOrderId)}, currency ${String(currency)}`,
      { clientOrderId: order.clientOrderId, venueOrderId, currency },
    );
  }
  const e = base('OrderFilled', order, tsNs, meta);
  e.venueOrderId = venueOrderId;
  e.tradeId = a.tradeId;
  if (a.positionId !== undefined) e.positionId = a.positionId;
  e.side = order.side;
  e.orderType = order.type;
  e.lastQty = qty(a.lastQty);
  e.lastPx = px(a.lastPx);
  e.currency = currency;
  e.commission = a.commission ?? Money.zero(currency);
  e.liquiditySide = a.liquiditySide ?? 'NO_LIQUIDITY_SIDE';
  return e as unknown as E.OrderFilled;
}

/**
 * The position event for the position's current state: PositionOpened for the fill that opened it
 * (first fill of a cycle), PositionClosed when flat, PositionChanged otherwise.
 */
export function positionEvent(position: Position, tsNs: bigint, meta: Omit<EventMeta, 'reconciliation'> = {}): E.PositionEvent {
  const type: E.PositionEvent['type'] = position.isClosed
    ? 'PositionClosed'
    : position.cycleFillCount === 1
      ? 'PositionOpened'
      : 'PositionChanged';
  const accountId = meta.accountId ?? position.accountId;
  // Fields assigned in the order the literal-with-spreads version wrote them (see `base`).
  const e: Record<string, unknown> = {
    type,
    eventId: meta.eventId ?? newEventId(),
    traderId: position.traderId,
    strategyId: position.strategyId,
    instrumentId: position.instrumentId,
    positionId: position.id,
  };
  if (accountId !== undefined) e.accountId = accountId;
  e.openingOrderId = position.openingOrderId;
  if (position.closingOrderId !== undefined) e.closingOrderId = position.closingOrderId;
  e.side = position.side;
  e.signedQty = position.signedQty.toString();
  e.quantity = position.quantity;
  e.avgPxOpen = position.avgPxOpen;
  e.realizedPnl = position.realizedPnl;
  e.lastTradeId = position.lastTradeId ?? '';
  e.tsEvent = tsNs;
  e.tsInit = meta.tsInit ?? tsNs;
  return e as unknown as E.PositionEvent;
}
