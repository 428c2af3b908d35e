import { Decimal, pow10 } from '../core/decimal.js';
import { MAX_SAFE, POW10_N, divRoundNum, isSafe } from '../core/decimal-raw.js';

/**
 * An exact rational number (numerator / positive denominator). Averages such as an order's average fill
 * price or a position's average open price are ratios that need not terminate in base 10; keeping them as
 * ratios means repeated increases never accumulate rounding, and rounding happens once, when a value is
 * shown (`toDecimal`).
 *
 * Like `Decimal`, both parts are JS numbers while they are safe integers (`bn`/`bd` undefined): the common
 * case does no bigint work. Once either part leaves ±(2^53-1) the pair is held as bigints in `bn`/`bd`.
 * The safety argument for +, -, * is `isSafe`'s (core/decimal-raw.ts): an exact integer result that fits
 * is computed exactly, one that does not is detected.
 */
export class Ratio {
  private constructor(
    private readonly n: number,
    private readonly d: number,
    private readonly bn: bigint | undefined,
    private readonly bd: bigint | undefined,
  ) {}

  static readonly ZERO = new Ratio(0, 1, undefined, undefined);

  /** num/den as given (den must be positive): for results whose size is already bounded. */
  static unreduced(num: bigint, den: bigint): Ratio {
    if (num <= SAFE_B && num >= -SAFE_B && den <= SAFE_B) return new Ratio(Number(num), Number(den), undefined, undefined);
    return new Ratio(0, 1, num, den);
  }

  static of(num: bigint, den: bigint): Ratio {
    if (den === 0n) throw new RangeError('Ratio: denominator is zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcdBig(num < 0n ? -num : num, den);
    return g > 1n ? Ratio.unreduced(num / g, den / g) : Ratio.unreduced(num, den);
  }

  static fromDecimal(d: Decimal): Ratio {
    // Not reduced: a decimal's denominator is a power of ten, which keeps sums cheap (see `add`).
    const den = POW10_N[d.precision];
    const v = d._v;
    if (typeof v === 'number' && den !== undefined && den <= MAX_SAFE) return new Ratio(v, den, undefined, undefined);
    return new Ratio(0, 1, d.raw, pow10(d.precision));
  }

  get num(): bigint {
    return this.bn ?? BigInt(this.n);
  }
  get den(): bigint {
    return this.bd ?? BigInt(this.d);
  }

  // Results of add/sub/mul are not reduced to lowest terms (a gcd per operation was most of the cost of a
  // position update). Every reader (`toDecimal`, `roundToDigits`, `isZero`) depends on the value only, and
  // the denominators stay small: decimals have power-of-ten denominators, so a sum keeps the larger one;
  // anything that still grows past REDUCE_ABOVE is reduced.
  add(o: Ratio): Ratio {
    if (this.bn === undefined && o.bn === undefined) {
      const a = this.n;
      const b = o.n;
      const da = this.d;
      const db = o.d;
      if (db === da) {
        if (b === 0) return this;
        if (a === 0) return o;
        const r = a + b;
        if (isSafe(r)) return new Ratio(r, da, undefined, undefined);
      } else if (db > da && db % da === 0) {
        const r = a * (db / da) + b;
        if (isSafe(a * (db / da)) && isSafe(r)) return new Ratio(r, db, undefined, undefined);
      } else if (da > db && da % db === 0) {
        const r = a + b * (da / db);
        if (isSafe(b * (da / db)) && isSafe(r)) return new Ratio(r, da, undefined, undefined);
      }
    }
    return addBig(this.num, this.den, o.num, o.den);
  }
  sub(o: Ratio): Ratio {
    return this.add(o.neg());
  }
  mul(o: Ratio): Ratio {
    if (this.bn === undefined && o.bn === undefined) {
      const num = this.n * o.n;
      const den = this.d * o.d;
      if (isSafe(num) && isSafe(den)) return new Ratio(num + 0, den, undefined, undefined);
    }
    return bounded(this.num * o.num, this.den * o.den);
  }
  div(o: Ratio): Ratio {
    if (this.bn === undefined && o.bn === undefined) {
      let num = this.n * o.d;
      let den = this.d * o.n;
      if (den === 0) throw new RangeError('Ratio: denominator is zero');
      if (isSafe(num) && isSafe(den)) {
        if (den < 0) { num = -num; den = -den; }
        const g = gcdNum(num < 0 ? -num : num, den);
        return new Ratio(num / g + 0, den / g, undefined, undefined);
      }
    }
    return Ratio.of(this.num * o.den, this.den * o.num);
  }
  neg(): Ratio {
    if (this.bn === undefined) return this.n === 0 ? this : new Ratio(-this.n, this.d, undefined, undefined);
    return new Ratio(0, 1, -this.bn, this.bd);
  }
  isZero(): boolean {
    return this.bn === undefined ? this.n === 0 : this.bn === 0n;
  }

  /**
   * The nearest ratio with denominator 10^digits (half away from zero); itself when already exact there.
   * Bounds the size of running averages, whose exact denominators would grow with every update.
   */
  roundToDigits(digits: number): Ratio {
    const scaleN = POW10_N[digits];
    if (this.bn === undefined && scaleN !== undefined && scaleN <= MAX_SAFE) {
      if (scaleN % this.d === 0) return this;
      const scaled = this.n * scaleN;
      if (isSafe(scaled) && (scaled < 0 ? -scaled : scaled) + this.d <= MAX_SAFE) {
        return new Ratio(divRoundNum(scaled, this.d), scaleN, undefined, undefined);
      }
    }
    const scale = pow10(digits);
    const den = this.den;
    if (scale % den === 0n) return this;
    return Ratio.unreduced(divRoundHalfAway(this.num * scale, den), scale);
  }

  /**
   * The value as a decimal of `minPrecision` digits when that is exact, else with just enough digits
   * to be exact, else rounded (half away from zero) at `maxPrecision` digits. So an average of fills at
   * 1.00000 prints `1.00000`, one of 1.00000 and 1.00010 prints `1.00005`, and a non-terminating one is
   * cut at `maxPrecision`.
   */
  toDecimal<T extends Decimal>(ctor: { fromRaw(raw: bigint | number, precision: number): T }, minPrecision: number, maxPrecision = minPrecision): T {
    if (this.bn === undefined) {
      for (let p = minPrecision; p <= maxPrecision; p++) {
        const scaled = this.n * (POW10_N[p] ?? NaN);
        if (!isSafe(scaled)) break; // larger p only grows it: the bigint loop below decides
        // % of safe integers is exact; a zero remainder makes the quotient an exact integer.
        if (scaled % this.d === 0) return ctor.fromRaw(scaled / this.d + 0, p);
        if (p === maxPrecision && (scaled < 0 ? -scaled : scaled) + this.d <= MAX_SAFE) {
          return ctor.fromRaw(divRoundNum(scaled, this.d), maxPrecision);
        }
      }
    }
    const num = this.num;
    const den = this.den;
    for (let p = minPrecision; p <= maxPrecision; p++) {
      const scaled = num * pow10(p);
      if (scaled % den === 0n) return ctor.fromRaw(scaled / den, p);
    }
    return ctor.fromRaw(divRoundHalfAway(num * pow10(maxPrecision), den), maxPrecision);
  }
}

const SAFE_B = BigInt(MAX_SAFE);

/** Denominators above this are reduced to lowest terms (see `add`). */
const REDUCE_ABOVE = 10n ** 40n;

function addBig(an: bigint, ad: bigint, bn: bigint, bd: bigint): Ratio {
  if (bd === ad) return Ratio.unreduced(an + bn, ad);
  if (bd > ad) {
    if (bd % ad === 0n) return Ratio.unreduced(an * (bd / ad) + bn, bd);
  } else if (ad % bd === 0n) {
    return Ratio.unreduced(an + bn * (ad / bd), ad);
  }
  return bounded(an * bd + bn * ad, ad * bd);
}

/** A ratio with a positive denominator, reduced only when the denominator has grown large. */
function bounded(num: bigint, den: bigint): Ratio {
  return den > REDUCE_ABOVE ? Ratio.of(num, den) : Ratio.unreduced(num, den);
}

function gcdBig(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

function gcdNum(a: number, b: number): number {
  while (b !== 0) {
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
