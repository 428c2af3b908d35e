import { z } from 'zod';
import { EngineError, describeValue } from '../core/errors.js';
import { OMS_TYPES } from '../model/enums.js';

/**
 * StrategyConfig (live-execution.md §1), validated with zod at the edge: the constructor and
 * `configure`. Unknown keys are errors (a typo must not be silently ignored).
 */
export const StrategyConfigSchema = z
  .object({
    /** Name part of the id; default: the class name. */
    strategyId: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'expected a name of letters, digits, _ or .').optional(),
    /** No '-' inside: the tag is what follows the id's last '-'. */
    orderIdTag: z.string().regex(/^[A-Za-z0-9]+$/, 'expected letters and digits only').optional(),
    omsType: z.enum(OMS_TYPES).default('UNSPECIFIED'),
    externalOrderClaims: z.array(z.string().min(1)).default([]),
    manageContingentOrders: z.boolean().default(false),
    manageGtdExpiry: z.boolean().default(false),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;
export type StrategyConfigValue = z.output<typeof StrategyConfigSchema>;
/** The resolved config a running strategy holds (params typed by the strategy). */
export interface ResolvedStrategyConfig<P> extends Omit<StrategyConfigValue, 'params'> {
  readonly strategyId: string;
  readonly params: P;
}

/** Keys that cannot change while the strategy lives: the id is in every client order id it made. */
export const FIXED_STRATEGY_KEYS = ['strategyId', 'orderIdTag'] as const;

export interface ConfigIssue {
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  readonly message: string;
}

/** Parse or throw `CONFIG_INVALID` listing every problem on its own line (`path: expected X, received Y`). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, name: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => toIssue(i, input));
  throw new EngineError(
    'CONFIG_INVALID',
    `invalid ${name}:\n` + issues.map((i) => `  ${i.path}: ${i.message}, received ${i.received}`).join('\n'),
    { issues },
  );
}

function toIssue(issue: z.core.$ZodIssue, input: unknown): ConfigIssue {
  if (issue.code === 'unrecognized_keys') {
    const base = issue.path.map(String).join('.');
    const keys = issue.keys.join(', ');
    return { path: base ? `${base}.${keys}` : keys, expected: 'no such key', received: 'an unknown key', message: `unknown key (expected one of the documented keys)` };
  }
  let value: unknown = input;
  for (const k of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  const expected = 'expected' in issue && typeof issue.expected === 'string' ? issue.expected : issue.message;
  return { path: issue.path.map(String).join('.') || '(root)', expected, received: describeValue(value), message: issue.message };
}
