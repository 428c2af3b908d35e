import type { OrderEvent } from '../model/events.js';
import type { Order } from '../model/order.js';
import type { StrategyClock } from './strategy-clock.js';

export const GTD_TIMER_PREFIX = 'GTD-EXPIRY:';

/** Minimum wait before a GTD cancel is retried after the venue rejected it. */
export const GTD_RETRY_DELAY_NS = 1_000_000_000n;

export function gtdTimerName(clientOrderId: string): string {
  return `${GTD_TIMER_PREFIX}${clientOrderId}`;
}

export interface GtdActions {
  order(clientOrderId: string): Order | undefined;
  /** The strategy's open GTD candidates: its orders not closed. */
  openOrders(): Order[];
  cancel(order: Order): void;
}

/**
 * GTD expiry managed by the strategy (§7, `manageGtdExpiry`) with one alert per order,
 * `GTD-EXPIRY:{clientOrderId}`, on the strategy's clock. When it fires and the order is still working,
 * the strategy cancels it; no local OrderExpired is made (the venue's cancel closes the order).
 * The alert goes when the order closes or the strategy cancels it, and comes back (**choice**) when the
 * venue rejects that cancel.
 */
export class GtdManager {
  constructor(
    private readonly clock: StrategyClock,
    private readonly act: GtdActions,
  ) {}

  /** Arm for a GTD order just submitted. */
  arm(order: Order): void {
    if (order.timeInForce !== 'GTD' || order.expireTime === undefined || order.isClosed) return;
    const id = order.clientOrderId;
    this.clock.setTimeAlert(gtdTimerName(id), order.expireTime, () => this.expire(id));
  }

  disarm(clientOrderId: string): void {
    const name = gtdTimerName(clientOrderId);
    if (this.clock.hasTimer(name)) this.clock.cancelTimer(name);
  }

  /** On each order event of the strategy. */
  handle(event: OrderEvent): void {
    const order = this.act.order(event.clientOrderId);
    if (!order || order.timeInForce !== 'GTD') return;
    if (order.isClosed) return this.disarm(order.clientOrderId);
    if (event.type === 'OrderCancelRejected') return this.rearm(order);
    // Restored: keel had closed it locally (e.g. an in-flight timeout) and the venue works it after all.
    // Closing disarmed its expiry; it gets it back (or is cancelled at once when already past it).
    const restored = order.previousStatus === 'REJECTED' || order.previousStatus === 'CANCELED';
    if (restored && order.expireTime !== undefined && !this.clock.hasTimer(gtdTimerName(order.clientOrderId))) {
      if (order.expireTime <= this.clock.timestampNs()) this.act.cancel(order);
      else this.arm(order);
    }
  }

  /**
   * (Re)start or switched on: open GTD orders get their alerts back; those already past expiry are
   * cancelled at once rather than waiting for the clock's next opportunity.
   */
  armAll(): void {
    const now = this.clock.timestampNs();
    for (const o of this.act.openOrders()) {
      if (o.timeInForce !== 'GTD' || o.expireTime === undefined || o.status === 'INITIALIZED') continue;
      if (o.expireTime <= now) this.act.cancel(o);
      else this.arm(o);
    }
  }

  disarmAll(): void {
    for (const name of this.clock.timerNames()) if (name.startsWith(GTD_TIMER_PREFIX)) this.clock.cancelTimer(name);
  }

  /**
   * After a rejected cancel the order is usually past its expiry already; the retry waits at least
   * `GTD_RETRY_DELAY_NS` so a venue that keeps rejecting does not get a cancel on every clock tick.
   */
  private rearm(order: Order): void {
    if (order.expireTime === undefined) return;
    const earliest = this.clock.timestampNs() + GTD_RETRY_DELAY_NS;
    const at = order.expireTime > earliest ? order.expireTime : earliest;
    const id = order.clientOrderId;
    this.clock.setTimeAlert(gtdTimerName(id), at, () => this.expire(id));
  }

  private expire(clientOrderId: string): void {
    const order = this.act.order(clientOrderId);
    if (!order || order.isClosed || order.status === 'INITIALIZED') return;
    this.act.cancel(order);
  }
}
