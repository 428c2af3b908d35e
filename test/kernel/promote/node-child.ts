import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** A `keel node run DIR` child process with its stdout parsed as JSON lines (tests for promoted nodes). */
export const REPO = resolve(import.meta.dirname, '../../..');

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface NodeChild {
  readonly child: ChildProcess;
  readonly lines: LogLine[];
  readonly stderr: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a logged line matches (checked on every new line); rejects at the deadline or exit. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>;
  count(match: (line: LogLine) => boolean): number;
}

export function runNode(dir: string, env: Record<string, string>, args: string[] = ['run']): NodeChild {
  const child = spawn(process.execPath, ['bin/keel.js', 'node', ...args, dir], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ level: 'raw', msg: text });
      }
    }
    for (const w of [...waiters]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => {
    res({ code, signal });
    for (const w of [...waiters]) w();
  }));
  let done = false;
  void exited.then(() => { done = true; });
  return {
    child,
    lines,
    stderr,
    exited,
    count: (match) => lines.filter(match).length,
    waitFor(match, timeoutMs, what) {
      return new Promise((res, rej) => {
        const check = (): void => {
          const hit = lines.find(match);
          if (hit) finish(() => res(hit));
          else if (done || child.exitCode !== null || child.signalCode !== null) {
            finish(() => rej(new Error(`node exited before ${what}; stderr: ${stderr.join('')}; last lines: ${JSON.stringify(lines.slice(-5))}`)));
          }
        };
        const timer = setTimeout(() => finish(() => rej(new Error(`timed out waiting for ${what}; stderr: ${stderr.join('')}; last lines: ${JSON.stringify(lines.slice(-5))}`))), timeoutMs);
        const finish = (f: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          f();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

export const isEvent = (type: string) => (l: LogLine): boolean => l.msg === 'order event' && l.event === type;
