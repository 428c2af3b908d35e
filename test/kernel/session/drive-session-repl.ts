/**
 * Drives the keel REPL over a session in-process through PassThrough streams: `send(line)` resolves
 * with what was printed once the next prompt appears (no fixed sleeps).
 */
import { PassThrough } from 'node:stream';
import { startKeelRepl, type KeelReplOptions, type Session } from '../../../src/kernel/index.js';
import type { ReplHandle } from '../../../src/kernel/repl/index.js';

export interface DrivenSessionRepl {
  readonly handle: ReplHandle;
  text(): string;
  send(line: string): Promise<string>;
  /** Resolves once `predicate(output since from)` holds (e.g. the stop report after `.exit`). */
  waitFor(from: number, predicate: (since: string) => boolean): Promise<string>;
  complete(line: string): Promise<[string[], string]>;
  /** Ends the input, as Ctrl-D does on a terminal. */
  end(): void;
}

const PROMPTS = ['keel> ', '... '];

export async function driveSessionRepl(session: Session, options: Pick<KeelReplOptions, 'statusPrompt'> = {}): Promise<DrivenSessionRepl> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const handle = startKeelRepl(session, { input, output, historyFile: null, colors: false, terminal: false, ...options });

  const waitFor = (from: number, predicate: (since: string) => boolean): Promise<string> =>
    new Promise((resolve) => {
      const check = () => {
        const since = printed.slice(from);
        if (predicate(since)) {
          output.off('data', check);
          resolve(since);
        }
      };
      output.on('data', check);
      check();
    });
  const nextPrompt = (from: number) => waitFor(from, (since) => PROMPTS.some((p) => since.endsWith(p)));

  await nextPrompt(0);
  return {
    handle,
    text: () => printed,
    waitFor,
    send(line: string) {
      const from = printed.length;
      input.write(`${line}\n`);
      return nextPrompt(from);
    },
    end: () => input.end(),
    complete(line: string) {
      return new Promise((resolve, reject) => {
        handle.server.completer(line, (error, result) =>
          error || !result ? reject(error ?? new Error('no completion')) : resolve(result as [string[], string]),
        );
      });
    },
  };
}
