/**
 * The real REPL in a real terminal: `npm start` in a detached tmux session of fixed size, driven with
 * `send-keys`, read with `capture-pane -e` (colours kept). Waits by polling the pane, never by sleeping
 * a fixed time. Needs tmux (a Debian package; `.ci/run` installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const NAME = `keel-repl-test-${process.pid}`;
const ANSI = /\x1b\[[0-9;]*m/;
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** The whole pane with its scroll-back, escape codes kept. */
function capture(): string {
  return tmux('capture-pane', '-p', '-e', '-J', '-S', '-2000', '-t', NAME);
}

/** Polls the pane until `predicate` holds; the poll interval is a wait for a condition, not a timing. */
async function waitForPane(predicate: (plain: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pane = capture();
    if (predicate(strip(pane))) return pane;
    if (performance.now() > deadline) throw new Error(`tmux: waited for ${what}; the pane shows:\n${strip(pane)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Number of prompts on screen: each command's output ends with a new one. */
const prompts = (plain: string) => plain.split('keel> ').length - 1;

async function type(line: string): Promise<string> {
  const before = prompts(strip(capture()));
  tmux('send-keys', '-t', NAME, '-l', line);
  tmux('send-keys', '-t', NAME, 'Enter');
  const pane = await waitForPane((p) => prompts(p) > before && p.trimEnd().endsWith('keel>'), `the prompt after '${line}'`);
  // Only the part after the command line.
  const at = pane.lastIndexOf(line);
  return pane.slice(at + line.length);
}

describe.skipIf(!HAS_TMUX)('the REPL in tmux (npm start)', () => {
  let home: string;
  let history: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'keel-tmux-'));
    history = path.join(home, 'history');
    tmux('new-session', '-d', '-s', NAME, '-x', '220', '-y', '50', '-c', ROOT, '-e', `KEEL_REPL_HISTORY=${history}`, '-e', 'NO_COLOR=', 'npm start');
    // Keep the pane (and what it shows) once npm exits: the shutdown message is the last thing to read.
    // Not `npm start; sleep 30`: the Ctrl-C test's SIGINT reaches the shell too, which then quits as soon as npm does.
    tmux('set-window-option', '-t', NAME, 'remain-on-exit', 'on');
    await waitForPane((p) => p.trimEnd().endsWith('keel>'), 'the first prompt');
  }, 60_000);

  afterAll(() => {
    if (HAS_TMUX) spawnSync('tmux', ['kill-session', '-t', NAME]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('opens with a banner saying what is live and how to get help', () => {
    const plain = strip(capture());

    expect(plain).toMatch(/venue\s+embedded sandbox at ws:\/\/127\.0\.0\.1:\d+/);
    expect(plain).toContain('BTCUSDT-PERP.SIM');
    expect(plain).toMatch(/reconciliation\s+ok/);
    expect(plain).toMatch(/node\s+RUNNING in its own process \(pid \d+\), shutdown policy 'cancel'/);
    expect(plain).toContain('.help');
  });

  it('.config prints a coloured table of the live exec-engine config', async () => {
    const out = await type('.config');

    expect(out).toMatch(ANSI);
    expect(strip(out)).toMatch(/key\s+value/);
    expect(strip(out)).toMatch(/inflightCheckThresholdMs\s+5000/);
  }, 30_000);

  it('the demo strategy trades and .orders prints a coloured orders table', async () => {
    await type('node.addStrategy(new EmaCrossBracket({ manageContingentOrders: true }))');
    // Orders arrive as the replay crosses the EMAs: wait until the cache has some.
    await waitForOrders();

    const out = await type('.orders');

    expect(out).toMatch(ANSI);
    expect(strip(out)).toMatch(/client order id\s+venue order id\s+strategy\s+instrument\s+side\s+type/);
    expect(strip(out)).toContain('EmaCrossBracket-');
  }, 60_000);

  it("the README's REPL lines, typed as written, each work: no error, and the config lines say what they changed", async () => {
    // The first `ts` block: the session tour (the promote walk-through further down has a test of its own).
    const tour = /```ts\n([\s\S]*?)```/.exec(readFileSync(path.join(ROOT, 'README.md'), 'utf8'))?.[1] ?? '';
    const lines = [...tour.matchAll(/^keel> (.+?)(?:\s+\/\/.*)?$/gm)].map((m) => m[1]!.trim());
    const outputs: string[] = [];
    for (const line of lines) outputs.push(strip(await type(line)));
    const failed = lines.filter((_, i) => /^(?:[A-Z][A-Z0-9_]+: |Uncaught |\w*Error: )/m.test(outputs[i]!));
    const said = (prefix: string) => outputs[lines.findIndex((l) => l.startsWith(prefix))] ?? '';

    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(failed).toEqual([]);
    expect(said('.config risk.')).toMatch(/riskEngine by repl[\s\S]*maxOrderSubmitRate: 100\/00:00:01 → 50\/00:00:01/);
    expect(said('.config undo')).toMatch(/by repl \(revert CC-risk-[\s\S]*maxOrderSubmitRate: 50\/00:00:01 → 100\/00:00:01/);
  }, 120_000);

  it("the README's orders-from-cells lines, typed as written, each work and the bid ends cancelled", async () => {
    // The second `ts` block: a strategy in the node process, driven from cells through its handle.
    const block = [...readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)][1]?.[1] ?? '';
    const lines = [...block.matchAll(/^keel> (.+?)(?:\s+\/\/.*)?$/gm)].map((m) => m[1]!.trim());
    const outputs: string[] = [];
    for (const line of lines) outputs.push(strip(await type(line)));
    const failed = lines.filter((_, i) => /^(?:[A-Z][A-Z0-9_]+: |Uncaught |\w*Error: )/m.test(outputs[i]!));

    expect(lines).toHaveLength(5);
    expect(failed).toEqual([]);
    await expect.poll(async () => strip(await type('bid.status')), { timeout: 15_000 }).toContain("'CANCELED'");
    expect(strip(await type('[bid.strategyId, bid.type, String(bid.quantity)]'))).toContain("[ 'Manual-003', 'LIMIT', '0.010' ]");
  }, 120_000);

  it('Ctrl-C interrupts a running cell and the node keeps running', async () => {
    const before = prompts(strip(capture()));
    tmux('send-keys', '-t', NAME, '-l', "console.log('spin' + 'ning'); while (true) {}");
    tmux('send-keys', '-t', NAME, 'Enter');
    // The cell says it runs (a terminal write is synchronous on Linux) before spinning: then Ctrl-C.
    await waitForPane((p) => p.includes('spinning'), 'the cell to start');
    tmux('send-keys', '-t', NAME, 'C-c');
    const pane = await waitForPane((p) => prompts(p) > before && p.trimEnd().endsWith('keel>'), 'the prompt after Ctrl-C');

    const state = await type('node.state');

    expect(strip(pane)).toContain('EVAL_INTERRUPTED');
    expect(strip(state)).toContain("'RUNNING'");
  }, 30_000);

  it('.exit stops the node by its policy, says what it did, and the history file keeps the lines', async () => {
    tmux('send-keys', '-t', NAME, '-l', '.exit');
    tmux('send-keys', '-t', NAME, 'Enter');

    const pane = await waitForPane((p) => p.includes('Embedded venue stopped.'), 'the shutdown message');

    expect(strip(pane)).toMatch(/Node stopped \(shutdown policy 'cancel'\): \d+ orders? canceled/);
    expect(readFileSync(history, 'utf8').split('\n')).toEqual(expect.arrayContaining(['.config', '.orders', '.exit']));
  }, 30_000);
});

async function waitForOrders(): Promise<void> {
  const deadline = performance.now() + 45_000;
  for (;;) {
    const out = strip(await type('node.cache.orders().length'));
    const n = Number(/(\d+)\s*\n/.exec(out)?.[1] ?? '0');
    if (n > 0) return;
    if (performance.now() > deadline) throw new Error('no orders within 45 s of adding the demo strategy');
    await new Promise((r) => setTimeout(r, 500));
  }
}
