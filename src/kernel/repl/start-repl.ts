/**
 * The terminal REPL: node's `repl` for line editing, multi-line entry, dot-commands and history, with
 * our evaluator in front of it (node's own eval knows no TypeScript, and its domain swallows callbacks
 * when a cell throws). It knows nothing of trading: what is in scope and which commands exist are the
 * caller's.
 */
import os from 'node:os';
import path from 'node:path';
import repl, { type REPLEval } from 'node:repl';
import { inspect } from 'node:util';
import { createEvaluator } from '../eval/evaluator.js';
import { loopHeldWarning } from '../eval/loop-watch.js';
import { completeDotCommand, registerCommands } from './command-table.js';
import { formatError } from './format-error.js';
import { appendHistory, loadHistory } from './history.js';
import type { ReplHandle, ReplOptions } from './types.js';

type CompleterCallback = (error: Error | null, result?: [string[], string]) => void;
interface RawModeInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): void;
}

export function startRepl(options: ReplOptions = {}): ReplHandle {
  const evaluator = options.evaluator ?? createEvaluator();
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const outputIsTTY = Boolean((output as { isTTY?: boolean }).isTTY);
  const colors = options.colors ?? (outputIsTTY && !process.env['NO_COLOR']);
  const commands = options.commands ?? [];
  const historyFile = options.historyFile === undefined ? path.join(os.homedir(), '.keel_repl_history') : options.historyFile;

  const show = (value: unknown): string => options.render?.(value, { colors }) ?? inspect(value, { colors, depth: 4 });
  let running: AbortController | null = null;
  // The terminal REPL's process keeps a SIGINT listener for its whole life (see ownSigint); a REPL on
  // other streams (tests, embedding) listens only while its cell runs.
  const ownsProcess = input === process.stdin;
  // Warnings go to stderr beside a terminal's stdout; a REPL on other streams keeps them on its output.
  const warnings = output === process.stdout ? process.stderr : output;

  const evalCell: REPLEval = (code, _context, _file, callback) => {
    if (code.trim() === '') return callback(null, undefined);
    if (evaluator.isComplete(code) === 'incomplete') {
      return callback(new repl.Recoverable(new SyntaxError('incomplete input')), undefined);
    }
    const controller = new AbortController();
    running = controller;
    const releaseInterrupt = armInterrupt(input as RawModeInput, controller, !ownsProcess);
    // Printed before the cell's value and the next prompt, so it sits above the prompt.
    const onLoopHeld = ({ cell, heldMs }: { cell: string; heldMs: number }) => {
      warnings.write(`${loopHeldWarning(cell.replace('-', ' '), code, heldMs, options.nodeApart === true)}\n`);
    };
    evaluator.evaluate(code, { signal: controller.signal, onLoopHeld }).then(
      (result) => finish(() => callback(null, result.hasValue ? result.value : undefined)),
      (error: unknown) => finish(() => {
        output.write(`${formatError(error, colors)}\n`);
        callback(null, undefined);
      }),
    );
    function finish(report: () => void): void {
      releaseInterrupt();
      if (running === controller) running = null;
      report();
    }
  };

  // Before repl.start, which prints the first prompt: a Ctrl-C sent on seeing it must find the listener.
  let started: repl.REPLServer | undefined;
  const releaseSigint = ownsProcess ? ownSigint(() => started, () => running) : () => undefined;
  const server = repl.start({
    input,
    output,
    prompt: options.prompt ?? 'keel> ',
    terminal: options.terminal ?? outputIsTTY,
    useColors: colors,
    eval: evalCell,
    writer: show,
    ignoreUndefined: true,
    preview: false,
    completer: (line: string, callback: CompleterCallback) => {
      if (line.trimStart().startsWith('.')) {
        completeDotCommand(server, commands, line.trimStart()).then((r) => callback(null, r), (e: Error) => callback(e));
        return;
      }
      const c = evaluator.complete(line, line.length);
      callback(null, [[...c.matches], line.slice(c.cursorStart, c.cursorEnd)]);
    },
  });

  started = server;
  routeInterrupts(server, () => running);
  registerCommands(server, commands, {
    show: (value) => output.write(`${show(value)}\n`),
    fail: (error) => output.write(`${formatError(error, colors)}\n`),
  });

  if (historyFile) {
    const size = options.historySize ?? 1000;
    // readline keeps newest first.
    (server as unknown as { history: string[] }).history = loadHistory(historyFile, size).reverse();
    server.on('line', (line: string) => appendHistory(historyFile, line));
  }

  let exiting: Promise<void> | null = null;
  const runExit = (): Promise<void> =>
    (exiting ??= Promise.resolve()
      .then(() => options.onExit?.())
      .catch((error: unknown) => {
        output.write(`${formatError(error, colors)}\n`);
      }));
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  // Ctrl-D and a closed input end readline first; onExit still runs before `closed` resolves.
  server.on('exit', () => void runExit().then(() => {
    releaseSigint();
    resolveClosed();
  }));
  const close = async (): Promise<void> => {
    await runExit();
    server.close();
    await closed;
  };
  server.defineCommand('exit', {
    help: 'Stop the session (by its shutdown policy) and leave',
    action() {
      void close();
    },
  });

  return { server, closed, close };
}

/**
 * Ctrl-C while a cell runs interrupts the cell, never the REPL. With nothing running it clears the line
 * and says how to leave, however often it is pressed: node's own "twice on an empty line closes the
 * REPL" is not kept, because a user hammering Ctrl-C at a runaway cell presses it again just after the
 * cell stopped, and leaving must be a decision (.exit, Ctrl-D), not an accident.
 */
function routeInterrupts(server: repl.REPLServer, current: () => AbortController | null): void {
  server.removeAllListeners('SIGINT');
  server.on('SIGINT', () => {
    const controller = current();
    if (controller) controller.abort();
    else idleInterrupt(server);
  });
}

function idleInterrupt(server: repl.REPLServer): void {
  server.clearBufferedCommand();
  // Ctrl-U: readline's "delete the line before the cursor", so a half-typed line is dropped.
  server.write('', { ctrl: true, name: 'e' });
  server.write('', { ctrl: true, name: 'u' });
  server.output.write('\n(To exit, type .exit or press Ctrl+D)\n');
  server.displayPrompt();
}

/**
 * A SIGINT that reaches the process (kill -INT, a terminal not in raw mode) must never find it without
 * a listener: node's default would end the process at once, the shutdown policy unrun. Between two
 * cells, and in the instant after `breakOnSigint` stopped a loop, this listener is what answers.
 */
function ownSigint(server: () => repl.REPLServer | undefined, current: () => AbortController | null): () => void {
  const onSignal = () => {
    const controller = current();
    const shell = server();
    if (controller) controller.abort();
    else if (shell) idleInterrupt(shell);
  };
  process.on('SIGINT', onSignal);
  return () => process.off('SIGINT', onSignal);
}

/**
 * While a cell runs: a real SIGINT aborts a stuck `await` instead of killing the process, and a TTY
 * leaves raw mode so Ctrl-C reaches us as a signal (the only thing that can stop a synchronous loop,
 * through `breakOnSigint`). Returns the undo.
 */
function armInterrupt(input: RawModeInput, controller: AbortController, listen: boolean): () => void {
  const onSignal = () => controller.abort();
  if (listen) process.on('SIGINT', onSignal);
  const wasRaw = Boolean(input.isTTY && input.isRaw && input.setRawMode);
  if (wasRaw) input.setRawMode!(false);
  return () => {
    process.off('SIGINT', onSignal);
    if (wasRaw) input.setRawMode!(true);
  };
}
