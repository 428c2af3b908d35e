/**
 * Drives `node bin/keel.js repl` (what `npm start` runs) as a child process through piped stdin/stdout,
 * waiting for the prompt after each line rather than sleeping.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROMPT = 'keel> ';

export interface ReplProcess {
  /** Sends one line and resolves with everything printed before the next prompt. */
  send(line: string): Promise<string>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Writes a line without waiting for a prompt (a line that ends the process prints none). */
  write(line: string): void;
  /** Sends the process a signal (e.g. SIGTERM, as a service manager or a closing terminal would). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code once the process has exited. */
  exited(): Promise<number | null>;
  close(): Promise<void>;
}

/** `argv`: what node runs (default `bin/keel.js repl --no-history`, i.e. `npm start`). */
export async function startRepl(env: Record<string, string>, argv: readonly string[] = ['bin/keel.js', 'repl', '--no-history']): Promise<ReplProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', ...argv],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let waiter: { from: number; resolve: (s: string) => void; reject: (e: Error) => void } | null = null;
  const check = () => {
    if (!waiter) return;
    const at = out.indexOf(PROMPT, waiter.from);
    if (at < 0) return;
    const { from, resolve } = waiter;
    waiter = null;
    resolve(out.slice(from, at));
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    check();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.once('exit', (code, signal) => waiter?.reject(new Error(`REPL exited (${code ?? signal}) before its prompt:\n${out}\n${err}`)));
  const nextPrompt = (from: number) => new Promise<string>((resolve, reject) => {
    waiter = { from, resolve, reject };
    check();
  });
  await nextPrompt(0);
  return {
    send(line) {
      const from = out.length;
      child.stdin.write(`${line}\n`);
      return nextPrompt(from);
    },
    stderr: () => err,
    stdout: () => out,
    write: (line) => void child.stdin.write(`${line}\n`),
    kill: (signal) => void child.kill(signal),
    exited: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    }),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
