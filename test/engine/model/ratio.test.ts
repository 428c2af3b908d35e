import { describe, expect, it } from 'vitest';
import { Decimal, Price } from '../../../src/engine/core/decimal.js';
import { Ratio } from '../../../src/engine/model/ratio.js';

/**
 * Ratio arithmetic (numbers while safe, bigints beyond) against a bigint fraction reference computed here,
 * over seeded random decimals: small, around ±2^53, beyond, negative, precisions 0-16.
 */
type Frac = [bigint, bigint];
const SAFE = 9007199254740991n;

function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
const p10 = (n: number) => 10n ** BigInt(n);
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  return (r < 0n ? -r : r) * 2n >= d ? q + (n < 0n ? -1n : 1n) : q;
}
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
const norm = ([n, d]: Frac): Frac => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
/** The reference of Ratio.toDecimal: exact at the fewest digits in [min, max], else rounded at max. */
function toDecimalRef([n, d]: Frac, min: number, max: number): string {
  for (let p = min; p <= max; p++) if ((n * p10(p)) % d === 0n) return Decimal.fromRaw((n * p10(p)) / d, p).toString();
  return Decimal.fromRaw(divRound(n * p10(max), d), max).toString();
}

function decimals(count: number, seed: number): Decimal[] {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  return Array.from({ length: count }, () => {
    const kind = int(4);
    let raw = kind === 0 ? BigInt(int(100000)) : kind === 1 ? SAFE - BigInt(int(1000)) : kind === 2 ? BigInt(int(2 ** 30)) * BigInt(int(2 ** 30)) : BigInt(int(2 ** 24) + 1);
    if (r() < 0.4) raw = -raw;
    return Decimal.fromRaw(raw, int(17));
  });
}

describe('Ratio against a bigint fraction reference', () => {
  it('add, sub, mul, div, roundToDigits and toDecimal agree', () => {
    const xs = decimals(2000, 0xa11ce);
    const ys = decimals(2000, 0xb0b);
    const failures: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      const fx: Frac = [x.raw, p10(x.precision)];
      const fy: Frac = [y.raw, p10(y.precision)];
      const rx = Ratio.fromDecimal(x);
      const ry = Ratio.fromDecimal(y);
      const digits = i % 9;
      const cases: Array<[string, Ratio, Frac]> = [
        ['add', rx.add(ry), [fx[0] * fy[1] + fy[0] * fx[1], fx[1] * fy[1]]],
        ['sub', rx.sub(ry), [fx[0] * fy[1] - fy[0] * fx[1], fx[1] * fy[1]]],
        ['mul', rx.mul(ry), [fx[0] * fy[0], fx[1] * fy[1]]],
      ];
      if (y.raw !== 0n) cases.push(['div', rx.div(ry), norm([fx[0] * fy[1], fx[1] * fy[0]])]);
      const q = norm(cases[cases.length - 1]![2]);
      const scale = p10(digits);
      cases.push(['roundToDigits', cases[cases.length - 1]![1].roundToDigits(digits), scale % q[1] === 0n ? q : [divRound(q[0] * scale, q[1]), scale]]);
      for (const [op, got, ref] of cases) {
        const [n, d] = norm(ref);
        const [gn, gd] = norm([got.num, got.den]);
        if (gn !== n || gd !== d) failures.push(`${op}(${x.toString()}, ${y.toString()}) = ${gn}/${gd}, expected ${n}/${d}`);
        const shown = got.toDecimal(Price, digits, digits + 4).toString();
        if (shown !== toDecimalRef([n, d], digits, digits + 4)) failures.push(`${op}(${x.toString()}, ${y.toString()}).toDecimal = ${shown}`);
      }
      if (rx.isZero() !== (x.raw === 0n)) failures.push(`isZero(${x.toString()})`);
    }
    expect(failures).toEqual([]);
  });

  it('averages fills exactly: 1.00000 and 1.00010 at equal size print 1.00005', () => {
    const px1 = Ratio.fromDecimal(Price.from('1.00000')).mul(Ratio.fromDecimal(Decimal.from('40000')));
    const px2 = Ratio.fromDecimal(Price.from('1.00010')).mul(Ratio.fromDecimal(Decimal.from('40000')));
    const avg = px1.add(px2).div(Ratio.fromDecimal(Decimal.from('80000')));
    expect(avg.toDecimal(Price, 5, 9).toString()).toBe('1.00005');
    expect(Ratio.fromDecimal(Price.from('1')).div(Ratio.fromDecimal(Price.from('3'))).toDecimal(Price, 2, 4).toString()).toBe('0.3333');
  });
});
