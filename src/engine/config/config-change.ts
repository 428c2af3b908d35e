/** One live configuration change, as recorded in `node.configChanges` and returned by `configure(...)`. */
export interface ConfigDiffEntry {
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ConfigChange {
  readonly kind: 'ConfigChange';
  readonly changeId: string;
  /** What was changed: 'execEngine', 'riskEngine', or 'strategy:{strategyId}'. */
  readonly target: string;
  /** Who asked: 'user' by default, or a label the caller gives (e.g. 'repl', 'notebook'). */
  readonly source: string;
  readonly tsEvent: bigint;
  /** Only keys whose value changed; empty when the call changed nothing. */
  readonly changes: readonly ConfigDiffEntry[];
}
