import { EngineError, describeValue } from './errors.js';

/**
 * The scaled integers behind `Decimal`: held in a JS number while |value| <= 2^53-1 (exact there, and
 * no allocation for values that fit a small integer), as a bigint beyond. Every helper here is exact;
 * the number paths say why their result cannot be rounded.
 */
export const MAX_PRECISION = 16;
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const POW10: bigint[] = [];
for (let i = 0; i <= MAX_PRECISION * 2 + 2; i++) POW10.push(10n ** BigInt(i));
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/** 10^0 … 10^22 as doubles: every one is exact (5^22 < 2^53), so products with them are exact while safe. */
export const POW10_N: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(10n ** BigInt(i)));

/**
 * True for an integer result of +, - or * of safe integers that is itself exact. Why checking the result
 * suffices: rounding is monotonic and 2^53 is a double, so an exact result of magnitude >= 2^53 never
 * rounds below 2^53, and one below it is an integer the double holds exactly. NaN and ±Infinity fail too.
 */
export function isSafe(x: number): boolean {
  return x <= MAX_SAFE && x >= -MAX_SAFE;
}

/** Division rounding half away from zero. */
export function divRoundBig(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const ad = d < 0n ? -d : d;
  if (twice >= ad) return q + ((n < 0n) !== (d < 0n) ? -1n : 1n);
  return q;
}

/**
 * n / d rounded half away from zero, for d > 0 and |n| + d <= 2^53-1. The double quotient is within one
 * of the true one (its error is below |n/d|·2^-53 < 1), and q·d stays within |n| + d, so the remainder
 * is computed exactly and corrects q by at most one step. (For |n| < 2^53 the truncated double quotient
 * is believed to be right already, so the correction is a guard the property tests cannot trip.)
 */
export function divRoundNum(n: number, d: number): number {
  let q = Math.trunc(n / d);
  let r = n - q * d;
  if (n >= 0) {
    if (r < 0) { q -= 1; r += d; } else if (r >= d) { q += 1; r -= d; }
  } else if (r > 0) { q += 1; r -= d; } else if (r <= -d) { q -= 1; r += d; }
  if (2 * (r < 0 ? -r : r) >= d) q += n < 0 ? -1 : 1;
  return q + 0; // + 0 turns -0 into 0
}

export function formatRaw(raw: number | bigint, precision: number): string {
  const neg = raw < 0;
  // A safe integer prints without an exponent (doubles switch to one only from 1e21).
  let s = typeof raw === 'number' ? String(neg ? -raw : raw) : (neg ? -raw : raw).toString();
  if (precision > 0) {
    s = s.padStart(precision + 1, '0');
    s = `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
  }
  return neg ? `-${s}` : s;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The precision of the last `parseRaw` result: a module slot, so parsing allocates no result object. */
export let parsedPrecision = 0;

/**
 * Parse a decimal string into its scaled integer (a number while safe) without floating point; the
 * precision lands in `parsedPrecision`.
 */
export function parseRaw(kind: string, input: string, precision?: number): number | bigint {
  if (precision === undefined) {
    const simple = parsePlainDigits(input);
    if (simple >= 0) return simple;
  }
  const m = DECIMAL_RE.exec(input.trim());
  if (!m) {
    throw new EngineError('DECIMAL_INVALID', `${kind}: expected a decimal number, received ${describeValue(input)}`, {
      kind,
      received: input,
    });
  }
  const sign = m[1] === '-' ? -1n : 1n;
  let intPart = m[2]!;
  let frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const shift = frac.padEnd(exp, '0');
    intPart += shift.slice(0, exp);
    frac = shift.slice(exp);
  } else if (exp < 0) {
    const padded = intPart.padStart(-exp + 1, '0');
    frac = padded.slice(padded.length + exp) + frac;
    intPart = padded.slice(0, padded.length + exp);
  }
  let digits = frac.length;
  if (precision === undefined) {
    // Infer: the digits written, but trailing zeros beyond them are not dropped ('1.00010' keeps 5).
    precision = digits;
  } else if (digits > precision) {
    const extra = frac.slice(precision);
    if (/[^0]/.test(extra)) {
      throw new EngineError(
        'DECIMAL_TOO_PRECISE',
        `${kind}: expected at most ${precision} decimal places, received '${input}' (${digits})`,
        { kind, received: input, precision },
      );
    }
    frac = frac.slice(0, precision);
    digits = precision;
  }
  if (precision > MAX_PRECISION) {
    throw new EngineError('DECIMAL_TOO_PRECISE', `${kind}: expected a precision of at most ${MAX_PRECISION}, received ${precision}`, {
      kind,
      received: input,
      precision,
    });
  }
  parsedPrecision = precision;
  return sign * BigInt(intPart + frac.padEnd(precision, '0') || '0');
}

/** Parse a decimal string into (raw, precision) without floating point. */
export function parseDecimal(kind: string, input: string, precision?: number): { raw: bigint; precision: number } {
  const raw = parseRaw(kind, input, precision);
  return { raw: BigInt(raw), precision: parsedPrecision };
}

/**
 * The common case without the regex: plain digits with an optional '.', at most 15 digits (exact in a
 * double), no sign, exponent or whitespace. Same result as the general path; -1: use that.
 */
function parsePlainDigits(input: string): number {
  const n = input.length;
  if (n === 0 || n > 16) return -1;
  let value = 0;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 46 /* . */) {
      if (dot >= 0 || i === 0) return -1;
      dot = i;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
    } else {
      return -1;
    }
  }
  if (digits > 15) return -1;
  parsedPrecision = dot < 0 ? 0 : n - dot - 1;
  return value;
}
