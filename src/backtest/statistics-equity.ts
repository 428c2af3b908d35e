/**
 * The statistics read from the equity series: daily returns (equity resampled to UTC day ends), Sharpe,
 * Sortino and the maximum drawdown with its longest duration. Ratios are JavaScript numbers (they are
 * not money; a picture or a ranking needs no exact digits); the equity values come in as exact decimals.
 */
import { Decimal } from '../engine/core/decimal.js';

/** One equity value at an exact time (nanoseconds since the epoch). */
export interface EquityPoint {
  readonly tsNs: bigint;
  readonly equity: Decimal;
}

export const NS_PER_MS = 1_000_000n;
export const NS_PER_DAY = 86_400_000n * NS_PER_MS;

/** `a / b` of two decimals as a number (b non-zero). */
export function ratio(a: Decimal, b: Decimal): number {
  return a.div(b, 12).toNumber();
}

/**
 * Equity at the end of every UTC day from the run's first day to its last, inclusive: the last sample at
 * or before the day's end, carried forward over days without samples (a flat day is a 0 return: crypto
 * trades every day). The day before the first is the starting equity at the run's start.
 */
export function dailyCloses(points: readonly EquityPoint[], startNs: bigint, endNs: bigint, starting: Decimal): Decimal[] {
  const firstDay = startNs / NS_PER_DAY;
  const lastDay = endNs / NS_PER_DAY;
  const closes: Decimal[] = [];
  let i = 0;
  let last = starting;
  for (let day = firstDay; day <= lastDay; day++) {
    const dayEnd = (day + 1n) * NS_PER_DAY; // exclusive: midnight of the next day
    while (i < points.length && points[i]!.tsNs < dayEnd) last = points[i++]!.equity;
    closes.push(last);
  }
  return closes;
}

/** Simple daily returns: close_d / close_(d-1) - 1, the first against the starting equity. */
export function dailyReturns(closes: readonly Decimal[], starting: Decimal): number[] {
  const out: number[] = [];
  let prev = starting;
  for (const c of closes) {
    out.push(prev.isZero() ? 0 : ratio(c, prev) - 1);
    prev = c;
  }
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** mean / sample standard deviation (n - 1) × √periodsPerYear; null below two returns or at zero deviation. */
export function sharpeRatio(returns: readonly number[], periodsPerYear: number): number | null {
  if (returns.length < 2) return null;
  const m = mean(returns);
  const variance = returns.reduce((s, r) => s + (r - m) ** 2, 0) / (returns.length - 1);
  const sd = Math.sqrt(variance);
  return sd === 0 || !Number.isFinite(sd) ? null : (m / sd) * Math.sqrt(periodsPerYear);
}

/**
 * mean / downside deviation × √periodsPerYear, where downside deviation = √(Σ min(r, 0)² / n) over all n
 * returns (target 0); null below two returns or when no return is negative.
 */
export function sortinoRatio(returns: readonly number[], periodsPerYear: number): number | null {
  if (returns.length < 2) return null;
  const dd = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / returns.length);
  return dd === 0 ? null : (mean(returns) / dd) * Math.sqrt(periodsPerYear);
}

export interface Drawdown {
  /** Largest (peak - equity) / peak over the series, a fraction ≥ 0. */
  readonly maxDrawdown: number;
  /** Longest time (ms) from a peak until equity is back at or above it, or until `endNs` when it never is. */
  readonly maxDrawdownDurationMs: number;
}

/** Drawdowns over `points` (the starting equity at the run's start first), running to `endNs`. */
export function drawdown(points: readonly EquityPoint[], endNs: bigint): Drawdown {
  let maxDrawdown = 0;
  let longest = 0n;
  let peak: EquityPoint | undefined;
  let under = false;
  for (const p of points) {
    if (peak === undefined || p.equity.gte(peak.equity)) {
      if (under) longest = bigMax(longest, p.tsNs - peak!.tsNs);
      // A new high (or the peak regained) starts the clock again; equal equity keeps the older peak's time
      // only while under water, which the branch above has just closed.
      peak = p;
      under = false;
      continue;
    }
    under = true;
    if (peak.equity.isPositive()) maxDrawdown = Math.max(maxDrawdown, ratio(peak.equity.sub(p.equity), peak.equity));
  }
  if (under && peak !== undefined) longest = bigMax(longest, endNs - peak.tsNs);
  return { maxDrawdown, maxDrawdownDurationMs: Number(longest / NS_PER_MS) };
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
