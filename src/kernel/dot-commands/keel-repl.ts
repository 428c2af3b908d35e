/**
 * The keel REPL over a session: the generic shell with the session's recording evaluator, keel's
 * dot-commands, values rendered by the display layer, and `.exit`/Ctrl-D stopping the session by its
 * shutdown policy and printing what that did.
 */
import { Strategy } from '../../engine/index.js';
import { renderText, renderViewText } from '../display/index.js';
import { startRepl, type ReplHandle, type ReplOptions } from '../repl/index.js';
import { describeStopReport, type Session } from '../session.js';
import { guardProcessExit } from '../session/exit-guard.js';
import { keelCommands } from './session-commands.js';
import { strategiesView } from './status-views.js';
import { RemoteStrategy } from '../control/remote-strategy.js';
import { terminalWidth } from './shown.js';
import { installProgressDisplay, terminalProgress } from '../display/progress-display.js';
import { decoratePrompt } from './status-prompt.js';

export interface KeelReplOptions extends Omit<ReplOptions, 'evaluator' | 'commands' | 'render' | 'onExit'> {
  /**
   * The REPL owns its process (`keel repl`): a cell's `process.exit()`, SIGTERM and SIGHUP stop the
   * session (and every node its cells created) by their shutdown policies before the process exits.
   * Off by default: an in-process REPL (tests) must not take over its host's `process.exit`.
   */
  readonly guardExit?: boolean;
  /**
   * The prompt shows the trading state (when not ACTIVE) and the day's PnL (when not zero):
   * `[HALTED -12.40 USDT] keel> `. Default: on a terminal; pipes keep the plain prompt.
   */
  readonly statusPrompt?: boolean;
}

export function startKeelRepl(session: Session, options: KeelReplOptions = {}): ReplHandle {
  const output = options.output ?? process.stdout;
  // Bound once the shell exists: commands only run after that.
  let server: ReplHandle['server'] | undefined;
  const onInterrupt = (listener: () => void): (() => void) => {
    server?.on('SIGINT', listener);
    return () => server?.off('SIGINT', listener);
  };
  const handle = startRepl({
    ...options,
    evaluator: session.evaluator,
    nodeApart: session.isolation === 'process',
    commands: keelCommands(session, { onInterrupt }),
    render: (value, o) => renderKeelValue(value, o.colors),
    async onExit() {
      output.write(`${describeStopReport(await session.stop())}\n`);
    },
  });
  server = handle.server;
  // A backtest a cell starts draws its progress bar on the REPL's output while it runs.
  const removeProgress = installProgressDisplay(terminalProgress(output));
  void handle.closed.then(removeProgress);
  const terminal = (handle.server as { terminal?: boolean }).terminal === true;
  if (options.statusPrompt ?? terminal) decoratePrompt(handle, session.node, options.colors ?? ((output as { isTTY?: boolean }).isTTY === true && !process.env['NO_COLOR']));
  showLogAbovePrompt(session, handle, output);
  if (options.guardExit === true) {
    const guard = guardProcessExit({
      stop: async () => { output.write(`\n${describeStopReport(await session.stop())}\n`); },
      say: (line) => process.stderr.write(`${line}\n`),
    });
    // After .exit / Ctrl-D the session is stopped; the host's own exit then goes straight through.
    void handle.closed.then(() => guard.release());
  }
  return handle;
}

/**
 * On a terminal, the node's warnings and errors print above the prompt and the line being typed is
 * redrawn. Off a terminal (pipes, tests) they stay on the session's default sink (stderr): an extra
 * prompt in the output would look like the end of a command to whoever reads it.
 */
function showLogAbovePrompt(session: Session, handle: ReplHandle, output: NodeJS.WritableStream): void {
  const server = handle.server as ReplHandle['server'] & { terminal?: boolean };
  if (!server.terminal) return;
  const colors = (output as { isTTY?: boolean }).isTTY === true && !process.env['NO_COLOR'];
  const previous = session.log.sink;
  session.log.sink = (line, entry) => {
    const text = colors ? `\x1b[${entry.level === 'error' ? 31 : 33}m${line}\x1b[39m` : line;
    output.write(`\r\x1b[K${text}\n`);
    server.displayPrompt(true);
  };
  void handle.closed.then(() => (session.log.sink = previous));
}

/**
 * Keel values through the display layer; a strategy (what `node.addStrategy(...)` returns) as its row
 * of `.strategies` rather than a dump of its internals.
 */
export function renderKeelValue(value: unknown, colors: boolean): string | undefined {
  const width = terminalWidth();
  if (value instanceof Strategy || value instanceof RemoteStrategy) return renderViewText(strategiesView([value]), { colors, width });
  return renderText(value, { colors, width });
}
