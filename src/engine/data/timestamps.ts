import { RowProblem } from './load-options.js';

/**
 * Text timestamps of the recorded files → ns since the epoch (bigint), always UTC. Parsed by hand so
 * sub-millisecond digits survive (a JS Date only keeps milliseconds).
 */

const ISO_SPACE_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const PACKED_RE = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(\d{3})$/;

/** `2021-12-31 23:01:00.000000` (fraction of 1 to 9 digits, optional). */
export function parseIsoSpaceTimestamp(text: string): bigint {
  const m = ISO_SPACE_RE.exec(text);
  if (!m) throw new RowProblem("a timestamp 'YYYY-MM-DD HH:MM:SS.ffffff'", `'${text}'`);
  return toNs(text, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, (m[7] ?? '').padEnd(9, '0'));
}

/** `20200101 170000065`: date, then hours, minutes, seconds and milliseconds packed together. */
export function parsePackedTimestamp(text: string): bigint {
  const m = PACKED_RE.exec(text);
  if (!m) throw new RowProblem("a timestamp 'YYYYMMDD HHMMSSmmm'", `'${text}'`);
  return toNs(text, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!.padEnd(9, '0'));
}

function toNs(text: string, y: string, mo: string, d: string, h: string, mi: string, s: string, frac9: string): bigint {
  const [Y, M, D, H, Mi, S] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (M < 1 || M > 12 || D < 1 || D > daysInMonth(Y, M) || H > 23 || Mi > 59 || S > 59) {
    throw new RowProblem('a valid calendar date and time', `'${text}'`);
  }
  const ms = Date.UTC(Y, M - 1, D, H, Mi, S);
  return BigInt(ms) * 1_000_000n + BigInt(frac9);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}
