/**
 * The evaluator contract shared by the terminal REPL and the Jupyter kernel: TypeScript cells in,
 * values out, state kept across cells.
 */
export interface CellResult {
  /** The value of the cell's last expression (undefined when it has none). */
  readonly value: unknown;
  /** False when the cell ended in a declaration or statement (nothing to show). */
  readonly hasValue: boolean;
  /** Names the cell declared at top level (const/let/var/function/class/import bindings). */
  readonly declared: readonly string[];
}

export type Completeness = 'complete' | 'incomplete' | 'invalid';

export interface Completion {
  readonly matches: readonly string[];
  readonly cursorStart: number;
  readonly cursorEnd: number;
}

export interface EvaluateOptions {
  /** Aborting it interrupts the cell: a stuck `await` is abandoned, a microtask spin stops at its next `await`. */
  readonly signal?: AbortSignal;
  /**
   * Called before the cell settles when it held the event loop for 1 s or more, with the evaluator's name
   * for it (`cell-7`, as in its stack frames) and the longest stretch in ms.
   */
  readonly onLoopHeld?: (held: { readonly cell: string; readonly heldMs: number }) => void;
}

export interface Evaluator {
  /** Run one cell. Rejects with the cell's own error (syntax errors carry the line). */
  evaluate(code: string, options?: EvaluateOptions): Promise<CellResult>;
  isComplete(code: string): Completeness;
  complete(code: string, cursorPos: number): Completion;
  /** Documentation for the name under the cursor, if known. */
  inspect(code: string, cursorPos: number): string | null;
  /** Put a value in scope for later cells (e.g. `node`, `venue`, `keel`). */
  setGlobal(name: string, value: unknown): void;
  getGlobal(name: string): unknown;
}
