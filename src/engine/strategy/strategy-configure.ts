import type { z } from 'zod';
import type { ConfigDiffEntry } from '../config/config-change.js';
import { EngineError } from '../core/errors.js';
import { FIXED_STRATEGY_KEYS, StrategyConfigSchema, parseWith } from './strategy-config.js';
import type { StrategyConfigInput, StrategyConfigValue } from './strategy-config.js';

/**
 * Decide a live change purely: validate the whole next config (strict schema, then the strategy's own
 * params schema) and compute the diff. Throws `CONFIG_INVALID` / `CONFIG_CHANGE_REFUSED` and changes
 * nothing; the strategy applies the result atomically.
 */
export function planStrategyChange(
  current: StrategyConfigValue,
  partial: unknown,
  paramsSchema: z.ZodType | undefined,
  name: string,
): { next: StrategyConfigValue; changes: ConfigDiffEntry[] } {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new EngineError('CONFIG_INVALID', `invalid ${name}: expected an object of StrategyConfig keys, received ${String(partial)}`, { received: partial });
  }
  const p = partial as Record<string, unknown>;
  for (const key of FIXED_STRATEGY_KEYS) {
    if (key in p && p[key] !== current[key]) {
      throw new EngineError(
        'CONFIG_CHANGE_REFUSED',
        `${name}: ${key} cannot change while the strategy exists (it is part of every order id it made); expected ${String(current[key])}, received ${String(p[key])}`,
        { key, current: current[key], received: p[key] },
      );
    }
  }
  const merged: StrategyConfigInput = {
    ...current,
    ...p,
    params: p.params !== undefined && typeof p.params === 'object' && p.params !== null ? { ...current.params, ...(p.params as object) } : (p.params as Record<string, unknown> | undefined) ?? current.params,
  };
  const parsed = parseWith(StrategyConfigSchema, merged, name);
  const next = { ...parsed, params: validateParams(paramsSchema, parsed.params, name) };
  return { next, changes: diffValues(current, next) };
}

export function validateParams(schema: z.ZodType | undefined, params: unknown, name: string): Record<string, unknown> {
  if (!schema) return params as Record<string, unknown>;
  return parseWith(schema, params, `${name} params`) as Record<string, unknown>;
}

/** Keys whose value changed (params compared key by key as `params.{key}`). */
export function diffValues(before: StrategyConfigValue, after: StrategyConfigValue): ConfigDiffEntry[] {
  const out: ConfigDiffEntry[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (key === 'params') continue;
    const b = (before as Record<string, unknown>)[key];
    const a = (after as Record<string, unknown>)[key];
    if (!sameValue(b, a)) out.push({ key, before: b, after: a });
  }
  const pk = new Set([...Object.keys(before.params), ...Object.keys(after.params)]);
  for (const key of [...pk].sort()) {
    const b = before.params[key];
    const a = after.params[key];
    if (!sameValue(b, a)) out.push({ key: `params.${key}`, before: b, after: a });
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
