import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { EngineError, TradingNodeConfigSchema } from '../../engine/index.js';
import { parseConfig } from '../../engine/config/index.js';
import type { TradingNodeConfig } from '../../engine/index.js';

export interface NodeFolder {
  readonly dir: string;
  /** Validated, with paths (journal, strategy modules) resolved against the folder. */
  readonly config: TradingNodeConfig;
  readonly journalDir: string | undefined;
  readonly logFile: string;
}

/**
 * Read and validate a node folder's `node.json`. A bad value fails with `CONFIG_INVALID` naming the key
 * (`execEngine.inflightCheckIntervalMs: expected ..., received ...`); a missing key env var fails with
 * `VENUE_KEYS_MISSING` naming the variable, before anything connects.
 */
export function loadNodeFolder(dirArg: string, env: NodeJS.ProcessEnv = process.env, options: { checkKeys?: boolean } = {}): NodeFolder {
  const dir = resolve(dirArg);
  const file = resolve(dir, 'node.json');
  if (!existsSync(file)) {
    throw new EngineError('NODE_FOLDER_INVALID', `expected a node folder with node.json, received ${dir} (no node.json)`, { dir });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EngineError('CONFIG_INVALID', `invalid node.json: expected JSON, received a parse error (${(e as Error).message})`, { config: 'node.json', file });
  }
  const parsed = parseConfig(TradingNodeConfigSchema, raw, 'node.json');
  for (const v of options.checkKeys === false ? [] : parsed.venues) {
    const missing = [
      v.apiKey === undefined && v.apiKeyEnv !== undefined && !env[v.apiKeyEnv] ? v.apiKeyEnv : undefined,
      v.apiSecret === undefined && v.apiSecretEnv !== undefined && !env[v.apiSecretEnv] ? v.apiSecretEnv : undefined,
    ].filter((x): x is string => x !== undefined);
    if (missing.length > 0) {
      throw new EngineError('VENUE_KEYS_MISSING', `venue ${v.venue}: expected the environment variable(s) ${missing.join(', ')} to hold its keys, received them unset`, { venue: v.venue, missing });
    }
  }
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));
  const config: TradingNodeConfig = {
    ...parsed,
    strategies: parsed.strategies.map((s) => ({ ...s, module: at(s.module) })),
    persistence: parsed.persistence.kind === 'journal' ? { kind: 'journal', dir: at(parsed.persistence.dir) } : parsed.persistence,
  };
  return { dir, config, journalDir: config.persistence.kind === 'journal' ? config.persistence.dir : undefined, logFile: resolve(dir, 'logs', 'node.log') };
}
