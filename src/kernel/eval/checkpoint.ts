/**
 * The await checkpoint: every `await x` written in a cell runs as `await __keelAwait(x, 'cell-N')`
 * (transform.ts), so a cell can be interrupted even while it spins on microtasks.
 *
 * Why a checkpoint: `for (;;) await Promise.resolve()` never lets the event loop turn, so no SIGINT
 * listener, no zeromq interrupt_request and no abort race can run (breakOnSigint only covers a script's
 * synchronous part). Signals reach node's main thread only (a worker's `process.on('SIGINT')` never fires),
 * and V8's TerminateExecution through the inspector drops every pending microtask of the process, the
 * engine's included. A checkpoint is plain JavaScript: when the event loop has not turned for
 * `STARVED_MS`, it makes the cell wait one turn (setImmediate), in which signals and sockets are served;
 * once the cell's signal is aborted it rejects, which ends the loop at its next `await`.
 *
 * Limits: only awaits written in cells are checkpoints (a spin inside an imported module is not), and a
 * cell that catches the interrupt and spins on is only stopped from starving the loop.
 */
import { performance } from 'node:perf_hooks';
import { EvalInterruptedError } from './errors.js';

/** The global name the rewritten cells call; double underscore keeps it out of the user's names. */
export const CHECKPOINT_NAME = '__keelAwait';

/** Longest stretch of microtasks a cell may run before it must let the event loop turn. */
export const STARVED_MS = 50;

interface ActiveCell {
  readonly name: string;
  readonly signal: AbortSignal | undefined;
}

/** The cell evaluated last: its checkpoints stop once its signal aborts, until another cell starts. */
let active: ActiveCell | undefined;
/** A setImmediate is pending since `sliceStart`: the loop has not turned since then. */
let turnPending = false;
let sliceStart = 0;
/** Reading the clock is most of a checkpoint's cost: a spin reads it every CLOCK_EVERY awaits only. */
const CLOCK_EVERY = 64;
let sinceClock = 0;

/**
 * Global slots shared with code a cell calls (keel's backtest reads the cell's signal and says it will
 * answer an interrupt with a result): symbols, not imports, as for the display hook.
 */
const CELL_SIGNAL = Symbol.for('keel.cell.signal');
const CELL_SETTLING = Symbol.for('keel.cell.settling');

export function setActiveCell(name: string, signal: AbortSignal | undefined): void {
  active = { name, signal };
  (globalThis as unknown as Record<symbol, unknown>)[CELL_SIGNAL] = signal;
}

/** Work that answers an interrupt with a result (a backtest returns what ran) is running in a cell. */
export function settlingWork(): boolean {
  const n = (globalThis as unknown as Record<symbol, unknown>)[CELL_SETTLING];
  return typeof n === 'number' && n > 0;
}

function interrupted(cell: string): boolean {
  return active !== undefined && active.name === cell && active.signal?.aborted === true;
}

/** Marks a promise as handled: one given to an interrupted or delayed await must not be reported unhandled. */
function drop(value: unknown): void {
  if (value instanceof Promise) value.catch(() => undefined);
}

function checkpoint(value: unknown, cell: string): unknown {
  if (!turnPending) {
    turnPending = true;
    sliceStart = performance.now();
    sinceClock = 0;
    setImmediate(() => {
      turnPending = false;
    });
  } else if (++sinceClock >= CLOCK_EVERY && (sinceClock = 0, performance.now() - sliceStart > STARVED_MS)) {
    // The loop is starved: wait for the turn already scheduled (its signals and sockets run first).
    // A rejected promise held over that turn would be reported unhandled meanwhile: it is handled here,
    // and still rejects the await it is handed to.
    drop(value);
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        if (interrupted(cell)) {
          reject(new EvalInterruptedError('abort'));
        } else {
          resolve(value);
        }
      });
    });
  }
  if (interrupted(cell)) {
    drop(value);
    return Promise.reject(new EvalInterruptedError('abort'));
  }
  return value;
}

/** Puts the checkpoint on `globalThis`, where cells (run in the host's global scope) find it. */
export function installCheckpoint(): void {
  const scope = globalThis as Record<string, unknown>;
  if (scope[CHECKPOINT_NAME] !== checkpoint) {
    Object.defineProperty(scope, CHECKPOINT_NAME, { value: checkpoint, writable: false, enumerable: false, configurable: true });
  }
}
