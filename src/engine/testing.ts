/**
 * `keel/testing`: what a user's own tests need to drive the engine without a venue or wall time: a clock
 * they advance, builders for every event, in-memory persistence and logs, and the client interfaces a stub
 * venue implements.
 */
export { TestClock } from './core/test-clock.js';
export type { Clock, TimeEvent, TimeEventHandler } from './core/clock.js';
/** Event builders: `events.orderSubmitted(order, ts)`, `events.orderFilled(order, {...}, ts)`, `events.positionEvent(position, ts)`. */
export * as events from './model/event-factory.js';
export type { OrderRef, EventMeta, OrderInitArgs, UpdateArgs, FillArgs } from './model/event-factory.js';
export { MemoryPersistence } from './persistence/memory-persistence.js';
export type { Persistence } from './persistence/persistence.js';
// The Redis backend read directly (a test's or a dashboard's view of a trader id's state and streams).
export { RedisPersistence } from './persistence/redis-persistence.js';
export { openRedisView } from './persistence/redis-view.js';
export type { RedisView } from './persistence/redis-view.js';
export { redisKeys } from './persistence/redis-layout.js';
export { MemoryLogger, noopLogger } from './core/logger.js';
export type { LogEntry } from './core/logger.js';
// A stub venue implements these (the sandbox client is the real one); the node takes it through its options.
export type { ExecutionClient, ExecutionClientSink, MarketDataClient, MarketDataSink, VenueOrderEvent } from './execution/client.js';
