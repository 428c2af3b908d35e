import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from 'keel';
import { SandboxVenue } from 'keel/sandbox';
import { isEvent, runNode } from '../kernel/promote/node-child.js';
import { NODE_ENV, writeNodeFolder } from './support/node-folder.js';

/**
 * Issue 11, item 5, end to end: a headless node trades against a real sandbox venue and stops; a byte in
 * the middle of its journal flips. `keel node run` refuses to start (exit 6, naming file and offset);
 * `keel node recover` keeps the intact part and gives the venue's orders back to their strategy by their
 * client order id tags; the node then starts, and its journal matches the venue: every order of ours is
 * the strategy's (none EXTERNAL), with the venue's status and fills, and the position is the venue's.
 */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STRATEGY = `import { Strategy, Quantity, Price } from 'keel';

/** On every quote: a limit BUY below the market (some fill later), and every other quote a market BUY. */
export class Trader extends Strategy {
  quotes = 0;
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    this.quotes += 1;
    if (this.orderFactory.orderCount >= 40) return;
    const n = this.orderFactory.orderCount % 10;
    const price = Price.from('0.99090').sub(Price.from('0.00010').mul(n));
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price }));
    if (this.quotes % 2 === 0) this.submitOrder(this.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000') }));
  }
}
`;

function writeFolder(dir: string, url: string): void {
  writeNodeFolder(dir, url, { source: STRATEGY, className: 'Trader', packageName: 'recover-node' });
}

const ENV = NODE_ENV;

describe('keel node recover (a damaged journal of a node that traded against a real venue)', () => {
  it('refused with file and offset, recovered explicitly, restarted: the strategy owns its orders again and the position is the venue\'s', async () => {
    // Arrange: trade, stop cleanly (policy leave: orders stay working at the venue)
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const dir = mkdtempSync(join(tmpdir(), 'keel-recover-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFolder(dir, venue.url);
    const first = runNode(dir, ENV);
    cleanups.push(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
    await first.waitFor((l) => l.msg === 'node running', 30_000, 'first run: node running');
    let i = 0;
    const timer = setInterval(() => venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: i++ % 2 === 0 ? '1.00020' : '1.00010' }), 30);
    await first.waitFor(() => first.count(isEvent('OrderSubmitted')) >= 40, 30_000, '40 orders submitted');
    clearInterval(timer);
    await first.waitFor(() => first.count(isEvent('OrderAccepted')) + first.count(isEvent('OrderFilled')) >= 40, 10_000, 'answers');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    // while it is down, the venue fills the higher limits
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99000', ask: '0.99055' });
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    // the damage: one flipped byte a third of the way into the journal's segment
    const journal = join(dir, 'journal');
    const segment = join(journal, 'segment-00000001.log');
    const bytes = readFileSync(segment);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0x20;
    writeFileSync(segment, bytes);

    // Act 1: run refuses
    const refused = runNode(dir, ENV);
    const refusedExit = await refused.exited;
    // Act 2: recover
    const recover = runNode(dir, ENV, ['recover']);
    const recoverExit = await recover.exited;
    // Act 3: run again; stop
    const second = runNode(dir, ENV);
    cleanups.push(() => { if (second.child.exitCode === null) second.child.kill('SIGKILL'); });
    const running = await second.waitFor((l) => l.msg === 'node running', 30_000, 'after recovery: node running');
    second.child.kill('SIGTERM');
    const stopped = await second.exited;

    // Assert: refused with a coded error naming file and offset
    expect(refusedExit.code).toBe(6);
    const damaged = refused.lines.find((l) => l.msg === 'journal damaged: not starting')!;
    expect(damaged.code).toBe('JOURNAL_CORRUPT');
    expect(damaged.file).toBe(segment);
    expect(damaged.offset as number).toBeLessThanOrEqual(at);
    // recovery: explicit and logged (stdout and the folder's log file)
    expect(recoverExit.code).toBe(0);
    const recovered = recover.lines.find((l) => l.msg.startsWith('journal recovered'))!;
    expect((recovered.ownedByTag as number)).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'logs', 'node.log'), 'utf8')).toContain('journal recovered');
    expect(existsSync(recovered.damagedDir as string)).toBe(true);
    cleanups.push(() => rmSync(recovered.damagedDir as string, { recursive: true, force: true }));
    // the node starts and reconciles
    expect(stopped.code).toBe(0);
    expect((running.reconciliation as { success: boolean; failed: number }).failed).toBe(0);
    // every venue order of ours is the strategy's in the journal, with the venue's status and fill quantity
    const view = openJournal(journal);
    const ours = [...venue.engine.store.orders.values()].filter((o) => o.clientOrderId?.startsWith('O-'));
    expect(ours.length).toBeGreaterThanOrEqual(40);
    const mismatches = ours.flatMap((v) => {
      const o = view.order(v.clientOrderId!);
      if (!o) return [`${v.clientOrderId}: missing`];
      const ok = o.strategyId === 'Trader-001' && o.status === v.status && o.filledQty.eq(v.filledQty);
      return ok ? [] : [`${v.clientOrderId}: journal ${o.strategyId}/${o.status}/${o.filledQty} venue ${v.status}/${v.filledQty}`];
    });
    expect(mismatches).toEqual([]);
    expect(view.orders({ strategyId: 'EXTERNAL' })).toEqual([]);
    // the strategy's position is the venue's: net of every fill of ours, nothing booked elsewhere
    const venueNet = ours.reduce((sum, o) => sum + Number(o.filledQty.toString()), 0);
    const [position] = view.positions({ strategyId: 'Trader-001' });
    expect(Number(position!.signedQty.toString())).toBe(venueNet);
    expect(view.positions().filter((p) => p.strategyId !== 'Trader-001' && p.isOpen)).toEqual([]);
  }, 120_000);
});
