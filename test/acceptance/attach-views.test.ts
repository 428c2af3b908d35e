import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxVenue } from 'keel/sandbox';
import { attach } from 'keel/kernel';
import { runNode } from '../kernel/promote/node-child.js';
import { createLive, type LiveNode } from '../../src/kernel/live/index.js';
import { CONTROL_ENV, cleanupsAfterEach } from './support/attach-fixture.js';
import { topics } from '../../src/engine/bus/index.js';

/**
 * Issue 14 item 5 (views over an attached node): the contingent order tree and `live.orders()` of a
 * deployed node (`keel node run` child), built on the attached side from the mirror the event stream keeps.
 */
const cleanups = cleanupsAfterEach();

const STRATEGY = `import { Strategy } from 'keel';
export class Bracketer extends Strategy {
  sent = 0;
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    if (this.sent++ > 0) return;
    // A LIMIT entry far below the market: the bracket stays working until the node stops.
    this.submitOrderList(this.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', entryType: 'LIMIT', entryPrice: '0.90000', slTriggerPrice: '0.85000', tpPrice: '1.10000' }));
  }
}
`;

describe('views over an attached node', () => {
  it('orderTree(id) and live.orders() work over a RemoteNode from its mirror', { timeout: 90_000 }, async () => {
    // Arrange: a deployed node whose strategy sends one bracket on the first quote
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    const dir = mkdtempSync(join(tmpdir(), 'keel-attach-views-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'strategy.ts'), STRATEGY);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(join(dir, 'node.json'), JSON.stringify({
      traderId: 'TRADER-009', venues: [{ venue: 'SIM', url: venue.url, apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
      strategies: [{ module: './strategy.ts', className: 'Bracketer', config: { orderIdTag: '001' } }],
      persistence: { kind: 'memory' }, shutdownPolicy: 'cancel', control: { enabled: true },
    }));
    const node = runNode(dir, CONTROL_ENV);
    cleanups.push(() => { if (node.child.exitCode === null) node.child.kill('SIGKILL'); });
    const url = String((await node.waitFor((l) => l.msg === 'control listening', 30_000, 'control listening')).url);
    const remote = await attach(url, { keyId: 'operator', secret: 'op-secret' });
    const pushes: unknown[] = [];
    const live = createLive(remote as unknown as LiveNode, { display: (value) => pushes.push(value) });
    const view = live.orders();
    // How many of the list's orders the mirror holds when it republishes the list's first event.
    const heldAtFirstEvent: number[] = [];
    remote.bus.subscribe(topics.allOrderEvents, () => { if (heldAtFirstEvent.length === 0) heldAtFirstEvent.push(remote.cache.orders().length); }, { prefix: true });

    // Act: the quote makes the strategy send its bracket; wait for the mirror to hold it
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    await expect.poll(() => remote.cache.orders().map((o) => o.status).join(','), { timeout: 10_000 }).toBe('ACCEPTED,ACCEPTED,ACCEPTED');
    await live.settled();
    const entry = remote.cache.orders()[0]!;
    const listId = String(entry.orderListId);
    const tree = remote.orderTree(listId);

    // Assert: the whole bracket arrived with its first event (a view drawn then shows its legs), and the tree, as a local node builds it
    expect(heldAtFirstEvent).toEqual([3]);
    expect([tree.kind, tree.orderListId, tree.instrumentId, tree.strategyId, tree.unprotected]).toEqual(['ContingentOrderTree', listId, 'AUDUSD.SIM', 'Bracketer-001', false]);
    expect(tree.roots.map((r) => [r.role, r.type, r.price, r.status, r.children.map((c) => [c.role, c.type, c.triggerPrice ?? c.price, c.status])])).toEqual([
      ['ENTRY', 'LIMIT', '0.90000', 'ACCEPTED', [['STOP_LOSS', 'STOP_MARKET', '0.85000', 'ACCEPTED'], ['TAKE_PROFIT', 'LIMIT', '1.10000', 'ACCEPTED']]],
    ]);
    expect(tree.links.map((l) => l.kind)).toEqual(['OTO', 'OTO', 'OUO']);
    expect(remote.orderTree(entry.clientOrderId)).toEqual(tree);
    expect(() => remote.orderTree('OL-nope')).toThrow(expect.objectContaining({ code: 'ORDER_TREE_NOT_FOUND' }));
    // live.orders(): shown at once, then redrawn from the mirror's events
    expect(pushes[0]).toBe('orders: none yet');
    expect((pushes.at(-1) as { status: string }[]).map((o) => o.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    view.stop();
    await remote.detach();
    node.child.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });
});
