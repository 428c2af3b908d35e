/**
 * `npm start` (bin/keel.js) in both of its modes: compiled from dist/ and from the TypeScript sources
 * through tsx. In each, a cell's `keel` must be the host's own engine module (so `instanceof` holds across
 * the cell/host line), a cell must still import project `.ts` files, and the shared data folder must be found.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distStatus } from '../../../bin/dist.js';
import { ROOT, startRepl, type ReplProcess } from './repl-process.js';

// engineDir is absolute under this checkout (never a folder name such as 'main'): the tree the host runs from.
const MODES = [
  // '0': the build from beforeAll even if someone's edit in this shared tree has made it stale since.
  { name: 'compiled (dist/)', env: { KEEL_FROM_SOURCE: '0' }, instruments: './dist/src/engine/data/instrument-file.js', engineDir: `${ROOT}dist/src/engine/` },
  { name: 'from sources (tsx)', env: { KEEL_FROM_SOURCE: '1' }, instruments: './src/engine/data/instrument-file.ts', engineDir: `${ROOT}src/engine/` },
] as const;

/** A line the test can find among the REPL's output: `RESULT {json}`. */
function result(printed: string): unknown {
  const line = printed.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`expected a RESULT line, received:\n${printed}`);
  return JSON.parse(line.slice('RESULT '.length));
}

beforeAll(() => {
  // The compiled mode needs a fresh build; CI gets one from `npm ci` (prepare), a work tree may be stale.
  if (distStatus().fresh) return;
  const build = spawnSync(process.execPath, ['bin/build.js'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

describe.each(MODES)('npm start, $name', (mode) => {
  let repl: ReplProcess;
  beforeAll(async () => {
    repl = await startRepl(mode.env);
  }, 60_000);
  afterAll(async () => {
    await repl?.close();
  });

  it('the host runs the engine from the expected tree (the stack of an engine error says where)', async () => {
    const printed = await repl.send(
      "try { keel.Price.from('not a price') } catch (e) { console.log('RESULT ' + JSON.stringify(/\\((.*?src\\/engine\\/)/.exec(e.stack)?.[1] ?? e.stack)) }",
    );

    expect(result(printed)).toContain(mode.engineDir);
  });

  it('a cell importing keel gets the host engine: instanceof holds both ways', async () => {
    await repl.send(
      "import { Order, OrderFactory, TradingNode, TestClock } from 'keel'; " +
        "const order = new OrderFactory('TRADER-001', 'S-001', new TestClock()).market({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: '0.001' });",
    );

    const printed = await repl.send(
      'console.log("RESULT " + JSON.stringify({ hostNode: TradingNode === keel.TradingNode && Strategy === keel.Strategy, cellOrder: order instanceof keel.Order, sameClass: Order === keel.Order }))',
    );

    expect(result(printed)).toEqual({ hostNode: true, cellOrder: true, sameClass: true });
  });

  it('a cell importing keel/testing, keel/sandbox and keel/kernel gets the host\'s own modules', async () => {
    await repl.send(
      "import { TestClock as SubTestClock } from 'keel/testing'; import { SandboxVenue as SubVenue } from 'keel/sandbox'; import { display as subDisplay } from 'keel/kernel';",
    );

    const printed = await repl.send(
      'console.log("RESULT " + JSON.stringify({ testing: SubTestClock === keel.TestClock, sandbox: venue instanceof SubVenue, kernel: subDisplay === display }))',
    );

    expect(result(printed)).toEqual({ testing: true, sandbox: true, kernel: true });
  });

  it('a cell imports a project .ts file', async () => {
    const printed = await repl.send(
      "import { probe } from './test/kernel/startup/fixtures/probe.ts'; console.log('RESULT ' + JSON.stringify(probe))",
    );

    expect(result(printed)).toBe(42);
  });

  it('the shared data folder is found from where the engine runs', async () => {
    const printed = await repl.send(
      `const { sharedDataDir } = await import(${JSON.stringify(mode.instruments)}); const { existsSync } = await import('node:fs'); ` +
        "console.log('RESULT ' + JSON.stringify([sharedDataDir().replace(/\\/$/, '').split('/').slice(-2).join('/'), existsSync(sharedDataDir() + '/crypto_instruments.json')]))",
    );

    expect(result(printed)).toEqual(['shared/data', true]);
  });

  it('says nothing on stderr about a slow start (fresh build, or sources asked for)', () => {
    expect(repl.stderr()).not.toContain('starting from TypeScript sources');
  });
});
