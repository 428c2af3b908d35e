/**
 * Loading strategy modules in a deployed node: the folder's strategy.ts and the modules shipped over the
 * control protocol (`add-strategy`, `replace-strategy`). Both go through the same loader: TypeScript via
 * tsx, and the bare specifiers `keel`, `keel/testing`, ... mapped to this host's modules, so a strategy's
 * classes are the host's whatever folder it sits in.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTypeScriptLoader } from '../eval/evaluator.js';
import { KEEL_ENTRIES } from '../eval/keel-entries.js';
import type { StrategyModuleLoader } from '../control/strategy-commands.js';

let keelResolverRegistered = false;
function registerKeelResolver(): void {
  if (keelResolverRegistered) return;
  keelResolverRegistered = true;
  // The same modules the host runs (src/ under tsx, dist/ compiled), so the strategy's classes are the host's.
  const hook = `const entries = ${JSON.stringify(KEEL_ENTRIES)};
export async function resolve(specifier, context, next) {
  if (Object.prototype.hasOwnProperty.call(entries, specifier)) return { url: entries[specifier], shortCircuit: true };
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** Import a strategy module (a .ts file) with the loader above; its exports. */
export async function importStrategyModule(file: string): Promise<Record<string, unknown>> {
  // Strategy files are TypeScript: a compiled start has no loader for them until now (tsx first, as when
  // started from sources, so the 'keel' resolver runs ahead of it).
  await ensureTypeScriptLoader();
  registerKeelResolver();
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Shipped modules go to `DIR/strategies/<ClassName>-<hash>.ts`: named by their content, so the node's
 * folder keeps every version it ran (a swap's revert, a post-mortem) and a module is never rewritten
 * under a running import.
 */
export function strategyModuleLoader(dir: string): StrategyModuleLoader {
  return {
    async load(className, source) {
      const folder = join(dir, 'strategies');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${className}-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.ts`);
      writeFileSync(file, source);
      return { file, exports: await importStrategyModule(file) };
    },
  };
}
