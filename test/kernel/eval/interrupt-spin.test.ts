/**
 * The await checkpoint in-process: a cell spinning on microtasks is stopped by its abort signal (the
 * abort comes from a timer, which can only run because the checkpoint lets the event loop turn), the
 * rewrite keeps what awaits evaluate to, and the loop-held report.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEvaluator, EvalInterruptedError } from '../../../src/kernel/eval/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const evaluator = createEvaluator({ cwd: here });

describe('interrupting a microtask spin', () => {
  it('stops `for (;;) await Promise.resolve()` when its signal aborts, and the next cell runs', async () => {
    // Arrange: the abort is a timer, so it fires only if the spinning cell lets the event loop turn.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 100);

    // Act
    const outcome = await evaluator.evaluate(
      'globalThis.spinCount = 0; for (;;) { await Promise.resolve(); globalThis.spinCount++; }',
      { signal: controller.signal },
    ).catch((e: unknown) => e);
    clearTimeout(timer);
    const countAtStop = evaluator.getGlobal('spinCount') as number;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await evaluator.evaluate('6 * 7');

    // Assert: interrupted (not finished), the spin really ran and really stopped.
    expect(outcome).toBeInstanceOf(EvalInterruptedError);
    expect((outcome as EvalInterruptedError).code).toBe('EVAL_INTERRUPTED');
    expect(countAtStop).toBeGreaterThan(0);
    expect(evaluator.getGlobal('spinCount')).toBe(countAtStop);
    expect(next.value).toBe(42);
  }, 20_000);

  it('stops a spin inside a function the cell declared, and a rejected promise given to it is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 100);

    const outcome = await evaluator.evaluate(
      'async function spinIn(): Promise<never> { for (;;) { try { await Promise.reject(new Error("x")); } catch (e) { if ((e as { code?: string }).code === "EVAL_INTERRUPTED") throw e; } } }\nawait spinIn()',
      { signal: controller.signal },
    ).catch((e: unknown) => e);
    clearTimeout(timer);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', onUnhandled);

    expect((outcome as EvalInterruptedError).code).toBe('EVAL_INTERRUPTED');
    expect(unhandled).toEqual([]);
  }, 20_000);

  it('a function declared in an interrupted cell works again in a later cell', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 50);
    await evaluator.evaluate(
      'async function twiceLater(n: number) { await null; return n * 2 }\nfor (;;) await twiceLater(1)',
      { signal: controller.signal },
    ).catch(() => undefined);
    clearTimeout(timer);

    const later = await evaluator.evaluate('await twiceLater(21)');

    expect(later.value).toBe(42);
  }, 20_000);

  it('keeps what awaits evaluate to: nested, chained, non-promises, thenables, rejections', async () => {
    const result = await evaluator.evaluate([
      'const nestedAwait = await (await Promise.resolve(Promise.resolve(2)));',
      'const plainAwait = await 3;',
      'const thenableAwait = await { then(r: (v: number) => void) { r(4) } };',
      'const caughtAwait = await Promise.reject(new Error("five")).catch((e: Error) => e.message);',
      'const arrowAwait = await (async () => (await 6) + await 7)();',
      '[nestedAwait, plainAwait, thenableAwait, caughtAwait, arrowAwait]',
    ].join('\n'));

    expect(result.value).toEqual([2, 3, 4, 'five', 13]);
  });
});

describe('a cell that holds the event loop', () => {
  it('is reported when it holds it for 1.5 s, with its name; a 10 ms one is not', async () => {
    const held: { cell: string; heldMs: number }[] = [];
    const onLoopHeld = (h: { cell: string; heldMs: number }) => held.push(h);

    await evaluator.evaluate('{ const end = Date.now() + 10; while (Date.now() < end) {} }', { onLoopHeld });
    const shortReports = held.length;
    await evaluator.evaluate('{ const end = Date.now() + 1500; while (Date.now() < end) {} }', { onLoopHeld });

    expect(shortReports).toBe(0);
    expect(held).toHaveLength(1);
    expect(held[0]!.cell).toMatch(/^cell-\d+$/);
    expect(held[0]!.heldMs).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  it('is reported for a block after an await (a continuation), not only the synchronous start', async () => {
    const held: { cell: string; heldMs: number }[] = [];

    await evaluator.evaluate(
      'await new Promise((r) => setTimeout(r, 20)); { const end = Date.now() + 1500; while (Date.now() < end) {} }',
      { onLoopHeld: (h) => held.push(h) },
    );

    expect(held).toHaveLength(1);
    expect(held[0]!.heldMs).toBeGreaterThanOrEqual(1000);
  }, 20_000);
});
