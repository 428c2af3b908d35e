/**
 * Exit paths a session host can intercept, routed through the session's stop first.
 *
 * Cells run in the host's own global scope (eval/evaluator.ts), so a cell's `process.exit()` is the
 * host's: unguarded it ends the process at once, and the shutdown policy (cancels sent over a
 * WebSocket, answers awaited) never runs, leaving the nodes' orders working at the venue. The policy
 * is asynchronous and `process.exit` is not, so the guard replaces `process.exit` while a session is
 * live: the first call starts the session's stop, throws `SESSION_EXITING` to end the cell that
 * called it (code after an exit must not go on placing orders), and really exits with the code asked
 * for once the stop has finished (or after `timeoutMs`). SIGTERM and SIGHUP (a closed terminal) take
 * the same path. What no process can intercept (SIGKILL, running out of memory) is not covered here.
 */
import { EngineError } from '../../engine/index.js';

export interface ExitGuardOptions {
  /** Stops everything the session owns, each node by its shutdown policy; resolves when done. */
  stop(): Promise<void>;
  /** Told once, when an intercepted exit starts the stop. */
  say?(line: string): void;
  /** The longest the stop may take before the process exits anyway (default 20 s). */
  readonly timeoutMs?: number;
  /** Signals handled the same way (default SIGTERM, SIGHUP). */
  readonly signals?: readonly NodeJS.Signals[];
}

export interface ExitGuard {
  /** Put the real `process.exit` back (the host stopped the session itself and now leaves). */
  release(): void;
  /** Whether an intercepted exit is under way. */
  readonly exiting: boolean;
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export function guardProcessExit(options: ExitGuardOptions): ExitGuard {
  const realExit = process.exit.bind(process);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const signals = options.signals ?? ['SIGTERM', 'SIGHUP'];
  let stopping: Promise<void> | null = null;
  let released = false;

  const release = (): void => {
    if (released) return;
    released = true;
    process.exit = realExit;
    for (const s of signals) process.off(s, onSignal);
  };

  const stopThenExit = (code: number, cause: string): void => {
    if (stopping) return;
    options.say?.(`keel: ${cause}: stopping the session's nodes by their shutdown policies before exiting`);
    stopping = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        options.say?.(`keel: the session did not stop within ${timeoutMs} ms; exiting anyway`);
        resolve();
      }, timeoutMs);
      timer.unref();
      options.stop().catch((e: unknown) => options.say?.(`keel: stopping the session failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => { clearTimeout(timer); resolve(); });
    });
    void stopping.then(() => {
      release();
      realExit(code);
    });
  };

  const guardedExit = (code?: number | string | null): never => {
    if (released) return realExit(code ?? undefined);
    const n = code === undefined || code === null ? Number(process.exitCode ?? 0) : Number(code);
    stopThenExit(Number.isInteger(n) ? n : 1, `process.exit(${code ?? ''})`);
    throw new EngineError(
      'SESSION_EXITING',
      `process.exit(${code ?? ''}): the process exits once the session has stopped its nodes by their shutdown policies (working orders are not left behind); the rest of this cell does not run`,
      { code: n },
    );
  };
  function onSignal(signal: NodeJS.Signals): void {
    stopThenExit(SIGNAL_CODES[signal] ?? 1, signal);
  }

  process.exit = guardedExit as typeof process.exit;
  for (const s of signals) process.on(s, onSignal);
  return {
    release,
    get exiting() {
      return stopping !== null;
    },
  };
}
