/**
 * StrategyConfig (live-execution.md §1): the zod schema lives with the other configs in `config/`;
 * this module adds what only strategies need.
 */
export { StrategyConfigSchema } from '../config/strategy-config.js';
export type { StrategyConfig as StrategyConfigValue, StrategyConfigInput } from '../config/strategy-config.js';
/** Parse or throw `CONFIG_INVALID` listing every problem (the engine-wide rule for config errors). */
export { parseConfig as parseWith } from '../config/parse-config.js';

/** Keys that cannot change while the strategy lives: the id is in every client order id it made. */
export const FIXED_STRATEGY_KEYS = ['strategyId', 'orderIdTag'] as const;
