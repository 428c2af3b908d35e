import { z } from 'zod';
import { OMS_TYPES } from '../model/enums.js';
import { bool, oneOf, stringList } from './fields.js';

/** live-execution.md §1 StrategyConfig. `strategyId` defaults to the class name (set by the Strategy). */
export const StrategyConfigSchema = z
  .object({
    strategyId: z
      .string({ error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" })
      .regex(/^[A-Za-z0-9_.]+$/, { error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" })
      .optional(),
    orderIdTag: z
      .string({ error: "a tag of letters or digits (e.g. '001')" })
      .regex(/^[A-Za-z0-9]+$/, { error: "a tag of letters or digits (e.g. '001')" })
      .optional(),
    omsType: oneOf(OMS_TYPES).default('UNSPECIFIED'),
    externalOrderClaims: stringList('a list of instrument ids').default([]),
    manageContingentOrders: bool().default(false),
    manageGtdExpiry: bool().default(false),
    params: z.record(z.string(), z.unknown(), { error: 'an object of strategy parameters' }).default({}),
  })
  .strict();

export type StrategyConfig = z.output<typeof StrategyConfigSchema>;
export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;
