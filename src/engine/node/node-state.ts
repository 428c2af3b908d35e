import { defineMachine, movesTo } from '../core/fsm.js';

/**
 * The TradingNode's lifecycle as a transition table (DESIGN house rule 1). DEGRADED: running, but a
 * start-up reconciliation failed or a venue is down; strategies were not started (or keep running on
 * reconnect) and `node.stateReason` says why.
 */
export const NODE_STATES = ['INITIALIZED', 'STARTING', 'RUNNING', 'DEGRADED', 'STOPPING', 'STOPPED', 'DISPOSED'] as const;
export type NodeState = (typeof NODE_STATES)[number];

export const NODE_STATE_TABLE: Readonly<Record<NodeState, readonly NodeState[]>> = {
  INITIALIZED: ['STARTING', 'DISPOSED'],
  STARTING: ['RUNNING', 'DEGRADED', 'STOPPING', 'STOPPED'],
  RUNNING: ['DEGRADED', 'STOPPING'],
  // A failed start may be retried once the cause is fixed (start() again).
  DEGRADED: ['STARTING', 'RUNNING', 'STOPPING'],
  STOPPING: ['STOPPED'],
  STOPPED: ['STARTING', 'DISPOSED'],
  DISPOSED: [],
};

const NODE_MACHINE = defineMachine('node', movesTo(NODE_STATE_TABLE));

export class NodeStateMachine {
  private current: NodeState = 'INITIALIZED';
  private why: string | undefined;

  get state(): NodeState {
    return this.current;
  }
  get reason(): string | undefined {
    return this.why;
  }

  can(to: NodeState): boolean {
    return NODE_MACHINE.can(this.current, to);
  }

  to(next: NodeState, reason?: string): void {
    this.current = NODE_MACHINE.next(this.current, next, { subject: 'TradingNode' });
    this.why = reason;
  }
}
