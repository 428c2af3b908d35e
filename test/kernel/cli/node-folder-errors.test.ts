/**
 * `keel node run` on a folder it cannot use fails fast with a coded error: a journal under /proc (node's
 * recursive mkdir never returns there), a file where the journal folder should be, a read-only folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureWritableDir } from '../../../src/engine/persistence/index.js';
import { ROOT } from '../startup/repl-process.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    spawnSync('umount', [d], { stdio: 'ignore' });
    rmSync(d, { recursive: true, force: true });
  }
});
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'keel-folder-'));
  dirs.push(d);
  return d;
};
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string; message: string });
  }
  return 'no error';
};

describe('ensureWritableDir', () => {
  it('a folder under /proc: a coded error at once, naming the folder and the reason', () => {
    expect(codeOf(() => ensureWritableDir('/proc/keel-journal'))).toMatchObject({
      code: 'JOURNAL_DIR_UNUSABLE', message: 'journal folder: expected a folder keel can create at /proc/keel-journal, received ENOENT creating /proc/keel-journal',
    });
  });

  it('a file where the folder should be, and a read-only file system, are coded errors; a new nested folder is made', () => {
    const base = temp();
    writeFileSync(path.join(base, 'file'), 'x');
    ensureWritableDir(path.join(base, 'a', 'b', 'c'));

    const onFile = codeOf(() => ensureWritableDir(path.join(base, 'file')));

    expect(onFile).toMatchObject({ code: 'JOURNAL_DIR_UNUSABLE', message: `journal folder: expected a folder at ${path.join(base, 'file')}, received a file` });
    // Root writes through file modes: a read-only mount is the read-only folder root cannot write.
    const ro = temp();
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status === 0;
    if (!mounted) return; // not root here: file modes already make a folder read-only for this process
    expect(codeOf(() => ensureWritableDir(path.join(ro, 'journal')))).toMatchObject({ code: 'JOURNAL_DIR_UNUSABLE', message: expect.stringContaining('received EROFS creating') });
  });
});

describe('keel node run on an unusable folder', () => {
  it('a journal dir under /proc fails fast (exit 2) with the coded error, instead of hanging', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'node.json'), JSON.stringify({
      venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKeyEnv: 'K_ENV', apiSecretEnv: 'S_ENV' }],
      strategies: [{ module: './strategy.ts', className: 'Probe' }],
      persistence: { kind: 'journal', dir: '/proc/keel-journal' },
    }));

    const run = spawnSync(process.execPath, ['bin/keel.js', 'node', 'run', dir], { cwd: ROOT, env: { ...process.env, K_ENV: 'k', S_ENV: 's' }, encoding: 'utf8', timeout: 30_000 });

    expect([run.status, run.signal]).toEqual([2, null]);
    expect(run.stderr).toContain('keel node run: JOURNAL_DIR_UNUSABLE: journal folder: expected a folder keel can create at /proc/keel-journal, received ENOENT');
    expect(JSON.parse(run.stdout.split('\n')[0]!)).toMatchObject({ level: 'error', msg: 'node folder unusable', code: 'JOURNAL_DIR_UNUSABLE' });
  });
});
