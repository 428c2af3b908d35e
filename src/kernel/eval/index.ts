/** The cell evaluator: one per process, shared by the terminal REPL and the Jupyter kernel. */
export { createEvaluator } from './evaluator.js';
export type { EvaluatorOptions } from './evaluator.js';
export { EvalInterruptedError, EvalSyntaxError } from './errors.js';
export { DOC_SYMBOL } from './completion.js';
export type { CellResult, Completeness, Completion, EvaluateOptions, Evaluator } from './types.js';
export { LOOP_HELD_WARN_MS, loopHeldWarning } from './loop-watch.js';
