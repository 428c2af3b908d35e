import { EngineError, describeValue } from './errors.js';
import {
  MAX_PRECISION, MAX_SAFE, POW10_N, divRoundBig, divRoundNum, formatRaw, isSafe, parseRaw, parsedPrecision, pow10,
} from './decimal-raw.js';

export { MAX_PRECISION, pow10 };
export { parseDecimal } from './decimal-raw.js';

/**
 * Exact fixed-point decimals. A value is an integer `raw` scaled by 10^precision, so `0.1 + 0.2` is
 * exactly `0.3` and no operation goes through strings. Arithmetic between values of different precision
 * aligns to the larger precision. `Price` may be negative (spreads, PnL deltas); `Quantity` never is;
 * `Money` carries a currency.
 *
 * Representation: the scaled integer `_v` is a JS number while |raw| <= 2^53-1, so the common case does
 * no bigint work and allocates nothing but the result; beyond that it is a bigint. The choice is canonical
 * (a value that fits is always a number), so equal values have equal fields. `raw` (a bigint) is built on
 * demand. One field for both (not a number and a bigint field) keeps V8's field representation "tagged":
 * small integers are stored inline, whereas a number-only field that once held a non-small integer turns
 * "double" and boxes every value of every later instance (~16 B more per decimal).
 */

export type DecimalInput = string | number | bigint | Decimal;

/** d's scaled integer at precision p >= d.precision as a number; NaN or beyond ±2^53-1 when it does not fit. */
function nAt(d: Decimal, p: number): number {
  const v = d._v;
  if (typeof v === 'bigint') return NaN;
  if (p === d.precision) return v;
  return v * (POW10_N[p - d.precision] ?? NaN);
}

export class Decimal {
  /** @internal the scaled integer: a number while it is a safe integer, a bigint beyond. */
  readonly _v: number | bigint;
  readonly precision: number;

  constructor(raw: bigint | number, precision: number) {
    this.precision = precision;
    if (typeof raw === 'number') {
      if (!Number.isSafeInteger(raw)) {
        throw new EngineError('DECIMAL_INVALID', `${new.target.name}: expected a safe integer raw value, received ${describeValue(raw)}`, {
          received: String(raw),
        });
      }
      this._v = raw + 0; // -0 would print and compare as 0 but is not Object.is-equal to it
    } else {
      this._v = raw <= 9007199254740991n && raw >= -9007199254740991n ? Number(raw) : raw;
    }
  }

  protected static kind = 'Decimal';

  static from<T extends Decimal>(this: DecimalCtor<T>, value: DecimalInput, precision?: number): T {
    const kind = (this as unknown as { kind: string }).kind;
    if (value instanceof Decimal) {
      const p = precision ?? value.precision;
      // Values are immutable: one of this very type at this precision is its own result.
      if (p === value.precision && value.constructor === this) return value as T;
      return new this(rescale(kind, value, p), p);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new EngineError('DECIMAL_INVALID', `${kind}: expected a finite number, received ${describeValue(value)}`, {
          kind,
          received: String(value),
        });
      }
      // Shortest round-trip text of the double, then exact parsing: Price.from(0.1) is 0.1 exactly.
      const raw = parseRaw(kind, String(value), precision);
      return new this(raw, parsedPrecision);
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
    const raw = parseRaw(kind, value, precision);
    return new this(raw, parsedPrecision);
  }

  /** A raw number must be a safe integer (DECIMAL_INVALID otherwise); a bigint may be any size. */
  static fromRaw<T extends Decimal>(this: DecimalCtor<T>, raw: bigint | number, precision: number): T {
    return new this(raw, precision);
  }

  static zero<T extends Decimal>(this: DecimalCtor<T>, precision = 0): T {
    return new this(0, precision);
  }

  /** The scaled integer as a bigint (built on demand: the value is held in a number while it fits). */
  get raw(): bigint {
    const v = this._v;
    return typeof v === 'bigint' ? v : BigInt(v);
  }

  protected make(raw: number | bigint, precision: number): this {
    return new (this.constructor as DecimalCtor<this>)(raw, precision);
  }

  /** raw value of this decimal expressed at `precision` (must not lose digits). */
  rawAt(precision: number): bigint {
    if (precision === this.precision) return this.raw;
    if (precision > this.precision) return this.raw * pow10(precision - this.precision);
    return divRoundBig(this.raw, pow10(this.precision - precision));
  }

  add(other: Decimal): this {
    const p = this.precision >= other.precision ? this.precision : other.precision;
    const b = nAt(other, p);
    if (b === 0 && p === this.precision) return this;
    const a = nAt(this, p);
    if (a === 0 && p === other.precision && other.constructor === this.constructor) return other as this;
    const r = a + b;
    if (isSafe(a) && isSafe(b) && isSafe(r)) return this.make(r, p);
    return this.make(this.rawAt(p) + other.rawAt(p), p);
  }

  sub(other: Decimal): this {
    const p = this.precision >= other.precision ? this.precision : other.precision;
    const b = nAt(other, p);
    if (b === 0 && p === this.precision) return this;
    const a = nAt(this, p);
    const r = a - b;
    if (isSafe(a) && isSafe(b) && isSafe(r)) return this.make(r, p);
    return this.make(this.rawAt(p) - other.rawAt(p), p);
  }

  /** Exact product; the result's precision is the sum of both (capped, rounding half away from zero). */
  mul(other: Decimal | number | bigint): this {
    if (typeof other === 'bigint') {
      if (typeof this._v === 'number' && other <= 9007199254740991n && other >= -9007199254740991n) return this.mulInt(Number(other));
      return this.make(this.raw * other, this.precision);
    }
    if (typeof other === 'number') {
      if (Number.isInteger(other)) {
        if (typeof this._v === 'number' && isSafe(other)) return this.mulInt(other);
        return this.make(this.raw * BigInt(other), this.precision);
      }
      return this.mul(Decimal.from(other));
    }
    const p = this.precision + other.precision;
    const x = this._v;
    const y = other._v;
    if (typeof x === 'number' && typeof y === 'number') {
      const r = x * y;
      if (isSafe(r)) {
        if (p <= MAX_PRECISION) return this.make(r, p);
        const d = POW10_N[p - MAX_PRECISION]!;
        if ((r < 0 ? -r : r) + d <= MAX_SAFE) return this.make(divRoundNum(r, d), MAX_PRECISION);
      }
    }
    const raw = this.raw * other.raw;
    if (p <= MAX_PRECISION) return this.make(raw, p);
    return this.make(divRoundBig(raw, pow10(p - MAX_PRECISION)), MAX_PRECISION);
  }

  private mulInt(k: number): this {
    if (k === 1) return this;
    const v = this._v as number;
    const r = v * k;
    if (isSafe(r)) return this.make(r, this.precision);
    return this.make(BigInt(v) * BigInt(k), this.precision);
  }

  /** Quotient at `precision` digits (default: this value's precision), rounded half away from zero. */
  div(other: Decimal | number | bigint, precision = this.precision): this {
    const d = other instanceof Decimal ? other : Decimal.from(other as number | bigint);
    if (d.isZero()) {
      throw new EngineError('DECIMAL_DIVISION_BY_ZERO', `division of ${this.toString()} by zero`, { dividend: this.toString() });
    }
    // this.raw / 10^tp  ÷  d.raw / 10^dp  =  (this.raw * 10^dp) / (d.raw * 10^tp); scale to precision.
    const x = this._v;
    const y = d._v;
    if (typeof x === 'number' && typeof y === 'number') {
      let num = x * (POW10_N[d.precision + precision] ?? NaN);
      let den = y * (POW10_N[this.precision] ?? NaN);
      if (isSafe(num) && isSafe(den)) {
        if (den < 0) { num = -num; den = -den; }
        if ((num < 0 ? -num : num) + den <= MAX_SAFE) return this.make(divRoundNum(num, den), precision);
      }
    }
    const num = this.raw * pow10(d.precision + precision);
    const den = d.raw * pow10(this.precision);
    return this.make(divRoundBig(num, den), precision);
  }

  neg(): this {
    const v = this._v;
    return this.make(typeof v === 'number' ? 0 - v : -v, this.precision);
  }

  abs(): this {
    return this.isNegative() ? this.neg() : this;
  }

  /** Same value at another precision, rounding half away from zero when digits are dropped. */
  withPrecision(precision: number): this {
    if (precision === this.precision) return this;
    const v = this._v;
    if (typeof v === 'number') {
      if (precision > this.precision) {
        const r = nAt(this, precision);
        if (isSafe(r)) return this.make(r, precision);
      } else {
        const d = POW10_N[this.precision - precision];
        if (d !== undefined && (v < 0 ? -v : v) + d <= MAX_SAFE) return this.make(divRoundNum(v, d), precision);
      }
    }
    return this.make(this.rawAt(precision), precision);
  }

  /** Round to a multiple of `increment` (e.g. an instrument's price increment), half away from zero. */
  roundTo(increment: Decimal): this {
    if (!increment.isPositive()) {
      throw new EngineError('DECIMAL_INVALID', `increment must be positive, received ${increment.toString()}`, {
        received: increment.toString(),
      });
    }
    const p = Math.max(this.precision, increment.precision);
    const x = nAt(this, p);
    const inc = nAt(increment, p);
    if (isSafe(x) && isSafe(inc) && (x < 0 ? -x : x) + inc <= MAX_SAFE) {
      const r = divRoundNum(x, inc) * inc;
      if (isSafe(r)) return this.make(r, p).withPrecision(increment.precision);
    }
    const incB = increment.rawAt(p);
    const steps = divRoundBig(this.rawAt(p), incB);
    return this.make(steps * incB, p).withPrecision(increment.precision);
  }

  cmp(other: Decimal): -1 | 0 | 1 {
    const p = this.precision >= other.precision ? this.precision : other.precision;
    const a = nAt(this, p);
    const b = nAt(other, p);
    if (isSafe(a) && isSafe(b)) return a < b ? -1 : a > b ? 1 : 0;
    const x = this.rawAt(p);
    const y = other.rawAt(p);
    return x < y ? -1 : x > y ? 1 : 0;
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
    // Canonical: a bigint value is never a safe integer, so never zero.
    return this._v === 0;
  }
  isPositive(): boolean {
    return this._v > 0;
  }
  isNegative(): boolean {
    return this._v < 0;
  }
  toNumber(): number {
    const scale = POW10_N[this.precision] ?? Number(pow10(this.precision));
    return Number(this._v) / scale;
  }
  valueOf(): number {
    return this.toNumber();
  }
  toString(): string {
    return formatRaw(this._v, this.precision);
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${(this.constructor as { name: string }).name}(${this.toString()})`;
  }
}

type DecimalCtor<T> = new (raw: bigint | number, precision: number) => T;

/** value's scaled integer at precision `to`, refusing to drop non-zero digits. */
function rescale(kind: string, value: Decimal, to: number): number | bigint {
  const from = value.precision;
  const v = value._v;
  if (to === from) return v;
  if (typeof v === 'number') {
    if (to > from) {
      const r = nAt(value, to);
      if (isSafe(r)) return r;
    } else {
      const d = POW10_N[from - to];
      // % and / of a safe integer by an exact power of ten are exact when the remainder is zero.
      if (d !== undefined && v % d === 0) return v / d;
    }
  }
  const raw = value.raw;
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
  constructor(raw: bigint | number, precision: number) {
    super(raw, precision);
    if (this.isNegative()) {
      throw new EngineError('QUANTITY_NEGATIVE', `Quantity: expected a non-negative value, received ${formatRaw(raw, precision)}`, {
        received: formatRaw(raw, precision),
      });
    }
  }
}

// One bigint-valued instance of each class at load time: V8 then keeps `_v` "tagged" from the start (see
// Decimal's comment) instead of first settling on "double" and migrating every live instance later.
for (const C of [Decimal, Price, Quantity]) new C(2n ** 63n, 0);

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
