/**
 * The package as npm ships it: `npm pack` (prepack builds dist/), the tarball put into a scratch project's
 * node_modules, then every public entry imported from plain node (no tsx, no conditions) and type-checked
 * by tsc from a TypeScript file, as a user's project would.
 *
 * The tarball is unpacked into node_modules/keel rather than `npm install`ed: the machine's npm cache does
 * not hold keel's dependencies (an offline install fails with ENOTCACHED) and a network install of zeromq is
 * slow and flaky, so the dependencies (and @types/node, @types/ws for tsc) are symlinked from this repo's
 * node_modules. The pack runs in a copy of the repo, so its build never replaces the dist/ other tests use.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const WORK = mkdtempSync(path.join(tmpdir(), 'keel-pack-'));
const COPY = path.join(WORK, 'repo');
const PROJECT = path.join(WORK, 'project');
// What the package depends on (read from package.json: a new dependency cannot be forgotten here), plus what tsc needs.
const DEPENDENCIES = [
  ...Object.keys((JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies),
  'typescript', '@types/asciichart', '@types/cli-progress', '@types/node', '@types/ws',
].filter((d, i, all) => all.indexOf(d) === i);
let entries: string[] = [];

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(COPY);
  for (const item of ['src', 'bin', 'package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(path.join(REPO, item), path.join(COPY, item), { recursive: true });
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(COPY, 'node_modules'), 'dir');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: COPY, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string }>;
  const tarball = path.join(WORK, packed[0]!.filename);
  entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);

  const installed = path.join(PROJECT, 'node_modules', 'keel');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of DEPENDENCIES) {
    mkdirSync(path.dirname(path.join(PROJECT, 'node_modules', dep)), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules', dep), path.join(PROJECT, 'node_modules', dep), 'dir');
  }
  writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
}, 240_000);

describe('npm pack → a scratch project', () => {
  it('the tarball holds the build with its declarations, the sources the development condition names, and no tests', () => {
    expect(entries).toContain('package/dist/src/engine/index.js');
    expect(entries).toContain('package/dist/src/engine/index.d.ts');
    expect(entries).toContain('package/dist/src/engine/testing.d.ts');
    expect(entries).toContain('package/dist/src/sandbox/index.js');
    expect(entries).toContain('package/dist/src/kernel/index.d.ts');
    expect(entries).toContain('package/src/kernel/jupyter/kernelspec/keel/kernel.json');
    expect(entries.filter((e) => e.startsWith('package/test/'))).toEqual([]);
    expect(entries).toContain('package/src/engine/index.ts');
  });

  it('every file the exports map names, under every condition, is in the tarball', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));

    expect(targets.length).toBeGreaterThanOrEqual(13);
    expect(targets.filter((t) => !entries.includes(`package/${t.replace(/^\.\//, '')}`))).toEqual([]);
  });

  it("a runner that turns the development condition on (vitest and Vite do by default) loads keel's sources from the package", () => {
    writeFileSync(path.join(PROJECT, 'dev-check.mjs'), [
      "const keel = await import('keel');",
      "const sandbox = await import('keel/sandbox');",
      "console.log(JSON.stringify({ sum: keel.Quantity.from('0.001').add(keel.Quantity.from('0.002')).toString(), venue: typeof sandbox.SandboxVenue.start,",
      "  from: import.meta.resolve('keel').replace(/^.*node_modules\\//, '') }));",
    ].join('\n'));

    const out = execFileSync(process.execPath, ['--conditions=development', '--import', 'tsx', 'dev-check.mjs'], { cwd: PROJECT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

    expect(JSON.parse(out)).toEqual({ sum: '0.003', venue: 'function', from: 'keel/src/engine/index.ts' });
  });

  it('plain node imports keel, keel/testing, keel/sandbox and keel/kernel, and they work', () => {
    writeFileSync(path.join(PROJECT, 'check.mjs'), [
      "const keel = await import('keel');",
      "const testing = await import('keel/testing');",
      "const sandbox = await import('keel/sandbox');",
      "const kernel = await import('keel/kernel');",
      "const sum = keel.Price.from('1.00010').add(keel.Price.from('0.00005')).toString();",
      'const clock = new testing.TestClock(5n);',
      "const order = new keel.OrderFactory('TRADER-001', 'S-001', clock).market({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: '0.001' });",
      'console.log(JSON.stringify({ sum, clock: String(clock.timestampNs()), order: order.status, isOrder: order instanceof keel.Order,',
      '  venue: typeof sandbox.SandboxVenue.start, render: typeof kernel.renderText, promote: typeof kernel.promote }));',
    ].join('\n'));

    const out = execFileSync(process.execPath, ['check.mjs'], { cwd: PROJECT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

    expect(JSON.parse(out)).toEqual({ sum: '1.00015', clock: '5', order: 'INITIALIZED', isOrder: true, venue: 'function', render: 'function', promote: 'function' });
  });

  it('a TypeScript file importing every entry type-checks with tsc --strict --exactOptionalPropertyTypes (NodeNext)', { timeout: 180_000 }, () => {
    writeFileSync(path.join(PROJECT, 'check.ts'), [
      "import { Price, Quantity, Strategy, TradingNode, type TradingNodeConfigInput, type Events } from 'keel';",
      "import { TestClock, events } from 'keel/testing';",
      "import { SandboxVenue, type SeedOrderInput } from 'keel/sandbox';",
      "import { createSession, promote, renderText } from 'keel/kernel';",
      'class Probe extends Strategy {',
      '  override onOrderFilled(e: Events.OrderFilled): void { void e.lastPx.toString(); }',
      '}',
      "const config: TradingNodeConfigInput = { traderId: 'TRADER-001' };",
      "const seed: SeedOrderInput = { instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-1', side: 'BUY', type: 'LIMIT', quantity: '1', price: '1', status: 'ACCEPTED' };",
      "const price: Price = Price.from('1.0');",
      "const quantity: Quantity = Quantity.from('1');",
      'export const used = [Probe, config, seed, price, quantity, TradingNode.create, new TestClock(), events.orderSubmitted, SandboxVenue.start, createSession, promote, renderText];',
    ].join('\n'));
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

    const run = (): string => {
      try {
        return execFileSync(process.execPath, [tsc, '--strict', '--exactOptionalPropertyTypes', '--noEmit', '--module', 'NodeNext',
          '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node', 'check.ts'], { cwd: PROJECT, encoding: 'utf8' });
      } catch (e) {
        return `tsc failed:\n${(e as { stdout?: string }).stdout ?? String(e)}`;
      }
    };

    expect(run()).toBe('');
  });
});
