import { Decimal } from '../core/decimal.js';
import type { InstrumentBook } from './instrument-book.js';

export const DAY_NS = 86_400_000_000_000n;
const ZERO = Decimal.zero(0);

/** The UTC midnight at or before `ns`. */
export function utcDayStart(ns: bigint): bigint {
  return ns - (((ns % DAY_NS) + DAY_NS) % DAY_NS);
}

/**
 * One currency's totals: realized PnL summed as fills arrive; unrealized PnL and exposure summed over
 * the currency's instruments when read (each instrument keeps its own figures until its mark changes).
 * The day's PnL: at each UTC midnight (the portfolio's time alert, or the first read after it) the
 * realized and unrealized totals are taken as the day's baseline, so the day's PnL is realized +
 * unrealized gained since. On the node's first day the baseline is zero: everything the node holds
 * counts (a node restarted mid-day after a loss must not forget it; for a loss breaker, the safe side).
 */
export class CurrencyTotals {
  realized = ZERO;
  readonly books: InstrumentBook[] = [];
  private realizedAtDayStart = ZERO;
  private unrealizedAtDayStart = ZERO;
  private nextDayNs: bigint;

  constructor(readonly currency: string, nowNs: bigint) {
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }

  get unrealized(): Decimal {
    let u = ZERO;
    for (const b of this.books) if (b.open) u = u.add(b.unrealized ?? ZERO);
    return u;
  }

  get exposure(): Decimal {
    let e = ZERO;
    for (const b of this.books) if (b.open) e = e.add(b.exposure ?? ZERO);
    return e;
  }

  dayPnl(nowNs: bigint): Decimal {
    this.roll(nowNs);
    return this.realized.sub(this.realizedAtDayStart).add(this.unrealized.sub(this.unrealizedAtDayStart));
  }

  /** Take the day's baseline if `nowNs` is past the day's end (idempotent within a day). */
  roll(nowNs: bigint): void {
    if (nowNs < this.nextDayNs) return;
    this.realizedAtDayStart = this.realized;
    this.unrealizedAtDayStart = this.unrealized;
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }
}
