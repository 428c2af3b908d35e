/** Backtest: the live strategy classes over recorded data, in-process and deterministic (see runner.ts). */
export { backtest } from './runner.js';
