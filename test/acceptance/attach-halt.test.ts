import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxVenue } from 'keel/sandbox';
import { attach } from 'keel/kernel';
import { runNode } from '../kernel/promote/node-child.js';
import { createAttachedSession } from '../../src/kernel/control/attached-session.js';
import { driveSessionRepl } from '../kernel/session/drive-session-repl.js';
import { BIDDER_STRATEGY, CONTROL_ENV, cleanupsAfterEach } from './support/attach-fixture.js';

/**
 * Issue 14 item 5 (halt/resume): a deployed node (`keel node run` child) halted and resumed over the
 * control endpoint with the operator key (audited as attach:operator, the mirror shows the state, the
 * strategy's new orders are denied while halted), the read-only key refused.
 */
const cleanups = cleanupsAfterEach();

describe('halt / resume over the control protocol', () => {
  it('the operator key halts (new orders denied, audited, mirrored) and resumes (orders again); the read-only key is refused; .halt/.resume work over the attached REPL session', { timeout: 90_000 }, async () => {
    // Arrange: a deployed node with control enabled
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    cleanups.push(() => venue.stop());
    const dir = mkdtempSync(join(tmpdir(), 'keel-halt-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'strategy.ts'), BIDDER_STRATEGY);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(join(dir, 'node.json'), JSON.stringify({
      traderId: 'TRADER-008', venues: [{ venue: 'SIM', url: venue.url, apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
      strategies: [{ module: './strategy.ts', className: 'Bidder', config: { orderIdTag: '001' } }],
      persistence: { kind: 'memory' }, shutdownPolicy: 'cancel', control: { enabled: true, readOnlyKeyEnv: 'KEEL_CONTROL_RO_SECRET' },
    }));
    const node = runNode(dir, CONTROL_ENV);
    cleanups.push(() => { if (node.child.exitCode === null) node.child.kill('SIGKILL'); });
    const url = String((await node.waitFor((l) => l.msg === 'control listening', 30_000, 'control listening')).url);
    const remote = await attach(url, { keyId: 'operator', secret: 'op-secret' });
    const watcher = await attach(url, { keyId: 'watcher', secret: 'ro-secret' });
    const events = (type: string) => node.count((l) => l.msg === 'order event' && l.event === type);

    // Act 1: halt, then a quote makes the strategy submit
    const halt = await remote.halt('desk check');
    await expect.poll(() => watcher.tradingState, { timeout: 5_000 }).toBe('HALTED');
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00020' });
    await node.waitFor(() => events('OrderDenied') >= 1, 10_000, 'an order denied');
    const refused = await watcher.resume().then(() => 'accepted', (e: unknown) => (e as { code: string }).code);

    // Assert 1
    expect([halt.target, halt.source, halt.changes]).toEqual(['tradingState', 'attach:operator', [
      { key: 'reason', before: undefined, after: 'desk check' }, { key: 'tradingState', before: 'ACTIVE', after: 'HALTED' }]]);
    expect([remote.tradingState, remote.tradingStateReason]).toEqual(['HALTED', 'desk check']);
    expect(node.lines.filter((l) => l.msg === 'order event' && l.event === 'OrderDenied').map((l) => l.reason)).toEqual([
      'TRADING_HALTED: expected trading state ACTIVE for a new order, received HALTED (desk check); cancels still go out']);
    expect(events('OrderAccepted')).toBe(0);
    expect(refused).toBe('CONTROL_FORBIDDEN');
    expect((await watcher.snapshot()).tradingState).toEqual({ state: 'HALTED', reason: 'desk check' });

    // Act 2: resume, another quote
    const resumed = await remote.resume();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    await node.waitFor(() => events('OrderAccepted') >= 1, 10_000, 'an order accepted');

    // Assert 2
    expect([resumed.source, resumed.changes.map((c) => [c.key, c.after])]).toEqual(['attach:operator', [['reason', undefined], ['tradingState', 'ACTIVE']]]);
    await expect.poll(() => watcher.tradingState, { timeout: 5_000 }).toBe('ACTIVE');
    expect(remote.configChanges.filter((c) => c.target === 'tradingState').map((c) => c.source)).toEqual(['attach:operator', 'attach:operator']);
    // The node's log lines come over its stdout, which may lag the answers on the control socket.
    await expect.poll(() => node.lines.filter((l) => l.msg === 'control command' && l.command !== 'subscribe' && l.command !== 'snapshot').map((l) => [l.command, l.keyId, l.ok]), { timeout: 10_000 }).toEqual([
      ['halt', 'operator', true], ['resume', 'watcher', false], ['resume', 'operator', true]]);

    // Act 3: the same through the REPL's dot-commands over the attached node
    const session = createAttachedSession(remote);
    const r = await driveSessionRepl(session);
    const replHalt = await r.send('.halt maintenance');
    await expect.poll(() => watcher.tradingState, { timeout: 5_000 }).toBe('HALTED');
    const replResume = await r.send('.resume');
    await expect.poll(() => watcher.tradingState, { timeout: 5_000 }).toBe('ACTIVE');
    expect([replHalt.includes('HALTED'), replHalt.includes('attach:operator'), replResume.includes('ACTIVE')]).toEqual([true, true, true]);
    expect(watcher.configChanges.filter((c) => c.target === 'tradingState').map((c) => c.changes.find((d) => d.key === 'reason')?.after ?? null))
      .toEqual(['desk check', null, 'maintenance', null]);
    await session.stop();
    await watcher.detach();
    node.child.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });
});
