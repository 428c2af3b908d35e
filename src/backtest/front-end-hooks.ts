import type { BacktestProgress } from './backtest-options.js';

/**
 * What a front end (keel's REPL, its Jupyter kernel) lends a backtest that a cell starts, through global
 * slots rather than imports (a notebook may load a second copy of keel; the kernel writes them: eval/checkpoint.ts,
 * display/progress-display.ts): the cell's interrupt signal,
 * a progress display, and a count of runs that answer an interrupt with a result (the evaluator then
 * waits briefly for that result instead of dropping it).
 */
const SIGNAL = Symbol.for('keel.cell.signal');
const PROGRESS = Symbol.for('keel.backtest.progress');
const SETTLING = Symbol.for('keel.cell.settling');

type Slots = Record<symbol, unknown>;
const slots = globalThis as unknown as Slots;

/** A progress display for one run: updated while it runs, finished once. */
export interface ProgressDisplay {
  update(p: BacktestProgress): void;
  finish(p: BacktestProgress): void;
}
export type ProgressDisplayFactory = (title: string) => ProgressDisplay;

/** The signal of the cell now running (the evaluator sets it), when there is one. */
export function cellSignal(): AbortSignal | undefined {
  const s = slots[SIGNAL];
  return s instanceof AbortSignal ? s : undefined;
}


/** The front end's progress display, if it installed one. */
export function progressDisplayFactory(): ProgressDisplayFactory | undefined {
  const f = slots[PROGRESS];
  return typeof f === 'function' ? (f as ProgressDisplayFactory) : undefined;
}


/** Runs now in progress that return a partial result when the cell is interrupted. */
export function settlingRuns(): number {
  const n = slots[SETTLING];
  return typeof n === 'number' ? n : 0;
}

/** Mark a run that settles on interrupt for its duration; returns the function that unmarks it. */
export function markSettling(): () => void {
  slots[SETTLING] = settlingRuns() + 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    slots[SETTLING] = Math.max(0, settlingRuns() - 1);
  };
}
