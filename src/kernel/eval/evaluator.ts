/**
 * The TypeScript cell evaluator shared by the terminal REPL and the Jupyter kernel.
 *
 * Cells run with `vm.Script#runInThisContext`, in the host's own global scope and module graph, so an
 * engine object made in a cell is the same class the host (and `keel` imported in a cell) knows. State
 * across cells lives on `globalThis` (see transform.ts); like node's REPL, one evaluator per process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { installCheckpoint, setActiveCell, settlingWork } from './checkpoint.js';
import { checkCompleteness } from './completeness.js';
import { completeAt, inspectAt } from './completion.js';
import { EvalInterruptedError, EvalSyntaxError } from './errors.js';
import { keelEntryUrl } from './keel-entries.js';
import { watchLoop } from './loop-watch.js';
import { transformCell } from './transform.js';
import type { CellResult, Completeness, Completion, EvaluateOptions, Evaluator } from './types.js';

export interface EvaluatorOptions {
  /** Imports in cells (relative paths, bare packages, `import()`) resolve from this folder (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Values put in scope before the first cell (e.g. `node`, `venue`). */
  readonly globals?: Record<string, unknown>;
}

const TSX_REGISTERED = Symbol.for('keel.eval.tsxRegistered');

/**
 * Cells (and `keel node`'s strategy files) import the project's `.ts` sources through node's own loader, so
 * tsx's hooks must be on it. Exported for other hosts that load `.ts` at run time.
 */
export async function ensureTypeScriptLoader(): Promise<void> {
  await typeScriptLoaderPending();
}

/** undefined once the loader is in place (so a cell's synchronous start is kept), else its registration. */
function typeScriptLoaderPending(): Promise<void> | undefined {
  const flags = globalThis as { [TSX_REGISTERED]?: boolean | Promise<void> };
  const current = flags[TSX_REGISTERED];
  if (current === true) return undefined;
  if (current) return current;
  // Started with `--import tsx` (tests, benches): the hooks are already in place.
  const started = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ');
  if (/(^|[\s=])tsx(\/esm)?(\s|$)/.test(started) || /--import[= ]tsx/.test(started)) {
    flags[TSX_REGISTERED] = true;
    return undefined;
  }
  // Imported here, not at the top: loading tsx and registering it costs ~0.1 s, which a compiled start only
  // pays once a cell imports something. tsx's API, not `module.register('tsx/esm')` (refused on node 20),
  // and its ES build: the CommonJS build of tsx/esm/api looks for its loader at a path that does not exist.
  const registering = import('tsx/esm/api').then(({ register }) => {
    register();
    flags[TSX_REGISTERED] = true;
  });
  flags[TSX_REGISTERED] = registering;
  return registering;
}

/**
 * Only a cell that mentions `import` can reach a `.ts` file (a static import, `import()`, `import.meta`);
 * others run without the loader. A false positive (the word in a string) merely registers it early.
 */
const MAY_IMPORT = /\bimport\b/;

let cellCounter = 0;

export function createEvaluator(options: EvaluatorOptions = {}): Evaluator {
  const cwd = options.cwd ?? process.cwd();
  const scope = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(options.globals ?? {})) scope[name] = value;
  installCheckpoint();

  const resolve = (specifier: string): string => {
    // `keel` and its subpaths: the very modules the host loaded, so classes are shared.
    const entry = keelEntryUrl(specifier);
    if (entry !== undefined) return entry;
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return pathToFileURL(path.resolve(cwd, specifier)).href;
    }
    if (path.isAbsolute(specifier)) return pathToFileURL(specifier).href;
    return specifier;
  };

  return {
    async evaluate(code: string, evalOptions: EvaluateOptions = {}): Promise<CellResult> {
      const { signal, onLoopHeld } = evalOptions;
      if (signal?.aborted) throw new EvalInterruptedError('abort');
      if (MAY_IMPORT.test(code)) {
        const loading = typeScriptLoaderPending();
        if (loading) await loading;
      }
      const cellName = `cell-${++cellCounter}`;
      const { script, declared } = transformCell(code, cellName, resolve);
      setActiveCell(cellName, signal);
      const watch = watchLoop();
      try {
        const running = runScript(script, cellName, cwd) as Promise<{ value: unknown; hasValue: boolean }>;
        const outcome = await raceAbort(running, signal);
        // A cell whose value is a promise (a command to a node in its own process answers later) shows
        // the answer, or its error with its code, as `await` would: not `Promise { <pending> }` and an
        // unhandled rejection. Ctrl-C stops the waiting as for any cell.
        const value = isThenable(outcome.value) ? await raceAbort(Promise.resolve(outcome.value), signal) : outcome.value;
        return { value, hasValue: outcome.hasValue, declared };
      } finally {
        // Also for a cell that threw or was interrupted: a 3 s loop stopped by Ctrl-C held the node too.
        const heldMs = watch.stop();
        if (heldMs > 0) {
          try {
            onLoopHeld?.({ cell: cellName, heldMs });
          } catch {
            // A failing warning must not replace the cell's own outcome.
          }
        }
      }
    },
    isComplete(code: string): Completeness {
      return checkCompleteness(code);
    },
    complete(code: string, cursorPos: number): Completion {
      return completeAt(code, cursorPos);
    },
    inspect(code: string, cursorPos: number): string | null {
      return inspectAt(code, cursorPos);
    },
    setGlobal(name: string, value: unknown): void {
      scope[name] = value;
    },
    getGlobal(name: string): unknown {
      return scope[name];
    },
  };
}

function runScript(source: string, cellName: string, cwd: string): unknown {
  let script: vm.Script;
  try {
    script = new vm.Script(source, {
      // The file name is the referrer for `import()`: bare packages and relative paths written by the
      // user resolve from `cwd`, as if the cell were a file there.
      filename: path.join(cwd, `${cellName}.js`),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  } catch (error) {
    // TypeScript's parser accepted it but V8 did not (rare: e.g. strict-mode-only rules).
    if (error instanceof SyntaxError) {
      const at = /:(\d+)\n/.exec(error.stack ?? '');
      throw new EvalSyntaxError(error.message, Number(at?.[1] ?? 1), 1, cellName);
    }
    throw error;
  }
  try {
    // breakOnSigint: Ctrl-C stops a synchronous loop instead of killing the process.
    return script.runInThisContext({ breakOnSigint: true, displayErrors: false });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      throw new EvalInterruptedError('sigint');
    }
    throw error;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** How long an interrupted cell is waited for when it runs work that answers an interrupt with a result. */
export const SETTLE_GRACE_MS = 2000;

/**
 * A stuck `await` cannot be cancelled; the caller stops waiting for it and the cell is abandoned. Work
 * that answers the interrupt with a result (a backtest stops at its next data point and returns what
 * ran) is given SETTLE_GRACE_MS to do so: the cell then shows that result instead of an error.
 */
function raceAbort<T>(running: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return running;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (!settlingWork()) return reject(new EvalInterruptedError('abort'));
      setTimeout(() => reject(new EvalInterruptedError('abort')), SETTLE_GRACE_MS).unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
