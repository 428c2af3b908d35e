/**
 * Driving `npm start` in a detached tmux session for the terminal tests: capture the pane (colours
 * stripped), wait for a condition by polling it (never a fixed sleep), type a line and wait for the next
 * prompt. The REPL's prompt ends in `keel> ` (a status may stand in front of it).
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
export const strip = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const prompts = (plain: string): number => plain.split('keel> ').length - 1;

export function tmuxPane(name: string) {
  const capture = (): string => strip(tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', name));
  async function waitForPane(predicate: (plain: string) => boolean, what: string, timeoutMs = 45_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const pane = capture();
      if (predicate(pane)) return pane;
      if (performance.now() > deadline) throw new Error(`tmux: waited for ${what}; the pane shows:\n${pane}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Types `line`, waits for the prompt after it and returns what was printed from the line on. */
  async function type(line: string): Promise<string> {
    const before = prompts(capture());
    tmux('send-keys', '-t', name, '-l', line);
    tmux('send-keys', '-t', name, 'Enter');
    const pane = await waitForPane((p) => prompts(p) > before && p.trimEnd().endsWith('keel>'), `the prompt after '${line}'`);
    return pane.slice(pane.lastIndexOf(line) + line.length);
  }
  return { capture, waitForPane, type };
}
