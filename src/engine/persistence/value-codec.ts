import { Decimal, Money, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';

/**
 * JSON with exact numbers. Decimals keep their precision by travelling as their full text
 * (`Price.from('1.00010')` has precision 5 and prints '1.00010'), and bigints as decimal strings, each
 * wrapped in a one-key tag object so decoding restores the right class:
 *   bigint → {"$n":"1700000000000000000"}   Price → {"$p":"1.00010"}   Quantity → {"$q":"100000"}
 *   Decimal → {"$d":"-0.5"}                 Money → {"$m":"2.50 USD"}
 * A plain object whose only key starts with '$' would be mistaken for a tag, so such objects are
 * refused when encoding (engine records never contain them).
 */
const TAGS = new Set(['$n', '$p', '$q', '$d', '$m']);

function tag(value: unknown): unknown {
  if (typeof value === 'bigint') return { $n: value.toString() };
  if (value instanceof Price) return { $p: value.toString() };
  if (value instanceof Quantity) return { $q: value.toString() };
  if (value instanceof Decimal) return { $d: value.toString() };
  if (value instanceof Money) return { $m: `${value.amount.toString()} ${value.currency}` };
  return undefined;
}

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // `v` has already been through toJSON (Price → string); the holder still has the original.
    const original = key === '' ? value : this[key];
    const tagged = tag(original);
    if (tagged !== undefined) return tagged;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && TAGS.has(keys[0]!)) {
        throw new EngineError('JOURNAL_ENCODE_AMBIGUOUS', `expected no plain object with the single key '${keys[0]}' (reserved for exact values), received one at '${key}'`, {
          key,
        });
      }
    }
    return v;
  });
}

export function decodeValue<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    const k = keys[0]!;
    const s = (v as Record<string, unknown>)[k];
    if (typeof s !== 'string') return v;
    switch (k) {
      case '$n':
        return BigInt(s);
      case '$p':
        return Price.from(s);
      case '$q':
        return Quantity.from(s);
      case '$d':
        return Decimal.from(s);
      case '$m': {
        const [amount, currency] = s.split(' ');
        return new Money(Decimal.from(amount!), currency!);
      }
      default:
        return v;
    }
  }) as T;
}
