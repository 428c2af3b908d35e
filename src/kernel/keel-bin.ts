import path from 'node:path';
import { findProjectRoot } from '../engine/data/project-root.js';

/**
 * The `keel` command's script (bin/keel.js) of this installation, for running `keel node run DIR` as a
 * child process (`spawn(process.execPath, [keelBinPath(), 'node', 'run', dir])`) from a notebook or a
 * script whose folder has no `keel` on its PATH.
 */
export function keelBinPath(): string {
  return path.join(findProjectRoot(import.meta.url), 'bin', 'keel.js');
}
