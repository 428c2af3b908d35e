/**
 * keel's public API: the only module the kernel, the notebooks, users and the acceptance tests import.
 * Names here are a contract (see DESIGN.md).
 */
export { EngineError, isEngineError, VENUE_EVENT_CONTRADICTS_ORDER, VENUE_EVENT_CANCEL_UNCONFIRMED } from './core/errors.js';
export { Decimal, Price, Quantity, Money } from './core/decimal.js';
export type { Clock, TimeEvent, TimeEventHandler } from './core/clock.js';
export * from './model/enums.js';
export type * from './model/events.js';
export type * from './model/commands.js';
export type * from './model/reports.js';
export type * from './model/market-data.js';
export type { ExecutionClient, ExecutionClientSink, MarketDataClient, MarketDataSink, VenueOrderEvent } from './execution/client.js';
export { BUILTIN_INSTRUMENTS, InstrumentProvider } from './model/instruments.js';
export { loadInstrumentsFile, sharedDataDir } from './data/instrument-file.js';
export type { Instrument } from './model/instruments.js';
export type * from './execution/reconciliation-result.js';
export type * from './execution/order-tree/types.js';
export type * from './config/config-change.js';
export { Order } from './model/order.js';
export type { ApplyOptions, OrderSnapshot } from './model/order.js';
export { ORDER_STATE_TABLE, isAllowedTransition, nextStatus } from './model/order-fsm.js';
export type { TransitionContext } from './model/order-fsm.js';
export { RESTORE_TABLE, LOCAL_RESOLUTION_TEXT, isRestoreTransition, isLocalClose } from './model/local-resolution.js';
export type { LocalResolution, LocalClose } from './model/local-resolution.js';
export { Position, splitFillForFlip, FLIP_CLOSE_SUFFIX, FLIP_OPEN_SUFFIX } from './model/position.js';
export type { FlipPositionIds, PositionSnapshot } from './model/position.js';
export { currencyPrecision } from './model/currencies.js';
export {
  ClientOrderIdGenerator,
  OrderListIdGenerator,
  PositionIdGenerator,
  idTag,
  traderTag,
  strategyTag,
  formatIdTimestamp,
  maxIdCount,
  flipPositionId,
  nettingPositionId,
  externalClientOrderId,
  syntheticId,
  newEventId,
} from './model/identifiers.js';
/** Event builders: `events.orderSubmitted(order, ts)`, `events.orderFilled(order, {...}, ts)`, `events.positionEvent(position, ts)`. */
export * as events from './model/event-factory.js';
export type { OrderRef, EventMeta, OrderInitArgs, UpdateArgs, FillArgs } from './model/event-factory.js';
export { SandboxVenue } from '../sandbox/sandbox-venue.js';
export type { SandboxVenueOptions } from '../sandbox/sandbox-venue.js';
export { VenueAdminClient } from '../sandbox/venue-admin-client.js';
export type { SeedOrderInput, SeedPositionInput, QuoteInput, ExternalOrderInput } from '../sandbox/venue-controls.js';
export type { Fault as VenueFault } from '../sandbox/venue-faults.js';
export { createFeed, feedConfigSchema, parseFeedConfig, ReplayFeed, RandomWalkFeed, walkBar, barPathPrices, marketDataKind, readBarsCsv, loadBarsCsv, loadBtcPerpBars, btcPerpBarsPath, readQuotesCsv, loadQuotesCsv, loadEurUsdQuotes, eurUsdQuotesPath, newLoadStats } from './data/index.js';
export type { FeedConfig, MarketFeed, BarLoadOptions, QuoteLoadOptions, LoadOptions, LoadStats, BarPathOptions } from './data/index.js';
export { LiveClock } from './core/live-clock.js';
export type { LiveClockOptions } from './core/live-clock.js';
export { TestClock } from './core/test-clock.js';
export { JsonLinesLogger, MemoryLogger, noopLogger, rateLimitedWarn } from './core/logger.js';
export type { Logger, LogLevel, LogFields, LogEntry, RateLimitedWarn } from './core/logger.js';
export { planReconciliation, planOrderReport, applyPlan, planResult, reconciliationPrice, POSITION_DEFERRED } from './execution/reconciliation/index.js';
export type { ReconciliationPlan, PlanStep, PlanTarget, ReconciliationInput, ReconciliationContext, ReconciliationCacheView, ReconciliationConfig, InstrumentLookup, ApplyPlanOptions } from './execution/reconciliation/index.js';
export { MessageBus, topics } from './bus/index.js';
export type { Handler as BusHandler, SubscribeOptions } from './bus/index.js';
export { Cache } from './cache/index.js';
export type { OrderList, OrderQuery, PositionQuery } from './cache/index.js';
export {
  LiveExecEngineConfigSchema, StrategyConfigSchema, RiskEngineConfigSchema, TradingNodeConfigSchema, VenueConfigSchema,
  StrategyEntrySchema, PersistenceConfigSchema, TimeoutsConfigSchema, SHUTDOWN_POLICIES, parseConfig, checkConfig, diffConfig, parseRate, isCredentialName, looksLikeKey,
} from './config/index.js';
export type {
  LiveExecEngineConfig, LiveExecEngineConfigInput, StrategyConfig, StrategyConfigInput, RiskEngineConfig, RiskEngineConfigInput,
  TradingNodeConfig, TradingNodeConfigInput, VenueConfig, StrategyEntry, PersistenceConfig, TimeoutsConfig, ShutdownPolicy, ConfigIssue, SubmitRate,
} from './config/index.js';
export { SandboxExecutionClient, SandboxMarketDataClient } from './venue/sandbox/index.js';
export type { SandboxExecutionClientOptions, SandboxMarketDataClientOptions, ReconnectOptions } from './venue/sandbox/index.js';
export {
  Strategy, OrderFactory, OrderManager, GtdManager, gtdTimerName, GTD_TIMER_PREFIX, GTD_RETRY_DELAY_NS, StrategyClock,
  STRATEGY_STATE_TABLE, StrategyRegistry, ExternalOrderClaims, buildOrderTree, EmaCrossBracket, EmaCrossBracketParams, Ema,
} from './strategy/index.js';
export type {
  StrategyConstructorConfig, StrategyContext, StrategyCacheView, StrategyLogger, ClaimsRegistryLike, OrderListRef,
  Unsubscribe, OrderArgs, BracketArgs, StrategyState, StrategyAction, HookError,
} from './strategy/index.js';
export { MemoryPersistence, JournalPersistence, openJournal, rebuildState, restoreCache, scanJournal, ensureWritableDir } from './persistence/index.js';
export type { Persistence, JournalRecord, OrderListRecord, PersistedState, JournalOptions, JournalView, OpenJournalOptions, RebuiltState, RestorableCache } from './persistence/index.js';
export { attachPersistence, JournalWriter, inspectJournal, recoverJournal } from './persistence/index.js';
export type { JournalInspection, JournalDamage, JournalRecovery } from './persistence/index.js';
export { recoverNodeJournal } from './node/recover-node.js';
export type { RecoverNodeOptions } from './node/recover-node.js';
export type { PersistableNode, PersistenceAttachment } from './persistence/index.js';
export { RiskEngine, SubmitRateLimiter } from './risk/index.js';
export type { RiskEngineOptions, RiskEngineTarget } from './risk/index.js';
export { ExecutionEngine } from './execution/execution-engine.js';
export type { VenueEventRefusalStats } from './execution/execution-engine.js';
export type { ExecutionEngineOptions } from './execution/execution-engine.js';
export { TradingNode } from './node.js';
export type { TradingNodeOptions } from './node.js';
export { onNodeCreated } from './node/node-created.js';
export { NODE_STATES, NODE_STATE_TABLE } from './node/node-state.js';
export type { NodeState } from './node/node-state.js';
export type { VenueStatus } from './node/venue-clients.js';
export { LiveExecutionEngine } from './execution/live/live-execution-engine.js';
export type { LiveExecutionEngineOptions, LiveEventItem } from './execution/live/live-execution-engine.js';
export { BoundedQueue } from './execution/live/bounded-queue.js';
export type { BoundedQueueOptions } from './execution/live/bounded-queue.js';
export { InflightCheck, INFLIGHT_TIMEOUT } from './execution/live/checks/inflight-check.js';
export { OpenOrderCheck, ORDER_NOT_FOUND_AT_VENUE } from './execution/live/checks/open-order-check.js';
export { PositionCheck } from './execution/live/checks/position-check.js';
export { Reconciler } from './execution/live/reconciler.js';
export { findProjectRoot } from './data/project-root.js';
