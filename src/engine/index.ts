/**
 * keel's public API: the only module the kernel, the notebooks, users and the acceptance tests import.
 * Names here are a contract (see DESIGN.md).
 */
export { EngineError, isEngineError } from './core/errors.js';
export { Decimal, Price, Quantity, Money } from './core/decimal.js';
export type { Clock, TimeEvent, TimeEventHandler } from './core/clock.js';
export * from './model/enums.js';
export type * from './model/events.js';
export type * from './model/commands.js';
export type * from './model/reports.js';
export type * from './data/types.js';
export type { ExecutionClient, ExecutionClientSink, MarketDataClient, MarketDataSink, VenueOrderEvent } from './execution/client.js';
export { BUILTIN_INSTRUMENTS, InstrumentProvider, loadInstrumentsFile } from './model/instruments.js';
export type { Instrument } from './model/instruments.js';
export type * from './execution/reconciliation-result.js';
export type * from './execution/order-tree.js';
export type * from './config/config-change.js';
