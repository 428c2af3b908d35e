import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../src/kernel/cli/index.js';
import { replCommand } from '../../../src/kernel/cli/repl.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('keel repl (CLI arguments)', () => {
  it('a bare `keel` (npm start) runs the REPL', () => {
    expect(commands['default']).toBe(replCommand);
    expect(commands['repl']).toBe(replCommand);
  });

  it('refuses an unknown shutdown policy before starting anything', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const code = await replCommand.run(['--policy', 'panic']);

    expect(code).toBe(2);
    expect(errors).toHaveBeenCalledWith('keel repl: --policy expected one of leave, cancel, flatten, received panic');
  });

  it('refuses a replay speed that is not a positive number', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const code = await replCommand.run(['--speed', 'fast']);

    expect(code).toBe(2);
    expect(errors).toHaveBeenCalledWith('keel repl: --speed expected a positive number, received fast');
  });
});
