/**
 * The keel REPL over a session: the generic shell with the session's recording evaluator, keel's
 * dot-commands, values rendered by the display layer, and `.exit`/Ctrl-D stopping the session by its
 * shutdown policy and printing what that did.
 */
import { Strategy } from '../../engine/index.js';
import { renderText, renderViewText } from '../display/index.js';
import { startRepl, type ReplHandle, type ReplOptions } from '../repl/index.js';
import { describeStopReport, type Session } from '../session.js';
import { keelCommands } from './session-commands.js';
import { strategiesView } from './status-views.js';

export interface KeelReplOptions extends Omit<ReplOptions, 'evaluator' | 'commands' | 'render' | 'onExit'> {}

export function startKeelRepl(session: Session, options: KeelReplOptions = {}): ReplHandle {
  const output = options.output ?? process.stdout;
  return startRepl({
    ...options,
    evaluator: session.evaluator,
    commands: keelCommands(session),
    render: (value, o) => renderKeelValue(value, o.colors),
    async onExit() {
      output.write(`${describeStopReport(await session.stop())}\n`);
    },
  });
}

/**
 * Keel values through the display layer; a strategy (what `node.addStrategy(...)` returns) as its row
 * of `.strategies` rather than a dump of its internals.
 */
export function renderKeelValue(value: unknown, colors: boolean): string | undefined {
  if (value instanceof Strategy) return renderViewText(strategiesView([value]), { colors });
  return renderText(value, { colors });
}
