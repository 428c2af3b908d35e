import type { z } from 'zod';
import type { ConfigChange } from '../config/config-change.js';
import { LiveConfig } from '../config/live-config.js';
import { EngineError } from '../core/errors.js';
import { FIXED_STRATEGY_KEYS, StrategyConfigSchema, parseWith } from './strategy-config.js';
import type { StrategyConfigValue } from './strategy-config.js';

/** What a strategy's live config needs from the strategy itself. */
export interface StrategyConfigHooks {
  id(): string;
  paramsSchema(): z.ZodType | undefined;
  /** Last check before the change applies: may refuse (a double claim of external orders). */
  guard(next: StrategyConfigValue, current: StrategyConfigValue): void;
  /** Put the change into effect (OMS type, GTD alerts); must not throw. */
  apply(before: StrategyConfigValue, next: StrategyConfigValue, change: ConfigChange): void;
}

/**
 * A strategy's config as a `LiveConfig`: params merge key by key and go through the strategy's own params
 * schema; the id keys cannot change (they are part of every order id the strategy made); params are
 * diffed and reverted key by key (`params.fast`).
 */
export function strategyLiveConfig(initial: StrategyConfigValue, s: StrategyConfigHooks): LiveConfig<StrategyConfigValue> {
  const name = (): string => `${s.id()} StrategyConfig`;
  return new LiveConfig<StrategyConfigValue>({
    target: () => `strategy:${s.id()}`,
    idTag: () => s.id(),
    schema: StrategyConfigSchema,
    merge: (current, p) => {
      // Refused before the schema speaks: a new id is never a matter of a valid value.
      for (const key of FIXED_STRATEGY_KEYS) {
        if (key in p && p[key] !== current[key]) {
          throw new EngineError(
            'CONFIG_CHANGE_REFUSED',
            `${name()}: ${key} cannot change while the strategy exists (it is part of every order id it made); expected ${String(current[key])}, received ${String(p[key])}`,
            { key, current: current[key], received: p[key] },
          );
        }
      }
      const params = p['params'];
      return { ...current, ...p, params: params !== null && typeof params === 'object' ? { ...current.params, ...params } : params ?? current.params };
    },
    refine: (next) => ({ ...next, params: validateParams(s.paramsSchema(), next.params, name()) }),
    guard: (next, current) => s.guard(next, current),
    entryKeys: ['params'],
    apply: (before, next, change) => s.apply(before, next, change),
  }, initial);
}

export function validateParams(schema: z.ZodType | undefined, params: unknown, name: string): Record<string, unknown> {
  if (!schema) return params as Record<string, unknown>;
  return parseWith(schema, params, `${name} params`) as Record<string, unknown>;
}
