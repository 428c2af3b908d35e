import { Quantity } from '../core/decimal.js';
import type { OrderEvent } from '../model/events.js';
import type { Order } from '../model/order.js';

/** What the order manager does through its strategy (implemented with `OrderCommands`). */
export interface ContingencyActions {
  order(clientOrderId: string): Order | undefined;
  isSubmitted(order: Order): boolean;
  requestedQuantity(order: Order): Quantity;
  modifyQuantity(order: Order, quantity: Quantity): void;
  cancel(order: Order): void;
}

const CLOSING = new Set<OrderEvent['type']>(['OrderDenied', 'OrderRejected', 'OrderCanceled', 'OrderExpired']);

/**
 * Contingent orders managed by the strategy (§6, `manageContingentOrders`), for venues that do not act
 * on OTO/OCO/OUO links. Runs on each order event of the strategy before the strategy's own handler,
 * with the cached order already updated by the event.
 *
 * As in NautilusTrader, the whole list is at the venue from the start (`Strategy.submitOrderList`):
 * the children of an OTO entry rest there (the venue checks reduce-only when they would trade) and
 * this manager keeps them in step with the entry. Only the entry's own fills and close act on them:
 * - a fill: each child takes the entry's position id and is resized to the entry's filled quantity
 *   (nothing is sent while that equals the quantity last requested, so a full fill of an unmodified
 *   bracket sends nothing and rapid fills each compare with the previous request, not a stale quantity);
 * - a close with nothing filled: the children are cancelled at the venue (PENDING_CANCEL → CANCELED).
 *
 * OUO quantities are kept in step by leaves quantity: every other open order Y gets
 * `Y.filled + (X.requested − X.filled)`. That is "reduce to X's leaves" after X partly fills and "the
 * same quantity" after X's quantity is modified (both unfilled). Using X's *requested* quantity means a
 * venue acknowledgement of an older modify of X (the entry filled again since) maps to the quantity
 * already requested for Y: a no-op, so updates never ping-pong and none is lost.
 */
export class OrderManager {
  constructor(private readonly act: ContingencyActions) {}

  handle(event: OrderEvent): void {
    const order = this.act.order(event.clientOrderId);
    if (!order || order.contingencyType === 'NO_CONTINGENCY') return;
    if (event.type === 'OrderFilled') this.onFill(order);
    else if (event.type === 'OrderUpdated') this.onUpdated(order);
    else if (CLOSING.has(event.type)) this.onClosed(order);
  }

  private onFill(x: Order): void {
    switch (x.contingencyType) {
      case 'OTO':
        return this.followParent(x);
      case 'OCO':
        return this.cancelOthers(x);
      case 'OUO':
        return x.isClosed ? this.cancelOthers(x) : this.alignOthers(x);
      default:
        return;
    }
  }

  private onUpdated(x: Order): void {
    if (x.contingencyType === 'OUO' && !x.isClosed) this.alignOthers(x);
  }

  private onClosed(x: Order): void {
    switch (x.contingencyType) {
      case 'OTO':
        if (x.filledQty.isZero()) for (const c of this.linked(x)) this.act.cancel(c);
        return;
      case 'OCO':
      case 'OUO':
        return this.cancelOthers(x);
      default:
        return;
    }
  }

  /** OTO parent filled (fully or partly): children take its position id and its filled quantity. */
  private followParent(parent: Order): void {
    const positionId = parent.positionId;
    if (parent.filledQty.isZero()) return;
    for (const child of this.linked(parent)) {
      if (positionId !== undefined && child.positionId === undefined) child.assignPositionId(positionId);
      if (this.act.isSubmitted(child)) this.resize(child, parent.filledQty);
    }
  }

  private cancelOthers(x: Order): void {
    for (const y of this.linked(x)) this.act.cancel(y);
  }

  private alignOthers(x: Order): void {
    for (const y of this.linked(x)) {
      if (!this.act.isSubmitted(y)) continue;
      const asked = this.act.requestedQuantity(x);
      this.resize(y, asked.gt(x.filledQty) ? y.filledQty.add(asked.sub(x.filledQty)) : y.filledQty);
    }
  }

  private resize(order: Order, target: Quantity): void {
    if (!target.gt(order.filledQty)) return this.act.cancel(order);
    const t = Quantity.from(target, Math.max(target.precision, order.quantity.precision));
    if (!t.eq(this.act.requestedQuantity(order))) this.act.modifyQuantity(order, t);
  }

  /** The other orders of the family that can still be acted on. */
  private linked(x: Order): Order[] {
    const out: Order[] = [];
    for (const id of x.linkedOrderIds) {
      const o = this.act.order(id);
      if (o && !o.isClosed) out.push(o);
    }
    return out;
  }
}
