import { z } from 'zod';
import { bool, intAtLeast, nonNegativeInt, stringList } from './fields.js';

/** live-execution.md §1 LiveExecEngineConfig: every field optional, with the spec's default. */
export const LiveExecEngineConfigSchema = z
  .object({
    reconciliation: bool().default(true),
    reconciliationLookbackMins: nonNegativeInt().nullable().default(null),
    reconciliationInstrumentIds: stringList().nullable().default(null),
    filterUnclaimedExternalOrders: bool().default(false),
    filterPositionReports: bool().default(false),
    filteredClientOrderIds: stringList().nullable().default(null),
    generateMissingOrders: bool().default(true),
    inflightCheckIntervalMs: nonNegativeInt().default(2000),
    inflightCheckThresholdMs: nonNegativeInt().default(5000),
    inflightCheckRetries: nonNegativeInt().default(5),
    openCheckIntervalSecs: nonNegativeInt().nullable().default(null),
    openCheckOpenOnly: bool().default(true),
    openCheckLookbackMins: nonNegativeInt().default(60),
    openCheckThresholdMs: nonNegativeInt().default(5000),
    openCheckMissingRetries: nonNegativeInt().default(5),
    positionCheckIntervalSecs: nonNegativeInt().nullable().default(null),
    positionCheckLookbackMins: nonNegativeInt().default(60),
    positionCheckThresholdMs: nonNegativeInt().default(5000),
    positionCheckRetries: nonNegativeInt().default(3),
    reconciliationStartupDelaySecs: nonNegativeInt().default(10),
    qsize: intAtLeast(1).default(100_000),
    allowOverfills: bool().default(false),
    gracefulShutdownOnException: bool().default(false),
  })
  .strict();

export type LiveExecEngineConfig = z.output<typeof LiveExecEngineConfigSchema>;
export type LiveExecEngineConfigInput = z.input<typeof LiveExecEngineConfigSchema>;
