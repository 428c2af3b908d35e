import { Decimal } from '../core/decimal.js';
import type { Price, Quantity } from '../core/decimal.js';
import type { OrderInitialized } from '../model/events.js';
import type { Instrument } from '../model/instruments.js';

/**
 * The pure pre-trade checks: each returns the denial reason (stable SCREAMING_CASE prefix, then what was
 * expected and what was received) or undefined when the order passes.
 */

export function checkInstrument(init: OrderInitialized, instrument: Instrument | undefined): string | undefined {
  if (instrument) return undefined;
  return `INSTRUMENT_UNKNOWN: expected a known instrument id, received '${init.instrumentId}'`;
}

export function checkQuantity(init: OrderInitialized, instrument: Instrument): string | undefined {
  if (!init.quantity.isPositive()) {
    return `QUANTITY_NOT_POSITIVE: expected a quantity > 0, received ${init.quantity.toString()}`;
  }
  if (exceedsPrecision(init.quantity, instrument.sizePrecision)) {
    return `QUANTITY_PRECISION_EXCEEDED: expected at most ${instrument.sizePrecision} decimals for ${instrument.id} quantities, ` +
      `received ${init.quantity.toString()}`;
  }
  return undefined;
}

export function checkPrices(init: OrderInitialized, instrument: Instrument): string | undefined {
  for (const [field, value] of [['price', init.price], ['triggerPrice', init.triggerPrice]] as const) {
    if (value === undefined) continue;
    if (!value.isPositive()) {
      return `PRICE_NOT_POSITIVE: expected a ${field} > 0, received ${value.toString()}`;
    }
    if (exceedsPrecision(value, instrument.pricePrecision)) {
      return `PRICE_PRECISION_EXCEEDED: expected at most ${instrument.pricePrecision} decimals for ${instrument.id} prices, ` +
        `received ${field} ${value.toString()}`;
    }
  }
  return undefined;
}

/**
 * Notional = quantity × (price, else trigger price, else the reference price from the latest quote).
 * No price known at all: the check cannot be made and passes (the venue still has its own limits).
 */
export function checkNotional(
  init: OrderInitialized,
  instrument: Instrument,
  maxNotional: string | undefined,
  referencePrice: Price | undefined,
): string | undefined {
  if (maxNotional === undefined) return undefined;
  const px = init.price ?? init.triggerPrice ?? referencePrice;
  if (px === undefined) return undefined;
  const notional = init.quantity.mul(px);
  const max = parsedLimit(maxNotional);
  if (notional.lte(max)) return undefined;
  return `NOTIONAL_EXCEEDS_MAX: expected a notional <= ${max.toString()} ${instrument.quoteCurrency} for ${instrument.id}, ` +
    `received ${notional.toString()} (${init.quantity.toString()} x ${px.toString()})`;
}

/** Configured limits are a handful of strings checked on every submit: parse each once (bounded). */
const LIMITS = new Map<string, Decimal>();
function parsedLimit(text: string): Decimal {
  let max = LIMITS.get(text);
  if (max === undefined) {
    max = Decimal.from(text);
    if (LIMITS.size < 1024) LIMITS.set(text, max);
  }
  return max;
}

/** True when the value has non-zero digits beyond `precision` ('100000.0' is fine for precision 0). */
function exceedsPrecision(value: Quantity | Price, precision: number): boolean {
  return value.precision > precision && !value.withPrecision(precision).eq(value);
}
