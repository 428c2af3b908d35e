import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

it('stops a synchronous busy loop on SIGINT and keeps evaluating', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--disable-warning=ExperimentalWarning', path.join(here, 'fixtures/busy-loop-child.ts')],
    { cwd: path.resolve(here, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // Wait for the loop to start (the child says so) rather than sleeping.
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('looping')) resolve();
    });
  });
  child.kill('SIGINT');
  const code = await exited;

  expect(stderr).toBe('');
  expect(stdout).toBe('looping\ncaught EVAL_INTERRUPTED\nafter 42\n');
  expect(code).toBe(0);
});
