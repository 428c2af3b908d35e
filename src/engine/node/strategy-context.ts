import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConfigAudit } from '../config/config-change.js';
import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';
import type { TradingCommand } from '../model/commands.js';
import type { OmsType } from '../model/enums.js';
import type { OrderEvent, OrderInitialized, PositionEvent } from '../model/events.js';
import type { Order } from '../model/order.js';
import { cacheView } from '../strategy/cache-view.js';
import type { ClaimsRegistryLike, InstrumentLookup, OrderListRef, StrategyCacheView, StrategyContext, Unsubscribe } from '../strategy/context.js';
import type { MarketDataRouter } from './market-data-router.js';
import type { PortfolioView } from '../portfolio/types.js';
import { portfolioView } from '../portfolio/portfolio-view.js';

/**
 * The node's side of the `StrategyContext` seam (one per strategy): reads from the node's cache, sends
 * commands into the risk engine, applies local events on the execution engine's direct path, and
 * subscribes through the message bus (market data subscriptions are ref-counted at the venue client).
 */
export interface NodeContextDeps {
  readonly traderId: string;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly bus: MessageBus;
  readonly instruments: InstrumentLookup;
  readonly log: Logger;
  readonly claims: ClaimsRegistryLike;
  readonly marketData: MarketDataRouter;
  execute(command: TradingCommand): void;
  applyLocal(event: Exclude<OrderEvent, OrderInitialized>): void;
  venueOmsType(instrumentId: string): OmsType;
  setStrategyOmsType(strategyId: string, omsType: OmsType): void;
  readonly configLog: ConfigAudit;
  readonly portfolio: PortfolioView;
}

export class NodeStrategyContext implements StrategyContext {
  readonly pendingEventsByEngine = true;

  /** Readers only (cacheView): a strategy reaches the cache's writers through this context's methods, never directly. */
  readonly cache: StrategyCacheView;

  constructor(private readonly d: NodeContextDeps) {
    this.cache = cacheView(d.cache);
    this.portfolio = portfolioView(d.portfolio);
  }

  get traderId(): string { return this.d.traderId; }
  get clock(): Clock { return this.d.clock; }
  get instruments(): InstrumentLookup { return this.d.instruments; }
  get log(): Logger { return this.d.log; }
  get claims(): ClaimsRegistryLike { return this.d.claims; }
  get configLog(): ConfigAudit { return this.d.configLog; }
  /** Readers only, like `cache`. */
  readonly portfolio: PortfolioView;

  venueOmsType(instrumentId: string): OmsType {
    return this.d.venueOmsType(instrumentId);
  }
  setStrategyOmsType(strategyId: string, omsType: OmsType): void {
    this.d.setStrategyOmsType(strategyId, omsType);
  }
  addOrder(order: Order, positionId?: string): void {
    this.d.cache.addOrder(order, positionId);
  }
  addOrderList(list: OrderListRef): void {
    this.d.cache.addOrderList(list);
  }
  execute(command: TradingCommand): void {
    try {
      this.d.execute(command);
    } catch (error) {
      // Never throws to the strategy: the command's own events (OrderDenied...) tell it what happened.
      this.d.log.error('command failed', { type: command.type, error: error instanceof Error ? error.message : String(error) });
    }
  }
  applyLocal(event: OrderEvent): void {
    if (event.type === 'OrderInitialized') return;
    this.d.applyLocal(event);
  }
  subscribeOrderEvents(strategyId: string, handler: (event: OrderEvent) => void): Unsubscribe {
    return this.d.bus.subscribe(topics.orderEvents(strategyId), handler);
  }
  subscribePositionEvents(strategyId: string, handler: (event: PositionEvent) => void): Unsubscribe {
    return this.d.bus.subscribe(topics.positionEvents(strategyId), handler);
  }
  subscribeQuotes(instrumentId: string, handler: (quote: QuoteTick) => void): Unsubscribe {
    return this.d.marketData.subscribe('quotes', instrumentId, handler as (m: unknown) => void);
  }
  subscribeTrades(instrumentId: string, handler: (trade: TradeTick) => void): Unsubscribe {
    return this.d.marketData.subscribe('trades', instrumentId, handler as (m: unknown) => void);
  }
  subscribeBars(barType: string, handler: (bar: Bar) => void): Unsubscribe {
    return this.d.marketData.subscribe('bars', barType, handler as (m: unknown) => void);
  }
}
