/**
 * Issue 11 item 10: the REPL history holds what was typed (keys pasted into a cell included), so it is
 * the user's alone: 0600, as node's own REPL history. A new file is created so; an existing file
 * readable by others is tightened when the REPL opens it.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRepl, type ReplProcess } from '../startup/repl-process.js';
import { driveRepl } from './drive-repl.js';

const dirs: string[] = [];
let repl: ReplProcess | undefined;
afterEach(async () => {
  await repl?.close();
  repl = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-history-mode-'));
  dirs.push(dir);
  return dir;
}
const modeOf = (file: string): string => (statSync(file).mode & 0o777).toString(8);

describe('REPL history file permissions', () => {
  it('`keel repl` creates its history file 0600 (owner read/write only), under the usual umask 022', async () => {
    // Arrange
    const historyFile = path.join(tempDir(), 'nested', 'keel_history');
    repl = await startRepl({}, ['bin/keel.js', 'repl', '--history', historyFile, '--speed', '60']);

    // Act
    await repl.send("const apiSecret = 'typed-into-the-repl'");

    // Assert
    expect(modeOf(historyFile)).toBe('600');
  }, 60_000);

  it('tightens an existing history file readable by others (0644) to 0600 when the REPL opens it', async () => {
    // Arrange
    const historyFile = path.join(tempDir(), 'keel_history');
    writeFileSync(historyFile, 'older line\n');
    chmodSync(historyFile, 0o644);

    // Act
    const r = await driveRepl({ historyFile });
    await r.send('1 + 1');
    await r.handle.close();

    // Assert
    expect(modeOf(historyFile)).toBe('600');
  });
});
