/**
 * Issue 11 item 8 under Debian's jupyter_client: a node created in a cell (three resting orders on a
 * venue in this test process, which outlives the kernel) is stopped by its shutdown policy when the
 * kernel ends, by a cell's process.exit() or by shutdown_request (py/session_exit.py).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxVenue } from '../../../src/sandbox/sandbox-venue.js';
import { runPython, skipJupyter } from './run-python.js';

interface Ended { created: string[]; placed: string[]; alive: boolean; returncode: number | null; cellNodeLine: string }

let venue: SandboxVenue | undefined;
afterEach(async () => {
  await venue?.stop();
  venue = undefined;
});

async function endKernel(mode: 'exit' | 'shutdown'): Promise<{ result: Ended; output: string; before: number; after: number }> {
  const v = (venue = await SandboxVenue.start({
    port: 0, instruments: ['AUDUSD.SIM'], accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }],
  }));
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const working = () => v.engine.orderReports('SIM-001', { openOnly: true }).length;
  let before = -1;
  const { result, output } = await runPython<Ended>('session_exit.py', {
    env: { KEEL_TEST_VENUE_URL: v.url },
    args: [mode],
    at: { mark: 'PLACED', answer: () => { before = working(); return 'go on'; } },
  });
  return { result, output, before, after: working() };
}

describe.skipIf(skipJupyter)('keel kernel: nodes created in cells when the kernel ends', () => {
  it("a cell's process.exit(0) cancels a cell-created node's resting orders before the kernel exits", async () => {
    const { result, output, before, after } = await endKernel('exit');

    expect(result.placed, output).toEqual(["'ACCEPTED,ACCEPTED,ACCEPTED'"]);
    expect(before).toBe(3);
    expect(after, output).toBe(0);
    expect([result.alive, result.returncode]).toEqual([false, 0]);
    expect(result.cellNodeLine).toBe("Node CELL-001 (created in a cell) stopped (shutdown policy 'cancel'): 3 orders canceled, 0 orders left working.");
  }, 180_000);

  it("shutdown_request cancels a cell-created node's resting orders, not only the session node's", async () => {
    const { result, output, before, after } = await endKernel('shutdown');

    expect(result.placed, output).toEqual(["'ACCEPTED,ACCEPTED,ACCEPTED'"]);
    expect(before).toBe(3);
    expect(after, output).toBe(0);
    expect([result.alive, result.returncode]).toEqual([false, 0]);
    expect(result.cellNodeLine).toBe("Node CELL-001 (created in a cell) stopped (shutdown policy 'cancel'): 3 orders canceled, 0 orders left working.");
  }, 180_000);
});
