/**
 * The kernel's live session: `createSession` (node, venue, keel, the demo strategy) plus `live` and
 * `promote`, started
 * in the background so kernel_info answers at once; the first cell waits for it. Cells then run through
 * the session's recording evaluator (promotion reads the cells that defined a strategy).
 */
import { TradingNode } from '../../engine/index.js';
import type { CellResult, Evaluator } from '../eval/types.js';
import type { Live } from '../live/index.js';
import { createSession, describeStopReport, type Session, type SessionNode, type SessionOptions } from '../session.js';

export interface KernelSession {
  /** Resolves with the session, or `undefined` when it could not start (the error is then in `startError`). */
  readonly ready: Promise<Session | undefined>;
  readonly evaluator: Evaluator;
  readonly startError: unknown;
  readonly live: Live | undefined;
  /** The session's node runs in its own process (KEEL_ISOLATION=process). */
  readonly isolated: boolean;
  /** Stops the node by its shutdown policy and the embedded venue (after start-up, if still starting). */
  stop(): Promise<void>;
}

export function startKernelSession(inner: Evaluator, options: SessionOptions = {}): KernelSession {
  let startError: unknown;
  let live: Live | undefined;
  let reported = false;
  // The session's log shows warnings and errors as one line on stderr: inside a cell that is the cell's
  // stderr, between cells the kernel's own log (never stdout, which is the cell's output).
  const createNode = options.createNode ?? (async (config, { logger, configSource }): Promise<SessionNode> =>
    // onFatal: a notebook's node stops on an unexpected error, the kernel (and the notebook) live on.
    TradingNode.create(config, {
      logger,
      ...(configSource ? { configSource } : {}),
      onFatal: (e) => logger.error(`the node stopped after an unexpected error: ${String(e)}`),
    }));

  // The node runs in its own process unless asked otherwise (KEEL_ISOLATION=inline, or a stub createNode).
  const isolated = (options.isolation ?? (process.env['KEEL_ISOLATION'] === 'inline' || options.createNode ? 'inline' : 'process')) === 'process';
  // A change a cell makes (node.execEngine.configure(...)) is audited as the notebook's.
  const ready = createSession({
    configSource: 'notebook', ...options, evaluator: inner,
    ...(isolated ? { isolation: 'process' as const, ...(options.createNode ? { createNode } : {}) } : { createNode }),
  }).then(
    (s) => {
      live = s.live;
      return s;
    },
    (e: unknown) => {
      startError = e;
      return undefined;
    },
  );

  const evaluator: Evaluator = {
    async evaluate(code, opts): Promise<CellResult> {
      const s = await ready;
      if (!s) {
        if (!reported) {
          reported = true;
          // Said once, on the cell's stderr: cells that do not need the node still run.
          process.stderr.write(`keel: the live session did not start (${describe(startError)}); node and venue are not in scope\n`);
        }
        return inner.evaluate(code, opts);
      }
      return s.evaluator.evaluate(code, opts);
    },
    isComplete: (code) => inner.isComplete(code),
    complete: (code, pos) => inner.complete(code, pos),
    inspect: (code, pos) => inner.inspect(code, pos),
    setGlobal: (name, value) => inner.setGlobal(name, value),
    getGlobal: (name) => inner.getGlobal(name),
  };

  return {
    ready,
    evaluator,
    isolated,
    get startError() {
      return startError;
    },
    get live() {
      return live;
    },
    async stop() {
      const s = await ready;
      if (!s) return;
      live?.stopAll();
      const report = await s.stop();
      process.stderr.write(`keel: ${describeStopReport(report)}\n`);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
