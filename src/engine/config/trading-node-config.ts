import { z } from 'zod';
import { LiveExecEngineConfigSchema } from './live-exec-engine-config.js';
import { RiskEngineConfigSchema } from './risk-engine-config.js';
import { StrategyConfigSchema } from './strategy-config.js';
import { ControlConfigSchema } from './control-config.js';
import { nonEmptyString, nonNegativeInt, oneOf } from './fields.js';

export const VenueConfigSchema = z
  .object({
    venue: nonEmptyString("a venue name (e.g. 'SIM')"),
    url: z.string({ error: "a ws:// or wss:// url" }).regex(/^wss?:\/\/\S+$/, { error: 'a ws:// or wss:// url' }),
    apiKey: nonEmptyString().optional(),
    apiSecret: nonEmptyString().optional(),
    /** Environment variable names to read the keys from (deployed nodes never store secrets). */
    apiKeyEnv: nonEmptyString().optional(),
    apiSecretEnv: nonEmptyString().optional(),
    accountId: nonEmptyString().optional(),
  })
  .strict();

export const StrategyEntrySchema = z
  .object({
    module: nonEmptyString('a module path (e.g. "./strategy.ts")'),
    className: nonEmptyString('a class name exported by the module'),
    config: StrategyConfigSchema.prefault({}),
  })
  .strict();

export const PersistenceConfigSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('memory') }).strict(),
    z.object({ kind: z.literal('journal'), dir: nonEmptyString('a directory path') }).strict(),
    z.object({
      kind: z.literal('redis'),
      url: z.string().regex(/^rediss?:\/\/\S+$/, { error: "a Redis URL such as 'redis://127.0.0.1:6379'" }),
      /** Cap of the events stream followers read (approximate, trimmed by Redis); the records stream is never trimmed. */
      eventsMaxLen: z.number().int().positive().default(100_000),
    }).strict(),
  ],
  { error: "{ kind: 'memory' }, { kind: 'journal', dir } or { kind: 'redis', url }" },
);

export const TimeoutsConfigSchema = z
  .object({
    connectionSecs: nonNegativeInt().default(60),
    reconciliationSecs: nonNegativeInt().default(30),
    disconnectionSecs: nonNegativeInt().default(10),
  })
  .strict();

export const SHUTDOWN_POLICIES = ['leave', 'cancel', 'flatten'] as const;
export type ShutdownPolicy = (typeof SHUTDOWN_POLICIES)[number];

const TRADER_ID = "an id 'NAME-DIGITS' (e.g. 'TRADER-001')";

export const TradingNodeConfigSchema = z
  .object({
    traderId: z.string({ error: TRADER_ID }).regex(/^[A-Za-z0-9]+-\d+$/, { error: TRADER_ID }).default('TRADER-001'),
    execEngine: LiveExecEngineConfigSchema.prefault({}),
    riskEngine: RiskEngineConfigSchema.prefault({}),
    venues: z.array(VenueConfigSchema, { error: 'a list of venue connection settings' }).default([]),
    strategies: z.array(StrategyEntrySchema, { error: 'a list of { module, className, config }' }).default([]),
    persistence: PersistenceConfigSchema.prefault({ kind: 'memory' }),
    timeouts: TimeoutsConfigSchema.prefault({}),
    shutdownPolicy: oneOf(SHUTDOWN_POLICIES).default('leave'),
    /** The control endpoint `keel node run` opens (absent: none). */
    control: ControlConfigSchema.optional(),
  })
  .strict();

export type VenueConfig = z.output<typeof VenueConfigSchema>;
export type StrategyEntry = z.output<typeof StrategyEntrySchema>;
export type PersistenceConfig = z.output<typeof PersistenceConfigSchema>;
export type TimeoutsConfig = z.output<typeof TimeoutsConfigSchema>;
export type TradingNodeConfig = z.output<typeof TradingNodeConfigSchema>;
export type TradingNodeConfigInput = z.input<typeof TradingNodeConfigSchema>;
