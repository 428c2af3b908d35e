import { Quantity } from '../core/decimal.js';
import type { OrderEvent } from '../model/events.js';
import type { Order } from '../model/order.js';

/** What the order manager does through its strategy (implemented with `OrderCommands`). */
export interface ContingencyActions {
  order(clientOrderId: string): Order | undefined;
  isSubmitted(order: Order): boolean;
  requestedQuantity(order: Order): Quantity;
  submitChild(child: Order, positionId: string | undefined): void;
  modifyQuantity(order: Order, quantity: Quantity): void;
  cancel(order: Order): void;
}

const CLOSING = new Set<OrderEvent['type']>(['OrderDenied', 'OrderRejected', 'OrderCanceled', 'OrderExpired']);

/**
 * Contingent orders managed by the strategy (§6, `manageContingentOrders`), for venues that know
 * nothing of OTO/OCO/OUO. Runs on each order event of the strategy before the strategy's own handler,
 * with the cached order already updated by the event.
 *
 * **Choice** (as NautilusTrader does when the venue cannot hold contingent orders): OTO children stay
 * INITIALIZED in the cache until their parent first fills, then they are submitted, carrying the
 * parent's position id. A reduce-only child at the venue before the entry filled would be refused
 * (nothing to reduce) or, worse, work against another position. Children that never reached the venue
 * are cancelled locally (INITIALIZED → CANCELED) when the parent closes with nothing filled.
 *
 * OUO quantities are kept in step by leaves quantity: every other open order Y gets
 * `Y.filled + X.leaves`. That is "reduce to X's leaves" after X partly fills and "the same quantity"
 * after X's quantity is modified (both unfilled), and Y's own update then maps back to a no-op, so
 * updates never ping-pong. Comparisons use the quantity last *requested*.
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
    for (const child of this.linked(parent)) {
      if (positionId !== undefined && child.positionId === undefined) child.assignPositionId(positionId);
      if (!this.act.isSubmitted(child)) this.act.submitChild(child, positionId ?? child.positionId);
      this.resize(child, parent.filledQty);
    }
  }

  private cancelOthers(x: Order): void {
    for (const y of this.linked(x)) this.act.cancel(y);
  }

  private alignOthers(x: Order): void {
    for (const y of this.linked(x)) {
      if (!this.act.isSubmitted(y)) continue;
      this.resize(y, y.filledQty.add(x.leavesQty));
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
