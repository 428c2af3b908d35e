import { Decimal, Price } from '../../core/decimal.js';
import type { LiquiditySide, OrderType } from '../../model/enums.js';
import { ORDER_TRAITS } from '../../model/order-traits.js';

/**
 * Prices reconciliation has to invent: the price of an inferred fill and of a position-alignment fill.
 * All exact decimal arithmetic, rounded (half away from zero) to the instrument's price precision
 * because the result becomes an order's price.
 */

/**
 * The price of a fill of `venueSigned − ourSigned` that moves our average `ourAvg` to the venue's
 * `venueAvg` (scenario 17): `(venueAvg·venueQty − ourAvg·ourQty) / (venueQty − ourQty)` on signed
 * quantities. Special cases: the venue flat → our average (closing at it realises nothing); we flat →
 * the venue's average; a flip (opposite sides) → the venue's average; a missing average that the formula
 * needs → undefined; a result ≤ 0 (no such price) → undefined, so the caller falls back to the quote.
 */
export function reconciliationPrice(
  ourSigned: Decimal,
  ourAvg: Price | undefined,
  venueSigned: Decimal,
  venueAvg: Price | undefined,
  pricePrecision: number,
): Price | undefined {
  if (ourSigned.eq(venueSigned)) return undefined;
  if (venueSigned.isZero()) return round(ourAvg, pricePrecision);
  if (ourSigned.isZero() || ourSigned.isPositive() !== venueSigned.isPositive()) return round(venueAvg, pricePrecision);
  if (venueAvg === undefined || ourAvg === undefined) return undefined;
  const diff = venueSigned.sub(ourSigned);
  const notional = venueAvg.mul(venueSigned).sub(ourAvg.mul(ourSigned));
  const px = Price.fromRaw(notional.raw, notional.precision).div(diff, pricePrecision);
  return px.isPositive() ? px : undefined;
}

function round(px: Price | undefined, precision: number): Price | undefined {
  if (px === undefined) return undefined;
  return px.withPrecision(precision);
}

/**
 * Price of an inferred fill of `diff` on an order that already has `ourFilled` at `ourAvg`, when the
 * venue says `venueFilled` at `venueAvg` (§4): a first fill takes the venue's average (else the order's
 * price); a later one the price that makes our average equal the venue's, falling back to the venue's
 * average, then the order's price, when that price would not be positive or the venue gave no average.
 */
export function inferredFillPrice(args: {
  readonly ourFilled: Decimal;
  readonly ourAvg: Price | undefined;
  readonly venueFilled: Decimal;
  readonly venueAvg: Price | undefined;
  readonly orderPrice: Price | undefined;
  readonly pricePrecision: number;
}): Price | undefined {
  const { ourFilled, ourAvg, venueFilled, venueAvg, orderPrice, pricePrecision } = args;
  const fallback = round(venueAvg ?? orderPrice, pricePrecision);
  if (ourFilled.isZero() || ourAvg === undefined || venueAvg === undefined) return fallback;
  const diff = venueFilled.sub(ourFilled);
  if (!diff.isPositive()) return fallback;
  const notional = venueAvg.mul(venueFilled).sub(ourAvg.mul(ourFilled));
  const px = Price.fromRaw(notional.raw, notional.precision).div(diff, pricePrecision);
  return px.isPositive() ? px : fallback;
}

/**
 * Liquidity side of an inferred fill (**choice**): a post-only order can only have made liquidity
 * (MAKER); market-style orders (MARKET, STOP_MARKET, MARKET_IF_TOUCHED) take it (TAKER); any other
 * order could have done either, and the report does not say, so NO_LIQUIDITY_SIDE rather than a guess.
 */
export function inferredLiquidity(orderType: OrderType, postOnly: boolean): LiquiditySide {
  if (postOnly) return 'MAKER';
  if (ORDER_TRAITS[orderType].takesLiquidity) return 'TAKER';
  return 'NO_LIQUIDITY_SIDE';
}

/** A zero of the given precision (the signed size of "nothing"). */
export function zeroAt(precision: number): Decimal {
  return Decimal.zero(precision);
}
