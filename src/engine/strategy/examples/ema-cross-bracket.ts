import { z } from 'zod';
import { Price } from '../../core/decimal.js';
import type { Bar } from '../../model/market-data.js';
import type { OrderSide } from '../../model/enums.js';
import type { OrderRejected } from '../../model/events.js';
import { Strategy } from '../strategy.js';

export const EmaCrossBracketParams = z
  .object({
    instrumentId: z.string().default('BTCUSDT-PERP.SIM'),
    barType: z.string().default('BTCUSDT-PERP.SIM-1-MINUTE-LAST'),
    fastPeriod: z.number().int().positive().default(10),
    slowPeriod: z.number().int().positive().default(20),
    /** Decimal strings: exact. */
    tradeSize: z.string().default('0.010'),
    slDistance: z.string().default('100.0'),
    tpDistance: z.string().default('200.0'),
  })
  .strict()
  .refine((p) => p.fastPeriod < p.slowPeriod, { message: 'expected fastPeriod < slowPeriod', path: ['fastPeriod'] });
export type EmaCrossBracketParamsInput = z.input<typeof EmaCrossBracketParams>;
export type EmaCrossBracketParamsValue = z.output<typeof EmaCrossBracketParams>;

/** Exponential moving average; indicator values are binary floats (they never become prices). */
export class Ema {
  private value: number | undefined;
  private count = 0;
  private readonly alpha: number;
  constructor(readonly period: number) {
    this.alpha = 2 / (period + 1);
  }
  update(x: number): void {
    this.value = this.value === undefined ? x : this.alpha * x + (1 - this.alpha) * this.value;
    this.count += 1;
  }
  get initialized(): boolean {
    return this.count >= this.period;
  }
  get current(): number | undefined {
    return this.value;
  }
}

/**
 * Demo: an EMA cross on the BTC perpetual's 1-minute bars that enters with a bracket (MARKET entry,
 * stop-loss and take-profit at fixed distances from the bar's close). It enters only when flat with no
 * working orders, so each bracket plays out before the next. Run it with `manageContingentOrders: true`
 * against a venue that does not know contingencies.
 */
export class EmaCrossBracket extends Strategy<EmaCrossBracketParamsValue> {
  static override paramsSchema = EmaCrossBracketParams;

  private fast!: Ema;
  private slow!: Ema;
  private lastDiff: number | undefined;
  /** Brackets submitted (for demos and tests). */
  entries = 0;

  override onStart(): void {
    this.fast = new Ema(this.params.fastPeriod);
    this.slow = new Ema(this.params.slowPeriod);
    this.lastDiff = undefined;
    this.subscribeBars(this.params.barType);
  }

  override onBar(bar: Bar): void {
    if (bar.instrumentId !== this.params.instrumentId) return;
    const close = bar.close.toNumber();
    this.fast.update(close);
    this.slow.update(close);
    if (!this.slow.initialized) return;
    const diff = this.fast.current! - this.slow.current!;
    const prev = this.lastDiff;
    this.lastDiff = diff;
    if (prev === undefined) return;
    if (prev <= 0 && diff > 0) this.enter('BUY', bar.close);
    else if (prev >= 0 && diff < 0) this.enter('SELL', bar.close);
  }

  /**
   * A protective order refused by the venue (e.g. the market already moved through it) leaves the
   * position without protection once OUO cancels its sibling: flatten rather than trade unprotected.
   */
  override onOrderRejected(event: OrderRejected): void {
    const order = this.cache.order(event.clientOrderId);
    if (!order?.reduceOnly || order.parentOrderId === undefined) return;
    this.log.warn(`${this.id}: protective order ${order.clientOrderId} rejected (${event.reason}); closing the position`);
    this.closeAllPositions(order.instrumentId);
  }

  private enter(side: OrderSide, close: Price): void {
    const instrumentId = this.params.instrumentId;
    if (this.cache.positions({ strategyId: this.id, instrumentId, open: true }).length > 0) return;
    if (this.cache.orders({ strategyId: this.id, instrumentId }).some((o) => !o.isClosed)) return;
    const sl = Price.from(this.params.slDistance);
    const tp = Price.from(this.params.tpDistance);
    const list = this.orderFactory.bracket({
      instrumentId,
      side,
      quantity: this.params.tradeSize,
      slTriggerPrice: side === 'BUY' ? close.sub(sl) : close.add(sl),
      tpPrice: side === 'BUY' ? close.add(tp) : close.sub(tp),
      // The bar's close can be stale by the time the entry fills: a take-profit already through the
      // market then takes the profit at once instead of being refused as post-only.
      tpPostOnly: false,
    });
    this.entries += 1;
    this.submitOrderList(list);
  }
}
