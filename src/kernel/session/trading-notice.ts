/**
 * Says loudly, in the session's log (which the REPL prints above its prompt and a notebook shows), when
 * the loss circuit breaker moved the node's trading state. A node in this process logs its own line
 * (the breaker's error, through the session's logger); a node in another process logs to its folder, so
 * the session watches its config changes (the mirror republishes them) for the ones made by the breaker.
 */
import { topics } from '../../engine/bus/index.js';
import type { ConfigChange } from '../../engine/index.js';
import type { LiveBus } from '../live/index.js';
import type { SessionLog } from './session-log.js';

/** The notice line for a change made by the circuit breaker (undefined for any other change). */
export function circuitBreakerNotice(change: ConfigChange): string | undefined {
  if (change.target !== 'tradingState' || change.source !== 'circuit-breaker') return undefined;
  const state = change.changes.find((c) => c.key === 'tradingState');
  const reason = change.changes.find((c) => c.key === 'reason')?.after;
  const move = state === undefined ? 'trading state changed' : `trading state ${String(state.before)} -> ${String(state.after)}`;
  return `LOSS CIRCUIT BREAKER TRIPPED: ${move}${reason === undefined ? '' : ` (${String(reason)})`}; node.resume() trades again`;
}

/** Watch `bus` for circuit-breaker changes and log each as an error; returns the undo. */
export function watchCircuitBreaker(bus: LiveBus, log: Pick<SessionLog, 'error'>): () => void {
  return bus.subscribe(topics.configChanges, (message) => {
    const line = circuitBreakerNotice(message as ConfigChange);
    if (line !== undefined) log.error(line, { changeId: (message as ConfigChange).changeId });
  });
}
