import { MessageBus } from '../../../src/engine/bus/message-bus.js';
import { topics } from '../../../src/engine/bus/switchboard.js';
import { Cache } from '../../../src/engine/cache/cache.js';
import { MemoryLogger } from '../../../src/engine/core/logger.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { ExecutionEngine } from '../../../src/engine/execution/execution-engine.js';
import type { SubmitOrder, SubmitOrderList } from '../../../src/engine/model/commands.js';
import type { OmsType, OrderSide, OrderType } from '../../../src/engine/model/enums.js';
import type { OrderEvent, OrderInitialized, PositionEvent } from '../../../src/engine/model/events.js';
import { orderInitialized, type OrderInitArgs } from '../../../src/engine/model/event-factory.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { RiskEngine } from '../../../src/engine/risk/risk-engine.js';
import { netOf } from '../../../src/engine/risk/trading-state.js';
import type { RiskEngineConfigInput } from '../../../src/engine/config/risk-engine-config.js';
import { StubExecutionClient } from './stub-execution-client.js';
import { directSink } from './direct-sink.js';

export const TRADER = 'TRADER-001';
export const STRATEGY = 'S-001';

export interface HarnessOptions {
  readonly strategyOms?: OmsType;
  readonly venueOms?: OmsType;
  readonly allowOverfills?: boolean;
  readonly risk?: RiskEngineConfigInput;
}

/** Clock at the epoch, cache, bus, engines and a stub SIM venue, with every published event recorded. */
export function harness(options: HarnessOptions = {}) {
  const clock = new TestClock(0n);
  const log = new MemoryLogger(clock);
  const bus = new MessageBus(log);
  const cache = new Cache();
  const instruments = new InstrumentProvider();
  const engine = new ExecutionEngine({ traderId: TRADER, clock, cache, bus, instruments, logger: log, ...(options.allowOverfills !== undefined ? { allowOverfills: options.allowOverfills } : {}) });
  const risk = new RiskEngine({ clock, instruments, target: engine, logger: log, ...(options.risk !== undefined ? { config: options.risk } : {}),
    referencePrice: (id, side) => { const q = cache.quote(id); return q && (side === 'BUY' ? q.ask : q.bid); },
    netPosition: (id) => netOf(cache.positionsOpen({ instrumentId: id })) });
  const venue = new StubExecutionClient('SIM', options.venueOms ?? 'NETTING', clock);
  engine.registerClient(venue);
  venue.setSink(directSink(engine));
  engine.registerStrategy(STRATEGY, { omsType: options.strategyOms ?? 'UNSPECIFIED' });
  const orderEvents: OrderEvent[] = [];
  const positionEvents: PositionEvent[] = [];
  bus.subscribe<OrderEvent>(topics.orderEvents(STRATEGY), (e) => orderEvents.push(e));
  bus.subscribe<PositionEvent>(topics.positionEvents(STRATEGY), (e) => positionEvents.push(e));
  let n = 0;

  const init = (side: OrderSide, quantity: string, more: Partial<OrderInitArgs> = {}): OrderInitialized =>
    orderInitialized({
      traderId: TRADER, strategyId: STRATEGY, instrumentId: 'AUDUSD.SIM', clientOrderId: `O-${++n}`, side,
      orderType: (more.orderType ?? 'MARKET') as OrderType, quantity, tsInit: clock.timestampNs(), ...more,
    });

  const submitCommand = (order: OrderInitialized, positionId?: string): SubmitOrder => ({
    type: 'SubmitOrder', commandId: `C-${order.clientOrderId}`, traderId: TRADER, strategyId: STRATEGY,
    instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, order, tsInit: clock.timestampNs(),
    ...(positionId !== undefined ? { positionId } : {}),
  });

  /** Submit through risk → engine → venue (accepts at once). */
  const submit = (order: OrderInitialized, positionId?: string) => {
    risk.execute(submitCommand(order, positionId));
    return cache.order(order.clientOrderId);
  };

  const submitList = (orderListId: string, orders: OrderInitialized[]) => {
    const command: SubmitOrderList = { type: 'SubmitOrderList', commandId: `C-${orderListId}`, traderId: TRADER, strategyId: STRATEGY,
      instrumentId: orders[0]!.instrumentId, orderListId, orders, tsInit: clock.timestampNs() };
    risk.execute(command);
  };

  /** Submit a MARKET order and fill it completely at `px`. */
  const trade = (side: OrderSide, qty: string, px = '1.00000', positionId?: string, more: Partial<OrderInitArgs> = {}) => {
    const i = init(side, qty, more);
    submit(i, positionId);
    venue.fill({ ...i, type: i.orderType }, qty, px);
    return cache.order(i.clientOrderId)!;
  };

  return { clock, log, bus, cache, instruments, engine, risk, venue, orderEvents, positionEvents, init, submitCommand, submit, submitList, trade };
}
