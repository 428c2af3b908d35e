/**
 * Drives a REPL in-process through PassThrough streams. `send(line)` resolves with what the REPL
 * printed once the next prompt (`keel> ` or the continuation `... `) appears: no fixed sleeps.
 */
import { PassThrough } from 'node:stream';
import { startRepl } from '../../../src/kernel/repl/index.js';
import type { ReplHandle, ReplOptions } from '../../../src/kernel/repl/index.js';

export interface DrivenRepl {
  readonly handle: ReplHandle;
  readonly input: PassThrough;
  /** Everything printed so far. */
  text(): string;
  send(line: string): Promise<string>;
  /** Resolves with the output since `from` once it ends in a prompt. */
  nextPrompt(from: number): Promise<string>;
  complete(line: string): Promise<[string[], string]>;
}

const PROMPTS = ['keel> ', '... '];

export async function driveRepl(options: ReplOptions = {}): Promise<DrivenRepl> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const handle = startRepl({ historyFile: null, ...options, input, output });

  const nextPrompt = (from: number): Promise<string> =>
    new Promise((resolve) => {
      const check = () => {
        const since = printed.slice(from);
        if (PROMPTS.some((p) => since.endsWith(p))) {
          output.off('data', check);
          resolve(since);
        }
      };
      output.on('data', check);
      check();
    });

  await nextPrompt(0);
  return {
    handle,
    input,
    text: () => printed,
    nextPrompt,
    send(line: string) {
      const from = printed.length;
      input.write(`${line}\n`);
      return nextPrompt(from);
    },
    complete(line: string) {
      return new Promise((resolve, reject) => {
        handle.server.completer(line, (error, result) =>
          error || !result ? reject(error ?? new Error('no completion')) : resolve(result as [string[], string]),
        );
      });
    },
  };
}
