import { Decimal } from '../core/decimal.js';
import type { ErrorCode } from '../core/error-codes.js';
import type { OrderInitialized } from '../model/events.js';

const CODE: ErrorCode = 'POSITION_LIMIT_EXCEEDED';

/**
 * Maximum position per instrument: an order that would take |net position| (the node's filled net, all
 * strategies; working orders are not counted) beyond the limit is denied. An order that reduces the
 * net position (opposite side, no larger than it) always passes, even when the position is already over
 * the limit (the limit was lowered live): taking risk off is never refused. Undefined when it passes.
 */
export function checkPositionLimit(init: OrderInitialized, limit: string | undefined, net: Decimal | undefined): string | undefined {
  if (limit === undefined) return undefined;
  const current = net ?? Decimal.zero(0);
  const qty = Decimal.from(init.quantity);
  const reduces = !current.isZero() && (init.side === 'BUY' ? current.isNegative() : current.isPositive()) && qty.lte(current.abs());
  if (reduces) return undefined;
  const after = init.side === 'BUY' ? current.add(qty) : current.sub(qty);
  const max = Decimal.from(limit);
  if (after.abs().lte(max)) return undefined;
  return `${CODE}: expected |net position| of ${init.instrumentId} <= ${max.toString()} (limit maxPositionPerInstrument), ` +
    `received ${init.side} ${init.quantity.toString()} with current net ${current.toString()} (would be ${after.toString()})`;
}
