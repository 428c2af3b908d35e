import type { OrderList, OrderQuery, PositionQuery } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConfigAudit } from '../config/config-change.js';
import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';
import type { TradingCommand } from '../model/commands.js';
import type { OmsType } from '../model/enums.js';
import type { OrderEvent, PositionEvent } from '../model/events.js';
import type { Instrument } from '../model/instruments.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { PortfolioView } from '../portfolio/types.js';

/**
 * The seam between a `Strategy` and the node that hosts it. A strategy reaches the engine only through
 * this interface: the node implements it (one context per strategy) and calls `strategy.register(ctx)`,
 * then `start()` when the node runs. Unit tests implement it with a small fake.
 *
 * Ownership of order state (who applies which event):
 * - The strategy builds orders (INITIALIZED), puts them in the cache with `addOrder`/`addOrderList`,
 *   then sends a command with `execute`.
 * - The engine side of `execute` owns the in-flight events: routing a SubmitOrder/SubmitOrderList
 *   applies `OrderSubmitted` (or `OrderDenied` when the risk engine refuses it), a ModifyOrder applies
 *   `OrderPendingUpdate`, a CancelOrder applies `OrderPendingCancel`, then the venue's answers follow.
 *   A context that cannot do this yet sets `pendingEventsByEngine: false`, and the strategy then
 *   generates those events itself through `applyLocal` before calling `execute`.
 * - `applyLocal(event)` is for events that happen without the venue: cancelling an order that was
 *   never submitted (INITIALIZED → CANCELED) and the pending events above. The context
 *   applies the event to the cached order exactly as it applies venue events (order.apply, cache
 *   update, publish to the strategy's order-event subscribers).
 * Every order event of the strategy (venue, engine or local) reaches `subscribeOrderEvents` after the
 * cached order has been updated, in the order the events happened.
 */
export interface StrategyContext {
  readonly traderId: string;
  /** The node's clock. The strategy wraps it so its own timer names stay its own (`StrategyClock`). */
  readonly clock: Clock;
  readonly cache: StrategyCacheView;
  readonly instruments: InstrumentLookup;
  /** A logger for this strategy (the node may prefix it with the strategy id). */
  readonly log: StrategyLogger;
  /** See the ownership notes above; `true` when omitted. */
  readonly pendingEventsByEngine?: boolean;

  /** The OMS type of the venue that trades `instrumentId` (what an UNSPECIFIED strategy follows). */
  venueOmsType(instrumentId: string): OmsType;
  /** The strategy's OMS type changed (live `configure`): positions opened from now on follow it. */
  setStrategyOmsType(strategyId: string, omsType: OmsType): void;

  /** Put a new (INITIALIZED) order in the cache, with the position it is meant for if any. */
  addOrder(order: Order, positionId?: string): void;
  /** Put a new order list in the cache (its orders must already have been added with `addOrder`). */
  addOrderList(list: OrderListRef): void;
  /** Send a command into the risk engine (and from there to the execution engine). Never throws. */
  execute(command: TradingCommand): void;
  /** Apply an event that happened locally (see above). */
  applyLocal(event: OrderEvent): void;

  /** Order events of one strategy, delivered in order after the cache is updated. */
  subscribeOrderEvents(strategyId: string, handler: (event: OrderEvent) => void): Unsubscribe;
  subscribePositionEvents(strategyId: string, handler: (event: PositionEvent) => void): Unsubscribe;
  subscribeQuotes(instrumentId: string, handler: (quote: QuoteTick) => void): Unsubscribe;
  subscribeTrades(instrumentId: string, handler: (trade: TradeTick) => void): Unsubscribe;
  /** `barType` e.g. `BTCUSDT-PERP.SIM-1-MINUTE-LAST`. */
  subscribeBars(barType: string, handler: (bar: Bar) => void): Unsubscribe;

  /** The node's audit log of live configuration changes (`node.configChanges`): the strategy's `configure` appends there. */
  readonly configLog: ConfigAudit;
  /** Who adopts external orders of which instrument (`externalOrderClaims`); shared by all strategies. */
  readonly claims: ClaimsRegistryLike;
  /** The node's portfolio, read-only (a context without one: `strategy.portfolio` throws PORTFOLIO_UNAVAILABLE). */
  readonly portfolio?: PortfolioView;
}

export type Unsubscribe = () => void;

/** A cached order list (the cache's own type): a bracket or any OTO/OCO/OUO family submitted together. */
export type OrderListRef = OrderList;
export type { OrderQuery, PositionQuery };

/**
 * The read side of the node's cache that strategies and `buildOrderTree` use (arrays oldest first).
 * Strategies receive it as a `cacheView` object (cache-view.ts): readers only, no writers at runtime.
 */
export interface StrategyCacheView {
  order(clientOrderId: string): Order | undefined;
  orders(query?: OrderQuery): Order[];
  position(positionId: string): Position | undefined;
  positions(query?: PositionQuery): Position[];
  orderList(orderListId: string): { readonly id: string; readonly orders: readonly Order[] } | undefined;
  /** The latest quote the node has for `instrumentId`. */
  quote(instrumentId: string): QuoteTick | undefined;
}

export interface InstrumentLookup {
  find(instrumentId: string): Instrument | undefined;
}

/** The engine's `Logger` (core/logger.ts). */
export type StrategyLogger = Logger;

/**
 * The claims registry (implemented by `ExternalOrderClaims` in `claims.ts`, which the node can use as is).
 * `claim` replaces the strategy's previous claims atomically and throws `CLAIM_DUPLICATE` when another
 * strategy already claims one of the instruments (nothing changes then).
 */
export interface ClaimsRegistryLike {
  claim(strategyId: string, instrumentIds: readonly string[]): void;
  release(strategyId: string): void;
  owner(instrumentId: string): string | undefined;
}
