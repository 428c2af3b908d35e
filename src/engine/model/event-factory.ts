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
  readonly eventId?: string;
  /** Default: the event time. */
  readonly tsInit?: bigint;
  readonly reconciliation?: boolean;
  readonly accountId?: string;
}

function base(order: OrderRef, tsNs: bigint, meta: EventMeta): E.OrderEventBase {
  const accountId = meta.accountId ?? order.accountId;
  return {
    eventId: meta.eventId ?? newEventId(),
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
    tsEvent: tsNs,
    tsInit: meta.tsInit ?? tsNs,
    ...(meta.reconciliation ? { reconciliation: true } : {}),
  };
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
  return {
    type: 'OrderInitialized',
    ...base(a, a.tsInit, { eventId: a.eventId, reconciliation: a.reconciliation }),
    side: a.side,
    orderType: a.orderType,
    quantity: qty(a.quantity),
    ...(a.price !== undefined ? { price: px(a.price) } : {}),
    ...(a.triggerPrice !== undefined ? { triggerPrice: px(a.triggerPrice) } : {}),
    timeInForce: a.timeInForce ?? 'GTC',
    ...(a.expireTime !== undefined ? { expireTime: a.expireTime } : {}),
    postOnly: a.postOnly ?? false,
    reduceOnly: a.reduceOnly ?? false,
    tags: [...(a.tags ?? [])],
    contingencyType: a.contingencyType ?? 'NO_CONTINGENCY',
    ...(a.orderListId !== undefined ? { orderListId: a.orderListId } : {}),
    linkedOrderIds: [...(a.linkedOrderIds ?? [])],
    ...(a.parentOrderId !== undefined ? { parentOrderId: a.parentOrderId } : {}),
  };
}

export function orderDenied(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderDenied {
  return { type: 'OrderDenied', ...base(order, tsNs, meta), reason };
}
export function orderSubmitted(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderSubmitted {
  return { type: 'OrderSubmitted', ...base(order, tsNs, meta) };
}
export function orderAccepted(order: OrderRef, venueOrderId: string, tsNs: bigint, meta: EventMeta = {}): E.OrderAccepted {
  return { type: 'OrderAccepted', ...base(order, tsNs, meta), venueOrderId };
}
export function orderRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderRejected {
  return { type: 'OrderRejected', ...base(order, tsNs, meta), reason };
}
export function orderCanceled(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderCanceled {
  return { type: 'OrderCanceled', ...base(order, tsNs, meta) };
}
export function orderExpired(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderExpired {
  return { type: 'OrderExpired', ...base(order, tsNs, meta) };
}
export function orderTriggered(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderTriggered {
  return { type: 'OrderTriggered', ...base(order, tsNs, meta) };
}
export function orderPendingUpdate(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderPendingUpdate {
  return { type: 'OrderPendingUpdate', ...base(order, tsNs, meta) };
}
export function orderPendingCancel(order: OrderRef, tsNs: bigint, meta: EventMeta = {}): E.OrderPendingCancel {
  return { type: 'OrderPendingCancel', ...base(order, tsNs, meta) };
}
export function orderModifyRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderModifyRejected {
  return { type: 'OrderModifyRejected', ...base(order, tsNs, meta), reason };
}
export function orderCancelRejected(order: OrderRef, reason: string, tsNs: bigint, meta: EventMeta = {}): E.OrderCancelRejected {
  return { type: 'OrderCancelRejected', ...base(order, tsNs, meta), reason };
}

export interface UpdateArgs {
  readonly quantity: Quantity | DecimalInput;
  readonly price?: Price | DecimalInput;
  readonly triggerPrice?: Price | DecimalInput;
  /** A venue that re-numbers an order on modify. */
  readonly venueOrderId?: string;
}
export function orderUpdated(order: OrderRef, a: UpdateArgs, tsNs: bigint, meta: EventMeta = {}): E.OrderUpdated {
  const b = base(order, tsNs, meta);
  return {
    type: 'OrderUpdated',
    ...b,
    ...(a.venueOrderId !== undefined ? { venueOrderId: a.venueOrderId } : {}),
    quantity: qty(a.quantity),
    ...(a.price !== undefined ? { price: px(a.price) } : {}),
    ...(a.triggerPrice !== undefined ? { triggerPrice: px(a.triggerPrice) } : {}),
  };
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
  return {
    type: 'OrderFilled',
    ...base(order, tsNs, meta),
    venueOrderId,
    tradeId: a.tradeId,
    ...(a.positionId !== undefined ? { positionId: a.positionId } : {}),
    side: order.side,
    orderType: order.type,
    lastQty: qty(a.lastQty),
    lastPx: px(a.lastPx),
    currency,
    commission: a.commission ?? Money.zero(currency),
    liquiditySide: a.liquiditySide ?? 'NO_LIQUIDITY_SIDE',
  };
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
  return {
    type,
    eventId: meta.eventId ?? newEventId(),
    traderId: position.traderId,
    strategyId: position.strategyId,
    instrumentId: position.instrumentId,
    positionId: position.id,
    ...(accountId !== undefined ? { accountId } : {}),
    openingOrderId: position.openingOrderId,
    ...(position.closingOrderId !== undefined ? { closingOrderId: position.closingOrderId } : {}),
    side: position.side,
    signedQty: position.signedQty.toString(),
    quantity: position.quantity,
    avgPxOpen: position.avgPxOpen,
    realizedPnl: position.realizedPnl,
    lastTradeId: position.lastTradeId ?? '',
    tsEvent: tsNs,
    tsInit: meta.tsInit ?? tsNs,
  };
}
