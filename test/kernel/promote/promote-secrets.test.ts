/**
 * Issue 11 item 10: `promote` must not copy a credential written in a cell into strategy.ts. A string
 * literal bound to a credential-like name, or one that looks like an API key wherever it sits, is
 * refused with a coded error naming the constant, the cell and the line, and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promote } from '../../../src/kernel/promote/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-promote-secrets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cells = (...sources: string[]) => sources.map((source, i) => ({ index: i + 1, source, ok: true }));
function strategyNamed(name: string) {
  const cls = { [name]: class {} }[name]!;
  return Object.assign(Object.create(cls.prototype), {
    id: `${name}-001`,
    config: { strategyId: name, orderIdTag: '001', omsType: 'NETTING', externalOrderClaims: [], manageContingentOrders: true, manageGtdExpiry: false, params: {} },
  });
}
const node = { config: { traderId: 'TRADER-007', venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'k', apiSecret: 's' }] }, execEngine: { config: {} } };
const venue = { url: 'ws://127.0.0.1:4567' };
const attempt = (history: ReturnType<typeof cells>, className: string) => () =>
  promote({ history, globals: { node, venue }, node, venue }, strategyNamed(className), { dir });

describe('promote refuses secrets in the source it would write', () => {
  it('refuses a token constant the class uses, naming it with its cell and line, and writes nothing', () => {
    const history = cells(
      "import { Strategy } from 'keel';",
      "const SIZE = '0.010';\nconst API_TOKEN = 'tok-live-7Hq2mZ9xVb';",
      'class Leaky extends Strategy { headers() { return { auth: API_TOKEN, size: SIZE }; } }',
    );

    expect(attempt(history, 'Leaky')).toThrow(expect.objectContaining({
      code: 'PROMOTE_SECRET_IN_SOURCE',
      details: { className: 'Leaky', name: 'API_TOKEN', cell: 2, line: 2, reason: 'a string literal named like a credential' },
    }));
    expect(attempt(history, 'Leaky')).toThrow(/process\.env\.API_TOKEN/);
    expect(existsSync(join(dir, 'strategy.ts'))).toBe(false);
    expect(existsSync(join(dir, 'node.json'))).toBe(false);
  });

  it("refuses a class field holding a password and never puts the value in the error", () => {
    const history = cells("import { Strategy } from 'keel';\nclass Pw extends Strategy {\n  private readonly password = 'hunter2-hunter2';\n}");

    let error: unknown;
    try {
      attempt(history, 'Pw')();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'PROMOTE_SECRET_IN_SOURCE', details: { name: 'password', cell: 1, line: 3 } });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('hunter2');
  });

  it('refuses a literal that looks like an API key under an innocent name', () => {
    const history = cells("import { Strategy } from 'keel';", "const ROUTE = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';\nclass Routed extends Strategy { r = ROUTE; }");

    expect(attempt(history, 'Routed')).toThrow(expect.objectContaining({
      code: 'PROMOTE_SECRET_IN_SOURCE',
      details: { className: 'Routed', name: 'ROUTE', cell: 2, line: 1, reason: 'a string literal that looks like an API key (long, random)' },
    }));
  });

  it('promotes ordinary constants: sizes, instrument ids, a sort key, a tag', () => {
    const history = cells(
      "import { Strategy } from 'keel';",
      "const SIZE = '0.010';\nconst SORT_KEY = 'price';\nconst INSTRUMENT = 'BTCUSDT-PERP.SIM';\nconst TAG = 'EmaCrossBracketStrategy';",
      'class Plain extends Strategy { x = [SIZE, SORT_KEY, INSTRUMENT, TAG]; }',
    );

    attempt(history, 'Plain')();

    expect(readFileSync(join(dir, 'strategy.ts'), 'utf8')).toContain("const SORT_KEY = 'price';");
  });
});
