/**
 * The status prompt in a real terminal: `npm start` in a detached tmux session, `.halt` shows the state
 * in front of the prompt (`[HALTED] keel> `), `.resume` takes it away. Waits by polling the pane, never
 * by sleeping a fixed time. Needs tmux.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const NAME = `keel-status-test-${process.pid}`;
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const capture = (): string => strip(tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', NAME));

async function waitForPane(predicate: (plain: string) => boolean, what: string, timeoutMs = 45_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pane = capture();
    if (predicate(pane)) return pane;
    if (performance.now() > deadline) throw new Error(`tmux: waited for ${what}; the pane shows:\n${pane}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const prompts = (plain: string) => plain.split('keel> ').length - 1;
const lastLine = (pane: string) => pane.trimEnd().split('\n').at(-1) ?? '';

async function type(line: string): Promise<string> {
  const before = prompts(capture());
  tmux('send-keys', '-t', NAME, '-l', line);
  tmux('send-keys', '-t', NAME, 'Enter');
  return waitForPane((p) => prompts(p) > before && p.trimEnd().endsWith('keel>'), `the prompt after '${line}'`);
}

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
