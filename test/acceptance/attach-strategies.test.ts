import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxVenue } from 'keel/sandbox';
import { attach } from 'keel/kernel';
import { runNode, type NodeChild } from '../kernel/promote/node-child.js';
import { CONTROL_ENV, cleanupsAfterEach } from './support/attach-fixture.js';

/**
 * Issue 14 items 3-4 over the control protocol: a strategy class defined in (cell-like) session source is
 * shipped to a deployed node (`keel node run`, a real child process), trades there, then is hot-swapped
 * keeping its working order; a class that captures a notebook `let` is refused before anything is sent.
 */
const cleanups = cleanupsAfterEach();

const IDLE = `import { Strategy } from 'keel';
export class Idle extends Strategy {}
`;

/** The session's cells, as the kernel records them. */
const CELLS = [
  { index: 1, ok: true, source: "import { Strategy, Price, Quantity } from 'keel';" },
  { index: 2, ok: true, source: "const bidAt = (px: string) => Price.from(px);" },
  { index: 3, ok: true, source: `class Quoter extends Strategy {
  onStart() { this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: bidAt('0.90000') })); }
  onHandOver() { return { placed: 1 }; }
}` },
  { index: 4, ok: true, source: `class QuoterV2 extends Strategy {
  placedBefore = 0;
  onTakeOver(state: unknown) { this.placedBefore = (state as { placed: number }).placed; }
  onStart() { this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: bidAt(this.placedBefore === 1 ? '0.90100' : '0.80000') })); }
}` },
  { index: 5, ok: true, source: 'let threshold = 3;' },
  { index: 6, ok: true, source: `class Greedy extends Strategy {
  onStart() { if (threshold > 2) this.log.info('greedy'); }
}` },
];

async function deployed(): Promise<{ venue: SandboxVenue; node: NodeChild; dir: string; url: string }> {
  const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
  cleanups.push(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  const dir = mkdtempSync(join(tmpdir(), 'keel-attach-strategies-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'strategy.ts'), IDLE);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  writeFileSync(join(dir, 'node.json'), JSON.stringify({
    traderId: 'TRADER-008',
    venues: [{ venue: 'SIM', url: venue.url, apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
    strategies: [{ module: './strategy.ts', className: 'Idle', config: { orderIdTag: '001' } }],
    persistence: { kind: 'journal', dir: 'journal' },
    shutdownPolicy: 'cancel',
    control: { enabled: true, readOnlyKeyEnv: 'KEEL_CONTROL_RO_SECRET' },
  }));
  const node = runNode(dir, CONTROL_ENV);
  cleanups.push(() => { if (node.child.exitCode === null) node.child.kill('SIGKILL'); });
  const listening = await node.waitFor((l) => l.msg === 'control listening', 30_000, 'control listening');
  return { venue, node, dir, url: String(listening.url) };
}

/** A class declared in a cell, evaluated here as the kernel would (the class object the cell made). */
async function classFrom(cellIndex: number, name: string): Promise<new (config?: Record<string, unknown>) => object> {
  const { Strategy, Price, Quantity } = await import('keel');
  const bidAt = (px: string) => Price.from(px);
  const threshold = 3;
  const ts = await import('typescript');
  const js = ts.transpileModule(`${CELLS.find((c) => c.index === cellIndex)!.source}\nreturn ${name};`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function('Strategy', 'Price', 'Quantity', 'bidAt', 'threshold', js)(Strategy, Price, Quantity, bidAt, threshold) as new (config?: Record<string, unknown>) => object;
}

describe('strategies defined in cells, run in a deployed node', () => {
  it('ships a cell class that trades there, hot-swaps it keeping its working order, refuses a class capturing a let, and the read-only key', { timeout: 90_000 }, async () => {
    // Arrange: a deployed node, attached with the session's cells
    const { venue, node, dir, url } = await deployed();
    const session = { history: CELLS, globals: {} };
    const remote = await attach(url, { keyId: 'operator', secret: 'op-secret', session });
    cleanups.push(() => remote.detach());
    const Quoter = await classFrom(3, 'Quoter');
    const QuoterV2 = await classFrom(4, 'QuoterV2');

    // Act 1: ship Quoter; it trades in the node
    const added = await remote.addStrategy(new Quoter({ manageContingentOrders: true }));
    expect([added.strategyId, added.className]).toEqual(['Quoter-000', 'Quoter']);
    expect(remote.strategies.map((s) => [s.id, s.className, s.state])).toEqual([['Idle-001', 'Idle', 'RUNNING'], ['Quoter-000', 'Quoter', 'RUNNING']]);
    await expect.poll(() => remote.cache.orders({ strategyId: 'Quoter-000' }).map((o) => [o.status, String(o['price'])]), { timeout: 10_000 }).toEqual([['ACCEPTED', '0.90000']]);
    const first = remote.cache.orders({ strategyId: 'Quoter-000' })[0]!.clientOrderId;
    const shipped = readdirSync(join(dir, 'strategies'));
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatch(/^Quoter-[0-9a-f]{12}\.ts$/);
    expect(readFileSync(join(dir, 'strategies', shipped[0]!), 'utf8')).toContain("const bidAt = (px: string) => Price.from(px);");

    // Act 2: hot swap to QuoterV2 over the protocol
    const change = await remote.replaceStrategy('Quoter-000', new QuoterV2({ strategyId: 'Quoter', manageContingentOrders: true }));
    expect([change.target, change.source, change.changes]).toEqual(['strategy:Quoter-000', 'attach:operator', [{ key: 'code', before: 'Quoter', after: 'QuoterV2' }]]);
    expect(remote.strategies.map((s) => [s.id, s.className])).toEqual([['Idle-001', 'Idle'], ['Quoter-000', 'QuoterV2']]);
    // The new code ran with the handed-over state (its order at 0.90100), and the first order still works under the same id.
    await expect.poll(() => remote.cache.orders({ strategyId: 'Quoter-000' }).map((o) => [o.clientOrderId === first, o.status, String(o['price'])]), { timeout: 10_000 }).toEqual([
      [true, 'ACCEPTED', '0.90000'], [false, 'ACCEPTED', '0.90100'],
    ]);
    const [accountId] = [...venue.engine.accounts.keys()];
    expect(venue.engine.find(accountId!, { clientOrderId: first })?.status).toBe('ACCEPTED');
    expect(node.count((l) => l.msg === 'order event' && l.event === 'OrderPendingCancel')).toBe(0);

    // Act 3: a class capturing a notebook let is refused before anything is sent; the read-only key is refused
    const Greedy = await classFrom(6, 'Greedy');
    const refusal = await remote.addStrategy(new Greedy()).then(() => undefined, (e: unknown) => e as { code: string; message: string });
    const watcher = await attach(url, { keyId: 'watcher', secret: 'ro-secret', session });
    cleanups.push(() => watcher.detach());
    const forbidden = await watcher.addStrategy(new Quoter({ strategyId: 'Other' })).then(() => undefined, (e: unknown) => e as { code: string });

    // Assert: refusals, and the audit of every command with its key
    expect(refusal?.code).toBe('PROMOTE_NOTEBOOK_STATE');
    expect(refusal?.message).toContain("'threshold'");
    expect(forbidden?.code).toBe('CONTROL_FORBIDDEN');
    // The node logs the refusal as it answers it: the line reaches its stdout (and this test) after the answer.
    await expect.poll(() => node.lines.filter((l) => l.msg === 'control command' && String(l.command).endsWith('-strategy')).map((l) => [l.keyId, l.command, l.className, l.ok]), { timeout: 10_000 }).toEqual([
      ['operator', 'add-strategy', 'Quoter', true],
      ['operator', 'replace-strategy', 'QuoterV2', true],
      ['watcher', 'add-strategy', 'Quoter', false],
    ]);
    expect(readdirSync(join(dir, 'strategies'))).toHaveLength(2);
  });
});
