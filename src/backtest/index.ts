/** Backtest: the live strategy classes over recorded data, in-process and deterministic (see runner.ts). */
import { exportResult } from './export.js';
import { backtest as run } from './runner.js';
import { sweep } from './sweep.js';

/**
 * `backtest(strategies, options)`, `backtest.sweep(StrategyClass, { grid, ... })` across worker threads,
 * and `backtest.export(result, { dir, format })` (CSV/Parquet + statistics JSON). Properties rather than
 * names of their own: the `keel` entry is capped.
 */
export const backtest: typeof run & { readonly sweep: typeof sweep; readonly export: typeof exportResult } = Object.assign(run, { sweep, export: exportResult });
export type { SweepOptions, SweepOutcome } from './sweep.js';
export type { ExportFormat, ExportOptions, ExportedFiles } from './export.js';
