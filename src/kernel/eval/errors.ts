/**
 * Evaluator errors are `EngineError`s (stable codes) so the REPL and the Jupyter kernel render them like
 * any engine error; the fields say where the cell went wrong.
 */
import { EngineError } from '../../engine/index.js';

/** The cell does not parse; `line`/`column` are 1-based positions in the cell as typed. */
export class EvalSyntaxError extends EngineError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly cell: string,
  ) {
    super('EVAL_SYNTAX_ERROR', `${cell}:${line}:${column}: expected valid TypeScript, received a syntax error: ${reason}`, {
      line,
      column,
      cell,
      reason,
    });
  }
}

/** The cell was stopped: an aborted signal (stuck `await`) or SIGINT (synchronous loop). */
export class EvalInterruptedError extends EngineError {
  constructor(readonly how: 'abort' | 'sigint') {
    super('EVAL_INTERRUPTED', `expected the cell to finish, received an interrupt (${how === 'abort' ? 'abort signal' : 'SIGINT'})`, { how });
  }
}
