/**
 * `.config` shows the exec engine's live config (`.config risk`, `.config STRATEGY-ID` the others), each key
 * with its value and one-line description; `.config KEY VALUE` changes one key through the target's own `configure` (validated by the
 * engine's zod schema, atomic, audited with source 'repl') and shows the change, or the validation error
 * with nothing changed; `.config undo [id]` reverts a change through `node.revert`.
 */
import type { ReplCommand } from '../repl/index.js';
import type { SessionNode } from '../session/live-node.js';
import { completeConfigKey, configTargets, partialFor, resolveConfigKey, type ConfigTargetView } from './config-targets.js';
import { cell, shownView, valueText, type Shown } from './shown.js';
import type { View } from '../display/index.js';

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

function targetBlocks(t: ConfigTargetView, highlight?: string, others: readonly ConfigTargetView[] = []): View['blocks'] {
  const described = new Map(t.keys.map((k) => [k.key, k.description]));
  const keys = [...new Set([...t.keys.map((k) => k.key), ...Object.keys(t.config)])].sort();
  const prefix = t.name === '' ? '' : `${t.name}.`;
  // The other configs are named on the title line, not shown: one table fits a terminal, four do not.
  const more = others.length === 0 ? '' : `; also ${others.map((o) => `.config ${o.name}`).join(', ')}`;
  return [
    { kind: 'line', spans: [cell(t.title, 'neutral', true), cell(`  .config ${prefix}KEY VALUE to change${more}`, 'muted')] },
    {
      kind: 'table',
      columns: [
        { label: 'key', align: 'left' },
        { label: 'value', align: 'left' },
        { label: 'description', align: 'left', drop: 1 },
      ],
      rows: keys.map((k) => [
        cell(k, 'neutral', k === highlight),
        cell(valueText(t.config[k]), k === highlight ? 'ok' : 'neutral'),
        cell(described.get(k) ?? '', 'muted'),
      ]),
    },
  ];
}

/** One target's config as a table of key, value and description (`highlight`: the key asked about). */
export function configTable(t: ConfigTargetView, highlight?: string): Shown {
  return shownView({ subject: 'Config', blocks: targetBlocks(t, highlight) });
}

/** `.config` alone: the exec engine's table, naming the other targets (`.config risk`, `.config STRATEGY-ID`). */
function overview(targets: readonly ConfigTargetView[]): Shown | undefined {
  const exec = targets.find((t) => t.name === '');
  return exec ? shownView({ subject: 'Config', blocks: targetBlocks(exec, undefined, targets.filter((t) => t !== exec)) }) : undefined;
}

/**
 * A change's answer, or its error returned rather than thrown: the display layer renders a validation
 * error as a table of issues. A local node answers at once; an attached node's answer is a promise.
 */
function settle(run: () => unknown): unknown {
  try {
    const answer = run();
    return answer instanceof Promise ? answer.catch((error: unknown) => error) : answer;
  } catch (error) {
    return error;
  }
}

export function configCommand(node: SessionNode): ReplCommand {
  return {
    name: 'config',
    help: 'Show the live configs, change one (.config inflightCheckThresholdMs 500, .config risk.maxOrderSubmitRate 10/00:00:01, .config STRATEGY-ID.omsType NETTING), or undo a change (.config undo [CC-id])',
    action(arg: string): unknown {
      const { key, value } = splitConfigArgument(arg);
      const targets = configTargets(node);
      if (key === '') return overview(targets);
      if (key === 'undo') {
        // `.config undo` reverts the latest change; `.config undo CC-…` a given one.
        const id = value ?? node.configChanges.at(-1)?.changeId;
        if (id === undefined) return shownView({ subject: 'ConfigChange', blocks: [{ kind: 'line', spans: [cell('.config undo', 'neutral', true), cell('  no change to undo yet', 'muted')] }] });
        return settle(() => node.revert(id, 'repl'));
      }
      const resolved = resolveConfigKey(targets, key);
      if (!resolved) return undefined;
      if (value === undefined) return configTable(resolved.target, resolved.key === '' ? undefined : resolved.key);
      // The key and value are the user's text: the engine's zod schema is the one place that validates them.
      return settle(() => resolved.target.configure(partialFor(resolved.key, parseConfigValue(value)), 'repl'));
    },
    // `.config undo <Tab>`: the ids of changes that changed something, newest first.
    complete: (partial: string) => partial.startsWith('undo ')
      ? node.configChanges.filter((c) => c.changes.length > 0).map((c) => `undo ${c.changeId}`).reverse()
      : completeConfigKey(configTargets(node), partial),
  };
}
