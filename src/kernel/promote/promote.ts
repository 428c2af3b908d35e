import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ts } from '../eval/typescript.js';
import * as keelApi from '../../engine/index.js';
import { EngineError } from '../../engine/index.js';
import type { TradingNodeConfig } from '../../engine/index.js';
import { collectSource, keelOwnSource, type CellLike } from './collect-source.js';
import { buildNodeJson, keyEnvNames, type PromotableNode, type PromotableStrategy } from './node-config.js';
import { renderReadme } from './readme.js';
import { SANDBOX_DEFAULT_URL, SANDBOX_DEMO_ACCOUNT } from '../sandbox-defaults.js';

/** What promote needs of a session (the kernel's `Session` has it). */
export interface PromoteSession {
  readonly history: readonly CellLike[];
  readonly globals: Readonly<Record<string, unknown>>;
  readonly node: unknown;
  readonly venue?: { readonly url: string };
  /** True when the session started its venue (it ends with the session: a deployed node cannot use it). */
  readonly ownsVenue?: boolean;
}

export interface PromoteOptions {
  /**
   * The node folder to write (created; must be empty or absent unless `overwrite`). Default:
   * `~/keel-nodes/{strategy id}` (KEEL_NODES_DIR overrides `~/keel-nodes`), never the checkout.
   */
  readonly dir?: string;
  /**
   * Venue URL for the deployed node. Default: the session's venue when it outlives the session; the
   * standalone sandbox `ws://127.0.0.1:8787` (`keel venue`) when the session embeds its own.
   */
  readonly venue?: string;
  /** The folder's display name (default: the folder name). */
  readonly name?: string;
  /** Venue name in node.json (default 'SIM'). */
  readonly venueName?: string;
  readonly overwrite?: boolean;
}

export interface PromoteResult {
  readonly kind: 'PromoteResult';
  readonly dir: string;
  readonly files: readonly string[];
  readonly className: string;
  readonly strategyId: string;
  readonly cells: readonly number[];
  readonly carried: readonly string[];
  readonly config: TradingNodeConfig;
  /** The command that runs the folder. */
  readonly command: string;
  /** What promote chose for you and why (the folder, the venue), to read before running it. */
  readonly notes: readonly string[];
}

/**
 * Write a deployable node folder for a strategy running in this session: `strategy.ts` (the class as
 * written in its cells, with what it uses), `node.json` (validated; keys by env var name) and
 * `README.md`. Refuses, writing nothing, when the class depends on notebook state.
 */
export function promote(session: PromoteSession, strategy: unknown, options: PromoteOptions = {}): PromoteResult {
  const s = asStrategy(strategy);
  // A strategy running in the node's own process (RemoteStrategy) names its class; a local one is its class's instance.
  const className = typeof s.className === 'string' ? s.className : s.constructor.name;
  const keel = keelApi as unknown as Record<string, unknown>;
  const ownClass = typeof s.className === 'string' ? undefined : s.constructor;
  const source = keelOwnSource(className, ownClass, session.history, keel) ?? collectSource(className, session.history, session.globals, keel);
  checkSyntax(source.text, className);
  const notes: string[] = [];
  const embedded = options.venue === undefined && session.ownsVenue === true;
  const url = options.venue ?? (embedded ? SANDBOX_DEFAULT_URL : session.venue?.url);
  if (embedded) {
    notes.push(`node.json points at ${SANDBOX_DEFAULT_URL}, the standalone sandbox (\`npx keel venue\`): this session's embedded venue (${session.venue?.url ?? 'none'}) ends with the session. Pass { venue: 'ws://…' } for another.`);
  }
  if (!url) {
    throw new EngineError('PROMOTE_VENUE_MISSING', 'promote: expected a venue URL (options.venue or the session venue), received none', {});
  }
  const venueName = options.venueName ?? 'SIM';
  const env = keyEnvNames(venueName);
  const config = buildNodeJson({ node: session.node as PromotableNode, strategy: s, className, venue: venueName, url, ...env });

  const dir = resolve(options.dir ?? join(process.env['KEEL_NODES_DIR'] ?? join(homedir(), 'keel-nodes'), packageName(s.id)));
  if (options.dir === undefined) notes.push(`written to ${dir} (the default, outside the checkout; pass { dir } for another folder)`);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !options.overwrite) {
    throw new EngineError('PROMOTE_DIR_NOT_EMPTY', `promote: expected an empty or new folder (or { overwrite: true }), received ${dir} with ${readdirSync(dir).length} entries`, { dir });
  }
  mkdirSync(dir, { recursive: true });
  const name = options.name ?? basename(dir);
  writeFileSync(resolve(dir, 'strategy.ts'), source.text);
  writeFileSync(resolve(dir, 'node.json'), `${JSON.stringify(config, null, 2)}\n`);
  // ESM, like the cells it came from: without it a .ts file outside a "type": "module" package loads as CommonJS.
  writeFileSync(resolve(dir, 'package.json'), `${JSON.stringify({ name: packageName(name), private: true, type: 'module' }, null, 2)}\n`);
  const sandbox = url === SANDBOX_DEFAULT_URL;
  writeFileSync(resolve(dir, 'README.md'), renderReadme({ name, className, strategyId: s.id, dir, url, ...env, cells: source.cells, sandbox }));
  // The public sandbox's keys are documented (README, keel venue --help); any other venue's are the user's.
  const keys = sandbox ? `${env.apiKeyEnv}=${SANDBOX_DEMO_ACCOUNT.apiKey} ${env.apiSecretEnv}=${SANDBOX_DEMO_ACCOUNT.apiSecret}` : `${env.apiKeyEnv}=... ${env.apiSecretEnv}=...`;
  return {
    kind: 'PromoteResult',
    dir,
    files: ['strategy.ts', 'node.json', 'package.json', 'README.md'],
    className,
    strategyId: s.id,
    cells: source.cells,
    carried: source.carried,
    config,
    command: `${keys} npx keel node run ${dir}`,
    notes,
  };
}

/** `promote` bound to a session: what the REPL and notebooks put in scope as `promote(strategy, { dir? })`. */
export function promoteFor(session: PromoteSession): (strategy: unknown, options?: PromoteOptions) => PromoteResult {
  return (strategy, options = {}) => promote(session, strategy, options);
}

function packageName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'keel-node';
}

function asStrategy(value: unknown): PromotableStrategy {
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    throw new EngineError('PROMOTE_NOT_A_STRATEGY', 'promote: expected a Strategy, received a Promise (node.addStrategy answers with one when the node runs in its own process: `const s = await node.addStrategy(...)`)', {});
  }
  const s = value as Partial<PromotableStrategy> | null;
  if (s === null || typeof s !== 'object' || typeof s.id !== 'string' || typeof s.config !== 'object' || s.config === null) {
    throw new EngineError('PROMOTE_NOT_A_STRATEGY', `promote: expected a Strategy instance (with id and config), received ${value === null ? 'null' : typeof value}`, {});
  }
  return s as PromotableStrategy;
}

/** The module must at least parse: a syntax error found here beats one found by the deployed node. */
function checkSyntax(text: string, className: string): void {
  const out = ts.transpileModule(text, { fileName: 'strategy.ts', reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const err = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (err) {
    throw new EngineError('PROMOTE_SOURCE_INVALID', `promote: expected the collected source of ${className} to parse, received: ${ts.flattenDiagnosticMessageText(err.messageText, '\n')}`, { className });
  }
}
