/** `keel` follows command-line conventions: help everywhere (exit 0), unknown flags name the valid ones. */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/kernel/cli/dispatch.js';
import { commands } from '../../../src/kernel/cli/index.js';
import { ROOT } from '../startup/repl-process.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return {
    out: () => out.mock.calls.map((c) => c.join(' ')).join('\n'),
    err: () => err.mock.calls.map((c) => c.join(' ')).join('\n'),
  };
}

describe('keel help', () => {
  it.each([['--help'], ['-h'], ['help']])('`keel %s` lists every command with its summary and exits 0', async (flag) => {
    const io = capture();

    const code = await runCli([flag]);

    expect(code).toBe(0);
    expect(io.out()).toContain('usage: keel [COMMAND] [ARGS]');
    for (const name of ['repl', 'status', 'kernel', 'venue', 'node']) expect(io.out()).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    expect(io.err()).toBe('');
  });

  it.each(Object.keys(commands).filter((c) => c !== 'default'))('`keel %s --help` and `keel help %s` print its usage and exit 0 without running it', async (name) => {
    const io = capture();

    const codes = [await runCli([name, '--help']), await runCli(['help', name])];

    expect(codes).toEqual([0, 0]);
    expect(io.out().split(commands[name]!.usage)).toHaveLength(3);
    expect(commands[name]!.usage).toMatch(new RegExp(`^usage: keel ${name}`));
  });

  it('`keel node run --help` is help, not a node folder named --help', async () => {
    const io = capture();

    const code = await runCli(['node', 'run', '--help']);

    expect(code).toBe(0);
    expect(io.out()).toContain('usage: keel node run DIR');
    expect(io.err()).toBe('');
  });

  it('`keel help nope` names the commands and exits 2', async () => {
    const io = capture();

    const code = await runCli(['help', 'nope']);

    expect(code).toBe(2);
    expect(io.err()).toBe("keel help: unknown command 'nope'. Expected one of: repl, status, kernel, venue, node, attach");
  });
});

describe('keel arguments', () => {
  it('an unknown command names the valid ones and exits 2', async () => {
    const io = capture();

    const code = await runCli(['stauts']);

    expect(code).toBe(2);
    expect(io.err()).toBe("keel: unknown command 'stauts'. Expected one of: repl, status, kernel, venue, node, attach (keel --help)");
  });

  it.each([
    [['venue', '--prot', '1'], "keel venue: unknown option '--prot'; valid options: --port VALUE, --host VALUE, --instruments VALUE, --accounts VALUE, --data VALUE, --speed VALUE, --oms VALUE, --admin-key VALUE, --admin-secret VALUE (see keel venue --help)"],
    [['repl', '--sped', '2'], "keel repl: unknown option '--sped'; valid options: --speed VALUE, --policy VALUE, --history VALUE, --no-history, --inline, --isolated (see keel repl --help)"],
    [['kernel', 'install', '--usr'], "keel kernel install: unknown option '--usr'; valid options: --user, --prefix VALUE, --name VALUE (see keel kernel install --help)"],
    [['node', 'status', 'dir', '--jsn'], "keel node status: unknown option '--jsn'; valid options: --json (see keel node status --help)"],
    [['node', 'run', 'dir', '--fast'], "keel node run: unknown option '--fast'; it takes no options (see keel node run --help)"],
    [['status', '--verbose'], "keel status: unknown option '--verbose'; valid options: --json (see keel status --help)"],
  ])('keel %j: an unknown flag names the valid ones, exit 2, nothing started', async (argv, message) => {
    const io = capture();

    const code = await runCli(argv);

    expect(code).toBe(2);
    expect(io.err()).toBe(message);
  });
});

describe('keel status', () => {
  it('checks the install and says what it found (JSON): engine, node, data, jupyter, tmux', async () => {
    const io = capture();

    const code = await runCli(['status', '--json']);

    const report = JSON.parse(io.out()) as { ok: boolean; checks: { what: string; ok: boolean; detail: string }[] };
    expect(report.checks.map((c) => c.what)).toEqual(['keel', 'node', 'build', 'market data', 'jupyter', 'kernelspec', 'tmux']);
    const data = report.checks.find((c) => c.what === 'market data')!;
    expect([code, report.ok, data.ok]).toEqual([0, true, true]);
  });

  it('a missing data folder fails the check (exit 1) and says how to fix it', async () => {
    const io = capture();
    vi.stubEnv('KEEL_DATA_DIR', '/nonexistent/keel-data/');

    const code = await runCli(['status']);

    vi.unstubAllEnvs();
    expect(code).toBe(1);
    expect(io.out()).toMatch(/^FAIL\s+market data\s+missing btc-perp-20211231-20220201_1m\.csv, .* in \/nonexistent\/keel-data\/ \(put \.\.\/shared beside the checkout or set KEEL_DATA_DIR\)$/m);
  });
});

describe('the real binary', () => {
  it('`node bin/keel.js --help` prints usage on stdout and exits 0', () => {
    const run = spawnSync(process.execPath, ['bin/keel.js', '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KEEL_FROM_SOURCE: '1' } });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: keel [COMMAND] [ARGS]');
  });
});
