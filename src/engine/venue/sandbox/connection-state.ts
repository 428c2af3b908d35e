import { defineMachine, movesTo } from '../../core/fsm.js';
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

const CONNECTION_MACHINE = defineMachine('connection', movesTo(TRANSITIONS));

export function nextConnectionState(from: ConnectionState, to: ConnectionState): ConnectionState {
  return CONNECTION_MACHINE.next(from, to);
}
