/** Backtest: the live strategy classes over recorded data, in-process and deterministic (see runner.ts). */
import { backtest as run } from './runner.js';
import { sweep } from './sweep.js';

/** `backtest(strategies, options)`, and `backtest.sweep(StrategyClass, { grid, ... })` across worker threads. */
export const backtest: typeof run & { readonly sweep: typeof sweep } = Object.assign(run, { sweep });
export type { SweepOptions, SweepOutcome } from './sweep.js';
