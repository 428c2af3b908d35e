/**
 * The data of a value for `application/json`: decimals and bigints become strings (JSON has neither),
 * errors keep their code, details and issues, and orders/positions expose their public fields, getters
 * included (a class's getters are not own enumerable properties).
 */
import { isEngineErrorLike, isOrderLike, isPositionLike, isZodErrorLike } from './kinds.js';

const ORDER_FIELDS = [
  'kind', 'clientOrderId', 'venueOrderId', 'strategyId', 'instrumentId', 'side', 'type', 'quantity', 'filledQty',
  'leavesQty', 'avgPx', 'price', 'triggerPrice', 'timeInForce', 'expireTime', 'status', 'tags', 'contingencyType',
  'orderListId', 'linkedOrderIds', 'parentOrderId', 'positionId', 'isOpen', 'isClosed', 'isInflight', 'events',
] as const;

const POSITION_FIELDS = [
  'kind', 'id', 'instrumentId', 'strategyId', 'side', 'quantity', 'signedQty', 'avgPxOpen', 'realizedPnl', 'isOpen',
] as const;

// Deep engine graphs (a node holding a cache holding orders) are cut off rather than walked whole.
const MAX_DEPTH = 12;

function pick(value: object, keys: readonly string[], seen: Set<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = toJsonData((value as Record<string, unknown>)[k], seen, depth + 1);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function toJsonData(value: unknown, seen: Set<object> = new Set(), depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[…]';
  seen.add(value);
  try {
    if (isEngineErrorLike(value)) {
      return { name: 'EngineError', code: value.code, message: value.message, details: toJsonData(value.details ?? {}, seen, depth + 1) };
    }
    if (isZodErrorLike(value)) return { name: 'ZodError', issues: toJsonData(value.issues, seen, depth + 1) };
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (isOrderLike(value)) return pick(value, ORDER_FIELDS, seen, depth);
    if (isPositionLike(value)) return pick(value, POSITION_FIELDS, seen, depth);
    if (Array.isArray(value)) return value.map((v) => toJsonData(v, seen, depth + 1) ?? null);
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonData(v, seen, depth + 1)]));
    if (value instanceof Set) return [...value].map((v) => toJsonData(v, seen, depth + 1) ?? null);
    // Decimals, Money, Date: their own JSON form (a string).
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJsonData(toJSON.call(value), seen, depth + 1);
    return pick(value, Object.keys(value), seen, depth);
  } finally {
    seen.delete(value); // only ancestors count as cycles; shared leaves may repeat
  }
}
