import type { z } from 'zod';
import type { ConfigChange, ConfigSource } from '../config/config-change.js';
import type { LiveConfig } from '../config/live-config.js';
import { sameValue } from '../config/config-diff.js';
import { Price, Quantity } from '../core/decimal.js';
import type { DecimalInput } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import type { Bar, QuoteTick, TradeTick } from '../model/market-data.js';
import type { OmsType } from '../model/enums.js';
import type * as E from '../model/events.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { StrategyCacheView, StrategyContext, StrategyLogger, Unsubscribe } from './context.js';
import type { PortfolioView } from '../portfolio/types.js';
import { GtdManager } from './gtd-manager.js';
import { OrderCommands } from './order-commands.js';
import { OrderFactory } from './order-factory.js';
import type { OrderList } from './order-factory.js';
import { OrderManager } from './order-manager.js';
import { StrategyClock } from './strategy-clock.js';
import { StrategyConfigSchema, parseWith } from './strategy-config.js';
import type { StrategyConfigInput, StrategyConfigValue } from './strategy-config.js';
import { strategyLiveConfig, validateParams } from './strategy-configure.js';
import { HookErrors, type HookError } from './hook-errors.js';
import { unprotectedPosition } from './protection-watch.js';
import { shippedCopyError } from './shipped-copy.js';
import { dispatchOrderEvent, dispatchPositionEvent } from './strategy-hooks.js';
import type { StrategyHooks } from './strategy-hooks.js';
import { cacheView } from './cache-view.js';
import { nextStrategyState } from './strategy-state.js';
import type { StrategyAction, StrategyState } from './strategy-state.js';

/** Constructor config; params may omit keys the strategy's own schema gives defaults for. */
export type StrategyConfig<P> = Omit<StrategyConfigInput, 'params'> & { readonly params?: Partial<P> };

interface Registered {
  readonly ctx: StrategyContext;
  readonly cache: StrategyCacheView;
  readonly clock: StrategyClock;
  readonly factory: OrderFactory;
  readonly commands: OrderCommands;
  readonly manager: OrderManager;
  readonly gtd: GtdManager;
  readonly subscriptions: Unsubscribe[];
}

/**
 * Base class of user strategies. Works only through the `StrategyContext` the node gives it in
 * `register(ctx)`; then `start()`/`stop()`/`reset()`/`dispose()` move it through its state table.
 * Order events run the order manager and the GTD manager first (whatever the state), then the
 * strategy's hooks (only while RUNNING). A hook that throws is logged and counted (`handlerErrors`),
 * never passed back into the engine.
 */
export class Strategy<P = Record<string, unknown>> implements StrategyHooks {
  /** Declare to validate `params` (constructor and `configure`). */
  static paramsSchema?: z.ZodType;

  readonly strategyName: string;
  private readonly live: LiveConfig<StrategyConfigValue>;
  private _tag: string | undefined;
  private _state: StrategyState = 'READY';
  private _reg: Registered | undefined;
  private readonly dataSubscriptions: Unsubscribe[] = [];
  private _handlerErrors = 0;
  private readonly hookErrors = new HookErrors();
  private shippedTo: string | undefined;
  /** Set by the node's shutdown policy: cancels from here on are the shutdown's, not a lost bracket leg. */
  private shuttingDown = false;

  constructor(config: StrategyConfig<P> = {}) {
    const parsed = parseWith(StrategyConfigSchema, config, 'StrategyConfig');
    this.strategyName = parsed.strategyId ?? new.target.name;
    if (this.strategyName === '') {
      // An anonymous class (`new (class extends Strategy {})()`) has no name to build ids from.
      throw new EngineError('STRATEGY_UNNAMED', 'Strategy: expected a named class or a strategyId in the config, received an anonymous class: give the class a name or pass strategyId', {});
    }
    const params = validateParams(this.paramsSchema(), parsed.params, `${this.strategyName} StrategyConfig`);
    this.live = strategyLiveConfig({ ...parsed, params }, {
      id: () => this.id,
      paramsSchema: () => this.paramsSchema(),
      guard: (next, current) => this.guardConfig(next, current),
      apply: (_before, next, change) => this.applyConfig(next, change),
    });
    this._tag = parsed.orderIdTag;
  }

  // --- identity and config ----------------------------------------------------------------------
  /** `{strategyId}-{orderIdTag}`; just the name until the node assigns a tag. */
  get id(): string {
    return this._tag === undefined ? this.strategyName : `${this.strategyName}-${this._tag}`;
  }
  get orderIdTag(): string | undefined {
    return this._tag;
  }
  /** Called by the node for a strategy configured without a tag (see `StrategyRegistry`). */
  assignOrderIdTag(tag: string): void {
    if (this._reg) throw new EngineError('STRATEGY_ALREADY_REGISTERED', `${this.id}: expected the tag to be assigned before register, received '${tag}' after`, { strategyId: this.id, tag });
    this._tag = parseWith(StrategyConfigSchema, { orderIdTag: tag }, 'orderIdTag').orderIdTag;
  }
  get config(): Readonly<Omit<StrategyConfigValue, 'params'>> & { readonly strategyId: string; readonly params: P } {
    return { ...this._config, strategyId: this.strategyName, ...(this._tag !== undefined ? { orderIdTag: this._tag } : {}), params: this.params };
  }
  /** The config as a `LiveConfig` (what `node.revert` applies an undo through). */
  get liveConfig(): LiveConfig<StrategyConfigValue> {
    return this.live;
  }
  private get _config(): Readonly<StrategyConfigValue> {
    return this.live.current;
  }
  get params(): P {
    return this._config.params as P;
  }
  get omsType(): OmsType {
    return this._config.omsType;
  }
  get state(): StrategyState {
    return this._state;
  }
  get isRegistered(): boolean {
    return this._reg !== undefined;
  }
  get handlerErrors(): number {
    return this._handlerErrors;
  }
  /** The last errors its hooks threw: hook, message, where in your code, how many times, first/last time. */
  get errors(): readonly HookError[] {
    return this.hookErrors.list;
  }

  // --- what the node gives ----------------------------------------------------------------------
  get clock(): StrategyClock {
    return this.reg().clock;
  }
  get cache(): StrategyCacheView {
    return this.reg().cache;
  }
  /** The node's portfolio, read-only (like NautilusTrader's `self.portfolio`): net position, PnL, exposure. */
  get portfolio(): PortfolioView {
    return this.reg().ctx.portfolio ?? unavailablePortfolio(this.id);
  }
  get log(): StrategyLogger {
    return this.reg().ctx.log;
  }
  get orderFactory(): OrderFactory {
    return this.reg().factory;
  }
  get traderId(): string {
    return this.reg().ctx.traderId;
  }

  /** Called once by the node before `start()`. Id counts continue from the orders the cache holds. */
  register(ctx: StrategyContext): void {
    this.registerWith(ctx, undefined);
  }

  /**
   * Hot swap (`node.replaceStrategy`): `previous` (same id, stopped) hands over and is disposed; this one
   * registers in its place with its order factory and command memory (so the order manager keeps managing
   * working contingent orders, ids continue), then `onTakeOver(state)`. `start()` re-arms GTD alerts.
   */
  takeOverFrom(ctx: StrategyContext, previous: Strategy<unknown>): void {
    const from = previous._reg;
    if (!from || previous.id !== this.id || previous._state !== 'STOPPED') {
      throw new EngineError('STRATEGY_SWAP_REFUSED', `${this.id}: expected a stopped strategy of the same id to take over, received ${previous.id} ${previous._state}`, { strategyId: this.id, previous: previous.id });
    }
    let state: unknown;
    previous.safely('onHandOver', () => { state = previous.onHandOver(); });
    previous.dispose();
    this.registerWith(ctx, { factory: from.factory, commands: from.commands });
    this.safely('onTakeOver', () => this.onTakeOver(state));
  }

  private registerWith(ctx: StrategyContext, inherited: { factory: OrderFactory; commands: OrderCommands } | undefined): void {
    if (this._reg) throw new EngineError('STRATEGY_ALREADY_REGISTERED', `${this.id}: expected one register call, received a second`, { strategyId: this.id });
    if (this._state === 'DISPOSED') nextStrategyState(this._state, 'start', this.id);
    if (this._tag === undefined) throw new EngineError('STRATEGY_TAG_MISSING', `${this.strategyName}: expected an orderIdTag (assigned by the node) before register, received none`, { strategy: this.strategyName });
    const id = this.id;
    ctx.claims.claim(id, this._config.externalOrderClaims);
    const clock = new StrategyClock(ctx.clock, id);
    const factory = inherited?.factory ?? new OrderFactory(ctx.traderId, id, ctx.clock, ctx.instruments);
    const mine = ctx.cache.orders({ strategyId: id });
    // A taken-over factory keeps its own counts (orders it made but never submitted are not in the cache).
    if (!inherited) factory.continueFrom(mine.map((o) => o.clientOrderId), mine.flatMap((o) => (o.orderListId !== undefined ? [o.orderListId] : [])));
    const commands = inherited?.commands ?? new OrderCommands(ctx, id);
    const order = (cid: string) => ctx.cache.order(cid);
    const manager = new OrderManager({
      order,
      isSubmitted: (o) => commands.isSubmitted(o),
      requestedQuantity: (o) => commands.requestedQuantity(o),
      modifyQuantity: (o, q) => void this.modifyOrder(o, { quantity: q }),
      cancel: (o) => void this.cancelOrder(o),
    });
    const gtd = new GtdManager(clock, {
      order,
      openOrders: () => ctx.cache.orders({ strategyId: id }).filter((o) => !o.isClosed),
      cancel: (o) => void this.cancelOrder(o),
    });
    const subscriptions = [
      ctx.subscribeOrderEvents(id, (e) => this.handleOrderEvent(e)),
      ctx.subscribePositionEvents(id, (e) => this.handlePositionEvent(e)),
    ];
    this._reg = { ctx, cache: cacheView(ctx.cache), clock, factory, commands, manager, gtd, subscriptions };
    this.live.attach({ clock: ctx.clock, audit: ctx.configLog });
    ctx.setStrategyOmsType(id, this._config.omsType);
  }

  // --- lifecycle --------------------------------------------------------------------------------
  start(): void {
    const reg = this.reg();
    this.transition('start');
    if (this._config.manageGtdExpiry) reg.gtd.armAll();
    this.safely('onStart', () => this.onStart());
  }

  stop(): void {
    const reg = this.reg();
    this.transition('stop');
    this.safely('onStop', () => this.onStop());
    for (const line of this.hookErrors.flush(this.id)) reg.ctx.log.error(line.message, line.fields);
    for (const u of this.dataSubscriptions.splice(0)) u();
    // Timers are the strategy's own business while it runs; `start` re-arms GTD alerts.
    reg.clock.cancelTimers();
  }

  reset(): void {
    this.transition('reset');
    this.safely('onReset', () => this.onReset());
  }

  dispose(): void {
    if (this._state === 'RUNNING') this.stop();
    this.transition('dispose');
    this.safely('onDispose', () => this.onDispose());
    if (this._reg) {
      for (const u of this._reg.subscriptions.splice(0)) u();
      this._reg.ctx.claims.release(this.id);
    }
  }

  // --- market data ------------------------------------------------------------------------------
  subscribeQuotes(instrumentId: string): void {
    this.dataSubscriptions.push(this.reg().ctx.subscribeQuotes(instrumentId, (q) => this.whenRunning('onQuote', () => this.onQuote(q))));
  }
  subscribeTrades(instrumentId: string): void {
    this.dataSubscriptions.push(this.reg().ctx.subscribeTrades(instrumentId, (t) => this.whenRunning('onTrade', () => this.onTrade(t))));
  }
  subscribeBars(barType: string): void {
    this.dataSubscriptions.push(this.reg().ctx.subscribeBars(barType, (b) => this.whenRunning('onBar', () => this.onBar(b))));
  }

  // --- commands ---------------------------------------------------------------------------------
  submitOrder(order: Order, options: { positionId?: string } = {}): void {
    const reg = this.reg();
    this.checkOwn(order);
    reg.commands.submitOrder(order, options.positionId, reg.ctx.cache.order(order.clientOrderId) === order);
    if (this._config.manageGtdExpiry) reg.gtd.arm(order);
  }

  /**
   * The whole list goes to the venue as one SubmitOrderList, with or without `manageContingentOrders`
   * (as NautilusTrader does): every order is SUBMITTED, then ACCEPTED or REJECTED by the venue. A venue
   * that does not act on the links just holds them; the order manager then does (§6).
   */
  submitOrderList(list: OrderList, options: { positionId?: string } = {}): void {
    const reg = this.reg();
    for (const o of list.orders) this.checkOwn(o);
    reg.commands.submitOrderList(list, options.positionId);
    if (this._config.manageGtdExpiry) for (const o of list.orders) reg.gtd.arm(o);
  }

  /** Sends nothing when no value changes (returns false then). Decimals may be strings or numbers. */
  modifyOrder(order: Order, a: { quantity?: Quantity | DecimalInput; price?: Price | DecimalInput; triggerPrice?: Price | DecimalInput }): boolean {
    return this.reg().commands.modifyOrder(order, {
      ...(a.quantity !== undefined ? { quantity: Quantity.from(a.quantity, Math.max(order.quantity.precision, a.quantity instanceof Quantity ? a.quantity.precision : 0)) } : {}),
      ...(a.price !== undefined ? { price: Price.from(a.price, order.price?.precision) } : {}),
      ...(a.triggerPrice !== undefined ? { triggerPrice: Price.from(a.triggerPrice, order.triggerPrice?.precision) } : {}),
    });
  }

  cancelOrder(order: Order): boolean {
    const reg = this.reg();
    reg.gtd.disarm(order.clientOrderId);
    return reg.commands.cancelOrder(order);
  }

  /** Cancel every order of this strategy not yet closed (of one instrument if given). */
  /**
   * The node's shutdown policy cancels this strategy's orders through here, so the strategy knows those
   * cancels are on their way (its order manager sends no second one for an OUO/OCO sibling) and does not
   * warn that the positions it leaves are unprotected: the stop report says what is left open.
   */
  cancelForShutdown(order: Order): boolean {
    this.shuttingDown = true;
    return this.cancelOrder(order);
  }

  cancelAllOrders(instrumentId?: string): void {
    for (const o of this.cache.orders({ strategyId: this.id, ...(instrumentId !== undefined ? { instrumentId } : {}) })) {
      if (!o.isClosed) this.cancelOrder(o);
    }
  }

  /** A reduce-only MARKET order for the position's whole quantity, on that position. */
  closePosition(position: Position, options: { tags?: readonly string[] } = {}): Order | undefined {
    if (!position.isOpen) return undefined;
    const order = this.orderFactory.market({
      instrumentId: position.instrumentId,
      side: position.side === 'LONG' ? 'SELL' : 'BUY',
      quantity: position.quantity,
      reduceOnly: true,
      tags: options.tags ?? [],
    });
    this.submitOrder(order, { positionId: position.id });
    return order;
  }

  closeAllPositions(instrumentId?: string): void {
    for (const p of this.cache.positions({ strategyId: this.id, open: true, ...(instrumentId !== undefined ? { instrumentId } : {}) })) this.closePosition(p);
  }

  // --- live configuration -----------------------------------------------------------------------
  /**
   * Validate the whole next config, apply it atomically, record and return the change. Invalid or
   * refused: throws and nothing changes. `omsType` applies to positions opened afterwards; claims are
   * re-registered (a double claim refuses the whole change); GTD management on/off arms/disarms alerts.
   */
  configure(partial: Partial<StrategyConfig<P>>, source?: ConfigSource): ConfigChange {
    if (this.shippedTo !== undefined) throw shippedCopyError(this.id, this.shippedTo, 'configure');
    return this.live.change(partial, source);
  }

  /** Shipped to a node in another process, whose copy runs: this one's commands now refuse (shipped-copy.ts). */
  markShipped(where: string): void {
    this.shippedTo = where;
  }

  private guardConfig(next: StrategyConfigValue, current: StrategyConfigValue): void {
    // Claiming is the one step that may refuse (a double claim); nothing after it can throw.
    const reg = this._reg;
    if (reg && !sameValue(current.externalOrderClaims, next.externalOrderClaims)) reg.ctx.claims.claim(this.id, next.externalOrderClaims);
  }

  private applyConfig(next: StrategyConfigValue, change: ConfigChange): void {
    const reg = this._reg;
    if (!reg) return;
    const changed = new Set(change.changes.map((c) => c.key));
    if (changed.has('omsType')) reg.ctx.setStrategyOmsType(this.id, next.omsType);
    if (changed.has('manageGtdExpiry') && this._state === 'RUNNING') {
      if (next.manageGtdExpiry) reg.gtd.armAll();
      else reg.gtd.disarmAll();
    }
  }

  // --- hooks (override) ---------------------------------------------------------------------------
  onStart(): void {}
  onStop(): void {}
  onReset(): void {}
  onDispose(): void {}
  /** Hot swap: see `StrategyHooks.onHandOver` / `onTakeOver`. */
  onHandOver(): unknown { return undefined; }
  onTakeOver(_state: unknown): void {}
  onQuote(_quote: QuoteTick): void {}
  onTrade(_trade: TradeTick): void {}
  onBar(_bar: Bar): void {}
  onOrderEvent(_event: E.OrderEvent): void {}
  onOrderInitialized(_event: E.OrderInitialized): void {}
  onOrderDenied(_event: E.OrderDenied): void {}
  onOrderSubmitted(_event: E.OrderSubmitted): void {}
  onOrderAccepted(_event: E.OrderAccepted): void {}
  onOrderRejected(_event: E.OrderRejected): void {}
  onOrderCanceled(_event: E.OrderCanceled): void {}
  onOrderExpired(_event: E.OrderExpired): void {}
  onOrderTriggered(_event: E.OrderTriggered): void {}
  onOrderPendingUpdate(_event: E.OrderPendingUpdate): void {}
  onOrderPendingCancel(_event: E.OrderPendingCancel): void {}
  onOrderModifyRejected(_event: E.OrderModifyRejected): void {}
  onOrderCancelRejected(_event: E.OrderCancelRejected): void {}
  onOrderUpdated(_event: E.OrderUpdated): void {}
  onOrderFilled(_event: E.OrderFilled): void {}
  onPositionEvent(_event: E.PositionEvent): void {}
  onPositionOpened(_event: E.PositionOpened): void {}
  onPositionChanged(_event: E.PositionChanged): void {}
  onPositionClosed(_event: E.PositionClosed): void {}

  // --- internals ----------------------------------------------------------------------------------
  private handleOrderEvent(event: E.OrderEvent): void {
    const reg = this._reg;
    if (!reg || this._state === 'DISPOSED') return;
    reg.commands.observe(event);
    // Every order event of the strategy passes here: try/catch in place rather than a closure per hook
    // (and the hook's name is only spelled out when one throws). Same order and guards as `safely`.
    if (this._config.manageContingentOrders) try { reg.manager.handle(event); } catch (err) { this.hookFailed('orderManager', err); }
    if (this._config.manageGtdExpiry) try { reg.gtd.handle(event); } catch (err) { this.hookFailed('gtdManager', err); }
    const unprotected = this.shuttingDown ? null : unprotectedPosition(event, reg.ctx.cache);
    if (unprotected) reg.ctx.log.warn(unprotected.message, unprotected.fields);
    if (this._state === 'RUNNING') try { this.onOrderEvent(event); } catch (err) { this.hookFailed('onOrderEvent', err); }
    if (this._state === 'RUNNING') try { dispatchOrderEvent(this, event); } catch (err) { this.hookFailed(`on${event.type}`, err); }
  }

  private handlePositionEvent(event: E.PositionEvent): void {
    if (this._state === 'RUNNING') try { this.onPositionEvent(event); } catch (err) { this.hookFailed('onPositionEvent', err); }
    if (this._state === 'RUNNING') try { dispatchPositionEvent(this, event); } catch (err) { this.hookFailed(`on${event.type}`, err); }
  }

  private whenRunning(hook: string, fn: () => void): void {
    if (this._state === 'RUNNING') this.safely(hook, fn);
  }

  private safely(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.hookFailed(hook, err);
    }
  }

  private hookFailed(hook: string, err: unknown): void {
    this._handlerErrors += 1;
    const now = this._reg ? this._reg.ctx.clock.timestampNs() : 0n;
    const lines = this.hookErrors.record(this.id, hook, err, now);
    if (this._reg) for (const line of lines) this._reg.ctx.log.error(line.message, line.fields);
  }

  private transition(action: StrategyAction): void {
    this._state = nextStrategyState(this._state, action, this.id);
  }

  private reg(): Registered {
    if (this.shippedTo !== undefined) throw shippedCopyError(this.id, this.shippedTo, 'order commands');
    if (!this._reg) throw new EngineError('STRATEGY_NOT_REGISTERED', `${this.id}: expected the strategy to be added to a node first, received an unregistered strategy`, { strategyId: this.id });
    return this._reg;
  }

  private checkOwn(order: Order): void {
    if (order.strategyId !== this.id) {
      throw new EngineError('ORDER_NOT_OWNED', `${this.id}: expected an order of this strategy, received ${order.clientOrderId} of ${order.strategyId}`, {
        strategyId: this.id, clientOrderId: order.clientOrderId, owner: order.strategyId,
      });
    }
  }

  private paramsSchema(): z.ZodType | undefined {
    return (this.constructor as typeof Strategy).paramsSchema;
  }
}

function unavailablePortfolio(strategyId: string): never {
  throw new EngineError('PORTFOLIO_UNAVAILABLE', `${strategyId}: expected a node context with a portfolio, received a context without one`, { strategyId });
}
