import { z } from 'zod';
import { bool, intAtLeast, nonNegativeInt, stringList } from './fields.js';

/** live-execution.md §1 LiveExecEngineConfig: every field optional, with the spec's default. */
export const LiveExecEngineConfigSchema = z
  .object({
    reconciliation: bool().default(true).describe('Reconcile with each venue at start-up (and on reconnect) before strategies start'),
    reconciliationLookbackMins: nonNegativeInt().nullable().default(null).describe('How far back start-up reconciliation asks for orders and fills (null: as far as the venue keeps)'),
    reconciliationInstrumentIds: stringList().nullable().default(null).describe('Reconcile only these instruments (null: all)'),
    filterUnclaimedExternalOrders: bool().default(false).describe('Ignore venue orders that no strategy claims (externalOrderClaims)'),
    filterPositionReports: bool().default(false).describe('Ignore venue position reports during reconciliation'),
    filteredClientOrderIds: stringList().nullable().default(null).describe('Client order ids reconciliation skips (null: none)'),
    generateMissingOrders: bool().default(true).describe('Create orders that explain a position the venue reports but the cache cannot'),
    inflightCheckIntervalMs: nonNegativeInt().default(2000).describe('How often in-flight orders are checked (0: never)'),
    inflightCheckThresholdMs: nonNegativeInt().default(5000).describe('How long an order may stay in flight before its status is queried'),
    inflightCheckRetries: nonNegativeInt().default(5).describe('Status queries for an in-flight order before it is resolved as lost'),
    openCheckIntervalSecs: nonNegativeInt().nullable().default(null).describe('How often open orders are compared with the venue (null: never)'),
    openCheckOpenOnly: bool().default(true).describe('The open-orders check asks the venue for open orders only'),
    openCheckLookbackMins: nonNegativeInt().default(60).describe('How far back the open-orders check looks'),
    openCheckThresholdMs: nonNegativeInt().default(5000).describe('How recent a change must be for the open-orders check to leave an order alone'),
    openCheckMissingRetries: nonNegativeInt().default(5).describe('Checks an order may be missing at the venue before it is resolved'),
    positionCheckIntervalSecs: nonNegativeInt().nullable().default(null).describe('How often positions are compared with the venue (null: never)'),
    positionCheckLookbackMins: nonNegativeInt().default(60).describe('How far back the position check looks for fills'),
    positionCheckThresholdMs: nonNegativeInt().default(5000).describe('How recent a fill must be for the position check to wait'),
    positionCheckRetries: nonNegativeInt().default(3).describe('Position mismatches seen in a row before they are reconciled'),
    reconciliationStartupDelaySecs: nonNegativeInt().default(10).describe('Delay after start-up before the continuous checks begin'),
    qsize: intAtLeast(1).default(100_000).describe('Capacity of the command and event queues (not below what is queued now)'),
    allowOverfills: bool().default(false).describe('Apply a fill beyond the order quantity instead of refusing it'),
    gracefulShutdownOnException: bool().default(false).describe('On an unexpected error, stop gracefully (shutdown policy) instead of at once'),
  })
  .strict();

export type LiveExecEngineConfig = z.output<typeof LiveExecEngineConfigSchema>;
export type LiveExecEngineConfigInput = z.input<typeof LiveExecEngineConfigSchema>;
