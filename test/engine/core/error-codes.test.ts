import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../../src/engine/core/error-codes.js';
import { renderErrorsDoc } from '../../../src/engine/core/error-codes-doc.js';
import { EngineError } from '../../../src/engine/core/errors.js';
import { PROTOCOL_ERROR_CODES } from '../../../src/engine/venue/sandbox/protocol/codes.js';

const ROOT = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('error-code catalogue', () => {
  it('docs/errors.md is the text generated from the catalogue (npm run docs:errors)', () => {
    expect(readFileSync(join(ROOT, 'docs/errors.md'), 'utf8')).toBe(renderErrorsDoc());
  });

  it('has one line of doc per code', () => {
    const bad = Object.entries(ERROR_CODES).filter(([, doc]) => doc.trim() === '' || doc.includes('\n'));
    expect(bad).toEqual([]);
    expect(renderErrorsDoc()).toContain('| `INVALID_STATE_TRANSITION` | A lifecycle (order, venue order, node, strategy, connection');
  });

  it('holds every sandbox protocol error code (the admin client passes them on as EngineError codes)', () => {
    expect(PROTOCOL_ERROR_CODES.filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it('lists no code that nothing in src/ raises', () => {
    const text = sources(join(ROOT, 'src'))
      .filter((f) => !f.endsWith('error-codes.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(Object.keys(ERROR_CODES).filter((c) => !text.includes(`'${c}'`))).toEqual([]);
  });

  it('types EngineError over the catalogue, so a typo fails the compiler', () => {
    // @ts-expect-error 'ORDER_UNKNWON' is not an ErrorCode (tsc fails here if EngineError accepted any string)
    const typo = new EngineError('ORDER_UNKNWON', 'x');
    expect([isErrorCode(typo.code), isErrorCode('ORDER_UNKNOWN'), isErrorCode('toString')]).toEqual([false, true, false]);
  });
});
