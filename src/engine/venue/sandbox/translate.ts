import { Decimal, Money, Price, Quantity } from '../../core/decimal.js';
import type { Bar, QuoteTick, TradeTick } from '../../model/market-data.js';
import type { VenueOrderEvent } from '../../execution/client.js';
import type { AccountState, OrderInitialized } from '../../model/events.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../model/reports.js';
import type { ServerFrameOf, WireAccountState, WireFill, WireOrderEvent, WireOrderReport, WireOrderSpecInput, WirePosition } from './protocol/messages.js';

/**
 * Wire frames ↔ keel values, one to one. Decimals keep the precision the venue wrote ('1.00010' stays
 * 5 places); timestamps are parsed from their digit strings. `tsInit` is when keel read the frame.
 * Report ids are derived from what they report, so the same venue state gives the same ids.
 */

export function toWireOrder(order: OrderInitialized, venuePositionId?: string): WireOrderSpecInput {
  // Field by field in the frame's key order, optional ones only when set: no `...(x ? {…} : {})`
  // temporaries per order (this runs for every submit).
  const w: Record<string, unknown> = {
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.orderType,
    quantity: order.quantity.toString(),
  };
  if (order.price) w.price = order.price.toString();
  if (order.triggerPrice) w.triggerPrice = order.triggerPrice.toString();
  w.timeInForce = order.timeInForce;
  if (order.expireTime !== undefined) w.expireTime = order.expireTime.toString();
  w.postOnly = order.postOnly;
  w.reduceOnly = order.reduceOnly;
  w.contingencyType = order.contingencyType;
  if (order.orderListId) w.orderListId = order.orderListId;
  w.linkedOrderIds = order.linkedOrderIds.slice();
  if (order.parentOrderId) w.parentOrderId = order.parentOrderId;
  if (venuePositionId) w.venuePositionId = venuePositionId;
  return w as unknown as WireOrderSpecInput;
}

/**
 * A venue order event → keel's event. `clientOrderId` falls back to the one of the command that caused
 * it; without either, there is no keel event to make (null: the caller asks for a report instead).
 * The venue's cancel reason (who or which rule cancelled) is kept on keel's `OrderCanceled`.
 */
export function toVenueOrderEvent(w: WireOrderEvent, fallbackClientOrderId?: string): VenueOrderEvent | null {
  const clientOrderId = w.clientOrderId ?? fallbackClientOrderId;
  if (clientOrderId === undefined) return null;
  // Built as one literal, then the event's own fields assigned in the order `{ ...base, type, … }` had
  // (journaled events keep their key order). Not a spread: in node 20's V8 a literal that starts with a
  // spread gets a new hidden class per object (see copyFields); this was ~6 µs per fill.
  const e: Record<string, unknown> = w.venueOrderId !== undefined
    ? { instrumentId: w.instrumentId, clientOrderId, venueOrderId: w.venueOrderId, accountId: w.accountId, tsEvent: BigInt(w.tsEvent) }
    : { instrumentId: w.instrumentId, clientOrderId, accountId: w.accountId, tsEvent: BigInt(w.tsEvent) };
  e.type = w.event;
  switch (w.event) {
    case 'OrderAccepted':
      e.venueOrderId = w.venueOrderId;
      break;
    case 'OrderRejected':
    case 'OrderModifyRejected':
    case 'OrderCancelRejected':
      e.reason = w.reason;
      break;
    case 'OrderCanceled':
      if (w.reason !== undefined) e.reason = w.reason;
      break;
    case 'OrderExpired':
    case 'OrderTriggered':
      break;
    case 'OrderUpdated':
      e.quantity = Quantity.from(w.quantity);
      if (w.price !== undefined) e.price = Price.from(w.price);
      if (w.triggerPrice !== undefined) e.triggerPrice = Price.from(w.triggerPrice);
      break;
    case 'OrderFilled':
      e.venueOrderId = w.venueOrderId;
      e.tradeId = w.fill.tradeId;
      if (w.fill.venuePositionId !== undefined) e.positionId = w.fill.venuePositionId;
      e.side = w.fill.side;
      e.orderType = w.fill.orderType;
      e.lastQty = Quantity.from(w.fill.lastQty);
      e.lastPx = Price.from(w.fill.lastPx);
      // The venue charges commission in the instrument's quote currency, the currency of the fill.
      e.currency = w.fill.commissionCurrency;
      e.commission = Money.from(w.fill.commission, w.fill.commissionCurrency);
      e.liquiditySide = w.fill.liquiditySide;
      break;
    default: {
      // A wire event added to the protocol must be translated here before this compiles.
      const unhandled: never = w;
      return unhandled;
    }
  }
  return e as unknown as VenueOrderEvent;
}

export function toOrderStatusReport(w: WireOrderReport, tsInit: bigint): OrderStatusReport {
  return {
    reportId: `OSR-${w.venueOrderId}-${w.tsLast}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    ...(w.clientOrderId !== undefined ? { clientOrderId: w.clientOrderId } : {}),
    venueOrderId: w.venueOrderId,
    ...(w.venuePositionId !== undefined ? { venuePositionId: w.venuePositionId } : {}),
    ...(w.orderListId !== undefined ? { orderListId: w.orderListId } : {}),
    side: w.side,
    orderType: w.orderType,
    timeInForce: w.timeInForce,
    ...(w.expireTime !== undefined ? { expireTime: BigInt(w.expireTime) } : {}),
    status: w.status,
    quantity: Quantity.from(w.quantity),
    filledQty: Quantity.from(w.filledQty),
    ...(w.avgPx !== undefined ? { avgPx: Price.from(w.avgPx) } : {}),
    ...(w.price !== undefined ? { price: Price.from(w.price) } : {}),
    ...(w.triggerPrice !== undefined ? { triggerPrice: Price.from(w.triggerPrice) } : {}),
    postOnly: w.postOnly,
    reduceOnly: w.reduceOnly,
    ...(w.contingencyType !== undefined ? { contingencyType: w.contingencyType } : {}),
    ...(w.linkedOrderIds !== undefined ? { linkedOrderIds: [...w.linkedOrderIds] } : {}),
    ...(w.parentOrderId !== undefined ? { parentOrderId: w.parentOrderId } : {}),
    ...(w.reason !== undefined ? { reason: w.reason } : {}),
    tsAccepted: BigInt(w.tsAccepted),
    tsLast: BigInt(w.tsLast),
    tsInit,
  };
}

export function toFillReport(w: WireFill, tsInit: bigint): FillReport {
  return {
    reportId: `FR-${w.venueOrderId}-${w.tradeId}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    venueOrderId: w.venueOrderId,
    ...(w.clientOrderId !== undefined ? { clientOrderId: w.clientOrderId } : {}),
    ...(w.venuePositionId !== undefined ? { venuePositionId: w.venuePositionId } : {}),
    tradeId: w.tradeId,
    side: w.side,
    lastQty: Quantity.from(w.lastQty),
    lastPx: Price.from(w.lastPx),
    commission: Money.from(w.commission, w.commissionCurrency),
    liquiditySide: w.liquiditySide,
    tsEvent: BigInt(w.tsEvent),
    tsInit,
  };
}

export function toPositionStatusReport(w: WirePosition, tsInit: bigint): PositionStatusReport {
  return {
    reportId: `PSR-${w.instrumentId}-${w.venuePositionId ?? 'NET'}-${w.tsLast}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    ...(w.venuePositionId !== undefined ? { venuePositionId: w.venuePositionId } : {}),
    side: w.side,
    quantity: Quantity.from(w.quantity),
    signedQty: Decimal.from(w.signedQty),
    ...(w.avgPxOpen !== undefined ? { avgPxOpen: Price.from(w.avgPxOpen) } : {}),
    tsLast: BigInt(w.tsLast),
    tsInit,
  };
}

export function toQuoteTick(f: ServerFrameOf<'quote'>, tsInit: bigint): QuoteTick {
  return {
    instrumentId: f.instrumentId,
    bid: Price.from(f.bid),
    ask: Price.from(f.ask),
    bidSize: Quantity.from(f.bidSize),
    askSize: Quantity.from(f.askSize),
    tsEvent: BigInt(f.tsEvent),
    tsInit,
  };
}

export function toTradeTick(f: ServerFrameOf<'trade'>, tsInit: bigint): TradeTick {
  return {
    instrumentId: f.instrumentId,
    price: Price.from(f.price),
    size: Quantity.from(f.size),
    aggressorSide: f.aggressorSide,
    tradeId: f.tradeId,
    tsEvent: BigInt(f.tsEvent),
    tsInit,
  };
}

export function toBar(f: ServerFrameOf<'bar'>, tsInit: bigint): Bar {
  return {
    barType: f.barType,
    instrumentId: f.instrumentId,
    open: Price.from(f.open),
    high: Price.from(f.high),
    low: Price.from(f.low),
    close: Price.from(f.close),
    volume: Quantity.from(f.volume),
    tsEvent: BigInt(f.tsEvent),
    tsInit,
  };
}

export function toAccountState(w: WireAccountState, venue: string, reported: AccountState['reported'], tsInit: bigint): AccountState {
  return {
    type: 'AccountState',
    accountId: w.accountId,
    venue,
    accountType: w.accountType,
    balances: w.balances.map((b) => ({ currency: b.currency, total: Decimal.from(b.total), locked: Decimal.from(b.locked), free: Decimal.from(b.free) })),
    margins: w.margins.map((m) => ({ instrumentId: m.instrumentId, initial: Decimal.from(m.initial), maintenance: Decimal.from(m.maintenance), leverage: Decimal.from(m.leverage) })),
    leverage: Decimal.from(w.defaultLeverage),
    reported,
    tsEvent: BigInt(w.tsEvent),
    tsInit,
  };
}
