import { Decimal, pow10 } from '../core/decimal.js';

/**
 * An exact rational number (bigint numerator / positive bigint denominator). Averages such as an
 * order's average fill price or a position's average open price are ratios that need not terminate in
 * base 10; keeping them as ratios means repeated increases never accumulate rounding, and rounding
 * happens once, when a value is shown (`toDecimal`).
 */
export class Ratio {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static readonly ZERO = new Ratio(0n, 1n);

  /** num/den as given (den must be positive): for results whose size is already bounded. */
  static unreduced(num: bigint, den: bigint): Ratio {
    return new Ratio(num, den);
  }

  static of(num: bigint, den: bigint): Ratio {
    if (den === 0n) throw new RangeError('Ratio: denominator is zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    return g > 1n ? new Ratio(num / g, den / g) : new Ratio(num, den);
  }

  static fromDecimal(d: Decimal): Ratio {
    // Not reduced: a decimal's denominator is a power of ten, which keeps sums cheap (see `add`).
    return new Ratio(d.raw, pow10(d.precision));
  }

  // Results of add/sub/mul are not reduced to lowest terms (a bigint gcd per operation was most of the
  // cost of a position update). Every reader (`toDecimal`, `roundToDigits`, `isZero`) depends on the
  // value only, and the denominators stay small: decimals have power-of-ten denominators, so a sum
  // keeps the larger one; anything that still grows past REDUCE_ABOVE is reduced.
  add(o: Ratio): Ratio {
    if (o.den === this.den) return new Ratio(this.num + o.num, this.den);
    if (o.den > this.den) {
      if (o.den % this.den === 0n) return new Ratio(this.num * (o.den / this.den) + o.num, o.den);
    } else if (this.den % o.den === 0n) {
      return new Ratio(this.num + o.num * (this.den / o.den), this.den);
    }
    return bounded(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Ratio): Ratio {
    return this.add(o.neg());
  }
  mul(o: Ratio): Ratio {
    return bounded(this.num * o.num, this.den * o.den);
  }
  div(o: Ratio): Ratio {
    return Ratio.of(this.num * o.den, this.den * o.num);
  }
  neg(): Ratio {
    return new Ratio(-this.num, this.den);
  }
  isZero(): boolean {
    return this.num === 0n;
  }

  /**
   * The nearest ratio with denominator 10^digits (half away from zero); itself when already exact there.
   * Bounds the size of running averages, whose exact denominators would grow with every update.
   */
  roundToDigits(digits: number): Ratio {
    const scale = pow10(digits);
    if (scale % this.den === 0n) return this;
    return new Ratio(divRoundHalfAway(this.num * scale, this.den), scale);
  }

  /**
   * The value as a decimal of `minPrecision` digits when that is exact, else with just enough digits
   * to be exact, else rounded (half away from zero) at `maxPrecision` digits. So an average of fills at
   * 1.00000 prints `1.00000`, one of 1.00000 and 1.00010 prints `1.00005`, and a non-terminating one is
   * cut at `maxPrecision`.
   */
  toDecimal<T extends Decimal>(ctor: { fromRaw(raw: bigint, precision: number): T }, minPrecision: number, maxPrecision = minPrecision): T {
    for (let p = minPrecision; p <= maxPrecision; p++) {
      const scaled = this.num * pow10(p);
      if (scaled % this.den === 0n) return ctor.fromRaw(scaled / this.den, p);
    }
    return ctor.fromRaw(divRoundHalfAway(this.num * pow10(maxPrecision), this.den), maxPrecision);
  }
}

/** Denominators above this are reduced to lowest terms (see `add`). */
const REDUCE_ABOVE = 10n ** 40n;

/** A ratio with a positive denominator, reduced only when the denominator has grown large. */
function bounded(num: bigint, den: bigint): Ratio {
  return den > REDUCE_ABOVE ? Ratio.of(num, den) : Ratio.unreduced(num, den);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return q + (n < 0n ? -1n : 1n);
  return q;
}
