/**
 * The kernel's live session through Debian's jupyter_client: what the first cell has in scope, and
 * shutdown stopping the node by its shutdown policy before the kernel exits (py/session_shutdown.py).
 */
import { describe, expect, it } from 'vitest';
import { runPython, skipJupyter } from './run-python.js';

describe.skipIf(skipJupyter)('keel kernel live session', () => {
  it('starts with node, venue, keel, live and promote in scope; shutdown cancels the resting order and stops the venue', async () => {
    // Arrange / Act: the script places a resting order, then asks the kernel to shut down
    const { result, output } = await runPython<{
      first: string[]; placed: string[]; alive: boolean; returncode: number | null; exitedAfterSeconds: number;
      stopLine: string; venueLine: string;
    }>('session_shutdown.py');

    // Assert
    expect(result.first, output).toEqual(["'object object function function function RUNNING'"]);
    expect(result.placed).toEqual(["'ACCEPTED'"]);
    expect(result.stopLine).toBe("keel: Node stopped (shutdown policy 'cancel'): 1 order canceled, 0 orders left working, 0 positions closed, 0 positions left open.");
    expect(result.venueLine).toBe('Embedded venue stopped.');
    expect([result.alive, result.returncode]).toEqual([false, 0]);
    expect(result.exitedAfterSeconds).toBeLessThan(5);
  }, 120_000);
});
