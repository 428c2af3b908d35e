export interface ReadmeInput {
  readonly name: string;
  readonly className: string;
  readonly strategyId: string;
  readonly dir: string;
  readonly url: string;
  readonly apiKeyEnv: string;
  readonly apiSecretEnv: string;
  readonly cells: readonly number[];
  /** node.json points at the standalone public sandbox (`keel venue`), whose keys are documented. */
  readonly sandbox?: boolean;
}

/** The folder's README: what it is and the command that runs it. */
export function renderReadme(r: ReadmeInput): string {
  return `# ${r.name}

A keel node promoted from a notebook/REPL session: the \`${r.className}\` strategy (id \`${r.strategyId}\`)
${r.cells.length > 0 ? `as defined in cells ${r.cells.join(', ')}` : "keel's own class (strategy.ts re-exports it from keel)"}, with the engine and strategy configuration that was live when
it was promoted.

| file | what it holds |
|---|---|
| \`strategy.ts\` | the strategy class and the helpers/imports it uses, as written in the cells |
| \`package.json\` | marks the folder as ES modules (as the cells were) |
| \`node.json\` | the node config (validated by \`keel node run\`): venue \`${r.url}\`, exec/risk engine, strategy config |
| \`journal/\` | created on first run: the durable journal of orders, fills, positions and config changes |
| \`logs/node.log\` | created on first run: JSON-lines log (also written to stdout) |

No keys are stored here. The node reads them from the environment variables named in \`node.json\`:

\`\`\`sh
${r.sandbox ? `npx keel venue                    # in another terminal: the standalone sandbox at ${r.url}
export ${r.apiKeyEnv}=keel-demo       # the sandbox's public demo keys (keel venue --help)
export ${r.apiSecretEnv}=keel-demo-secret` : `export ${r.apiKeyEnv}=...        # the venue API key
export ${r.apiSecretEnv}=...     # the venue API secret`}
npx keel node run ${r.dir}
\`\`\`

\`npx keel node status ${r.dir}\` shows what the journal holds (orders, positions, last reconciliation).
SIGTERM or SIGINT stops the node by its shutdown policy. Exit codes: 0 stopped cleanly, 1 stopped on an
error while running, 2 invalid node.json or missing keys, 3 strategy module failed to load, 4 start
failed (connect or reconciliation), 5 shutdown timed out, 6 journal damaged (the error names the file and
byte offset; \`npx keel node recover ${r.dir}\` keeps the intact part and the next run rebuilds the rest
from the venue).
`;
}
