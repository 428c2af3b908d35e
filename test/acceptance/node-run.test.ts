import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from 'keel';
import { SandboxVenue } from 'keel/sandbox';
import { createSession, promote, type Session } from 'keel/kernel';
import { REPO, isEvent, runNode, type NodeChild } from '../kernel/promote/node-child.js';

/**
 * Done-means of issue 8: a strategy defined in a real session's cells is promoted, the folder runs as
 * `keel node run` in a child process against a sandbox venue, trades, stops on SIGTERM by its shutdown
 * policy, and its log and journal say what happened.
 */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CELLS = [
  "import { Strategy, Quantity, Price } from 'keel';",
  "/** Every lot is the same size. */\nfunction lot(): Quantity { return Quantity.from('1000'); }",
  `class QuoteTrader extends Strategy {
  quotes = 0;
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    this.quotes += 1;
    const side = this.quotes % 2 === 0 ? 'SELL' : 'BUY';
    // A market order that fills, and a limit far below the market that works.
    this.submitOrder(this.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side, quantity: lot() }));
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: lot(), price: Price.from('0.90000') }));
  }
}`,
  "const trader = new QuoteTrader({ orderIdTag: '001', omsType: 'NETTING' });",
  'node.execEngine.configure({ inflightCheckIntervalMs: 1500 })',
];

describe('promote → keel node run', () => {
  it('promotes a strategy from session cells and runs it headless: trades, logs JSON lines, journals, stops on SIGTERM', async () => {
    // Arrange: a venue, a session on it, the strategy defined through the evaluator, promoted
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    // No quote before the node runs: the venue would send it as a snapshot on subscribe (a fourth quote to trade on).
    const session: Session = await createSession({ venue, apiKey: 'k', apiSecret: 's', cwd: REPO, shutdownPolicy: 'cancel' });
    cleanups.push(() => session.stop());
    for (const cell of CELLS) await session.evaluator.evaluate(cell);
    const dir = mkdtempSync(join(tmpdir(), 'keel-node-run-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = promote(session, session.evaluator.getGlobal('trader'), { dir, overwrite: true });
    await session.stop();
    expect(result.config.execEngine.inflightCheckIntervalMs).toBe(1500);
    expect(readFileSync(join(dir, 'strategy.ts'), 'utf8')).toContain("function lot(): Quantity { return Quantity.from('1000'); }");

    // Act: run the folder, let it trade on a few quotes, then SIGTERM
    const node: NodeChild = runNode(dir, { KEEL_SIM_API_KEY: 'k', KEEL_SIM_API_SECRET: 's' });
    cleanups.push(() => { if (node.child.exitCode === null) node.child.kill('SIGKILL'); });
    await node.waitFor((l) => l.msg === 'node running', 30_000, 'node running');
    for (let i = 0; i < 3; i++) {
      venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: i % 2 === 0 ? '1.00020' : '1.00010' });
      await node.waitFor(() => node.count(isEvent('OrderFilled')) >= i + 1, 10_000, `fill ${i + 1}`);
    }
    await node.waitFor(() => node.count(isEvent('OrderAccepted')) >= 6, 10_000, 'six accepted orders');
    node.child.kill('SIGTERM');
    const exit = await node.exited;

    // Assert: clean exit; JSON lines with levels in stdout and the log file; the journal holds the trading
    expect(exit).toEqual({ code: 0, signal: null });
    expect(node.lines.every((l) => ['debug', 'info', 'warn', 'error'].includes(l.level))).toBe(true);
    expect(node.lines.some((l) => l.msg === 'stopping' && l.signal === 'SIGTERM')).toBe(true);
    const fileLines = readFileSync(join(dir, 'logs', 'node.log'), 'utf8').trim().split('\n').map((t) => JSON.parse(t) as { msg: string });
    expect(fileLines.map((l) => l.msg)).toEqual(node.lines.map((l) => l.msg));
    expect(existsSync(join(dir, 'journal'))).toBe(true);
    const view = openJournal(join(dir, 'journal'));
    const orders = view.orders();
    expect(orders.length).toBe(6);
    expect(new Set(orders.map((o) => o.strategyId))).toEqual(new Set(['QuoteTrader-001']));
    expect(orders.filter((o) => o.type === 'MARKET').map((o) => o.status)).toEqual(['FILLED', 'FILLED', 'FILLED']);
    // shutdown policy 'cancel': the working limits were cancelled on SIGTERM
    expect(orders.filter((o) => o.type === 'LIMIT').map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(view.positions().map((p) => [p.side, p.quantity.toString()])).toEqual([['LONG', '1000']]);
    expect(view.lastReconciliation?.trigger).toBe('STARTUP');
    expect(view.markers.at(-1)?.name).toBe('detached');

    // and `keel node status` reads the same journal
    const status = runNode(dir, {}, ['status', '--json']);
    const statusExit = await status.exited;
    expect(statusExit.code).toBe(0);
    const summary = status.lines[0] as unknown as { orders: Array<{ status: string; strategyId: string }>; positions: Array<{ side: string; quantity: string }>; lastReconciliation: { trigger: string } };
    expect(summary.orders.map((o) => o.status).sort()).toEqual(['CANCELED', 'CANCELED', 'CANCELED', 'FILLED', 'FILLED', 'FILLED']);
    expect(summary.positions).toEqual([expect.objectContaining({ side: 'LONG', quantity: '1000' })]);
    expect(summary.lastReconciliation.trigger).toBe('STARTUP');
    const text = runNode(dir, {}, ['status']);
    expect((await text.exited).code).toBe(0);
    expect(text.lines.map((l) => l.msg).join('\n')).toMatch(/orders {6}6 \(0 open\)/);
  }, 90_000);

  it('refuses a node.json with a bad value: exit 2, the key named, nothing started', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'keel-node-bad-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'node.json'), JSON.stringify({
      venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:9', apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
      execEngine: { inflightCheckThresholdMs: 'soon' },
      persistence: { kind: 'journal', dir: 'journal' },
    }));
    // Act
    const node = runNode(dir, { KEEL_SIM_API_KEY: 'k', KEEL_SIM_API_SECRET: 's' });
    const exit = await node.exited;
    // Assert
    expect(exit.code).toBe(2);
    expect(node.lines).toHaveLength(1);
    expect(node.lines[0]).toMatchObject({ level: 'error', msg: 'node.json invalid', code: 'CONFIG_INVALID' });
    expect(String(node.lines[0]!.error)).toMatch(/execEngine\.inflightCheckThresholdMs: expected .*received 'soon'/);
    expect(existsSync(join(dir, 'journal'))).toBe(false);
  }, 30_000);

  it('refuses to start without the key env vars, naming them: exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-node-nokeys-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'node.json'), JSON.stringify({ venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:9', apiKeyEnv: 'KEEL_TEST_NO_SUCH_KEY', apiSecretEnv: 'KEEL_TEST_NO_SUCH_SECRET' }] }));
    const node = runNode(dir, {});
    expect((await node.exited).code).toBe(2);
    expect(node.lines[0]).toMatchObject({ code: 'VENUE_KEYS_MISSING', details: { missing: ['KEEL_TEST_NO_SUCH_KEY', 'KEEL_TEST_NO_SUCH_SECRET'] } });
  }, 30_000);

  it('exits 3 when the strategy module does not export the class node.json names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-node-nomod-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'strategy.ts'), 'export const notAClass = 1;\n');
    writeFileSync(join(dir, 'node.json'), JSON.stringify({
      venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:9', apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
      strategies: [{ module: './strategy.ts', className: 'Missing' }],
    }));
    const node = runNode(dir, { KEEL_SIM_API_KEY: 'k', KEEL_SIM_API_SECRET: 's' });
    expect((await node.exited).code).toBe(3);
    expect(node.lines.at(-1)).toMatchObject({ level: 'error', msg: 'strategy module failed to load' });
    expect(String(node.lines.at(-1)!.error)).toContain('export a class Missing, received exports: notAClass');
  }, 30_000);
});
