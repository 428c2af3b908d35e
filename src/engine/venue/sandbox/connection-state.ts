import { EngineError } from '../../core/errors.js';
import type { ConnectionState } from '../../execution/client.js';

/**
 * The connection lifecycle as a transition table: an unknown pair is a bug, reported with a code.
 * RECONNECTING covers every attempt after a drop (there is no CONNECTING in between), so the engine sees
 * one RECONNECTING → CONNECTED pair per outage.
 */
const TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  DISCONNECTED: ['CONNECTING', 'CLOSED'],
  CONNECTING: ['CONNECTED', 'DISCONNECTED', 'CLOSED'],
  CONNECTED: ['RECONNECTING', 'DISCONNECTED', 'CLOSED'],
  RECONNECTING: ['CONNECTED', 'DISCONNECTED', 'CLOSED'],
  CLOSED: ['CONNECTING', 'CLOSED'],
};

export function nextConnectionState(from: ConnectionState, to: ConnectionState): ConnectionState {
  if (!TRANSITIONS[from].includes(to)) {
    throw new EngineError('CONNECTION_TRANSITION_INVALID', `connection state ${from}: expected a move to ${TRANSITIONS[from].join(' or ')}, received ${to}`, {
      from,
      to,
    });
  }
  return to;
}
