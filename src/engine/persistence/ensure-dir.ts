/**
 * The journal's folder, made and checked before anything is written. Not `mkdirSync({ recursive: true })`:
 * on node 20 it never returns for a path under /proc (it retries ENOENT forever), so a mistyped
 * `persistence.dir` hung `keel node run`. Each missing level is made on its own; any failure, and a
 * folder this process cannot write, is a coded error naming the folder and the reason.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors.js';

export function ensureWritableDir(dir: string, what = 'journal folder'): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  let at = target;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new EngineError('JOURNAL_DIR_UNUSABLE', `${what}: expected a folder keel can create at ${target}, received ${code} creating ${level}`, { dir: target, at: level, errno: code });
    }
  }
  if (!statSync(target).isDirectory()) {
    throw new EngineError('JOURNAL_DIR_UNUSABLE', `${what}: expected a folder at ${target}, received a file`, { dir: target, errno: 'ENOTDIR' });
  }
  try {
    accessSync(target, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new EngineError('JOURNAL_DIR_UNUSABLE', `${what}: expected a folder this process can write, received ${code} for ${target} (read-only or owned by another user)`, { dir: target, errno: code });
  }
}
