import { z } from 'zod';
import { OMS_TYPES } from '../model/enums.js';
import { bool, oneOf, stringList } from './fields.js';

/** live-execution.md §1 StrategyConfig. `strategyId` defaults to the class name (set by the Strategy). */
export const StrategyConfigSchema = z
  .object({
    strategyId: z
      .string({ error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" })
      .regex(/^[A-Za-z0-9_.]+$/, { error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" })
      .optional()
      .describe('The strategy name in its id and order ids (fixed once the strategy exists)'),
    orderIdTag: z
      .string({ error: "a tag of letters or digits (e.g. '001')" })
      .regex(/^[A-Za-z0-9]+$/, { error: "a tag of letters or digits (e.g. '001')" })
      .optional()
      .describe('The tag in its id and order ids (fixed once the strategy exists)'),
    omsType: oneOf(OMS_TYPES).default('UNSPECIFIED').describe('How positions opened from now on are kept: NETTING, HEDGING, or the venue\'s (UNSPECIFIED)'),
    externalOrderClaims: stringList('a list of instrument ids').default([]).describe('Instruments whose external orders (made outside keel) this strategy adopts'),
    manageContingentOrders: bool().default(false).describe('Keep OTO/OCO/OUO siblings in step (cancel or resize the linked orders)'),
    manageGtdExpiry: bool().default(false).describe('Cancel GTD orders at their expire time with local timers'),
    params: z.record(z.string(), z.unknown(), { error: 'an object of strategy parameters' }).default({}).describe('The strategy\'s own parameters (validated by its paramsSchema)'),
  })
  .strict();

export type StrategyConfig = z.output<typeof StrategyConfigSchema>;
export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;
