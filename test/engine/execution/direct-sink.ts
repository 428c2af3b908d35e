import type { ExecutionClientSink } from '../../../src/engine/execution/client.js';
import type { ExecutionEngine } from '../../../src/engine/execution/execution-engine.js';

/**
 * The core engine's tests (and its benchmark) run without the live engine, the clients' owner in a
 * node: this sink hands venue events straight to the core, synchronously, and ignores reports.
 */
export function directSink(core: Pick<ExecutionEngine, 'processVenueEvent'>): ExecutionClientSink {
  return {
    onOrderEvent: (event) => core.processVenueEvent(event),
    onOrderStatusReport: () => {},
    onFillReport: () => {},
    onPositionStatusReport: () => {},
    onConnectionState: () => {},
  };
}
