import { EngineError, describeValue } from '../../engine/core/errors.js';
import type { TimeBound } from './data-types.js';

// ISO 8601 date, or date and time with an optional fraction (up to 9 digits) and zone.
const ISO_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A `from`/`to` bound → nanoseconds since the epoch. Text is ISO 8601; without a zone it is UTC (the
 * recorded files are UTC, and a backtest must not depend on the machine's zone). Sub-millisecond digits
 * are kept exactly.
 */
export function timeBoundNs(name: 'from' | 'to', value: TimeBound): bigint {
  if (typeof value === 'bigint') return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalid(name, value, 'an invalid Date');
    return BigInt(ms) * 1_000_000n;
  }
  if (typeof value === 'string') {
    const m = ISO_RE.exec(value.trim());
    if (m) {
      const [, date, time, frac, zone] = m;
      const ms = Date.parse(`${date}T${time ?? '00:00'}${time !== undefined && time.length === 5 ? ':00' : ''}${zone ?? 'Z'}`);
      if (!Number.isNaN(ms) && sameCalendarDate(date!, ms, zone)) {
        return BigInt(ms) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
      }
    }
    throw invalid(name, value, `'${value}'`);
  }
  throw invalid(name, value, describeValue(value));
}

/** Date.parse rolls 2022-02-30 over to March; a bound like that is a typo, not a date. */
function sameCalendarDate(date: string, ms: number, zone: string | undefined): boolean {
  if (zone !== undefined && zone !== 'Z') return true;
  return new Date(ms).toISOString().slice(0, 10) === date;
}

function invalid(name: string, value: unknown, received: string): EngineError {
  return new EngineError(
    'DATA_TIME_BOUND_INVALID',
    `${name}: expected a Date, an ISO 8601 time ('2022-01-05', '2022-01-05T12:00:00Z') or nanoseconds since the epoch (bigint), received ${received}`,
    { bound: name, received: typeof value === 'bigint' ? value.toString() : String(value) },
  );
}

/** Both bounds, checked together: `from` after `to` selects nothing and is surely a mistake. */
export function timeWindow(from: TimeBound | undefined, to: TimeBound | undefined): { from: bigint | undefined; to: bigint | undefined } {
  const f = from === undefined ? undefined : timeBoundNs('from', from);
  const t = to === undefined ? undefined : timeBoundNs('to', to);
  if (f !== undefined && t !== undefined && f > t) {
    throw new EngineError('DATA_TIME_BOUND_INVALID', `expected from <= to, received from ${f} ns after to ${t} ns`, {
      from: f.toString(),
      to: t.toString(),
    });
  }
  return { from: f, to: t };
}
