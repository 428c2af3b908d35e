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
    return Ratio.of(d.raw, pow10(d.precision));
  }

  add(o: Ratio): Ratio {
    if (o.den === this.den) return Ratio.of(this.num + o.num, this.den);
    return Ratio.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Ratio): Ratio {
    return this.add(o.neg());
  }
  mul(o: Ratio): Ratio {
    return Ratio.of(this.num * o.num, this.den * o.den);
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
    return Ratio.of(divRoundHalfAway(this.num * scale, this.den), scale);
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

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
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
