import type { Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import type { CancelOrder, CommandBase, ModifyOrder, SubmitOrder, SubmitOrderList } from '../model/commands.js';
import { orderCanceled, orderPendingCancel, orderPendingUpdate, orderSubmitted } from '../model/event-factory.js';
import type { OrderEvent } from '../model/events.js';
import { newEventId } from '../model/identifiers.js';
import type { Order } from '../model/order.js';
import type { StrategyContext } from './context.js';
import type { OrderList } from './order-factory.js';

export interface ModifyArgs {
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
}

/**
 * The command side of a strategy: builds commands, caches new orders and sends everything through the
 * context. It also remembers what was asked and not yet answered, which the order manager needs:
 * the last quantity *requested* per order (so rapid fills are not lost and a modify to a quantity
 * already asked for is not sent twice), which orders were sent to the venue, and which cancels are
 * on their way.
 */
export class OrderCommands {
  private readonly submitted = new Set<string>();
  private readonly cancelRequested = new Set<string>();
  private readonly requestedQty = new Map<string, Quantity>();

  constructor(
    private readonly ctx: StrategyContext,
    private readonly strategyId: string,
  ) {}

  /** True once a SubmitOrder (or list) carrying this order was sent, or the order left INITIALIZED. */
  isSubmitted(order: Order): boolean {
    return this.submitted.has(order.clientOrderId) || order.status !== 'INITIALIZED';
  }

  /** The quantity last asked for: a modify on its way, else the order's quantity. */
  requestedQuantity(order: Order): Quantity {
    return this.requestedQty.get(order.clientOrderId) ?? order.quantity;
  }

  /** Forget answered requests (called on every order event of the strategy, before any handler). */
  observe(event: OrderEvent): void {
    const id = event.clientOrderId;
    switch (event.type) {
      case 'OrderUpdated': {
        const asked = this.requestedQty.get(id);
        if (asked !== undefined && asked.eq(event.quantity)) this.requestedQty.delete(id);
        break;
      }
      case 'OrderModifyRejected':
        this.requestedQty.delete(id);
        break;
      case 'OrderCancelRejected':
        this.cancelRequested.delete(id);
        break;
      case 'OrderDenied':
      case 'OrderRejected':
      case 'OrderCanceled':
      case 'OrderExpired':
        this.requestedQty.delete(id);
        this.cancelRequested.delete(id);
        break;
      default:
        break;
    }
  }

  submitOrder(order: Order, positionId?: string, alreadyCached = false): void {
    if (this.isSubmitted(order)) {
      throw new EngineError('ORDER_ALREADY_SUBMITTED', `expected an INITIALIZED order not yet submitted, received ${order.clientOrderId} (${order.status})`, {
        clientOrderId: order.clientOrderId, status: order.status,
      });
    }
    if (!alreadyCached) this.ctx.addOrder(order, positionId);
    this.submitted.add(order.clientOrderId);
    const command: SubmitOrder = {
      type: 'SubmitOrder',
      ...this.base(order.instrumentId),
      clientOrderId: order.clientOrderId,
      order: order.init,
      ...(positionId !== undefined ? { positionId } : {}),
    };
    this.local(orderSubmitted(order, this.ctx.clock.timestampNs()));
    this.ctx.execute(command);
  }

  /** Cache every order of the list and the list, and send them all as one command. */
  submitOrderList(list: OrderList, positionId?: string): void {
    const toSend = list.orders;
    for (const o of toSend) {
      if (this.isSubmitted(o)) {
        throw new EngineError('ORDER_ALREADY_SUBMITTED', `expected INITIALIZED orders not yet submitted, received ${o.clientOrderId} (${o.status}) in list ${list.id}`, {
          clientOrderId: o.clientOrderId, status: o.status, orderListId: list.id,
        });
      }
    }
    for (const o of toSend) this.ctx.addOrder(o, positionId);
    this.ctx.addOrderList(list);
    if (toSend.length === 1) return this.submitOrder(toSend[0]!, positionId, true);
    for (const o of toSend) this.submitted.add(o.clientOrderId);
    const command: SubmitOrderList = {
      type: 'SubmitOrderList',
      ...this.base(list.instrumentId),
      orderListId: list.id,
      orders: toSend.map((o) => o.init),
      ...(positionId !== undefined ? { positionId } : {}),
    };
    const now = this.ctx.clock.timestampNs();
    for (const o of toSend) this.local(orderSubmitted(o, now));
    this.ctx.execute(command);
  }

  /** Sends nothing (returns false) when nothing would change or the order cannot be modified. */
  modifyOrder(order: Order, a: ModifyArgs): boolean {
    if (order.isClosed || !this.isSubmitted(order) || this.cancelRequested.has(order.clientOrderId)) return false;
    const qtyChanges = a.quantity !== undefined && !a.quantity.eq(this.requestedQuantity(order));
    const pxChanges = a.price !== undefined && (order.price === undefined || !a.price.eq(order.price));
    const trgChanges = a.triggerPrice !== undefined && (order.triggerPrice === undefined || !a.triggerPrice.eq(order.triggerPrice));
    if (!qtyChanges && !pxChanges && !trgChanges) return false;
    if (qtyChanges) this.requestedQty.set(order.clientOrderId, a.quantity!);
    const command: ModifyOrder = {
      type: 'ModifyOrder',
      ...this.base(order.instrumentId),
      clientOrderId: order.clientOrderId,
      ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
      ...(qtyChanges ? { quantity: a.quantity! } : {}),
      ...(pxChanges ? { price: a.price! } : {}),
      ...(trgChanges ? { triggerPrice: a.triggerPrice! } : {}),
    };
    this.local(orderPendingUpdate(order, this.ctx.clock.timestampNs()));
    this.ctx.execute(command);
    return true;
  }

  /**
   * Cancel: an order that never reached the venue is cancelled locally (INITIALIZED → CANCELED); a
   * closed order or one whose cancel is on its way sends nothing. Returns whether anything was done.
   */
  cancelOrder(order: Order): boolean {
    if (order.isClosed || this.cancelRequested.has(order.clientOrderId)) return false;
    this.cancelRequested.add(order.clientOrderId);
    if (!this.isSubmitted(order)) {
      this.ctx.applyLocal(orderCanceled(order, this.ctx.clock.timestampNs()));
      return true;
    }
    const command: CancelOrder = {
      type: 'CancelOrder',
      ...this.base(order.instrumentId),
      clientOrderId: order.clientOrderId,
      ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}),
    };
    this.local(orderPendingCancel(order, this.ctx.clock.timestampNs()));
    this.ctx.execute(command);
    return true;
  }

  /** Pending events when the context's engine does not make them itself (see context.ts). */
  private local(event: OrderEvent): void {
    if (this.ctx.pendingEventsByEngine === false) this.ctx.applyLocal(event);
  }

  private base(instrumentId: string): CommandBase {
    return { commandId: newEventId(), traderId: this.ctx.traderId, strategyId: this.strategyId, instrumentId, tsInit: this.ctx.clock.timestampNs() };
  }
}
