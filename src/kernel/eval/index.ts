/** The cell evaluator: one per process, shared by the terminal REPL and the Jupyter kernel. */
export { createEvaluator } from './evaluator.js';
export type { EvaluatorOptions } from './evaluator.js';
export { EvalInterruptedError, EvalSyntaxError } from './errors.js';
export { DOC_SYMBOL } from './completion.js';
export type { CellResult, Completeness, Completion, Evaluator } from './types.js';
