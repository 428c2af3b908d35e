import { performance } from 'node:perf_hooks';
import { bench, describe } from 'vitest';
import { TestClock } from '../src/engine/index.js';
import { Cache } from '../src/engine/cache/index.js';
import { ExecutionEngine } from '../src/engine/execution/execution-engine.js';
import { InstrumentProvider } from '../src/engine/model/instruments.js';
import { MessageBus, topics } from '../src/engine/bus/index.js';
import { RiskEngine } from '../src/engine/risk/index.js';
import * as events from '../src/engine/model/event-factory.js';
import type { OrderSide } from '../src/engine/index.js';
import type { SubmitOrder } from '../src/engine/model/commands.js';
import { StubExecutionClient } from '../test/engine/execution/stub-execution-client.js';
import { directSink } from '../test/engine/execution/direct-sink.js';

/**
 * Engine throughput: one lifecycle = SubmitOrder → risk checks → execution engine (OrderSubmitted) →
 * stub venue accepts synchronously → venue fill → order FILLED → NETTING position changes, with order
 * and position events published on the bus to one subscriber. Sides alternate so the position stays small.
 * Besides vitest's hz, logs `lifecycles/s: N`.  Run: npx vitest bench --run bench/engine.bench.ts
 */
function setup() {
  const clock = new TestClock(0n);
  const bus = new MessageBus();
  const cache = new Cache();
  const instruments = new InstrumentProvider();
  const engine = new ExecutionEngine({ traderId: 'TRADER-001', clock, cache, bus, instruments });
  // 1 ms per lifecycle below keeps ~1000 submits in the window: well under the limit, but checked each time.
  const risk = new RiskEngine({ clock, instruments, target: engine, config: { maxOrderSubmitRate: '10000/00:00:01',
    maxNotionalPerOrder: { 'AUDUSD.SIM': '10000000' } } });
  const venue = new StubExecutionClient('SIM', 'NETTING', clock);
  engine.registerClient(venue);
  venue.setSink(directSink(engine));
  engine.registerStrategy('B-001', { omsType: 'NETTING' });
  let received = 0;
  bus.subscribe(topics.orderEvents('B-001'), () => { received += 1; });
  bus.subscribe(topics.positionEvents('B-001'), () => { received += 1; });
  let n = 0;

  return function lifecycle(): number {
    n += 1;
    clock.setTime(clock.timestampNs() + 1_000_000n);
    const side: OrderSide = n % 2 === 0 ? 'SELL' : 'BUY';
    const order = events.orderInitialized({ traderId: 'TRADER-001', strategyId: 'B-001', instrumentId: 'AUDUSD.SIM',
      clientOrderId: `O-${n}`, side, orderType: 'LIMIT', quantity: '100000', price: '1.00010', tsInit: clock.timestampNs() });
    const command: SubmitOrder = { type: 'SubmitOrder', commandId: `C-${n}`, traderId: 'TRADER-001', strategyId: 'B-001',
      instrumentId: 'AUDUSD.SIM', clientOrderId: order.clientOrderId, order, tsInit: clock.timestampNs() };
    risk.execute(command);
    venue.fill({ clientOrderId: order.clientOrderId, instrumentId: 'AUDUSD.SIM', side, type: 'LIMIT' }, '100000', '1.00010');
    if (cache.order(order.clientOrderId)?.status !== 'FILLED' || received === 0) throw new Error('lifecycle did not complete');
    return 1;
  };
}

function measure(label: string, run: () => number, ms = 500): void {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ms) count += run();
  console.log(`${label}: ${Math.round((count * 1000) / (performance.now() - start))}`);
}

describe('engine lifecycle', () => {
  measure('lifecycles/s (submit → risk → engine → accept → fill → position)', setup());
  const lifecycle = setup();
  bench('one lifecycle (submit → risk → engine → accept → fill → position)', () => {
    lifecycle();
  });
});
