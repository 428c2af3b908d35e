import { EngineError } from '../core/errors.js';

export type StrategyState = 'READY' | 'RUNNING' | 'STOPPED' | 'DISPOSED';
export type StrategyAction = 'start' | 'stop' | 'reset' | 'dispose';

/** The strategy lifecycle as a transition table: (state, action) → next state; any other pair is an error. */
export const STRATEGY_STATE_TABLE: Readonly<Record<StrategyState, Partial<Record<StrategyAction, StrategyState>>>> = {
  READY: { start: 'RUNNING', reset: 'READY', dispose: 'DISPOSED' },
  RUNNING: { stop: 'STOPPED' },
  STOPPED: { start: 'RUNNING', reset: 'READY', dispose: 'DISPOSED' },
  DISPOSED: {},
};

export function nextStrategyState(from: StrategyState, action: StrategyAction, strategyId: string): StrategyState {
  const to = STRATEGY_STATE_TABLE[from][action];
  if (to === undefined) {
    const allowed = Object.keys(STRATEGY_STATE_TABLE[from]);
    throw new EngineError(
      'STRATEGY_STATE_INVALID',
      `${strategyId}: cannot ${action} in state ${from}; expected one of [${allowed.join(', ')}] there`,
      { strategyId, state: from, action, allowed },
    );
  }
  return to;
}
