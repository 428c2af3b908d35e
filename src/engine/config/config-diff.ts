import type { ConfigDiffEntry } from './config-change.js';

/**
 * The keys whose value differs between two configs, as dotted paths into nested plain objects
 * (`timeouts.connectionSecs`); lists and other values compare as a whole. Keys in sorted order.
 */
export function diffConfig(before: unknown, after: unknown, prefix = ''): ConfigDiffEntry[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffConfig(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return sameValue(before, after) ? [] : [{ key: prefix || '(root)', before, after }];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/** Equal as config values: by identity, element by element, key by key, or by exact text (decimals). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) return diffConfig(a, b).length === 0;
  // Decimals and other values with an exact text form compare by it.
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return String(a) === String(b) && a.constructor === b.constructor;
  return false;
}
