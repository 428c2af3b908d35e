/**
 * `.config` shows the live exec-engine config; `.config key value` changes one key through
 * `node.execEngine.configure` (validated by the engine's zod schema, atomic) and shows the change, or
 * the validation error with nothing changed.
 */
import type { ReplCommand } from '../repl/index.js';
import type { SessionNode } from '../session/live-node.js';
import { cell, shownView, valueText, type Shown } from './shown.js';

/** `500` → 500, `null`/`true`/`[...]`/`{...}`/`"x"` as JSON, anything else as the bare string. */
export function parseConfigValue(raw: string): unknown {
  const text = raw.trim();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Splits `key value...` at the first run of spaces; the value may contain spaces (JSON). */
export function splitConfigArgument(arg: string): { key: string; value: string | undefined } {
  const text = arg.trim();
  const space = text.search(/\s/);
  if (space < 0) return { key: text, value: undefined };
  return { key: text.slice(0, space), value: text.slice(space).trim() };
}

export function configTable(config: Readonly<Record<string, unknown>>, highlight?: string): Shown {
  const keys = Object.keys(config).sort();
  return shownView({
    subject: 'ExecEngineConfig',
    blocks: [
      { kind: 'line', spans: [cell('Exec engine config', 'neutral', true), cell(`  .config KEY VALUE to change`, 'muted')] },
      {
        kind: 'table',
        columns: [
          { label: 'key', align: 'left' },
          { label: 'value', align: 'left' },
        ],
        rows: keys.map((k) => [cell(k, 'neutral', k === highlight), cell(valueText(config[k]), k === highlight ? 'ok' : 'neutral')]),
      },
    ],
  });
}

export function configCommand(node: SessionNode): ReplCommand {
  return {
    name: 'config',
    help: 'Show the exec-engine config, change it live (.config inflightCheckThresholdMs 500), or undo a change (.config undo [CC-id])',
    action(arg: string): unknown {
      const { key, value } = splitConfigArgument(arg);
      if (key === '') return configTable(node.execEngine.config);
      if (key === 'undo') {
        // `.config undo` reverts the latest change; `.config undo CC-…` a given one.
        const id = value ?? node.configChanges.at(-1)?.changeId;
        if (id === undefined) return shownView({ subject: 'ConfigChange', blocks: [{ kind: 'line', spans: [cell('.config undo', 'neutral', true), cell('  no change to undo yet', 'muted')] }] });
        try {
          return node.revert(id, 'repl');
        } catch (error) {
          return error;
        }
      }
      if (value === undefined) return configTable(node.execEngine.config, key);
      try {
        // The key and value are the user's text: the engine's zod schema is the one place that validates them.
        const change = { [key]: parseConfigValue(value) } as Parameters<SessionNode['execEngine']['configure']>[0];
        return node.execEngine.configure(change, 'repl');
      } catch (error) {
        // Returned, not thrown: the display layer renders a validation error as a table of issues.
        return error;
      }
    },
    complete: () => ['undo', ...Object.keys(node.execEngine.config).sort()],
  };
}
