import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEvaluator, EvalInterruptedError, EvalSyntaxError } from '../../../src/kernel/eval/index.js';

// Cells share the process's global scope (like node's REPL), so each test uses its own names.
const here = path.dirname(fileURLToPath(import.meta.url));
const evaluator = createEvaluator({ cwd: here });

describe('evaluate: state and declarations', () => {
  it('keeps a value declared in one cell for the next', async () => {
    await evaluator.evaluate('const stateA: number = 20');

    const result = await evaluator.evaluate('stateA + 1');

    expect(result).toEqual({ value: 21, hasValue: true, declared: [] });
  });

  it('re-declares a const when its cell is run again', async () => {
    await evaluator.evaluate('const redeclared = 1');

    await evaluator.evaluate('const redeclared = 2');

    expect(evaluator.getGlobal('redeclared')).toBe(2);
  });

  it('re-declares a class and later cells see the new one', async () => {
    await evaluator.evaluate('class Widget { size(): number { return 1 } }');
    await evaluator.evaluate('class Widget { size(): number { return 2 } }');

    const result = await evaluator.evaluate('new Widget().size()');

    expect(result.value).toBe(2);
  });

  it('shows what a cell\'s promise resolves to, and its rejection as the cell\'s error, as await would', async () => {
    const resolved = await evaluator.evaluate('new Promise<number>((r) => setImmediate(() => r(43)))');
    const rejected = evaluator.evaluate("Promise.reject(Object.assign(new Error('refused'), { code: 'TRADING_HALTED' }))");

    expect(resolved).toEqual({ value: 43, hasValue: true, declared: [] });
    await expect(rejected).rejects.toMatchObject({ message: 'refused', code: 'TRADING_HALTED' });
  });

  it('returns the value of a top-level await', async () => {
    const result = await evaluator.evaluate('await new Promise<number>((r) => setImmediate(() => r(42)))');

    expect(result).toEqual({ value: 42, hasValue: true, declared: [] });
  });

  it('reports no value for a cell ending in a declaration', async () => {
    const result = await evaluator.evaluate('const endsInDecl = 5');

    expect(result.hasValue).toBe(false);
    expect(result.value).toBeUndefined();
  });

  it('lists the names a cell declared, including destructuring, functions, classes and enums', async () => {
    const code = [
      'const { dA, nested: [dB] } = { dA: 1, nested: [2] };',
      'let dC = 3;',
      'function dFn(): void {}',
      'class DClass {}',
      'enum DEnum { X }',
      'interface NotAValue { x: number }',
      'dA + dB + dC',
    ].join('\n');

    const result = await evaluator.evaluate(code);

    expect(result.declared).toEqual(['dA', 'dB', 'dC', 'dFn', 'DClass', 'DEnum']);
    expect(result.value).toBe(6);
  });

  it('reads a lone object literal as an object, not a block', async () => {
    const result = await evaluator.evaluate('{ lone: 1 }');

    expect(result.value).toEqual({ lone: 1 });
  });

  it('puts globals given at creation and by setGlobal in scope', async () => {
    const withGlobals = createEvaluator({ globals: { givenAtStart: 7 } });
    withGlobals.setGlobal('givenLater', 3);

    const result = await withGlobals.evaluate('givenAtStart * givenLater');

    expect(result.value).toBe(21);
  });

  it('rejects with the cell\'s own runtime error', async () => {
    await expect(evaluator.evaluate('throw new RangeError("too far")')).rejects.toThrow(RangeError);
  });
});

describe('evaluate: imports', () => {
  it('turns a static import of the engine sources by relative path into a working binding', async () => {
    const result = await evaluator.evaluate(
      "import { Price as RelPrice } from '../../../src/engine/index.ts';\nRelPrice.from('1.00010').toString()",
    );

    expect(result.value).toBe('1.00010');
    expect(result.declared).toEqual(['RelPrice']);
  });

  it('maps the bare specifier keel to the same engine module instance', async () => {
    await evaluator.evaluate("import { Price as RelPrice2 } from '../../../src/engine/index.js'");

    const result = await evaluator.evaluate("import * as keelNs from 'keel';\nkeelNs.Price === RelPrice2");

    expect(result.value).toBe(true);
  });

  it('maps keel/testing, keel/sandbox and keel/kernel to the host\'s own modules too', async () => {
    await evaluator.evaluate("import { TestClock as RelTestClock } from '../../../src/engine/core/test-clock.js'");
    await evaluator.evaluate("import { SandboxVenue as RelVenue } from '../../../src/sandbox/sandbox-venue.js'");
    await evaluator.evaluate("import { renderText as relRenderText } from '../../../src/kernel/display/index.js'");

    const result = await evaluator.evaluate(
      "import { TestClock as T } from 'keel/testing';\nimport { SandboxVenue as V } from 'keel/sandbox';\nimport { renderText as r } from 'keel/kernel';\n[T === RelTestClock, V === RelVenue, r === relRenderText]",
    );

    expect(result.value).toEqual([true, true, true]);
  });

  it('resolves a dynamic import() written in a cell from the evaluator cwd', async () => {
    const result = await evaluator.evaluate("(await import('./fixtures/answer.ts')).answer");

    expect(result.value).toBe(42);
  });

  it('keeps an import whose binding is only used by a later cell', async () => {
    await evaluator.evaluate("import { EngineError as LaterErr } from 'keel'");

    const result = await evaluator.evaluate("new LaterErr('X_CODE', 'm').code");

    expect(result.value).toBe('X_CODE');
  });
});

describe('evaluate: syntax errors', () => {
  it('reports the cell line and column of a syntax error', async () => {
    const code = 'const fine = 1;\nconst broken = (1 + ;\n';

    const error = await evaluator.evaluate(code).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EvalSyntaxError);
    expect(error).toMatchObject({ code: 'EVAL_SYNTAX_ERROR', line: 2, column: 21 });
  });
});

describe('evaluate: interrupt', () => {
  it('rejects a stuck await when the signal aborts', async () => {
    const controller = new AbortController();
    const running = evaluator.evaluate('await new Promise(() => {})', { signal: controller.signal });

    controller.abort();

    await expect(running).rejects.toBeInstanceOf(EvalInterruptedError);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(evaluator.evaluate('1', { signal: controller.signal })).rejects.toMatchObject({ code: 'EVAL_INTERRUPTED' });
  });
});
