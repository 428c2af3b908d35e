import { Decimal, Price } from '../../core/decimal.js';
import type { OrderFilled } from '../../model/events.js';

/**
 * keel's net holding in one instrument as reconciliation compares it with the venue's: a signed size
 * and an average open price. Built from the cached open positions, then moved by the fills the plan
 * is about to apply (the position comparison runs after the orders are reconciled, §4).
 */
export interface Exposure {
  readonly signed: Decimal;
  /** Undefined when flat, or when positions of opposite sides make a single average meaningless. */
  readonly avg: Price | undefined;
}

/** Digits kept beyond the price precision while averaging, so that the price derived from it is exact enough. */
const EXTRA_DIGITS = 4;

export function exposureOf(
  positions: readonly { readonly signedQty: Decimal; readonly avgPxOpen: Price }[],
  fills: readonly OrderFilled[],
  sizePrecision: number,
  pricePrecision: number,
): Exposure {
  const p = pricePrecision + EXTRA_DIGITS;
  let signed = Decimal.zero(sizePrecision);
  let notional = Decimal.zero(p);
  const longs = positions.some((x) => x.signedQty.isPositive());
  const shorts = positions.some((x) => x.signedQty.isNegative());
  for (const x of positions) {
    signed = signed.add(x.signedQty);
    notional = notional.add(x.avgPxOpen.mul(x.signedQty.abs()));
  }
  let avg: Price | undefined = signed.isZero() || (longs && shorts) ? undefined : asPrice(notional.div(signed.abs(), p));
  for (const f of fills) {
    const q = f.side === 'BUY' ? Decimal.from(f.lastQty) : Decimal.from(f.lastQty).neg();
    const next = signed.add(q);
    if (signed.isZero()) {
      avg = f.lastPx;
    } else if (signed.isPositive() === q.isPositive()) {
      // An increase averages the open price.
      avg = avg === undefined ? undefined : asPrice(avg.mul(signed.abs()).add(f.lastPx.mul(q.abs())).div(next.abs(), p));
    } else if (next.isZero()) {
      avg = undefined;
    } else if (next.isPositive() !== signed.isPositive()) {
      // Past zero: the remainder opens at the fill price (NETTING flips in place).
      avg = f.lastPx;
    }
    signed = next;
  }
  return { signed, avg: signed.isZero() ? undefined : avg };
}

function asPrice(d: Decimal): Price {
  return Price.fromRaw(d.raw, d.precision);
}
