/**
 * `keel`: what a user writes (a node, strategies, decimals, orders and positions, events as types, configs,
 * results, errors, clocks, loggers). Every name here is a contract, so the list is short on purpose: the
 * rest of the engine stays free to change. Test helpers are in `keel/testing`, the simulated exchange and
 * its feeds in `keel/sandbox`, the session/display/promote layer in `keel/kernel`.
 */

// The node.
export { TradingNode } from './node.js';
export type { TradingNodeOptions } from './node.js';
export type { NodeState } from './node/node-state.js';
export type { VenueStatus } from './node/venue-clients.js';

// Strategies and what their authors write.
export { Strategy } from './strategy/strategy.js';
export type { StrategyConfig as StrategyConstructorConfig } from './strategy/strategy.js';
export type { StrategyContext } from './strategy/context.js';
export type { StrategyState } from './strategy/strategy-state.js';
export { OrderFactory } from './strategy/order-factory.js';
export type { OrderArgs, BracketArgs } from './strategy/order-factory.js';
export { EmaCrossBracket, EmaCrossBracketParams } from './strategy/examples/ema-cross-bracket.js';

// Exact decimals.
export { Decimal, Price, Quantity, Money } from './core/decimal.js';

// Orders, positions and the cache's queries over them.
export { Order } from './model/order.js';
export type { OrderSnapshot } from './model/order.js';
export { Position } from './model/position.js';
export type { PositionSnapshot } from './model/position.js';
export type { OrderList } from './cache/index.js';
export type { Instrument } from './model/instruments.js';

// Events, commands, reports and market data, as types. The unions a handler names are flat; each single
// event or command is reached through its namespace (`Events.OrderFilled`, `Commands.SubmitOrder`).
export type { OrderEvent, PositionEvent } from './model/events.js';
export type * as Events from './model/events.js';
export type * as Commands from './model/commands.js'; // the command union is `Commands.TradingCommand`
export type { OrderStatusReport, FillReport, PositionStatusReport, ExecutionMassStatus } from './model/reports.js';
export type { QuoteTick, TradeTick, Bar, MarketData } from './model/market-data.js';

// Enumerations (plain strings at the API).
export type {
  OrderSide, OrderType, TimeInForce, OrderStatus, OmsType, ContingencyType, LiquiditySide, PositionSide,
} from './model/enums.js';

// Configuration: the zod schemas (with defaults) and their types.
export { LiveExecEngineConfigSchema } from './config/live-exec-engine-config.js';
export type { LiveExecEngineConfig, LiveExecEngineConfigInput } from './config/live-exec-engine-config.js';
export { RiskEngineConfigSchema } from './config/risk-engine-config.js';
export type { RiskEngineConfig, RiskEngineConfigInput } from './config/risk-engine-config.js';
export { StrategyConfigSchema } from './config/strategy-config.js';
export type { StrategyConfig, StrategyConfigInput } from './config/strategy-config.js';
export { TradingNodeConfigSchema, VenueConfigSchema, PersistenceConfigSchema } from './config/trading-node-config.js';
export type {
  TradingNodeConfig, TradingNodeConfigInput, VenueConfig, PersistenceConfig, ShutdownPolicy,
} from './config/trading-node-config.js';

// Research: the same strategies over recorded data (plain-data results; the kernel renders them).
export { backtest } from '../backtest/index.js';
export type * as Backtests from './backtest-types.js';

// Results the user inspects (plain data; the kernel renders them).
export type * as Portfolios from './portfolio-types.js';
export type { ReconciliationResult } from './execution/reconciliation-result.js';
export type { ContingentOrderTree } from './execution/order-tree/types.js';
export type { ConfigChange, ConfigSource, ConfigKeyInfo } from './config/config-change.js';

// A deployed node's journal, read back (what `keel node status` shows).
export { openJournal } from './persistence/open-journal.js';
export type { JournalView } from './persistence/open-journal.js';

// Errors are data with a stable code.
export { EngineError, isEngineError } from './core/errors.js';
export type { ErrorCode } from './core/error-codes.js';

// Time and logs.
export type { Clock } from './core/clock.js';
export { LiveClock } from './core/live-clock.js';
export { TestClock } from './core/test-clock.js';
export type { Logger, LogLevel } from './core/logger.js';
export { JsonLinesLogger, MemoryLogger } from './core/logger.js';
