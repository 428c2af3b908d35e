import { describe, expect, it } from 'vitest';
import { createEvaluator } from '../../../src/kernel/eval/index.js';

const evaluator = createEvaluator();

describe('isComplete', () => {
  it.each([
    ['an unclosed class body', 'class Multi {\n  x = 1;\n'],
    ['an unclosed call', 'console.log(1,'],
    ['an unclosed string', "const s = 'abc"],
    ['an unclosed template', 'const t = `line one\n'],
    ['an unclosed template substitution', 'const t = `${'],
    ['an unclosed comment', '/* note'],
    ['a dangling operator', '1 +'],
    ['a trailing backslash', 'const s = "abc\\'],
  ])('calls %s incomplete', (_label, code) => {
    expect(evaluator.isComplete(code)).toBe('incomplete');
  });

  it.each([
    ['an expression', '1 + 1'],
    ['a closed class', 'class Done { x = 1 }'],
    ['empty input', '   '],
  ])('calls %s complete', (_label, code) => {
    expect(evaluator.isComplete(code)).toBe('complete');
  });

  it.each([
    ['a stray closer', '1 + )'],
    ['an error before the end', 'let = = 2\nconst ok = {'],
  ])('calls %s invalid', (_label, code) => {
    expect(evaluator.isComplete(code)).toBe('invalid');
  });
});
