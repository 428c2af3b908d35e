import { defineMachine, type TransitionTable } from '../core/fsm.js';

export type StrategyState = 'READY' | 'RUNNING' | 'STOPPED' | 'DISPOSED';
export type StrategyAction = 'start' | 'stop' | 'reset' | 'dispose';

/** The strategy lifecycle as a transition table: (state, action) → next state; any other pair is an error. */
export const STRATEGY_STATE_TABLE: TransitionTable<StrategyState, StrategyAction> = {
  READY: { start: 'RUNNING', reset: 'READY', dispose: 'DISPOSED' },
  RUNNING: { stop: 'STOPPED' },
  STOPPED: { start: 'RUNNING', reset: 'READY', dispose: 'DISPOSED' },
  DISPOSED: {},
};

const STRATEGY_MACHINE = defineMachine('strategy', STRATEGY_STATE_TABLE);

export function nextStrategyState(from: StrategyState, action: StrategyAction, strategyId: string): StrategyState {
  return STRATEGY_MACHINE.next(from, action, { subject: strategyId, received: `${action} in state ${from}`, details: { strategyId } });
}
