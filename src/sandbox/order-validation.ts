import { Price, Quantity } from '../engine/core/decimal.js';
import { isEngineError } from '../engine/core/errors.js';
import type { Instrument } from '../engine/model/instruments.js';
import { ORDER_TRAITS } from '../engine/model/order-traits.js';
import type { OrderRejectReason, WireOrderSpec } from '../engine/venue/sandbox/protocol/messages.js';
import type { VenueOrder } from './venue-order.js';

/**
 * Static checks of a submitted order (what the venue refuses before it looks at the market), and the
 * parsed prices and quantities at the instrument's precision.
 */
export type Checked =
  | { ok: true; quantity: Quantity; price?: Price; triggerPrice?: Price; expiresAt?: bigint }
  | { ok: false; reason: OrderRejectReason };

/**
 * The largest quantity and |price| the venue takes (10^18, exclusive): a value past it is refused with a
 * reason instead of resting (a 10^1,000,000 order would otherwise rest and cost every match a huge bigint).
 * The wire's decimal strings are bounded too (protocol-shapes.ts `DecimalString`).
 */
export const MAX_ORDER_VALUE_DIGITS = 18;
const MAX_ORDER_VALUE = 10n ** BigInt(MAX_ORDER_VALUE_DIGITS);

const NS_PER_DAY = 86_400_000_000_000n;

export function parsePrice(instrument: Instrument, text: string): Price | OrderRejectReason {
  try {
    const p = Price.from(text, instrument.pricePrecision);
    return tooLarge(p.raw, p.precision) ? 'PRICE_TOO_LARGE' : p;
  } catch (e) {
    if (isEngineError(e)) return 'PRICE_PRECISION';
    throw e;
  }
}

export function parseQuantity(instrument: Instrument, text: string): Quantity | OrderRejectReason {
  try {
    const q = Quantity.from(text, instrument.sizePrecision);
    if (tooLarge(q.raw, q.precision)) return 'QUANTITY_TOO_LARGE';
    return q.isPositive() ? q : 'QUANTITY_INVALID';
  } catch (e) {
    if (isEngineError(e)) return (e as { code: string }).code === 'QUANTITY_NEGATIVE' ? 'QUANTITY_INVALID' : 'QUANTITY_PRECISION';
    throw e;
  }
}

function tooLarge(raw: bigint, precision: number): boolean {
  return (raw < 0n ? -raw : raw) >= MAX_ORDER_VALUE * 10n ** BigInt(precision);
}

/**
 * The quantity a rejected order's record shows: what was sent when it parses, else zero at the
 * instrument's precision (a quantity with 17 decimals or past the bound is not representable, and the
 * rejection must not turn into an INTERNAL_ERROR while recording it).
 */
export function rejectedQuantity(text: string, sizePrecision: number): Quantity {
  try {
    const q = Quantity.from(text.replace('-', ''));
    return tooLarge(q.raw, q.precision) ? Quantity.zero(sizePrecision) : q;
  } catch {
    return Quantity.zero(sizePrecision);
  }
}

export function checkOrder(instrument: Instrument, spec: WireOrderSpec, now: bigint): Checked {
  const quantity = parseQuantity(instrument, spec.quantity);
  if (typeof quantity === 'string') return { ok: false, reason: quantity };
  let price: Price | undefined;
  let triggerPrice: Price | undefined;
  if (ORDER_TRAITS[spec.orderType].hasPrice) {
    if (spec.price === undefined) return { ok: false, reason: 'PRICE_REQUIRED' };
    const p = parsePrice(instrument, spec.price);
    if (typeof p === 'string') return { ok: false, reason: p };
    price = p;
  }
  if (ORDER_TRAITS[spec.orderType].hasTrigger) {
    if (spec.triggerPrice === undefined) return { ok: false, reason: 'TRIGGER_PRICE_REQUIRED' };
    const p = parsePrice(instrument, spec.triggerPrice);
    if (typeof p === 'string') return { ok: false, reason: p };
    triggerPrice = p;
  }
  let expiresAt: bigint | undefined;
  if (spec.timeInForce === 'GTD') {
    if (spec.expireTime === undefined) return { ok: false, reason: 'EXPIRE_TIME_REQUIRED' };
    expiresAt = BigInt(spec.expireTime);
    if (expiresAt <= now) return { ok: false, reason: 'EXPIRE_TIME_PASSED' };
  } else if (spec.timeInForce === 'DAY') {
    expiresAt = (now / NS_PER_DAY + 1n) * NS_PER_DAY; // the next UTC midnight
  }
  const ok: Checked & { ok: true } = { ok: true, quantity };
  if (price) ok.price = price;
  if (triggerPrice) ok.triggerPrice = triggerPrice;
  if (expiresAt !== undefined) ok.expiresAt = expiresAt;
  return ok;
}

/** The venue's record of a submitted order (ACCEPTED; the caller turns it REJECTED when a check failed). */
export function newVenueOrder(
  accountId: string,
  spec: WireOrderSpec,
  checked: Checked,
  ctx: { venueOrderId: string; seq: number; now: bigint; sizePrecision: number; contingentAtVenue: boolean; dormant: boolean },
): VenueOrder {
  // Every field present from the start, in one fixed order (one object shape for every order; no spread
  // copies): the optional ones are written only when set, which exactOptionalPropertyTypes requires.
  const o: Writable<VenueOrder> = {
    accountId,
    instrumentId: spec.instrumentId,
    clientOrderId: spec.clientOrderId,
    venueOrderId: ctx.venueOrderId,
    side: spec.side,
    orderType: spec.orderType,
    timeInForce: spec.timeInForce,
    status: 'ACCEPTED',
    // A rejected order keeps the quantity as sent (made non-negative) so its report shows what was asked.
    quantity: checked.ok ? checked.quantity : rejectedQuantity(spec.quantity, ctx.sizePrecision),
    filledQty: Quantity.zero(ctx.sizePrecision),
    postOnly: spec.postOnly,
    reduceOnly: spec.reduceOnly,
    contingencyType: spec.contingencyType,
    linkedOrderIds: spec.linkedOrderIds,
    tsAccepted: ctx.now,
    tsLast: ctx.now,
    seq: ctx.seq,
    triggered: false,
    contingentAtVenue: ctx.contingentAtVenue,
    dormant: ctx.dormant,
  };
  if (spec.expireTime !== undefined) o.expireTime = BigInt(spec.expireTime);
  if (checked.ok) {
    if (checked.expiresAt !== undefined) o.expiresAt = checked.expiresAt;
    if (checked.price) o.price = checked.price;
    if (checked.triggerPrice) o.triggerPrice = checked.triggerPrice;
  }
  if (spec.orderListId !== undefined) o.orderListId = spec.orderListId;
  if (spec.parentOrderId !== undefined) o.parentOrderId = spec.parentOrderId;
  if (spec.venuePositionId !== undefined) o.venuePositionId = spec.venuePositionId;
  return o;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
