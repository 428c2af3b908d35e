/**
 * `promote` as the REPL and notebooks have it (a session global): in the same cell that declares the
 * class; by default outside the checkout; a session's throwaway embedded venue is never written into
 * node.json (the standalone sandbox is, and the result says so).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNode } from './node-child.js';
import { createSession, type Session } from '../../../src/kernel/index.js';

const sessions: Session[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of sessions.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function session(): Promise<Session> {
  const s = await createSession({ replaySpeed: 60 });
  sessions.push(s);
  const nodes = mkdtempSync(path.join(tmpdir(), 'keel-nodes-'));
  dirs.push(nodes);
  vi.stubEnv('KEEL_NODES_DIR', nodes);
  return s;
}

describe('promote in a session', () => {
  it('works in the very cell that declares the class, and writes the class as typed', async () => {
    const s = await session();

    const { value } = await s.evaluator.evaluate([
      'class OneCell extends Strategy {',
      '  onStart() { this.subscribeBars(\'BTCUSDT-PERP.SIM-1-MINUTE-LAST\'); }',
      '}',
      'const one = await node.addStrategy(new OneCell());',
      'promote(one)',
    ].join('\n'));

    const result = value as { dir: string; strategyId: string; cells: number[] };
    expect([result.strategyId, result.dir]).toEqual(['OneCell-000', path.join(process.env['KEEL_NODES_DIR']!, 'onecell-000')]);
    const source = readFileSync(path.join(result.dir, 'strategy.ts'), 'utf8');
    expect(source).toContain("class OneCell extends Strategy {\n  onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }\n}");
    expect(source).toContain("import { Strategy } from 'keel';");
    expect(source).not.toContain('promote(');
  });

  it('an embedded venue is not written into node.json: the standalone sandbox is, with its public keys in the command, and a note says why', async () => {
    const s = await session();
    await s.evaluator.evaluate('class Quiet extends Strategy {}');
    await s.evaluator.evaluate('const quiet = await node.addStrategy(new Quiet())');

    const { value } = await s.evaluator.evaluate('promote(quiet)');

    const result = value as { dir: string; command: string; notes: string[] };
    const nodeJson = JSON.parse(readFileSync(path.join(result.dir, 'node.json'), 'utf8')) as { venues: { url: string }[] };
    expect(nodeJson.venues[0]!.url).toBe('ws://127.0.0.1:8787');
    expect(s.venue.url).not.toBe('ws://127.0.0.1:8787');
    expect(result.command).toBe(`KEEL_SIM_API_KEY=keel-demo KEEL_SIM_API_SECRET=keel-demo-secret npx keel node run ${result.dir}`);
    expect(result.notes[0]).toContain(`this session's embedded venue (${s.venue.url}) ends with the session`);
    expect(result.dir.startsWith(process.env['KEEL_NODES_DIR']!)).toBe(true);
  });

  it("promotes a class keel exports (the demo strategy, a sweep's best): strategy.ts re-exports it from keel, node.json carries its params, and `keel node run` runs the folder", { timeout: 60_000 }, async () => {
    const s = await session();
    // (Under vitest a cell's `import ... from 'keel'` loads a second copy of the engine, so the cells take
    // the session's classes; notebook 08 promotes a class imported in a cell.)
    await s.evaluator.evaluate('const Ema = keel.EmaCrossBracket;');

    const imported = (await s.evaluator.evaluate("promote(new EmaCrossBracket({ manageContingentOrders: true, params: { fastPeriod: 7, slowPeriod: 21 } }))")).value as { dir: string; className: string; cells: number[]; carried: string[] };
    const renamed = (await s.evaluator.evaluate("promote(new Ema({ orderIdTag: '002' }))")).value as { dir: string; className: string };

    const source = readFileSync(path.join(imported.dir, 'strategy.ts'), 'utf8');
    const nodeJson = JSON.parse(readFileSync(path.join(imported.dir, 'node.json'), 'utf8')) as { strategies: { className: string; config: { manageContingentOrders: boolean; params: Record<string, unknown> } }[] };
    expect(source).toBe("// The EmaCrossBracket strategy, keel's own class, promoted by keel.\nexport { EmaCrossBracket } from 'keel';\n");
    expect([imported.className, imported.cells, imported.carried]).toEqual(['EmaCrossBracket', [], []]);
    expect(nodeJson.strategies[0]!.className).toBe('EmaCrossBracket');
    expect(nodeJson.strategies[0]!.config.manageContingentOrders).toBe(true);
    expect([nodeJson.strategies[0]!.config.params['fastPeriod'], nodeJson.strategies[0]!.config.params['slowPeriod']]).toEqual([7, 21]);
    // The name it was imported under in the cell does not matter: the class keeps its own.
    expect(readFileSync(path.join(renamed.dir, 'strategy.ts'), 'utf8')).toContain("export { EmaCrossBracket } from 'keel';");
    // `keel node run` on the folder (against this session's venue) loads the class from keel and runs it.
    const ran = (await s.evaluator.evaluate(`promote(new EmaCrossBracket({ orderIdTag: '003' }), { venue: venue.url, dir: ${JSON.stringify(path.join(process.env['KEEL_NODES_DIR']!, 'run'))} })`)).value as { dir: string };
    const child = runNode(ran.dir, { KEEL_SIM_API_KEY: 'keel-demo', KEEL_SIM_API_SECRET: 'keel-demo-secret' });
    try {
      await child.waitFor((l) => l.msg === 'node running', 30_000, 'node running');
      child.child.kill('SIGTERM');
      expect((await child.exited).code).toBe(0);
    } finally {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    }
  });

  it('promotes the session global EmaCrossBracket (no import in any cell) the same way', async () => {
    const s = await session();

    const { value } = await s.evaluator.evaluate('promote(new EmaCrossBracket())');

    const result = value as { dir: string; strategyId: string };
    expect(result.strategyId).toBe('EmaCrossBracket');
    expect(readFileSync(path.join(result.dir, 'strategy.ts'), 'utf8')).toContain("export { EmaCrossBracket } from 'keel';");
  });

  it('Strategy, live and promote are in scope in the REPL session as in the notebook one', async () => {
    const s = await session();

    const { value } = await s.evaluator.evaluate('[typeof Strategy, typeof live.orders, typeof promote]');

    expect(value).toEqual(['function', 'function', 'function']);
  });
});
