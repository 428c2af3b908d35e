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
  return {
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.orderType,
    quantity: order.quantity.toString(),
    ...(order.price ? { price: order.price.toString() } : {}),
    ...(order.triggerPrice ? { triggerPrice: order.triggerPrice.toString() } : {}),
    timeInForce: order.timeInForce,
    ...(order.expireTime !== undefined ? { expireTime: order.expireTime.toString() } : {}),
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    contingencyType: order.contingencyType,
    ...(order.orderListId ? { orderListId: order.orderListId } : {}),
    linkedOrderIds: [...order.linkedOrderIds],
    ...(order.parentOrderId ? { parentOrderId: order.parentOrderId } : {}),
    ...(venuePositionId ? { venuePositionId } : {}),
  };
}

/**
 * A venue order event → keel's event. `clientOrderId` falls back to the one of the command that caused
 * it; without either, there is no keel event to make (null: the caller asks for a report instead).
 * The venue's cancel reason (who or which rule cancelled) is kept on keel's `OrderCanceled`.
 */
export function toVenueOrderEvent(w: WireOrderEvent, fallbackClientOrderId?: string): VenueOrderEvent | null {
  const clientOrderId = w.clientOrderId ?? fallbackClientOrderId;
  if (clientOrderId === undefined) return null;
  const base = {
    instrumentId: w.instrumentId,
    clientOrderId,
    ...(w.venueOrderId !== undefined ? { venueOrderId: w.venueOrderId } : {}),
    accountId: w.accountId,
    tsEvent: BigInt(w.tsEvent),
  };
  switch (w.event) {
    case 'OrderAccepted':
      return { ...base, type: 'OrderAccepted', venueOrderId: w.venueOrderId };
    case 'OrderRejected':
      return { ...base, type: 'OrderRejected', reason: w.reason };
    case 'OrderCanceled':
      return { ...base, type: 'OrderCanceled', ...(w.reason !== undefined ? { reason: w.reason } : {}) };
    case 'OrderExpired':
      return { ...base, type: 'OrderExpired' };
    case 'OrderTriggered':
      return { ...base, type: 'OrderTriggered' };
    case 'OrderUpdated':
      return {
        ...base,
        type: 'OrderUpdated',
        quantity: Quantity.from(w.quantity),
        ...(w.price !== undefined ? { price: Price.from(w.price) } : {}),
        ...(w.triggerPrice !== undefined ? { triggerPrice: Price.from(w.triggerPrice) } : {}),
      };
    case 'OrderModifyRejected':
      return { ...base, type: 'OrderModifyRejected', reason: w.reason };
    case 'OrderCancelRejected':
      return { ...base, type: 'OrderCancelRejected', reason: w.reason };
    case 'OrderFilled':
      return {
        ...base,
        type: 'OrderFilled',
        venueOrderId: w.venueOrderId,
        tradeId: w.fill.tradeId,
        ...(w.fill.venuePositionId !== undefined ? { positionId: w.fill.venuePositionId } : {}),
        side: w.fill.side,
        orderType: w.fill.orderType,
        lastQty: Quantity.from(w.fill.lastQty),
        lastPx: Price.from(w.fill.lastPx),
        // The venue charges commission in the instrument's quote currency, the currency of the fill.
        currency: w.fill.commissionCurrency,
        commission: Money.from(w.fill.commission, w.fill.commissionCurrency),
        liquiditySide: w.fill.liquiditySide,
      };
  }
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
