import type { Clock } from '../core/clock.js';
import { EngineError, isEngineError } from '../core/errors.js';
import { noopLogger, type Logger } from '../core/logger.js';
import type { Cache } from '../cache/cache.js';
import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { CancelAllOrders, SubmitOrder, SubmitOrderList, TradingCommand } from '../model/commands.js';
import type { OmsType } from '../model/enums.js';
import type { OrderEvent, OrderInitialized } from '../model/events.js';
import { orderDenied, orderPendingCancel, orderPendingUpdate, orderRejected, orderSubmitted } from '../model/event-factory.js';
import { PositionIdGenerator, nettingPositionId, newEventId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import { Order } from '../model/order.js';
import { copyFields } from '../model/copy-fields.js';
import { NONE, type Applied } from './applied.js';
import type { ExecutionClient, VenueOrderEvent } from './client.js';
import { ClientRouter } from './client-router.js';
import { OmsRegistry } from './oms-registry.js';
import { PositionKeeper } from './position-keeper.js';
import { ApplyStep } from './apply-step.js';
import { checkVenueEvent, type VenueEventCheckContext } from './venue-event-check.js';
import { VenueEventRefusals, type VenueEventRefusalStats } from './venue-event-refusals.js';

export type { VenueEventRefusalStats } from './venue-event-refusals.js';

export interface ExecutionEngineOptions {
  readonly traderId: string;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly bus: MessageBus;
  readonly instruments: { find(instrumentId: string): Instrument | undefined };
  readonly logger?: Logger;
  /** LiveExecEngineConfig.allowOverfills (changeable later through `allowOverfills`). */
  readonly allowOverfills?: boolean;
  /** Shared with whoever else makes HEDGING position ids (default: the engine's own). */
  readonly positionIds?: PositionIdGenerator;
  /** Called for every event refused (invalid transition, unknown order, overfill, ...). */
  readonly onInvalid?: (event: OrderEvent, error: EngineError) => void;
  /**
   * The write-ahead gate, asked with what applying `OrderSubmitted` changed, before the orders go to their
   * venue: an error (the journal cannot make it durable) keeps them from leaving; they are rejected locally.
   * A promise (a store that acknowledges later, Redis) holds the send until it resolves.
   */
  readonly beforeSend?: (submitted: readonly Applied[]) => EngineError | undefined | Promise<EngineError | undefined>;
}

/**
 * Routes commands to the execution client of the instrument's venue and applies order events to the
 * cached orders: the only place where orders change state. Applying an event updates the cache and
 * returns what changed (an `Applied`); that record is then published: itself on `topics.applied` (the
 * journal appends it as is), the order event on `topics.orderEvents(strategyId)`, and any position
 * events on `topics.positionEvents(strategyId)`.
 *
 * Events the status table refuses are logged with their code and counted (`invalidCount`), never
 * thrown back into a venue adapter; `applyEvent` is the strict variant (throws) for reconciliation.
 */
export class ExecutionEngine {
  allowOverfills: boolean;
  private readonly router: ClientRouter;
  private readonly oms = new OmsRegistry();
  private readonly step: ApplyStep;
  private readonly log: Logger;
  private _invalid = 0;
  private readonly refusals = new VenueEventRefusals();
  private _commands = 0;
  private _events = 0;

  constructor(private readonly options: ExecutionEngineOptions) {
    this.allowOverfills = options.allowOverfills ?? false;
    this.log = options.logger ?? noopLogger;
    this.router = new ClientRouter(options.instruments);
    const positions = new PositionKeeper(options.cache, options.positionIds ?? new PositionIdGenerator(options.traderId, options.clock), options.clock);
    this.step = new ApplyStep({
      cache: options.cache, instruments: options.instruments, log: this.log, positions,
      omsTypeFor: (strategyId, instrumentId) => this.omsTypeFor(strategyId, instrumentId), allowOverfills: () => this.allowOverfills,
    });
  }

  // --- wiring ---------------------------------------------------------------------------------------
  /**
   * Route commands for the client's venue to it, under the venue account's OMS (known once logged in).
   * No sink is installed here: the client's owner (the live engine) installs the one sink, and its event
   * queue hands venue events to `processVenueEvent`.
   */
  registerClient(client: ExecutionClient): void {
    this.router.add(client);
    this.oms.setVenue(client.venue, client.omsType);
  }

  client(venue: string): ExecutionClient | undefined {
    return this.router.byVenue(venue);
  }

  registeredClients(): ExecutionClient[] {
    return this.router.all();
  }

  registerStrategy(strategyId: string, options: { readonly omsType?: OmsType } = {}): void {
    this.oms.setStrategy(strategyId, options.omsType ?? 'UNSPECIFIED');
  }

  /** A live OMS change: positions opened from now on follow it; existing positions keep their ids. */
  setStrategyOms(strategyId: string, omsType: OmsType): void {
    this.oms.setStrategy(strategyId, omsType);
  }

  /** The OMS that applies to a strategy's fills in an instrument. */
  omsTypeFor(strategyId: string, instrumentId: string): 'NETTING' | 'HEDGING' {
    return this.oms.resolve(strategyId, this.router.venueOf(instrumentId));
  }

  get invalidCount(): number {
    return this._invalid;
  }
  /** Venue events refused because they contradict the order they name (or an unasked cancel awaiting the venue). */
  get venueEventRefusals(): VenueEventRefusalStats {
    return this.refusals.stats;
  }
  get commandCount(): number {
    return this._commands;
  }
  get eventCount(): number {
    return this._events;
  }

  // --- commands -------------------------------------------------------------------------------------
  /**
   * Route a command. A promise means a submit is held by the write-ahead gate (its store acknowledges
   * later): it settles once the orders left for the venue or were rejected; the caller keeps later
   * commands for those orders behind it.
   */
  execute(command: TradingCommand): void | Promise<void> {
    this._commands += 1;
    switch (command.type) {
      case 'SubmitOrder':
        return this.submitOrder(command);
      case 'SubmitOrderList':
        return this.submitOrderList(command);
      case 'ModifyOrder': {
        const client = this.pending(command.clientOrderId, 'OrderPendingUpdate');
        client?.modifyOrder(command);
        return;
      }
      case 'CancelOrder': {
        const client = this.pending(command.clientOrderId, 'OrderPendingCancel');
        client?.cancelOrder(command);
        return;
      }
      case 'CancelAllOrders':
        this.cancelAll(command);
        return;
      case 'QueryOrder':
        this.router.clientFor(command.instrumentId)?.queryOrder(command);
        return;
      default: {
        const never: never = command;
        throw new Error(`unhandled command ${String((never as { type?: unknown }).type)}`);
      }
    }
  }

  private submitOrder(command: SubmitOrder): void | Promise<void> {
    const order = this.ensureOrder(command.order);
    if (!order) return;
    const reason = this.positionIdProblem(order.init, command.positionId) ?? this.noClientProblem(order.instrumentId);
    if (reason) {
      this.log.warn(`order ${order.clientOrderId} denied: ${reason}`, { clientOrderId: order.clientOrderId, reason });
      this.denyOrder(order.init, reason);
      return;
    }
    if (command.positionId !== undefined && order.positionId === undefined) order.assignPositionId(command.positionId);
    const submitted = this.handle(orderSubmitted(order, this.options.clock.timestampNs()), false, order);
    if (submitted === undefined) return;
    return this.sendAfterGate([order], submitted === null ? NONE : [submitted], () => this.router.clientFor(order.instrumentId)!.submitOrder(command));
  }

  private submitOrderList(command: SubmitOrderList): void | Promise<void> {
    const orders: Order[] = [];
    for (const init of command.orders) {
      const order = this.ensureOrder(init);
      if (!order) return;
      orders.push(order);
    }
    if (!this.options.cache.orderList(command.orderListId)) {
      this.options.cache.addOrderList({ id: command.orderListId, instrumentId: command.instrumentId, strategyId: command.strategyId, orders });
    }
    const reason = orders.map((o) => this.positionIdProblem(o.init, command.positionId)).find((r) => r !== undefined)
      ?? this.noClientProblem(command.instrumentId);
    if (reason) {
      this.log.warn(`order list ${command.orderListId} denied: ${reason}`, { orderListId: command.orderListId, reason });
      for (const o of orders) this.denyOrder(o.init, reason);
      return;
    }
    const now = this.options.clock.timestampNs();
    const submitted: Applied[] = [];
    for (const o of orders) {
      if (command.positionId !== undefined && o.positionId === undefined) o.assignPositionId(command.positionId);
      const applied = this.handle(orderSubmitted(o, now), false);
      if (applied === undefined) return;
      if (applied !== null) submitted.push(applied);
    }
    return this.sendAfterGate(orders, submitted, () => this.router.clientFor(command.instrumentId)!.submitOrderList(command));
  }

  /**
   * The write-ahead gate, then the send: a refusal keeps the orders from leaving (rejected with its coded
   * reason). A gate answering later (Redis) holds the send: the returned promise settles once the orders
   * left or were rejected; they leave only if all are still SUBMITTED then (nothing else decided them).
   */
  private sendAfterGate(orders: readonly Order[], submitted: readonly Applied[], send: () => void): void | Promise<void> {
    const verdict = this.options.beforeSend?.(submitted);
    if (verdict === undefined) return send();
    if (!(verdict instanceof Promise)) return this.rejectHeld(orders, verdict);
    return verdict.then((error) => {
      if (error !== undefined) return this.rejectHeld(orders, error);
      if (orders.every((o) => o.status === 'SUBMITTED')) return send();
      this.log.warn('held submit not sent: its orders changed while Redis acknowledged them', { orders: orders.map((o) => `${o.clientOrderId}/${o.status}`).join(', ') });
    });
  }

  private rejectHeld(orders: readonly Order[], error: EngineError): void {
    const now = this.options.clock.timestampNs();
    for (const o of orders) if (o.status === 'SUBMITTED') this.handle(orderRejected(o, `${error.code}: ${error.message}`, now), false, o);
  }

  private cancelAll(command: CancelAllOrders): void {
    const client = this.router.clientFor(command.instrumentId);
    if (!client) return;
    const now = this.options.clock.timestampNs();
    for (const order of this.options.cache.ordersOpen({ strategyId: command.strategyId, instrumentId: command.instrumentId })) {
      if (command.side !== undefined && order.side !== command.side) continue;
      if (order.status !== 'PENDING_CANCEL') this.handle(orderPendingCancel(order, now), false);
    }
    client.cancelAllOrders(command);
  }

  /** Apply the pending event of a modify/cancel; the client to send it to, or undefined when refused. */
  private pending(clientOrderId: string, type: 'OrderPendingUpdate' | 'OrderPendingCancel'): ExecutionClient | undefined {
    const order = this.options.cache.order(clientOrderId);
    if (!order) {
      this.refuse(undefined, new EngineError('ORDER_UNKNOWN', `expected a cached order for ${type}, received '${clientOrderId}'`, { clientOrderId }));
      return undefined;
    }
    const now = this.options.clock.timestampNs();
    const event = type === 'OrderPendingUpdate' ? orderPendingUpdate(order, now) : orderPendingCancel(order, now);
    return this.handle(event, false) !== undefined ? this.router.clientFor(order.instrumentId) : undefined;
  }

  /** The cached order of a submit, created (and cached) from its definition if the strategy did not. */
  private ensureOrder(init: OrderInitialized): Order | undefined {
    const cached = this.options.cache.order(init.clientOrderId);
    if (cached) return cached;
    try {
      // The requested position id is assigned after the NETTING check, so a refused id is never recorded.
      const order = Order.create(init);
      this.options.cache.addOrder(order);
      return order;
    } catch (error) {
      this.refuse(init, asEngineError(error));
      return undefined;
    }
  }

  /** NETTING allows one position per (instrument, strategy): any other requested id is refused. */
  private positionIdProblem(init: OrderInitialized, positionId: string | undefined): string | undefined {
    if (positionId === undefined || this.omsTypeFor(init.strategyId, init.instrumentId) !== 'NETTING') return undefined;
    const expected = nettingPositionId(init.instrumentId, init.strategyId);
    if (positionId === expected) return undefined;
    return `POSITION_ID_INVALID: under NETTING the only position id for ${init.instrumentId} and ${init.strategyId} is '${expected}', ` +
      `received '${positionId}'`;
  }

  private noClientProblem(instrumentId: string): string | undefined {
    if (this.router.clientFor(instrumentId)) return undefined;
    return `NO_EXECUTION_CLIENT: expected an execution client for venue '${this.router.venueOf(instrumentId) ?? '?'}' ` +
      `(registered: ${this.router.venues().join(', ') || 'none'}), received an order for ${instrumentId}`;
  }

  /**
   * Deny an order that never reached a venue (the risk engine's refusals): the order is cached first if
   * the strategy did not, so it is found DENIED. One that cannot even be built (quantity 0) still has
   * its OrderDenied published to its strategy.
   */
  denyOrder(init: OrderInitialized, reason: string): void {
    if (!this.options.cache.hasOrder(init.clientOrderId)) {
      try {
        this.options.cache.addOrder(Order.create(init));
      } catch {
        // Not buildable: applyOrThrow publishes the bare denial.
      }
    }
    this.handle(orderDenied(init, reason, this.options.clock.timestampNs()), false);
  }

  // --- events ---------------------------------------------------------------------------------------
  /** Apply an order event (from the risk engine, a strategy, or an enriched venue event). Never throws. */
  process(event: OrderEvent): void {
    this.handle(event, false);
  }

  /** A venue adapter's event: fill in trader, strategy, event id and tsInit from the cached order. */
  processVenueEvent(e: VenueOrderEvent): void {
    const order = this.options.cache.order(e.clientOrderId)
      ?? (e.venueOrderId !== undefined ? this.options.cache.orderByVenueOrderId(e.venueOrderId) : undefined);
    if (!order) {
      this._invalid += 1;
      this.log.warn(`venue event ${e.type} for an unknown order`, {
        code: 'ORDER_UNKNOWN', clientOrderId: e.clientOrderId, venueOrderId: e.venueOrderId, event: e.type,
      });
      return;
    }
    const problem = checkVenueEvent(e, this.venueCheckContext(order, e.venueOrderId, e.type === 'OrderFilled'));
    if (problem !== undefined) {
      this.refuseVenueMessage(order, problem, { query: true });
      return;
    }
    this.handle(this.enrich(order, e), false, order);
  }

  /**
   * What a venue message about `order` is checked with (the live engine checks runtime reports with it
   * too). Lookups are made only when they can matter: the owner of a venue order id that is not the
   * order's own, the quote currency of a fill.
   */
  venueCheckContext(order: Order, venueOrderId: string | undefined, fill = false): VenueEventCheckContext {
    return {
      order,
      clientAccountId: order.accountId === undefined ? this.router.clientFor(order.instrumentId)?.accountId : undefined,
      venueOrderIdOwner: venueOrderId !== undefined && venueOrderId !== order.venueOrderId ? this.options.cache.orderByVenueOrderId(venueOrderId) : undefined,
      quoteCurrency: fill ? this.options.instruments.find(order.instrumentId)?.quoteCurrency : undefined,
    };
  }

  /**
   * A venue message that contradicts its order: nothing of it is applied; it is logged and counted, and
   * (`query`) the venue is asked for the order's status so that its truth arrives as a report.
   */
  refuseVenueMessage(order: Order, error: EngineError, options: { readonly query: boolean }): void {
    this.refusals.add(error);
    this.log.error(error.message, { code: error.code, ...error.details });
    if (!options.query) return;
    const client = this.router.clientFor(order.instrumentId);
    client?.queryOrder({
      type: 'QueryOrder', commandId: newEventId(), traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId, ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
      tsInit: this.options.clock.timestampNs(),
    });
  }

  enrich(order: Order, e: VenueOrderEvent): OrderEvent {
    // Same fields and key order as `{ ...e, clientOrderId, traderId, ... }`, without the spread (see copyFields).
    const out = copyFields(e) as unknown as Record<string, unknown>;
    out.clientOrderId = order.clientOrderId;
    out.traderId = order.traderId;
    out.strategyId = order.strategyId;
    out.eventId = newEventId();
    out.tsInit = this.options.clock.timestampNs();
    return out as unknown as OrderEvent;
  }

  /** Strict apply for reconciliation plans: throws the EngineError instead of logging it. Returns what changed (null: nothing, a replayed fill). */
  applyEvent(event: OrderEvent): Applied | null {
    return this.handle(event, true) ?? null;
  }

  /** Apply a list of events in order, strictly (reconciliation's own events skip any queue). */
  applyEvents(events: readonly OrderEvent[]): void {
    for (const e of events) this.handle(e, true);
  }

  /** Cache an order made elsewhere (reconciliation, a strategy's factory). */
  addOrder(order: Order, positionId?: string): void {
    this.options.cache.addOrder(order, positionId);
  }

  /**
   * Apply, then publish what changed. Returns it (null: nothing changed, a replayed fill), or undefined
   * when the event was refused. `known`: the cached order of the event's client order id, when the
   * caller has just looked it up (saves a second lookup in a cache of every order).
   */
  private handle(event: OrderEvent, strict: boolean, known?: Order): Applied | null | undefined {
    let applied: Applied | null;
    try {
      applied = this.step.apply(event, known);
    } catch (error) {
      const err = asEngineError(error);
      if (strict) throw err;
      this.refuse(event, err);
      return undefined;
    }
    this._events += 1;
    if (applied !== null) this.publish(applied);
    return applied;
  }

  /**
   * The whole record first (the journal's feed: so the journal's order is the apply order, even when a
   * strategy reacting to the event applies more at once), then the order event to its strategy, then
   * its position events.
   */
  private publish(applied: Applied): void {
    const { bus } = this.options;
    bus.publish(topics.applied, applied);
    bus.publish(topics.orderEvents(applied.event.strategyId), applied.event);
    for (const p of applied.positions) bus.publish(topics.positionEvents(p.event.strategyId), p.event);
  }

  private refuse(event: OrderEvent | OrderInitialized | undefined, error: EngineError): void {
    this._invalid += 1;
    this.log.error(`order event refused: ${error.message}`, {
      code: error.code, event: event?.type, clientOrderId: event?.clientOrderId, ...error.details,
    });
    if (event) this.options.onInvalid?.(event, error);
  }
}

function asEngineError(error: unknown): EngineError {
  if (isEngineError(error)) return error;
  return new EngineError('EXEC_UNEXPECTED', `unexpected error: ${error instanceof Error ? error.message : String(error)}`, {});
}
