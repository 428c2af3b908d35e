/** Turning engine values into display strings, and the tones of statuses and outcomes. */
import type { Tone } from './model.js';

/** Empty cells: absent values render as nothing rather than 'undefined'. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).filter((s) => s !== '').join(', ');
  if (typeof value === 'object' && hasOwnToString(value)) return String(value);
  return formatUnknown(value);
}

/** Decimals, Money and ids define their own toString; plain objects do not. */
function hasOwnToString(value: object): boolean {
  return typeof (value as { toString?: unknown }).toString === 'function' && value.toString !== Object.prototype.toString;
}

/** Any value as one line: strings bare, objects as compact JSON with bigints and decimals as strings. */
export function formatUnknown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && hasOwnToString(value) && !Array.isArray(value)) return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Nanoseconds since the epoch (bigint or number, as the engine documents) → ISO-8601 UTC, ms precision. */
export function formatNs(ns: unknown): string {
  if (typeof ns !== 'bigint' && typeof ns !== 'number') return text(ns);
  const big = typeof ns === 'bigint' ? ns : BigInt(Math.trunc(ns));
  const ms = Number(big / 1_000_000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ns) : date.toISOString();
}

const STATUS_TONES: Record<string, Tone> = {
  INITIALIZED: 'muted',
  DENIED: 'bad',
  SUBMITTED: 'warn',
  ACCEPTED: 'ok',
  REJECTED: 'bad',
  CANCELED: 'muted',
  EXPIRED: 'muted',
  TRIGGERED: 'ok',
  PENDING_UPDATE: 'warn',
  PENDING_CANCEL: 'warn',
  PARTIALLY_FILLED: 'ok',
  FILLED: 'ok',
};

export function statusTone(status: unknown): Tone {
  return STATUS_TONES[text(status)] ?? 'neutral';
}

const OUTCOME_TONES: Record<string, Tone> = {
  MATCHED: 'muted',
  UPDATED: 'ok',
  CREATED: 'ok',
  SKIPPED: 'warn',
  FAILED: 'bad',
};

export function outcomeTone(outcome: string): Tone {
  return OUTCOME_TONES[outcome] ?? 'neutral';
}

/** Profit green, loss red, zero plain; works on '12.50 USD', '-3', Money, Decimal. */
export function pnlTone(value: unknown): Tone {
  const s = text(value).trim();
  if (s === '') return 'neutral';
  if (s.startsWith('-')) return 'bad';
  return /^[+]?0*(\.0*)?(\s|$)/.test(s) ? 'neutral' : 'ok';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
