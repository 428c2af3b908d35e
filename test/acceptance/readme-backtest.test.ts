/**
 * The README's "Backtest" section: every code block parses as TypeScript, and every name it imports is
 * exported by the public entry it names (with `backtest.sweep` and `backtest.export` on `backtest`), so the
 * section cannot drift from the API. notebooks/08-backtest runs the same calls end to end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as keel from 'keel';
import * as kernel from 'keel/kernel';
import * as sandbox from 'keel/sandbox';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const start = README.indexOf('## Backtest\n');
const SECTION = README.slice(start, README.indexOf('\n## ', start + 1));
const blocks = [...SECTION.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
const ENTRIES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { keel, 'keel/kernel': kernel, 'keel/sandbox': sandbox };

function syntaxErrors(text: string): string[] {
  const out = ts.transpileModule(text, { fileName: 'readme.ts', reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('README: the Backtest section', () => {
  it('has TypeScript blocks, and each parses (top-level await as in a cell)', () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.lang === 'ts').length).toBeGreaterThanOrEqual(1);
    for (const b of blocks.filter((x) => x.lang === 'ts')) expect(syntaxErrors(b.text)).toEqual([]);
  });

  it('imports only names the public entries export; backtest has sweep and export', () => {
    const imports = blocks.flatMap((b) => [...b.text.matchAll(/import \{([^}]+)\} from '([^']+)'/g)].flatMap((m) => m[1]!.split(',').map((n) => [m[2]!, n.trim()] as const)));
    const missing = imports.filter(([entry, name]) => typeof ENTRIES[entry]?.[name] !== 'function').map(([entry, name]) => `${name} from ${entry}`);

    expect(imports.map(([entry, name]) => `${entry}:${name}`)).toEqual([
      'keel:backtest', 'keel:EmaCrossBracket', 'keel/sandbox:btcPerpBarsPath', 'keel/kernel:backtestCharts', 'keel/kernel:sweepHeatMap',
    ]);
    expect(missing).toEqual([]);
    expect([typeof keel.backtest.sweep, typeof keel.backtest.export]).toEqual(['function', 'function']);
  });
});
