import { describe, expect, it } from 'vitest';
import { createEvaluator, DOC_SYMBOL } from '../../../src/kernel/eval/index.js';

const evaluator = createEvaluator();
evaluator.setGlobal('complNode', {
  execEngine: { config: { maxOrders: 5 }, configure() {}, start() {} },
  [DOC_SYMBOL]: 'the live trading node',
});

describe('complete', () => {
  it('completes a property chain at runtime', () => {
    const code = 'complNode.execEngine.con';

    const completion = evaluator.complete(code, code.length);

    expect(completion).toEqual({ matches: ['config', 'configure'], cursorStart: 21, cursorEnd: 24 });
  });

  it('completes a global name, including names declared by cells', async () => {
    await evaluator.evaluate('const complDeclared = 1');
    const code = 'x = complD';

    const completion = evaluator.complete(code, code.length);

    expect(completion.matches).toEqual(['complDeclared']);
    expect(completion.cursorStart).toBe(4);
  });

  it('completes at the cursor, not at the end of the code', () => {
    const code = 'complNode.execEngine.st; other()';

    const completion = evaluator.complete(code, 23);

    expect(completion.matches).toEqual(['start']);
  });

  it('offers nothing after a call, which it will not run', () => {
    const code = 'complNode.execEngine.configure().';

    expect(evaluator.complete(code, code.length).matches).toEqual([]);
  });
});

describe('inspect', () => {
  it('returns the keel.doc string of an object that has one', () => {
    expect(evaluator.inspect('complNode', 3)).toBe('complNode: the live trading node');
  });

  it('describes an object by its constructor and keys', () => {
    const code = 'complNode.execEngine.config';

    expect(evaluator.inspect(code, code.length)).toBe('complNode.execEngine.config: Object { maxOrders }');
  });

  it('returns null for an unknown name', () => {
    expect(evaluator.inspect('noSuchNameAnywhere', 4)).toBeNull();
  });
});
