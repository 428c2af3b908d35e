/**
 * The README's "From notebook to deployed node", followed literally: its REPL lines typed into
 * `npm start` (bin/keel.js, the REPL on its embedded venue), then its shell commands run as written —
 * `keel venue` with no flags, `keel node run ~/keel-nodes/...` with the README's keys, `keel node status`.
 * The lines are read from README.md itself, so the README cannot drift from what works. HOME is a temp
 * folder, so `~/keel-nodes` is one too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startRepl } from '../kernel/startup/repl-process.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## From notebook to deployed node'), README.indexOf('## Benchmarks'));
const blocks = [...SECTION.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

/** `keel> ` starts an entry; lines after it without the prompt continue it (a multi-line class). */
function replEntries(text: string): string[] {
  const entries: string[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('keel> ')) entries.push(line.slice('keel> '.length));
    else entries[entries.length - 1] += `\n${line}`;
  }
  return entries;
}

/** A shell line: `VAR=x VAR2=y npx keel ARGS... # comment`, with `~` expanded as a shell would. */
function shellCommand(line: string, home: string): { env: Record<string, string>; args: string[] } {
  const words = line.replace(/\s+#.*$/, '').trim().split(/\s+/).map((w) => w.replace(/^~(?=\/)/, home));
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0]!)) {
    const [k, v] = words.shift()!.split('=') as [string, string];
    env[k] = v;
  }
  expect(words.slice(0, 2)).toEqual(['npx', 'keel']);
  return { env, args: words.slice(2) };
}

const home = mkdtempSync(path.join(tmpdir(), 'keel-readme-home-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/keel.js', ...args], {
    cwd: ROOT, env: { ...process.env, HOME: home, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const waitFor = (pred: (out: string) => boolean, ms: number, what: string) => new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const tick = setInterval(() => {
      if (pred(out)) { clearInterval(tick); resolve(); }
      else if (child.exitCode !== null || Date.now() - t0 > ms) { clearInterval(tick); reject(new Error(`${what}: not seen (exit ${child.exitCode}); printed:\n${out}`)); }
    }, 50);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, waitFor, exited };
}

describe('README: from notebook to deployed node, followed literally', () => {
  it('the REPL lines promote a strategy; keel venue + keel node run trade it; keel node status reads its journal', async () => {
    const [replBlock, shellBlock] = blocks;
    expect([replBlock?.lang, shellBlock?.lang]).toEqual(['ts', 'sh']);
    const entries = replEntries(replBlock!.text);
    const shell = shellBlock!.text.split('\n').filter((l) => l.startsWith('npx') || /^[A-Z_]+=/.test(l));
    expect(shell).toHaveLength(3);

    // The REPL: `npm start` runs bin/keel.js; every README line, typed as written.
    const repl = await startRepl({ HOME: home }, ['bin/keel.js']);
    let printed = '';
    for (const entry of entries) printed += await repl.send(entry);
    repl.write('.exit');
    expect(await repl.exited()).toBe(0);
    expect(printed).not.toMatch(/Error|error/);
    if (process.env["SHOW_README_RUN"]) console.log(printed);
    expect(printed).toContain('ws://127.0.0.1:8787');
    const [venueLine, runLine, statusLine] = shell.map((l) => shellCommand(l, home));
    const dir = runLine!.args.at(-1)!;
    expect(existsSync(path.join(dir, 'strategy.ts'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'node.json'), 'utf8')).venues[0].url).toBe('ws://127.0.0.1:8787');

    // Terminal 1: the standalone sandbox, as written.
    const venue = start(venueLine!.args, venueLine!.env);
    await venue.waitFor((o) => o.includes('  feed '), 30_000, 'keel venue ready');

    // Terminal 2: the node, with the README's keys; it bids on every bar (one a second).
    const node = start(runLine!.args, runLine!.env);
    await node.waitFor((o) => /"event":"OrderAccepted"|OrderAccepted/.test(o), 60_000, 'an order accepted by the standalone venue');
    node.child.kill('SIGINT');
    const nodeExit = await node.exited;
    venue.child.kill('SIGINT');
    await venue.exited;

    // Then: keel node status reads the journal.
    const status = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/keel.js', ...statusLine!.args, '--json'], {
      cwd: ROOT, env: { ...process.env, HOME: home, ...statusLine!.env }, encoding: 'utf8',
    });

    expect(nodeExit).toBe(0);
    // Each order event line stands on its own: side, type, quantity, price, status, and an ISO time.
    const accepted = node.out().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['event'] === 'OrderAccepted');
    expect(accepted).toMatchObject({ msg: 'order event', strategyId: 'BarBidder-000', side: 'BUY', orderType: 'LIMIT', quantity: '0.001', status: 'ACCEPTED' });
    expect(String(accepted!['price'])).toMatch(/^\d+\.\d$/);
    expect(new Date(String(accepted!['timeIso'])).getTime()).toBe(Math.floor(Number(BigInt(String(accepted!['tsEvent'])) / 1_000_000n)));
    expect(status.status, status.stderr).toBe(0);
    const journal = JSON.parse(status.stdout) as { orders: { strategyId: string; side: string; type: string }[] };
    expect(journal.orders.length).toBeGreaterThan(0);
    expect(journal.orders.every((o) => o.strategyId === 'BarBidder-000' && o.side === 'BUY' && o.type === 'LIMIT')).toBe(true);
  }, 180_000);
});
