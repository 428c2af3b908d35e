import { EngineError, describeValue } from './errors.js';

/**
 * Exact fixed-point decimals. A value is an integer `raw` (bigint) scaled by 10^precision, so
 * `0.1 + 0.2` is exactly `0.3` and no operation goes through strings. Arithmetic between values of
 * different precision aligns to the larger precision. `Price` may be negative (spreads, PnL deltas);
 * `Quantity` never is; `Money` carries a currency.
 */
export const MAX_PRECISION = 16;

const POW10: bigint[] = [];
for (let i = 0; i <= MAX_PRECISION * 2 + 2; i++) POW10.push(10n ** BigInt(i));
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse a decimal string into (raw, precision) without floating point. */
export function parseDecimal(kind: string, input: string, precision?: number): { raw: bigint; precision: number } {
  if (precision === undefined) {
    const simple = parsePlainDigits(input);
    if (simple !== undefined) return simple;
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
  const raw = sign * (BigInt(intPart + frac.padEnd(precision, '0') || '0'));
  return { raw, precision };
}

/**
 * The common case without the regex: plain digits with an optional '.', at most 15 digits (exact in a
 * double), no sign, exponent or whitespace. Same result as the general path; undefined: use that.
 */
function parsePlainDigits(input: string): { raw: bigint; precision: number } | undefined {
  const n = input.length;
  if (n === 0 || n > 16) return undefined;
  let value = 0;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 46 /* . */) {
      if (dot >= 0 || i === 0) return undefined;
      dot = i;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
    } else {
      return undefined;
    }
  }
  if (digits > 15) return undefined;
  return { raw: BigInt(value), precision: dot < 0 ? 0 : n - dot - 1 };
}

function formatRaw(raw: bigint, precision: number): string {
  const neg = raw < 0n;
  let s = (neg ? -raw : raw).toString();
  if (precision > 0) {
    s = s.padStart(precision + 1, '0');
    s = `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
  }
  return neg ? `-${s}` : s;
}

export type DecimalInput = string | number | bigint | Decimal;

/** Division rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const ad = d < 0n ? -d : d;
  if (twice >= ad) return q + ((n < 0n) !== (d < 0n) ? -1n : 1n);
  return q;
}

export class Decimal {
  constructor(
    readonly raw: bigint,
    readonly precision: number,
  ) {}

  protected static kind = 'Decimal';

  static from<T extends Decimal>(this: DecimalCtor<T>, value: DecimalInput, precision?: number): T {
    const kind = (this as unknown as { kind: string }).kind;
    if (value instanceof Decimal) {
      const p = precision ?? value.precision;
      return new this(rescale(kind, value.raw, value.precision, p), p);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new EngineError('DECIMAL_INVALID', `${kind}: expected a finite number, received ${describeValue(value)}`, {
          kind,
          received: String(value),
        });
      }
      // Shortest round-trip text of the double, then exact parsing: Price.from(0.1) is 0.1 exactly.
      const parsed = parseDecimal(kind, String(value), precision);
      return new this(parsed.raw, parsed.precision);
    }
    if (typeof value === 'bigint') {
      const p = precision ?? 0;
      return new this(value * pow10(p), p);
    }
    if (typeof value !== 'string') {
      throw new EngineError('DECIMAL_INVALID', `${kind}: expected a string or number, received ${describeValue(value)}`, {
        kind,
        received: String(value),
      });
    }
    const parsed = parseDecimal(kind, value, precision);
    return new this(parsed.raw, parsed.precision);
  }

  static fromRaw<T extends Decimal>(this: DecimalCtor<T>, raw: bigint, precision: number): T {
    return new this(raw, precision);
  }

  static zero<T extends Decimal>(this: DecimalCtor<T>, precision = 0): T {
    return new this(0n, precision);
  }

  protected make(raw: bigint, precision: number): this {
    return new (this.constructor as DecimalCtor<this>)(raw, precision);
  }

  /** raw value of this decimal expressed at `precision` (must not lose digits). */
  rawAt(precision: number): bigint {
    if (precision === this.precision) return this.raw;
    if (precision > this.precision) return this.raw * pow10(precision - this.precision);
    return divRound(this.raw, pow10(this.precision - precision));
  }

  add(other: Decimal): this {
    if (other.precision === this.precision) return this.make(this.raw + other.raw, this.precision);
    const p = Math.max(this.precision, other.precision);
    return this.make(this.rawAt(p) + other.rawAt(p), p);
  }

  sub(other: Decimal): this {
    if (other.precision === this.precision) return this.make(this.raw - other.raw, this.precision);
    const p = Math.max(this.precision, other.precision);
    return this.make(this.rawAt(p) - other.rawAt(p), p);
  }

  /** Exact product; the result's precision is the sum of both (capped, rounding half away from zero). */
  mul(other: Decimal | number | bigint): this {
    if (typeof other === 'bigint') return this.make(this.raw * other, this.precision);
    if (typeof other === 'number') {
      if (Number.isInteger(other)) return this.make(this.raw * BigInt(other), this.precision);
      return this.mul(Decimal.from(other));
    }
    const p = this.precision + other.precision;
    const raw = this.raw * other.raw;
    if (p <= MAX_PRECISION) return this.make(raw, p);
    return this.make(divRound(raw, pow10(p - MAX_PRECISION)), MAX_PRECISION);
  }

  /** Quotient at `precision` digits (default: this value's precision), rounded half away from zero. */
  div(other: Decimal | number | bigint, precision = this.precision): this {
    const d = other instanceof Decimal ? other : Decimal.from(other as number | bigint);
    if (d.raw === 0n) {
      throw new EngineError('DECIMAL_DIVISION_BY_ZERO', `division of ${this.toString()} by zero`, { dividend: this.toString() });
    }
    // this.raw / 10^tp  ÷  d.raw / 10^dp  =  (this.raw * 10^dp) / (d.raw * 10^tp); scale to precision.
    const num = this.raw * pow10(d.precision + precision);
    const den = d.raw * pow10(this.precision);
    return this.make(divRound(num, den), precision);
  }

  neg(): this {
    return this.make(-this.raw, this.precision);
  }

  abs(): this {
    return this.raw < 0n ? this.make(-this.raw, this.precision) : this;
  }

  /** Same value at another precision, rounding half away from zero when digits are dropped. */
  withPrecision(precision: number): this {
    if (precision === this.precision) return this;
    return this.make(this.rawAt(precision), precision);
  }

  /** Round to a multiple of `increment` (e.g. an instrument's price increment), half away from zero. */
  roundTo(increment: Decimal): this {
    if (increment.raw <= 0n) {
      throw new EngineError('DECIMAL_INVALID', `increment must be positive, received ${increment.toString()}`, {
        received: increment.toString(),
      });
    }
    const p = Math.max(this.precision, increment.precision);
    const inc = increment.rawAt(p);
    const steps = divRound(this.rawAt(p), inc);
    return this.make(steps * inc, p).withPrecision(increment.precision);
  }

  cmp(other: Decimal): -1 | 0 | 1 {
    let a = this.raw;
    let b = other.raw;
    if (this.precision !== other.precision) {
      const p = Math.max(this.precision, other.precision);
      a = this.rawAt(p);
      b = other.rawAt(p);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(other: Decimal): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: Decimal): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Decimal): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: Decimal): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Decimal): boolean {
    return this.cmp(other) >= 0;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  isPositive(): boolean {
    return this.raw > 0n;
  }
  isNegative(): boolean {
    return this.raw < 0n;
  }
  toNumber(): number {
    return Number(this.raw) / Number(pow10(this.precision));
  }
  valueOf(): number {
    return this.toNumber();
  }
  toString(): string {
    return formatRaw(this.raw, this.precision);
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${(this.constructor as { name: string }).name}(${this.toString()})`;
  }
}

type DecimalCtor<T> = new (raw: bigint, precision: number) => T;

function rescale(kind: string, raw: bigint, from: number, to: number): bigint {
  if (to === from) return raw;
  if (to > from) return raw * pow10(to - from);
  const d = pow10(from - to);
  if (raw % d !== 0n) {
    throw new EngineError('DECIMAL_TOO_PRECISE', `${kind}: expected at most ${to} decimal places, received ${formatRaw(raw, from)}`, {
      kind,
      received: formatRaw(raw, from),
      precision: to,
    });
  }
  return raw / d;
}

/** A price: may be negative (spreads, PnL deltas). */
export class Price extends Decimal {
  protected static override kind = 'Price';
}

/** A quantity: never negative. */
export class Quantity extends Decimal {
  protected static override kind = 'Quantity';
  constructor(raw: bigint, precision: number) {
    super(raw, precision);
    if (raw < 0n) {
      throw new EngineError('QUANTITY_NEGATIVE', `Quantity: expected a non-negative value, received ${formatRaw(raw, precision)}`, {
        received: formatRaw(raw, precision),
      });
    }
  }
}

/** An amount of a currency, e.g. a commission or realized PnL. */
export class Money {
  constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  static from(amount: DecimalInput, currency: string, precision?: number): Money {
    return new Money(Decimal.from(amount, precision), currency);
  }
  static zero(currency: string, precision = 2): Money {
    return new Money(Decimal.zero(precision), currency);
  }
  /** Parse '2.50 USD'. */
  static parse(text: string): Money {
    const [amount, currency] = text.trim().split(/\s+/);
    if (!amount || !currency) {
      throw new EngineError('MONEY_INVALID', `Money: expected '<amount> <CURRENCY>', received ${describeValue(text)}`, { received: text });
    }
    return Money.from(amount, currency);
  }
  private check(other: Money): void {
    if (other.currency !== this.currency) {
      throw new EngineError('MONEY_CURRENCY_MISMATCH', `Money: expected ${this.currency}, received ${other.currency}`, {
        expected: this.currency,
        received: other.currency,
      });
    }
  }
  add(other: Money): Money {
    this.check(other);
    return new Money(this.amount.add(other.amount), this.currency);
  }
  sub(other: Money): Money {
    this.check(other);
    return new Money(this.amount.sub(other.amount), this.currency);
  }
  eq(other: Money): boolean {
    return other.currency === this.currency && this.amount.eq(other.amount);
  }
  toNumber(): number {
    return this.amount.toNumber();
  }
  valueOf(): number {
    return this.amount.toNumber();
  }
  toString(): string {
    return `${this.amount.toString()} ${this.currency}`;
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Money(${this.toString()})`;
  }
}
