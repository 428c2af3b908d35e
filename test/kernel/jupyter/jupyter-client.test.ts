/**
 * keel's kernel driven by Debian's real Jupyter client: jupyter_kernel_test's whole suite, plus
 * interrupt, shutdown, signature and display-update scripts (test/kernel/jupyter/py/).
 */
import { describe, expect, it } from 'vitest';
import { runPython, skipJupyter, skipKernelTestSuite } from './run-python.js';

const SLOW = 180_000;

describe.skipIf(skipJupyter)('keel kernel under jupyter_client', () => {
  it.skipIf(skipKernelTestSuite)('passes every configured jupyter_kernel_test check', async () => {
    const { result, output } = await runPython<{ testsRun: number; outcomes: Record<string, string>; problems: string[] }>(
      'kernel_test_suite.py');

    expect(result.problems, output).toEqual([]);
    expect(result.outcomes).toEqual({
      test_clear_output: 'pass', test_completion: 'pass', test_display_data: 'pass', test_error: 'pass',
      test_execute_result: 'pass', test_execute_stderr: 'pass', test_execute_stdout: 'pass', test_history: 'pass',
      test_inspect: 'pass', test_is_complete: 'pass', test_kernel_info: 'pass',
      // keel has no pager payloads; the suite skips this check when no sample is configured.
      test_pager: 'skip',
    });
  }, SLOW);

  it('interrupts a busy loop, a stuck await and a microtask spin, keeps the session, and warns of a cell that held the loop', async () => {
    interface Interrupted { status: string; ename: string; errorMessages: number; attempts: number }
    const { result, output } = await runPython<{
      busyLoop: Interrupted; stuckAwait: Interrupted; microtaskSpin: Interrupted; afterStatus: string; after: string[];
      nodeState: string[]; shortStderr: string; longStderr: string; alive: boolean;
    }>('interrupt.py');

    expect(result.busyLoop, output).toMatchObject({ status: 'error', errorMessages: 1 });
    expect(result.stuckAwait, output).toMatchObject({ status: 'error', errorMessages: 1 });
    expect(result.microtaskSpin, output).toMatchObject({ status: 'error', errorMessages: 1 });
    expect(result.afterStatus).toBe('ok');
    expect(result.after).toEqual(['42']);
    expect(result.nodeState).toEqual(["'RUNNING'"]);
    expect(result.shortStderr).toBe('');
    // Cells 1 to 6 ran before it (the three interrupted ones count too).
    expect(result.longStderr).toMatch(
      /^keel: cell 8 \(\{ const end = Date\.now\(\) \+ 1500; while \(Date\.now\(\) < end\) \{…\) held the event loop for 1\.\d s \(the node runs in its own process and was not delayed\)\n$/);
    expect(result.alive).toBe(true);
  }, SLOW);

  it('shuts down by itself with a live setInterval (no SIGKILL after the 5 s wait)', async () => {
    const { result, output } = await runPython<{
      replyType: string; replyParent: boolean; replyStatus: string; alive: boolean; returncode: number | null;
      exitedAfterSeconds: number; jupyterKillWaitSeconds: number;
    }>('shutdown.py');

    expect(result, output).toMatchObject({
      replyType: 'shutdown_reply', replyParent: true, replyStatus: 'ok', alive: false, returncode: 0,
    });
    // Exit code 0 already rules out the kill; this names the bound the brief asks for.
    expect(result.exitedAfterSeconds).toBeLessThan(result.jupyterKillWaitSeconds);
  }, SLOW);

  it('drops a message signed with the wrong key, and counts it', async () => {
    const { result, output } = await runPython<{ forgedRan: string[]; executionCount: number; keel: { droppedMessages: number } }>(
      'bad_signature.py');

    expect(result.forgedRan, output).toEqual(["'undefined'"]);
    expect(result.executionCount).toBe(1);
    expect(result.keel).toEqual({ droppedMessages: 1, replayedMessages: 0 });
  }, SLOW);

  it('runs a correctly signed message replayed byte for byte only once: a duplicate signature is dropped and counted', async () => {
    // Arrange / Act: the script sends one signed execute_request twice, then asks how often it ran
    const { result, output } = await runPython<{ runs: string[]; keel: { droppedMessages: number; replayedMessages: number } }>(
      'replayed_message.py');

    // Assert
    expect(result.runs, output).toEqual(['1']);
    expect(result.keel).toEqual({ droppedMessages: 1, replayedMessages: 1 });
    expect(output).toContain('keel kernel: dropped a replayed message (a signature seen before) on shell: execute_request');
  }, SLOW);

  it('sends update_display_data for a display id, also from a timer after the cell', async () => {
    const { result, output } = await runPython<{ status: string; seen: { type: string; id: string; text: string }[] }>(
      'update_display.py');

    expect(result.status, output).toBe('ok');
    expect(result.seen).toEqual([
      { type: 'display_data', id: 'price-view', text: "'first'" },
      { type: 'update_display_data', id: 'price-view', text: "'second'" },
      { type: 'update_display_data', id: 'price-view', text: "'from a timer'" },
    ]);
  }, SLOW);
});
