/** Strategies: the base class, its seam to the node, orders and order trees. */
export { Strategy } from './strategy.js';
export type { StrategyConfig as StrategyConstructorConfig } from './strategy.js';
export type { StrategyContext, StrategyCacheView, InstrumentLookup, StrategyLogger, ClaimsRegistryLike, OrderListRef, Unsubscribe } from './context.js';
export type { HookError } from './hook-errors.js';
export { OrderFactory } from './order-factory.js';
export type { OrderArgs, BracketArgs } from './order-factory.js';
export { OrderManager } from './order-manager.js';
export { GtdManager, gtdTimerName, GTD_TIMER_PREFIX, GTD_RETRY_DELAY_NS } from './gtd-manager.js';
export { StrategyClock } from './strategy-clock.js';
export { STRATEGY_STATE_TABLE } from './strategy-state.js';
export type { StrategyState, StrategyAction } from './strategy-state.js';
export { StrategyRegistry } from './strategy-registry.js';
export { ExternalOrderClaims } from './claims.js';
export { buildOrderTree } from '../execution/order-tree/build.js';
export { EmaCrossBracket, EmaCrossBracketParams, Ema } from './examples/ema-cross-bracket.js';
