import { TestClock } from '../../../src/engine/core/test-clock.js';
import { MemoryLogger } from '../../../src/engine/core/logger.js';
import type { ConfigChange } from '../../../src/engine/config/config-change.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { TradingCommand } from '../../../src/engine/model/commands.js';
import type { OmsType } from '../../../src/engine/model/enums.js';
import * as ev from '../../../src/engine/model/event-factory.js';
import type { OrderEvent, PositionEvent } from '../../../src/engine/model/events.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { nettingPositionId } from '../../../src/engine/model/identifiers.js';
import type { Order } from '../../../src/engine/model/order.js';
import { Position } from '../../../src/engine/model/position.js';
import { ExternalOrderClaims } from '../../../src/engine/strategy/claims.js';
import type { OrderListRef, OrderQuery, PositionQuery, StrategyContext } from '../../../src/engine/strategy/context.js';

type Handler<T> = (e: T) => void;

/**
 * A small in-test StrategyContext: an in-memory cache, an engine that makes the in-flight events
 * when it routes a command (as the real one does), and helpers playing the venue's part. Events are
 * delivered through an in-order mailbox, like the real bus (a handler's commands are answered after it
 * returns).
 */
export class FakeContext implements StrategyContext {
  readonly traderId = 'TRADER-001';
  readonly clock: TestClock;
  readonly log = new MemoryLogger();
  readonly instruments = new InstrumentProvider();
  readonly claims = new ExternalOrderClaims();
  readonly commands: TradingCommand[] = [];
  readonly configChanges: ConfigChange[] = [];
  readonly omsByStrategy = new Map<string, OmsType>();
  venueOms: OmsType = 'NETTING';
  private readonly orderMap = new Map<string, Order>();
  private readonly lists = new Map<string, OrderListRef>();
  private readonly positionMap = new Map<string, Position>();
  private readonly orderSubs = new Map<string, Handler<OrderEvent>[]>();
  private readonly positionSubs = new Map<string, Handler<PositionEvent>[]>();
  private readonly dataSubs = new Map<string, Handler<unknown>[]>();
  private readonly mailbox: (() => void)[] = [];
  private draining = false;
  private venueSeq = 0;
  private tradeSeq = 0;

  constructor(startNs = 0n) {
    this.clock = new TestClock(startNs);
  }

  readonly cache = {
    order: (id: string) => this.orderMap.get(id),
    orders: (q: OrderQuery = {}) =>
      [...this.orderMap.values()].filter(
        (o) => (q.strategyId === undefined || o.strategyId === q.strategyId) && (q.instrumentId === undefined || o.instrumentId === q.instrumentId) && (q.open === undefined || o.isOpen === q.open),
      ),
    position: (id: string) => this.positionMap.get(id),
    positions: (q: PositionQuery = {}) =>
      [...this.positionMap.values()].filter(
        (p) => (q.strategyId === undefined || p.strategyId === q.strategyId) && (q.instrumentId === undefined || p.instrumentId === q.instrumentId) && (q.open === undefined || p.isOpen === q.open),
      ),
    orderList: (id: string) => this.lists.get(id),
    quote: (): undefined => undefined,
  };

  venueOmsType(): OmsType {
    return this.venueOms;
  }
  setStrategyOmsType(strategyId: string, omsType: OmsType): void {
    this.omsByStrategy.set(strategyId, omsType);
  }
  addOrder(order: Order, positionId?: string): void {
    this.orderMap.set(order.clientOrderId, order);
    if (positionId !== undefined && order.positionId === undefined) order.assignPositionId(positionId);
  }
  addOrderList(list: OrderListRef): void {
    this.lists.set(list.id, list);
  }
  execute(command: TradingCommand): void {
    this.commands.push(command);
    const now = this.clock.timestampNs();
    switch (command.type) {
      case 'SubmitOrder':
        return this.publish(ev.orderSubmitted(this.orderMap.get(command.clientOrderId)!, now));
      case 'SubmitOrderList':
        for (const o of command.orders) this.publish(ev.orderSubmitted(this.orderMap.get(o.clientOrderId)!, now));
        return;
      case 'ModifyOrder':
        return this.publish(ev.orderPendingUpdate(this.orderMap.get(command.clientOrderId)!, now));
      case 'CancelOrder':
        return this.publish(ev.orderPendingCancel(this.orderMap.get(command.clientOrderId)!, now));
      default:
        return;
    }
  }
  applyLocal(event: OrderEvent): void {
    this.publish(event);
  }
  subscribeOrderEvents(strategyId: string, handler: Handler<OrderEvent>) {
    return this.sub(this.orderSubs, strategyId, handler);
  }
  subscribePositionEvents(strategyId: string, handler: Handler<PositionEvent>) {
    return this.sub(this.positionSubs, strategyId, handler);
  }
  subscribeQuotes(instrumentId: string, handler: Handler<never>) {
    return this.sub(this.dataSubs, `quotes:${instrumentId}`, handler as Handler<unknown>);
  }
  subscribeTrades(instrumentId: string, handler: Handler<never>) {
    return this.sub(this.dataSubs, `trades:${instrumentId}`, handler as Handler<unknown>);
  }
  subscribeBars(barType: string, handler: Handler<never>) {
    return this.sub(this.dataSubs, `bars:${barType}`, handler as Handler<unknown>);
  }
  readonly configLog = { defaultSource: 'user' as const, append: (change: ConfigChange): void => void this.configChanges.push(change) };

  // --- test helpers: the venue's side ---------------------------------------------------------------
  dataSubscriberCount(key: string): number {
    return this.dataSubs.get(key)?.length ?? 0;
  }
  emitData(key: string, value: unknown): void {
    for (const h of [...(this.dataSubs.get(key) ?? [])]) h(value);
  }
  commandsOf<T extends TradingCommand['type']>(type: T): Extract<TradingCommand, { type: T }>[] {
    return this.commands.filter((c): c is Extract<TradingCommand, { type: T }> => c.type === type);
  }
  accept(order: Order): void {
    this.publish(ev.orderAccepted(order, `V-${++this.venueSeq}`, this.clock.timestampNs()));
  }
  fill(order: Order, qty: string, px: string): void {
    const fill = ev.orderFilled(order, { tradeId: `T-${++this.tradeSeq}`, lastQty: Quantity.from(qty, order.quantity.precision), lastPx: Price.from(px), currency: 'USD' }, this.clock.timestampNs());
    this.publish(fill);
  }
  canceled(order: Order): void {
    this.publish(ev.orderCanceled(order, this.clock.timestampNs()));
  }
  cancelRejected(order: Order, reason = 'TOO_LATE'): void {
    this.publish(ev.orderCancelRejected(order, reason, this.clock.timestampNs()));
  }
  updated(order: Order, qty: string): void {
    this.publish(ev.orderUpdated(order, { quantity: Quantity.from(qty, order.quantity.precision) }, this.clock.timestampNs()));
  }
  /** Put an order in the cache as if it came from an earlier run. */
  seed(order: Order, ...events: OrderEvent[]): void {
    this.orderMap.set(order.clientOrderId, order);
    for (const e of events) order.apply(e);
  }

  private publish(event: OrderEvent): void {
    this.mailbox.push(() => this.deliver(event));
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.mailbox.shift(); job; job = this.mailbox.shift()) job();
    } finally {
      this.draining = false;
    }
  }

  private deliver(event: OrderEvent): void {
    const order = this.orderMap.get(event.clientOrderId);
    if (!order) throw new Error(`fake: unknown order ${event.clientOrderId}`);
    let positionEvent: PositionEvent | undefined;
    if (event.type === 'OrderFilled') {
      const positionId = order.positionId ?? nettingPositionId(order.instrumentId, order.strategyId);
      const fill = { ...event, positionId };
      order.apply(fill);
      const existing = this.positionMap.get(positionId);
      if (existing) existing.apply(fill);
      else this.positionMap.set(positionId, Position.open(this.instruments.get(order.instrumentId), fill, positionId));
      positionEvent = ev.positionEvent(this.positionMap.get(positionId)!, event.tsEvent);
      event = fill;
    } else {
      order.apply(event);
    }
    for (const h of [...(this.orderSubs.get(order.strategyId) ?? [])]) h(event);
    if (positionEvent) for (const h of [...(this.positionSubs.get(order.strategyId) ?? [])]) h(positionEvent);
  }

  private sub<T>(map: Map<string, Handler<T>[]>, key: string, handler: Handler<T>) {
    const list = map.get(key) ?? [];
    list.push(handler);
    map.set(key, list);
    return () => {
      const l = map.get(key) ?? [];
      const i = l.indexOf(handler);
      if (i >= 0) l.splice(i, 1);
    };
  }
}
