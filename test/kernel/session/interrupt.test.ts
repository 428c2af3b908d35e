import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./fixtures/stub-repl-child.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startChild() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', CHILD], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let printed = '';
  child.stdout!.on('data', (c: Buffer) => (printed += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (printed += c.toString()));
  const waitFor = (from: number, predicate: (since: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const since = printed.slice(from);
        if (predicate(since)) {
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          resolve(since);
        }
      };
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before the expected output; printed:\n${printed}`)));
      // Fail with what the child printed rather than a bare test time-out.
      setTimeout(() => reject(new Error(`no expected output within 25 s; printed:\n${printed}`)), 25_000).unref();
      // stderr too: a warning on stderr may arrive after the prompt on stdout.
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      check();
    });
  return { child, waitFor, mark: () => printed.length };
}

describe('interrupting a cell in a live session (child process)', () => {
  it('SIGINT stops a `while (true) {}` cell, the REPL prompts again and the node is still running', { timeout: 60_000, retry: 2 }, async () => {
    const { child, waitFor, mark } = startChild();
    await waitFor(0, (s) => s.endsWith('keel> '));
    // Arrange: a cell spinning forever; it says so first (stdout to a pipe is synchronous on Linux).
    const from = mark();
    child.stdin!.write('globalThis.spinning = true; console.log("spinning"); while (true) {}\n');
    await waitFor(from, (s) => s.includes('spinning'));

    // Act: the user's Ctrl-C is a SIGINT to the process. On a loaded machine the first one is now and
    // then lost inside node's SIGINT watchdog (seen about 1 run in 4 there), so, like a user, press again
    // if nothing happened for a while; the prompt after an interrupt comes within milliseconds.
    child.kill('SIGINT');
    const again = setInterval(() => child.kill('SIGINT'), 3000);
    const out = await waitFor(from, (s) => s.endsWith('keel> ')).finally(() => clearInterval(again));
    const at = mark();
    child.stdin!.write('[globalThis.spinning, node.state]\n');
    const state = await waitFor(at, (s) => s.endsWith('keel> '));

    // Assert
    expect(out).toMatch(/interrupt/i);
    expect(state).toContain("[ true, 'RUNNING' ]");
    expect(child.exitCode).toBeNull();
    // Retried (a fresh child each time): under heavy CPU load node's breakOnSigint watchdog has, in about
    // 1 of 10 full-suite runs, let every SIGINT of a 25 s window go by a synchronous loop; the cause is not
    // found yet (see the closing note of issue 12). A REPL that is killed or never interrupted still fails.
  });

  it('SIGINT stops a microtask spin `for (;;) await Promise.resolve()`, the REPL prompts again and the node is still running', async () => {
    const { child, waitFor, mark } = startChild();
    await waitFor(0, (s) => s.endsWith('keel> '));
    // Arrange: a cell that never yields to the event loop: only microtasks, so no listener can run.
    const from = mark();
    child.stdin!.write('globalThis.spins = 0; console.log("spinning"); for (;;) { await Promise.resolve(); globalThis.spins++; }\n');
    await waitFor(from, (s) => s.includes('spinning'));
    // A SIGINT within a millisecond of the cell's synchronous start ending is swallowed by node's vm SIGINT
    // watchdog (breakOnSigint; seen 3 runs in 3 when sent at once, never 100 ms later); no person is that fast.
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act: Ctrl-C as a SIGINT to the process, pressed again every 3 s like a user if nothing happens.
    child.kill('SIGINT');
    const again = setInterval(() => child.kill('SIGINT'), 3000);
    const out = await waitFor(from, (s) => s.endsWith('keel> ')).finally(() => clearInterval(again));
    const at = mark();
    child.stdin!.write('[globalThis.spins > 0, node.state, 6 * 7]\n');
    const state = await waitFor(at, (s) => s.endsWith('keel> '));

    // Assert
    expect(out).toContain('EVAL_INTERRUPTED');
    expect(state).toContain("[ true, 'RUNNING', 42 ]");
    expect(child.exitCode).toBeNull();
  }, 60_000);

  it('a cell that holds the event loop for 1.5 s draws a warning naming it on stderr; a 10 ms one does not', async () => {
    const { child, waitFor, mark } = startChild();
    await waitFor(0, (s) => s.endsWith('keel> '));

    // Act: a short busy cell, then a long one (each ends with its own marker value).
    const from = mark();
    child.stdin!.write('{ const end = Date.now() + 10; while (Date.now() < end) {} } "short done"\n');
    const short = await waitFor(from, (s) => s.includes("'short done'") && s.endsWith('keel> '));
    const at = mark();
    child.stdin!.write('{ const end = Date.now() + 1500; while (Date.now() < end) {} } "long done"\n');
    const long = await waitFor(at, (s) => s.includes("'long done'") && s.includes('held the event loop') && s.endsWith('keel> '));

    // Assert
    expect(short).not.toContain('held the event loop');
    // Named by its number (as in its stack frames) and its first line, cut at 60 characters.
    expect(long).toMatch(/keel: cell 2 \(\{ const end = Date\.now\(\) \+ 1500; while \(Date\.now\(\) < end\) \{…\) held the event loop for \d+\.\d s \(the node could not process venue events meanwhile\)/);
    const seconds = Number(/held the event loop for (\d+\.\d) s/.exec(long)![1]);
    expect(seconds).toBeGreaterThanOrEqual(1.4);
  }, 60_000);

  it('SIGINTs between cells never kill the session: each clears the line and says how to leave', async () => {
    const { child, waitFor, mark } = startChild();
    await waitFor(0, (s) => s.endsWith('keel> '));

    // Act: five Ctrl-Cs at an idle prompt, as a user hammering it just after a cell stopped.
    const from = mark();
    for (let i = 0; i < 5; i++) {
      child.kill('SIGINT');
      await waitFor(mark(), (s) => s.includes('(To exit, type .exit or press Ctrl+D)\nkeel> '));
    }
    const at = mark();
    child.stdin!.write('node.state\n');
    const state = await waitFor(at, (s) => s.includes("'") && s.endsWith('keel> '));

    // Assert
    expect(child.exitCode).toBeNull();
    expect(state).toContain("'RUNNING'");
    expect(mark()).toBeGreaterThan(from);
  }, 60_000);
});
