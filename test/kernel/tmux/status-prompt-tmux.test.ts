/**
 * The status prompt in a real terminal: `npm start` in a detached tmux session, `.halt` shows the state
 * in front of the prompt (`[HALTED] keel> `), `.resume` takes it away. Waits by polling the pane, never
 * by sleeping a fixed time. Needs tmux.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_TMUX, tmux, tmuxPane } from './tmux-pane.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NAME = `keel-status-test-${process.pid}`;
const lastLine = (pane: string) => pane.trimEnd().split('\n').at(-1) ?? '';
const { capture, waitForPane, type } = tmuxPane(NAME);

describe.skipIf(!HAS_TMUX)('the status prompt in tmux (npm start)', () => {
  let home: string | undefined;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'keel-status-tmux-'));
    tmux('new-session', '-d', '-s', NAME, '-x', '120', '-y', '40', '-c', ROOT, '-e', `KEEL_REPL_HISTORY=${path.join(home, 'history')}`, 'npm start');
    await waitForPane((p) => p.trimEnd().endsWith('keel>'), 'the first prompt', 60_000);
  }, 90_000);

  afterAll(() => {
    if (HAS_TMUX) spawnSync('tmux', ['kill-session', '-t', NAME]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('.halt puts [HALTED] in front of the prompt; .resume takes it away', async () => {
    const before = lastLine(capture());
    const halted = await type('.halt tmux check');
    const risk = await type('.risk');
    const resumed = await type('.resume');

    expect(before).toBe('keel>');
    expect(lastLine(halted)).toBe('[HALTED] keel>');
    expect(risk).toContain('Risk HALTED tmux check');
    expect(lastLine(resumed)).toBe('keel>');
  }, 60_000);
});
