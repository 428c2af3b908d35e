import { describe, expect, it } from 'vitest';
import { Decimal, Price, Quantity } from '../../../src/engine/core/decimal.js';

/**
 * Decimal arithmetic against a bigint reference computed here, over thousands of seeded random operands:
 * small values, values around ±2^53 (where the number representation ends), far beyond it, negatives and
 * mixed precisions. Each failure names the operands so it can be replayed.
 */
const SAFE = 9007199254740991n;
const SEED = 0x5eed_2024;

/** xorshift32: deterministic, so a failure is reproducible. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const ad = d < 0n ? -d : d;
  return twice >= ad ? q + ((n < 0n) !== (d < 0n) ? -1n : 1n) : q;
}

function format(raw: bigint, p: number): string {
  const neg = raw < 0n;
  let s = (neg ? -raw : raw).toString();
  if (p > 0) {
    s = s.padStart(p + 1, '0');
    s = `${s.slice(0, s.length - p)}.${s.slice(s.length - p)}`;
  }
  return neg ? `-${s}` : s;
}

interface Operand { raw: bigint; p: number }

function operands(count: number, seed: number): Operand[] {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const out: Operand[] = [];
  for (let i = 0; i < count; i++) {
    const kind = int(6);
    let raw: bigint;
    if (kind === 0) raw = BigInt(int(1000)); // small, incl. 0
    else if (kind === 1) raw = BigInt(int(2 ** 31)) * BigInt(int(2 ** 20) + 1); // mid-size
    else if (kind === 2) raw = SAFE - BigInt(int(5000)) + 2500n; // straddling 2^53 - 1
    else if (kind === 3) raw = SAFE / BigInt(int(10 ** 6) + 1) + BigInt(int(100)); // products land near 2^53
    else if (kind === 4) raw = BigInt(int(2 ** 30)) * BigInt(int(2 ** 30)) * BigInt(int(2 ** 20) + 1); // beyond 2^53
    else raw = BigInt(int(2 ** 26)) * pow10(int(10)); // round values (trailing zeros)
    if (r() < 0.45) raw = -raw;
    out.push({ raw, p: int(17) });
  }
  return out;
}

const price = (o: Operand) => Price.fromRaw(o.raw, o.p);
const at = (o: Operand, p: number) => o.raw * pow10(p - o.p);
const same = (d: Decimal, raw: bigint, p: number) => d.raw === raw && d.precision === p && d.toString() === format(raw, p);
/** The representation is canonical: the same value built directly has the same fields. */
const canonical = (d: Decimal) => {
  const direct = Decimal.fromRaw(d.raw, d.precision);
  return d._v === direct._v && (typeof d._v === 'number') === (d.raw <= SAFE && d.raw >= -SAFE);
};

describe('decimal arithmetic against a bigint reference', () => {
  const xs = operands(3000, SEED);
  const ys = operands(3000, SEED ^ 0x9e3779b9);
  const fail = (op: string, x: Operand, y: Operand, got: Decimal | string | number) =>
    `${op}(${x.raw}@${x.p}, ${y.raw}@${y.p}) gave ${String(got)}`;

  it('add, sub and cmp agree with the bigint reference at the larger precision', () => {
    const failures: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      const p = Math.max(x.p, y.p);
      const sum = price(x).add(price(y));
      if (!same(sum, at(x, p) + at(y, p), p) || !canonical(sum)) failures.push(fail('add', x, y, sum));
      const diff = price(x).sub(price(y));
      if (!same(diff, at(x, p) - at(y, p), p) || !canonical(diff)) failures.push(fail('sub', x, y, diff));
      const a = at(x, p);
      const b = at(y, p);
      const c = price(x).cmp(price(y));
      if (c !== (a < b ? -1 : a > b ? 1 : 0)) failures.push(fail('cmp', x, y, c));
      if (price(x).eq(price(y)) !== (a === b)) failures.push(fail('eq', x, y, 'eq'));
    }
    expect(failures).toEqual([]);
  });

  it('mul (by decimals, integers and bigints) caps at 16 digits rounding half away from zero', () => {
    const failures: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      const p = x.p + y.p;
      const exact = x.raw * y.raw;
      const [raw, rp] = p <= 16 ? [exact, p] : [divRound(exact, pow10(p - 16)), 16];
      const prod = price(x).mul(price(y));
      if (!same(prod, raw, rp) || !canonical(prod)) failures.push(fail('mul', x, y, prod));
      const k = Number(y.raw % 100000n);
      const byInt = price(x).mul(k);
      if (!same(byInt, x.raw * BigInt(k), x.p) || !canonical(byInt)) failures.push(fail('mulInt', x, y, byInt));
      const byBig = price(x).mul(y.raw);
      if (!same(byBig, x.raw * y.raw, x.p) || !canonical(byBig)) failures.push(fail('mulBig', x, y, byBig));
    }
    expect(failures).toEqual([]);
  });

  it('div, withPrecision and roundTo round half away from zero exactly', () => {
    const failures: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      const target = (i * 7) % 17;
      if (y.raw !== 0n) {
        const q = price(x).div(price(y), target);
        const expected = divRound(x.raw * pow10(y.p + target), y.raw * pow10(x.p));
        if (!same(q, expected, target) || !canonical(q)) failures.push(fail(`div@${target}`, x, y, q));
      }
      const w = price(x).withPrecision(target);
      const wExpected = target >= x.p ? x.raw * pow10(target - x.p) : divRound(x.raw, pow10(x.p - target));
      if (!same(w, wExpected, target) || !canonical(w)) failures.push(fail(`withPrecision@${target}`, x, y, w));
      const inc = y.raw < 0n ? -y.raw : y.raw;
      if (inc !== 0n) {
        const rounded = price(x).roundTo(Price.fromRaw(inc, y.p));
        const p = Math.max(x.p, y.p);
        const steps = divRound(at(x, p), inc * pow10(p - y.p));
        const atP = steps * inc * pow10(p - y.p);
        const rExpected = y.p >= p ? atP : divRound(atP, pow10(p - y.p));
        if (!same(rounded, rExpected, y.p) || !canonical(rounded)) failures.push(fail('roundTo', x, y, rounded));
      }
    }
    expect(failures).toEqual([]);
  });

  it('parses, prints, negates and tests signs like the reference', () => {
    const failures: string[] = [];
    for (const x of xs) {
      const text = format(x.raw, x.p);
      const parsed = Price.from(text);
      if (!same(parsed, x.raw, x.p) || !canonical(parsed)) failures.push(`from('${text}') gave ${parsed.toString()}`);
      const n = price(x).neg();
      if (!same(n, -x.raw, x.p) || !canonical(n)) failures.push(`neg(${text}) gave ${n.toString()}`);
      const a = price(x).abs();
      if (!same(a, x.raw < 0n ? -x.raw : x.raw, x.p)) failures.push(`abs(${text}) gave ${a.toString()}`);
      if (price(x).isZero() !== (x.raw === 0n) || price(x).isNegative() !== (x.raw < 0n) || price(x).isPositive() !== (x.raw > 0n)) {
        failures.push(`signs of ${text}`);
      }
      if (price(x).toNumber() !== Number(x.raw) / Number(pow10(x.p))) failures.push(`toNumber(${text})`);
    }
    expect(failures).toEqual([]);
  });
});

describe('decimal representation', () => {
  it('keeps exact decimal semantics at the edges of the number representation', () => {
    expect(Price.from('0.1').add(Price.from('0.2')).toString()).toBe('0.3');
    const top = Price.fromRaw(SAFE, 2);
    const over = top.add(Price.fromRaw(1n, 2));
    expect(over.raw).toBe(SAFE + 1n);
    expect(over._v).toBe(SAFE + 1n);
    // Back below the bound the value is a number again: equal values have equal fields.
    expect(over.sub(Price.fromRaw(1n, 2))).toEqual(top);
    expect(over.sub(Price.fromRaw(1n, 2))._v).toBe(Number(SAFE));
    expect(Price.fromRaw(-5n, 1).mul(0).toNumber()).toBe(0);
    expect(Object.is(Price.fromRaw(0n, 1).neg()._v, 0)).toBe(true);
  });

  it('returns an existing instance where the result equals it', () => {
    const q = Quantity.from('100000');
    expect(q.add(Quantity.zero())).toBe(q);
    expect(Quantity.zero().add(q)).toBe(q);
    expect(q.sub(Quantity.zero())).toBe(q);
    expect(q.mul(1)).toBe(q);
    expect(Quantity.from(q)).toBe(q);
    expect(Price.from(q)).not.toBe(q);
    expect(Price.from(q).toString()).toBe('100000');
    // A zero of another type does not stand in for the result's type.
    expect(Decimal.zero().add(q).constructor).toBe(Decimal);
  });

  it('refuses a raw number that is not a safe integer and changes nothing', () => {
    expect(() => Price.fromRaw(2 ** 53, 0)).toThrow(expect.objectContaining({ code: 'DECIMAL_INVALID' }));
    expect(() => Price.fromRaw(1.5, 0)).toThrow(expect.objectContaining({ code: 'DECIMAL_INVALID' }));
    expect(Price.fromRaw(2n ** 60n, 0).toString()).toBe('1152921504606846976');
    expect(() => Quantity.fromRaw(-(2n ** 60n), 0)).toThrow(expect.objectContaining({ code: 'QUANTITY_NEGATIVE' }));
  });
});
