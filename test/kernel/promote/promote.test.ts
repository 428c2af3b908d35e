import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as keel from '../../../src/engine/index.js';
import { loadNodeFolder, promote } from '../../../src/kernel/promote/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-promote-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cells = (...sources: string[]) => sources.map((source, i) => ({ index: i + 1, source, ok: true }));

/** A stand-in strategy instance whose constructor has the promoted class's name. */
function strategyNamed(name: string) {
  const cls = { [name]: class {} }[name]!;
  return Object.assign(Object.create(cls.prototype), {
    id: `${name}-001`,
    config: { strategyId: name, orderIdTag: '001', omsType: 'NETTING', externalOrderClaims: [], manageContingentOrders: true, manageGtdExpiry: false, params: { size: '0.010' } },
  });
}

const node = {
  config: { traderId: 'TRADER-007', shutdownPolicy: 'cancel', venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'SECRET-KEY', apiSecret: 'SECRET-SECRET' }] },
  execEngine: { config: { inflightCheckIntervalMs: 750, reconciliation: true } },
};
const venue = { url: 'ws://127.0.0.1:4567' };

describe('promote', () => {
  it('writes the class, the helpers and imports it uses, and nothing else from the cells', () => {
    // Arrange
    const history = cells(
      "import { Strategy, Quantity } from 'keel';",
      'const s0 = 1; node.addStrategy(s0);',
      '/** Half the size. */\nfunction half(q: string): string { return String(Number(q) / 2); }\nconst unused = 3;',
      'const SIZE = Quantity.from(half("0.02"));',
      'class Probe extends Strategy { onStart() { this.log.info(half("1") + SIZE.toString()); } }',
    );
    // Act
    const result = promote({ history, globals: { node, venue, keel }, node, venue }, strategyNamed('Probe'), { dir });
    // Assert
    const text = readFileSync(join(dir, 'strategy.ts'), 'utf8');
    expect(text).toBe(
      [
        "// The Probe strategy as defined in the session's cells 1, 3, 4, 5, promoted by keel.",
        "import { Strategy, Quantity } from 'keel';",
        '',
        '/** Half the size. */\nfunction half(q: string): string { return String(Number(q) / 2); }\n',
        'const SIZE = Quantity.from(half("0.02"));\n',
        'class Probe extends Strategy { onStart() { this.log.info(half("1") + SIZE.toString()); } }\n',
        'export { Probe };',
        '',
      ].join('\n'),
    );
    expect([...result.carried].sort()).toEqual(['SIZE', 'Strategy', 'half']);
    expect(result.files).toEqual(['strategy.ts', 'node.json', 'package.json', 'README.md']);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type).toBe('module');
  });

  it('turns the session keel namespace and keel globals into imports', () => {
    const history = cells('class Ns extends keel.Strategy { x = Price.from("1.0"); }');
    promote({ history, globals: { keel, Price: keel.Price, node }, node, venue }, strategyNamed('Ns'), { dir });
    const text = readFileSync(join(dir, 'strategy.ts'), 'utf8');
    expect(text).toContain("import * as keel from 'keel';\nimport { Price } from 'keel';");
  });

  it('writes node.json with the live config and key env var names, never the keys', () => {
    const history = cells("import { Strategy } from 'keel';", 'class Probe extends Strategy {}');
    const result = promote({ history, globals: { node, venue }, node, venue }, strategyNamed('Probe'), { dir });
    const json = readFileSync(join(dir, 'node.json'), 'utf8');
    const parsed = JSON.parse(json);
    expect(json).not.toContain('SECRET-KEY');
    expect(json).not.toContain('SECRET-SECRET');
    expect(parsed.traderId).toBe('TRADER-007');
    expect(parsed.execEngine.inflightCheckIntervalMs).toBe(750);
    expect(parsed.venues).toEqual([{ venue: 'SIM', url: 'ws://127.0.0.1:4567', apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }]);
    expect(parsed.strategies[0]).toMatchObject({ module: './strategy.ts', className: 'Probe', config: { orderIdTag: '001', omsType: 'NETTING', params: { size: '0.010' } } });
    expect(parsed.persistence).toEqual({ kind: 'journal', dir: 'journal' });
    expect(result.command).toBe(`KEEL_SIM_API_KEY=... KEEL_SIM_API_SECRET=... npx keel node run ${dir}`);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`npx keel node run ${dir}`);
  });

  it('refuses a class that uses the session node', () => {
    const history = cells('class Bad { go() { return node.cache.orders(); } }');
    expect(() => promote({ history, globals: { node }, node, venue }, strategyNamed('Bad'), { dir })).toThrow(
      expect.objectContaining({ code: 'PROMOTE_NOTEBOOK_STATE', details: { className: 'Bad', name: 'node', cell: 1 } }),
    );
  });

  it('refuses a class that reads a let and one that reads a value computed with await, writing nothing', () => {
    const letCells = cells('let threshold = 5;', 'class UsesLet { t() { return threshold; } }');
    expect(() => promote({ history: letCells, globals: {}, node, venue }, strategyNamed('UsesLet'), { dir })).toThrow(/'threshold'.*cell 1 as a let/);
    const awaitCells = cells('const px = await fetchPx();', 'class UsesAwait { p() { return px; } }');
    expect(() => promote({ history: awaitCells, globals: {}, node, venue }, strategyNamed('UsesAwait'), { dir })).toThrow(/computed with await/);
    expect(() => readFileSync(join(dir, 'node.json'))).toThrow();
  });

  it('refuses a class no cell declared', () => {
    expect(() => promote({ history: cells('const a = 1;'), globals: {}, node, venue }, strategyNamed('Nowhere'), { dir })).toThrow(
      expect.objectContaining({ code: 'PROMOTE_SOURCE_UNKNOWN' }),
    );
  });
});

describe('loadNodeFolder', () => {
  function writeNodeJson(value: unknown) {
    writeFileSync(join(dir, 'node.json'), JSON.stringify(value));
  }
  const valid = {
    venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKeyEnv: 'K_ENV', apiSecretEnv: 'S_ENV' }],
    strategies: [{ module: './strategy.ts', className: 'Probe' }],
    persistence: { kind: 'journal', dir: 'journal' },
  };

  it('resolves the journal and strategy module against the folder', () => {
    writeNodeJson(valid);
    const folder = loadNodeFolder(dir, { K_ENV: 'k', S_ENV: 's' });
    expect(folder.journalDir).toBe(join(dir, 'journal'));
    expect(folder.config.strategies[0]!.module).toBe(join(dir, 'strategy.ts'));
  });

  it('fails on a bad value with the key named', () => {
    writeNodeJson({ ...valid, execEngine: { inflightCheckIntervalMs: -5 } });
    expect(() => loadNodeFolder(dir, { K_ENV: 'k', S_ENV: 's' })).toThrow(/execEngine\.inflightCheckIntervalMs: expected .*, received -5/);
  });

  it('fails on a missing key env var with its name', () => {
    writeNodeJson(valid);
    expect(() => loadNodeFolder(dir, { K_ENV: 'k' })).toThrow(expect.objectContaining({ code: 'VENUE_KEYS_MISSING', details: { venue: 'SIM', missing: ['S_ENV'] } }));
  });
});
