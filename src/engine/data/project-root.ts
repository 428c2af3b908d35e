/**
 * The keel checkout's root folder, found from any module inside it. Modules run from `src/` (tsx) or from
 * `dist/src/` (compiled), one level apart, so a fixed `../../..` from `import.meta.url` is wrong in one of
 * the two; walking up to the `package.json` named keel is right in both.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../core/errors.js';

let cached: string | undefined;

function isKeelPackage(dir: string): boolean {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'keel';
  } catch {
    return false;
  }
}

/** Walks up from `fromUrl` (default: this module) to the folder whose package.json is named `keel`. */
export function findProjectRoot(fromUrl: string = import.meta.url): string {
  if (fromUrl === import.meta.url && cached !== undefined) return cached;
  const start = path.dirname(fileURLToPath(fromUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isKeelPackage(dir)) {
      if (fromUrl === import.meta.url) cached = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new EngineError('PROJECT_ROOT_NOT_FOUND', `expected a package.json named keel in a folder above ${start}, received none`, { start });
}
