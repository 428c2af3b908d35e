/**
 * Who may change a running node's config, as recorded in the audit log. `user` is a direct API call that
 * names no one (the default); the REPL, a notebook and a deployed node name themselves; `circuit-breaker`
 * is the node itself, moving its trading state on a day's loss (risk/loss-circuit-breaker.ts).
 */
export const CONFIG_SOURCES = ['user', 'repl', 'notebook', 'deployed-node', 'circuit-breaker'] as const;
/**
 * `attach:KEY-ID` is a command that came through a deployed node's control endpoint, named by the key
 * that signed in (the audit log says who, not only from where).
 */
export type ConfigSource = (typeof CONFIG_SOURCES)[number] | `attach:${string}`;

/** A remote sender's label: `attach:` and a key id of letters, digits, '.', '_' or '-'. */
export const ATTACH_SOURCE = /^attach:[A-Za-z0-9._-]{1,64}$/;

/** An undo is recorded under who asked for it and the change it undoes: `repl (revert CC-exec-…)`. */
export type ConfigChangeSource = ConfigSource | `${ConfigSource} (revert ${string})`;

/** What a change was made to. */
export type ConfigTarget = 'execEngine' | 'riskEngine' | 'tradingState' | `strategy:${string}`;

/** One live configuration change, as recorded in `node.configChanges` and returned by `configure(...)`. */
export interface ConfigDiffEntry {
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ConfigChange {
  readonly kind: 'ConfigChange';
  readonly changeId: string;
  /** What was changed: 'execEngine', 'riskEngine', 'tradingState' (halt/reduce/resume) or 'strategy:{strategyId}'. */
  readonly target: ConfigTarget;
  readonly source: ConfigChangeSource;
  /** Set on an undo: the id of the change it put back. */
  readonly revertOf?: string;
  readonly tsEvent: bigint;
  /** Only keys whose value changed; empty when the call changed nothing. */
  readonly changes: readonly ConfigDiffEntry[];
}

/** One key a live config accepts, with its one-line description (from the schema's `.describe`). */
export interface ConfigKeyInfo {
  readonly key: string;
  readonly description: string;
}

/** Where live changes are appended (the node's one audit log; see `ConfigLog`). */
export interface ConfigAudit {
  /** The source of a change whose caller named none (a notebook's node: 'notebook'). */
  readonly defaultSource: ConfigSource;
  append(change: ConfigChange): void;
}
