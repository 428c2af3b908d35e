import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';
import type * as E from '../model/events.js';

/** The hooks a strategy overrides; all are no-ops by default. One per order and position event. */
export interface StrategyHooks {
  onStart(): void;
  onStop(): void;
  onReset(): void;
  onDispose(): void;
  /**
   * Hot swap (`node.replaceStrategy`), old side: called after this instance's `onStop`; what it returns
   * goes to the new instance's `onTakeOver` (counters, indicator state...). Orders, positions and
   * contingent links need no hand-over: they stay the strategy id's, and the order manager's memory of
   * requests on their way passes to the new instance by itself.
   */
  onHandOver(): unknown;
  /** Hot swap, new side: called with the old instance's `onHandOver` result, before this instance's `onStart`. */
  onTakeOver(state: unknown): void;
  onQuote(quote: QuoteTick): void;
  onTrade(trade: TradeTick): void;
  onBar(bar: Bar): void;
  onOrderEvent(event: E.OrderEvent): void;
  onOrderInitialized(event: E.OrderInitialized): void;
  onOrderDenied(event: E.OrderDenied): void;
  onOrderSubmitted(event: E.OrderSubmitted): void;
  onOrderAccepted(event: E.OrderAccepted): void;
  onOrderRejected(event: E.OrderRejected): void;
  onOrderCanceled(event: E.OrderCanceled): void;
  onOrderExpired(event: E.OrderExpired): void;
  onOrderTriggered(event: E.OrderTriggered): void;
  onOrderPendingUpdate(event: E.OrderPendingUpdate): void;
  onOrderPendingCancel(event: E.OrderPendingCancel): void;
  onOrderModifyRejected(event: E.OrderModifyRejected): void;
  onOrderCancelRejected(event: E.OrderCancelRejected): void;
  onOrderUpdated(event: E.OrderUpdated): void;
  onOrderFilled(event: E.OrderFilled): void;
  onPositionEvent(event: E.PositionEvent): void;
  onPositionOpened(event: E.PositionOpened): void;
  onPositionChanged(event: E.PositionChanged): void;
  onPositionClosed(event: E.PositionClosed): void;
}

/** Call the specific hook of an order event (exhaustive over the union). */
export function dispatchOrderEvent(h: StrategyHooks, e: E.OrderEvent): void {
  switch (e.type) {
    case 'OrderInitialized': return h.onOrderInitialized(e);
    case 'OrderDenied': return h.onOrderDenied(e);
    case 'OrderSubmitted': return h.onOrderSubmitted(e);
    case 'OrderAccepted': return h.onOrderAccepted(e);
    case 'OrderRejected': return h.onOrderRejected(e);
    case 'OrderCanceled': return h.onOrderCanceled(e);
    case 'OrderExpired': return h.onOrderExpired(e);
    case 'OrderTriggered': return h.onOrderTriggered(e);
    case 'OrderPendingUpdate': return h.onOrderPendingUpdate(e);
    case 'OrderPendingCancel': return h.onOrderPendingCancel(e);
    case 'OrderModifyRejected': return h.onOrderModifyRejected(e);
    case 'OrderCancelRejected': return h.onOrderCancelRejected(e);
    case 'OrderUpdated': return h.onOrderUpdated(e);
    case 'OrderFilled': return h.onOrderFilled(e);
    default: {
      const never: never = e;
      return never;
    }
  }
}

export function dispatchPositionEvent(h: StrategyHooks, e: E.PositionEvent): void {
  switch (e.type) {
    case 'PositionOpened': return h.onPositionOpened(e);
    case 'PositionChanged': return h.onPositionChanged(e);
    case 'PositionClosed': return h.onPositionClosed(e);
    default: {
      const never: never = e;
      return never;
    }
  }
}
