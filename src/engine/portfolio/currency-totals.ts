import { Decimal } from '../core/decimal.js';
import type { BookDelta } from './instrument-book.js';

const DAY_NS = 86_400_000_000_000n;
const ZERO = Decimal.zero(0);

/** The UTC midnight at or before `ns`. */
export function utcDayStart(ns: bigint): bigint {
  return ns - (((ns % DAY_NS) + DAY_NS) % DAY_NS);
}

/**
 * One currency's running totals, and the day's PnL: at each UTC midnight (seen at the first update or read
 * after it) the realized and unrealized totals are taken as the day's baseline, so the day's PnL is
 * realized + unrealized gained since. On the node's first day the baseline is zero: everything the node
 * holds counts (a node restarted mid-day after a loss must not forget it; for a loss breaker that is the
 * safe side).
 */
export class CurrencyTotals {
  realized = ZERO;
  unrealized = ZERO;
  exposure = ZERO;
  private realizedAtDayStart = ZERO;
  private unrealizedAtDayStart = ZERO;
  private nextDayNs: bigint;

  constructor(readonly currency: string, nowNs: bigint) {
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }

  apply(delta: BookDelta, nowNs: bigint): void {
    this.roll(nowNs);
    this.realized = this.realized.add(delta.realized);
    this.unrealized = this.unrealized.add(delta.unrealized);
    this.exposure = this.exposure.add(delta.exposure);
  }

  dayPnl(nowNs: bigint): Decimal {
    this.roll(nowNs);
    return this.realized.sub(this.realizedAtDayStart).add(this.unrealized.sub(this.unrealizedAtDayStart));
  }

  private roll(nowNs: bigint): void {
    if (nowNs < this.nextDayNs) return;
    this.realizedAtDayStart = this.realized;
    this.unrealizedAtDayStart = this.unrealized;
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }
}
