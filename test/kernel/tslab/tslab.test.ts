/**
 * Stock tslab 1.0.22 (the devDependency, its kernelspec written by hand into a temp JUPYTER_PATH): a
 * small notebook imports keel through `importKeel()` and displays the orders of a node that reconciled
 * a seeded venue. The HTML tslab sends must be exactly the HTML keel's display layer makes for the same
 * orders here (the table holds no timestamps, so both sides are deterministic).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TradingNode } from '../../../src/engine/index.js';
import { SandboxVenue } from '../../../src/sandbox/sandbox-venue.js';
import { noopLogger } from '../../../src/engine/core/logger.js';
import { toMimeBundle } from '../../../src/kernel/display/index.js';
import { skipJupyter } from '../jupyter/run-python.js';
import { codeCells, errorsOf, htmlOf, nbconvert, streamText, type Notebook } from '../notebooks/nbconvert.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

/** The cells both sides run: a venue that knows one order, a node that reconciles it. */
const SETUP = `const venue = await keel.SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING',
  accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-1', clientOrderId: 'O-TSLAB', side: 'BUY', type: 'LIMIT',
  quantity: '10000', price: '0.65000', status: 'ACCEPTED' });
const node = await keel.TradingNode.create({ venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
  execEngine: { inflightCheckIntervalMs: 0 } }, { logger: keel.noopLogger });
await node.start();
console.log(node.state);`;

const code = (source: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
const NOTEBOOK = {
  nbformat: 4, nbformat_minor: 5,
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
  cells: [
    code("const { importKeel } = require('./src/kernel/jupyter/tslab-entry.cjs');\nconst keel = await importKeel();\nconsole.log(typeof keel.TradingNode);"),
    code(SETUP),
    code('keel.display(node.cache.orders());\nundefined'),
    code('await node.dispose();\nawait venue.stop();\nconsole.log(node.state);'),
  ],
};

/** tslab's own kernelspec, as `tslab install` would write it but pointing at this checkout's tslab. */
function tslabKernelspec(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'keel-tslab-'));
  mkdirSync(path.join(dir, 'kernels', 'tslab'), { recursive: true });
  writeFileSync(path.join(dir, 'kernels', 'tslab', 'kernel.json'), JSON.stringify({
    argv: [process.execPath, path.join(REPO, 'node_modules/tslab/bin/tslab'), 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (tslab)', language: 'typescript',
  }));
  return dir;
}

/** The same orders table, made in this process through keel's display layer. */
async function expectedHtml(): Promise<string> {
  const keel = { SandboxVenue, TradingNode, noopLogger };
  const run = new Function('keel', `return (async () => { ${SETUP.replace('console.log(node.state);', '')} return { node, venue }; })();`) as
    (k: typeof keel) => Promise<{ node: TradingNode; venue: SandboxVenue }>;
  const { node, venue } = await run(keel);
  cleanups.push(async () => { await node.dispose(); await venue.stop(); });
  return toMimeBundle(node.cache.orders())!['text/html']!;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

describe.skipIf(skipJupyter)('keel in a stock tslab notebook', () => {
  it('importKeel() loads keel, and display() shows the same HTML as keel renders', async () => {
    // Arrange: the kernel starts in the repo root, under which tslab requires the entry file.
    const jupyterPath = tslabKernelspec();
    cleanups.push(async () => rmSync(jupyterPath, { recursive: true, force: true }));
    const expected = await expectedHtml();

    // Act
    const run = await nbconvert([], { outDir: '', kernel: 'tslab', jupyterPath, cwd: REPO, stdin: JSON.stringify(NOTEBOOK) });

    // Assert
    const nb = JSON.parse(run.stdout) as Notebook;
    const [imported, setup, shown, done] = codeCells(nb);
    expect(errorsOf(nb), run.log).toEqual([]);
    expect(streamText(imported!, 'stderr'), run.log).toBe('');
    expect(streamText(imported!)).toBe('function\n');
    expect(streamText(setup!)).toBe('RUNNING\n');
    expect(htmlOf(shown!)).toEqual([expected]);
    expect(expected).toContain('O-TSLAB');
    expect(streamText(done!)).toBe('DISPOSED\n');
  }, 60_000);
});
