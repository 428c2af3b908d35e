import { describe, expect, it } from 'vitest';
import { MessageBus } from '../../../../src/engine/bus/message-bus.js';
import { Cache } from '../../../../src/engine/cache/cache.js';
import { LiveExecEngineConfigSchema } from '../../../../src/engine/config/live-exec-engine-config.js';
import { MemoryLogger } from '../../../../src/engine/core/logger.js';
import { TestClock } from '../../../../src/engine/core/test-clock.js';
import type { ExecutionClientSink } from '../../../../src/engine/execution/client.js';
import { ExecutionEngine } from '../../../../src/engine/execution/execution-engine.js';
import { LiveExecutionEngine } from '../../../../src/engine/execution/live/live-execution-engine.js';
import { orderInitialized } from '../../../../src/engine/model/event-factory.js';
import { InstrumentProvider } from '../../../../src/engine/model/instruments.js';
import { StubExecutionClient } from '../stub-execution-client.js';

/** A stub venue that remembers every sink installed on it. */
class SinkCountingClient extends StubExecutionClient {
  readonly sinks: ExecutionClientSink[] = [];
  override setSink(sink: ExecutionClientSink): void {
    this.sinks.push(sink);
    super.setSink(sink);
  }
}

/** The node's wiring of the two engines, with queue drains run by hand so the queue can be seen holding an event. */
function wiring() {
  const clock = new TestClock(0n);
  const logger = new MemoryLogger(clock);
  const cache = new Cache();
  const bus = new MessageBus(logger);
  const instruments = new InstrumentProvider();
  const core = new ExecutionEngine({ traderId: 'TRADER-001', clock, cache, bus, instruments, logger });
  const drains: Array<() => void> = [];
  const live = new LiveExecutionEngine({
    clock, logger, config: LiveExecEngineConfigSchema.parse({}), core, cache, traderId: 'TRADER-001', instruments,
    claims: () => new Map(), schedule: (run) => { drains.push(run); },
  });
  /** Run the drains scheduled so far (not those they schedule in turn). */
  const runDrains = (): void => { for (const run of drains.splice(0)) run(); };
  return { clock, cache, core, live, runDrains };
}

describe('one owner of the venue clients', () => {
  it('installs exactly one sink per client, the live engine\'s, and venue events reach the core through its event queue', () => {
    const w = wiring();
    const venue = new SinkCountingClient('SIM', 'NETTING', w.clock);
    w.live.registerClient(venue);
    w.live.attachToCore(); // after login: the core learns where to route and the venue's OMS

    expect(venue.sinks).toHaveLength(1);
    expect(w.core.client('SIM')).toBe(venue);

    const init = orderInitialized({ traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1',
      side: 'BUY', orderType: 'MARKET', quantity: '100', tsInit: 0n });
    w.live.execute({ type: 'SubmitOrder', commandId: 'C-1', traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM',
      clientOrderId: 'O-1', order: init, tsInit: 0n });
    w.runDrains(); // the command goes out; the stub venue answers OrderAccepted at once, through the sink

    // The answer waits in the event queue: the core has not seen it yet.
    expect([w.live.eventQueue.size, w.cache.order('O-1')?.status]).toEqual([1, 'SUBMITTED']);
    w.runDrains();
    expect([w.live.eventQueue.size, w.live.eventQueue.processed, w.cache.order('O-1')?.status]).toEqual([0, 1, 'ACCEPTED']);
    expect(venue.sinks).toHaveLength(1);
  });

  it('the core alone installs no sink: it routes commands to a registered client and nothing more', () => {
    const w = wiring();
    const venue = new SinkCountingClient('SIM', 'NETTING', w.clock);
    w.core.registerClient(venue);
    expect([venue.sinks.length, w.core.client('SIM') === venue]).toEqual([0, true]);
  });
});
