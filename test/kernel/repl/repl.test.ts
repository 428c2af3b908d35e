import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplCommand } from '../../../src/kernel/repl/index.js';
import { driveRepl, type DrivenRepl } from './drive-repl.js';

let current: DrivenRepl | null = null;
afterEach(async () => {
  await current?.handle.close();
  current = null;
});
async function open(...args: Parameters<typeof driveRepl>): Promise<DrivenRepl> {
  current = await driveRepl(...args);
  return current;
}

describe('REPL cells', () => {
  it('shows the value of a cell and then a fresh prompt', async () => {
    const r = await open();

    const out = await r.send('20 + 22');

    expect(out).toBe('42\nkeel> ');
  });

  it('takes a class over several lines, then uses it', async () => {
    const r = await open();

    const first = await r.send('class ReplMulti {');
    await r.send('  value(): number { return 3 }');
    const closing = await r.send('}');
    const used = await r.send('new ReplMulti().value()');

    expect(first).toBe('... ');
    expect(closing).toBe('keel> ');
    expect(used).toBe('3\nkeel> ');
  });

  it('shows a thrown error and keeps working', async () => {
    const r = await open();

    const failed = await r.send('throw new RangeError("out of range")');
    const after = await r.send('1 + 1');

    expect(failed.split('\n')[0]).toBe('RangeError: out of range');
    expect(after).toBe('2\nkeel> ');
  });

  it('shows an EngineError as its code and message', async () => {
    const r = await open();

    const out = await r.send("import { EngineError as ReplErr } from 'keel'; throw new ReplErr('BAD_SIZE', 'expected a positive size, received -1')");

    expect(out).toBe('BAD_SIZE: expected a positive size, received -1\nkeel> ');
  });

  it('awaits at top level', async () => {
    const r = await open();

    const out = await r.send('await new Promise((done) => setImmediate(() => done("later")))');

    expect(out).toBe("'later'\nkeel> ");
  });

  it('shows values through the caller\'s render, falling back to inspect', async () => {
    const render = (value: unknown) => (value instanceof Map ? `<map of ${value.size}>` : undefined);
    const r = await open({ render });

    const rendered = await r.send('new Map([[1, 2]])');
    const inspected = await r.send('[1, 2]');

    expect(rendered).toBe('<map of 1>\nkeel> ');
    expect(inspected).toBe('[ 1, 2 ]\nkeel> ');
  });

  it('interrupts a stuck await on Ctrl-C without leaving', async () => {
    const r = await open();
    const from = r.text().length;
    r.input.write('await new Promise(() => {})\n');

    r.handle.server.emit('SIGINT');
    const out = await r.nextPrompt(from);
    const after = await r.send('"still here"');

    expect(out).toBe('EVAL_INTERRUPTED: expected the cell to finish, received an interrupt (abort signal)\nkeel> ');
    expect(after).toBe("'still here'\nkeel> ");
  });
});

describe('REPL dot-commands', () => {
  const calls: string[] = [];
  const configCommand: ReplCommand = {
    name: 'config',
    help: 'Show or change the live config',
    action(arg) {
      calls.push(arg);
      return { [arg]: 5 };
    },
    complete: () => ['maxOrders', 'maxNotional', 'omsType'],
  };

  it('runs a command with its argument and shows what it returns', async () => {
    const r = await open({ commands: [configCommand] });

    const out = await r.send('.config maxOrders');

    expect(calls).toEqual(['maxOrders']);
    expect(out).toBe('{ maxOrders: 5 }\nkeel> ');
  });

  it('shows a failing command\'s error and keeps working', async () => {
    const failing: ReplCommand = { name: 'boom', help: 'fails', action: () => Promise.reject(new Error('no venue')) };
    const r = await open({ commands: [failing] });

    const out = await r.send('.boom');

    expect(out.split('\n')[0]).toBe('Error: no venue');
    expect(out.endsWith('keel> ')).toBe(true);
  });

  it('completes the argument after .config from the command\'s table', async () => {
    const r = await open({ commands: [configCommand] });

    const completion = await r.complete('.config max');

    expect(completion).toEqual([['maxNotional', 'maxOrders'], 'max']);
  });

  it('completes command names after a dot', async () => {
    const r = await open({ commands: [configCommand] });

    const completion = await r.complete('.con');

    expect(completion).toEqual([['.config'], '.con']);
  });

  it('lists the commands with .help', async () => {
    const r = await open({ commands: [configCommand] });

    const out = await r.send('.help');

    expect(out).toContain('.config  Show or change the live config');
    expect(out).toContain('.exit');
    expect(out).not.toContain('.clear');
  });
});

describe('REPL completion', () => {
  it('completes a property chain through the evaluator', async () => {
    const r = await open();
    await r.send('const replNode = { execEngine: { config: 1, configure() {} } }');

    const completion = await r.complete('replNode.execEngine.con');

    expect(completion).toEqual([['config', 'configure'], 'con']);
  });
});

describe('REPL exit and history', () => {
  it('calls onExit before .exit closes the REPL', async () => {
    const order: string[] = [];
    const r = await driveRepl({ onExit: () => void order.push('onExit') });
    r.handle.server.on('close', () => order.push('close'));

    r.input.write('.exit\n');
    await r.handle.closed;

    expect(order).toEqual(['onExit', 'close']);
  });

  it('calls onExit once when the input ends (Ctrl-D)', async () => {
    let exits = 0;
    const r = await driveRepl({ onExit: () => void exits++ });

    r.input.end();
    await r.handle.closed;
    await r.handle.close();

    expect(exits).toBe(1);
  });

  it('writes each entered line to the history file and loads it next time', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-repl-'));
    const historyFile = path.join(dir, 'history');
    writeFileSync(historyFile, 'older line\n');
    const r = await driveRepl({ historyFile });

    await r.send('const histA = 1');
    await r.send('histA + 1');
    await r.handle.close();
    const next = await driveRepl({ historyFile });
    await next.handle.close();

    const written = readFileSync(historyFile, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(written).toBe('older line\nconst histA = 1\nhistA + 1\n');
    expect((next.handle.server as unknown as { history: string[] }).history).toEqual(['histA + 1', 'const histA = 1', 'older line']);
  });
});
