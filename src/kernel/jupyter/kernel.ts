/**
 * Kernel start-up: read the connection file, bind the sockets, start the live session in the background
 * (`node`, `venue`, `keel`, `live` in scope; the first cell waits for it), create the evaluator with `keel` in
 * scope, register the display hooks, and route requests to the handler. Also owns process-level
 * concerns: SIGINT (interrupt_mode "signal"), errors thrown by timers, and exit on shutdown.
 */
import { randomUUID } from 'node:crypto';
import * as keel from '../../engine/index.js';
import { createEvaluator } from '../eval/evaluator.js';
import type { Evaluator } from '../eval/types.js';
import { installProgressDisplay, notebookProgress } from '../display/progress-display.js';
import { display, displaysSettled, registerKernelDisplayHook, toMimeBundleAsync, type KernelDisplayHook } from '../display/index.js';
import { describeError, KernelHandler } from './handler.js';
import { childOf } from './protocol.js';
import { makeRenderer, type ToMimeBundle } from './render.js';
import { KernelWire, readConnectionFile } from './wire.js';
import { startKernelSession, type KernelSession } from './kernel-session.js';
import { guardProcessExit, type ExitGuard } from '../session/exit-guard.js';
import type { SessionOptions } from '../session.js';

/** `clearOutput(wait)` for display helpers (e.g. a view that redraws itself); also a global in cells. */
export const CLEAR_OUTPUT_HOOK = Symbol.for('keel.kernel.clearOutput');

export type ShutdownHook = () => Promise<void>;

export interface KernelOptions {
  readonly connectionFile: string;
  /** Defaults to the shared evaluator resolving imports against the kernel's working directory. */
  readonly evaluator?: Evaluator;
  /** The display layer's `toMimeBundle`; values it declines show as util.inspect text. */
  readonly toMimeBundle?: ToMimeBundle;
  /** Called once on shutdown_request, before exit, after the session's node has stopped. */
  readonly onShutdown?: ShutdownHook;
  /**
   * The live session (`node`, `venue`, `keel`, `live` in scope), started in the background; `false`
   * for a bare evaluator. Default: a session, unless the environment says `KEEL_KERNEL_SESSION=off`.
   */
  readonly session?: SessionOptions | false;
  /** How long the shutdown hook may take before the kernel exits anyway (Jupyter kills at 5 s). */
  readonly shutdownTimeoutMs?: number;
  readonly exit?: (code: number) => void;
}

export interface RunningKernel {
  readonly handler: KernelHandler;
  readonly wire: KernelWire;
  readonly evaluator: Evaluator;
  /** The live session, when the kernel runs one. */
  readonly session: KernelSession | undefined;
  setShutdownHook(hook: ShutdownHook | undefined): void;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.catch((err: unknown) => { process.stderr.write(`keel kernel: shutdown hook failed: ${String(err)}\n`); })
      .finally(() => { clearTimeout(timer); resolve(); });
  });
}

export async function startKernel(options: KernelOptions): Promise<RunningKernel> {
  const info = await readConnectionFile(options.connectionFile);
  const wire = await KernelWire.bind(info);
  const session = randomUUID();
  const inner = options.evaluator ?? createEvaluator();
  const sessionOptions = options.session ?? (process.env['KEEL_KERNEL_SESSION'] === 'off' ? false : {});
  const kernelSession = sessionOptions === false ? undefined : startKernelSession(inner, sessionOptions);
  const evaluator = kernelSession?.evaluator ?? inner;
  const render = makeRenderer(options.toMimeBundle ?? toMimeBundleAsync);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shutdownHook = options.onShutdown;
  let shuttingDown = false;
  // The real process only (a test's `exit` option means an in-process kernel): a cell's process.exit(),
  // or SIGTERM from Jupyter, stops the session's nodes by their shutdown policies before the exit.
  const guard: ExitGuard | undefined = kernelSession && options.exit === undefined
    ? guardProcessExit({ stop: () => kernelSession.stop(), say: (line) => process.stderr.write(`${line}\n`) })
    : undefined;

  const shutdown = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    // The node stops by its shutdown policy first (cancel/flatten talk to the venue), then the user's hook.
    const hooks = async (): Promise<void> => {
      await kernelSession?.stop();
      await shutdownHook?.();
    };
    await withTimeout(hooks(), options.shutdownTimeoutMs ?? 3000);
    guard?.release();
    wire.close();
    // Exit at once: live timers (an engine's, a cell's setInterval) must not keep the process up.
    exit(0);
  };

  const handler = new KernelHandler({
    evaluator,
    session,
    send: (channel, msg) => wire.send(channel, msg),
    render,
    settle: displaysSettled,
    stats: () => ({ droppedMessages: wire.droppedMessages, replayedMessages: wire.replayedMessages }),
    shutdown,
    nodeApart: () => kernelSession?.isolated === true,
  });

  // The display layer's display(value, { displayId, update }) finds the running kernel through this hook.
  const hook: KernelDisplayHook = (bundle, opts) => handler.display(bundle, opts);
  registerKernelDisplayHook(hook);
  // A backtest a cell starts shows its progress in one display, updated in place.
  installProgressDisplay(notebookProgress((bundle, o) => handler.display(bundle, o)));
  const clearOutput = (wait?: boolean) => handler.clearOutput(wait === true);
  (globalThis as Record<symbol, unknown>)[CLEAR_OUTPUT_HOOK] = clearOutput;
  evaluator.setGlobal('keel', keel);
  evaluator.setGlobal('display', display);
  evaluator.setGlobal('clearOutput', clearOutput);

  // interrupt_mode "signal": Jupyter sends SIGINT. A synchronous loop is stopped by breakOnSigint in the
  // evaluator (our listener is paused meanwhile); otherwise this aborts the running cell's await.
  process.on('SIGINT', () => { handler.interrupt(); });
  // A cell's timer that throws later must not kill the kernel: show the error, keep running.
  const reportStray = (err: unknown) => {
    const { traceback } = describeError(err);
    handler.display({ 'text/plain': traceback.join('\n') }, {});
  };
  process.on('uncaughtException', reportStray);
  process.on('unhandledRejection', reportStray);

  // Like ipykernel's parent poller: when the process that launched the kernel (Jupyter's server or a
  // jupyter_client script) dies, the kernel is re-parented; it then stops its node and exits instead of
  // living on as an orphan that holds the node, the venue and its parent's output pipes.
  if (options.exit === undefined) {
    const parent = process.ppid;
    const poll = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(poll);
      process.stderr.write(`keel kernel: parent process ${parent} is gone; shutting down\n`);
      void shutdown();
    }, 1000);
    poll.unref();
  }

  wire.listen({
    shell: (msg) => handler.handle('shell', msg),
    control: (msg) => handler.handle('control', msg),
  });
  await wire.send('iopub', childOf(undefined, 'status', { execution_state: 'starting' }, session));
  return {
    handler, wire, evaluator, session: kernelSession,
    setShutdownHook(hook) { shutdownHook = hook; },
  };
}
