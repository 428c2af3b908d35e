import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { SandboxVenue } from 'keel/sandbox';
import { attach } from 'keel/kernel';
import { signLogin } from '../../src/engine/venue/sandbox/protocol/auth.js';
import { spawn } from 'node:child_process';
import { REPO, runNode, type NodeChild } from '../kernel/promote/node-child.js';
import { BIDDER_STRATEGY, CONTROL_ENV, cleanupsAfterEach } from './support/attach-fixture.js';

/**
 * Issue 14 item 5: a deployed node (`keel node run`, a real child process) with its control endpoint
 * enabled; attach, read, configure (audited with the attacher's key), revert, detach, re-attach; forged
 * and replayed logins refused and counted; the read-only key refused a change; no endpoint by default.
 */
const cleanups = cleanupsAfterEach();

async function deployed(control: Record<string, unknown> | undefined): Promise<{ venue: SandboxVenue; node: NodeChild }> {
  const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
  cleanups.push(() => venue.stop());
  const dir = mkdtempSync(join(tmpdir(), 'keel-attach-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'strategy.ts'), BIDDER_STRATEGY);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  writeFileSync(join(dir, 'node.json'), JSON.stringify({
    traderId: 'TRADER-007',
    venues: [{ venue: 'SIM', url: venue.url, apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
    strategies: [{ module: './strategy.ts', className: 'Bidder', config: { orderIdTag: '001' } }],
    persistence: { kind: 'journal', dir: 'journal' },
    shutdownPolicy: 'cancel',
    ...(control ? { control } : {}),
  }));
  const node = runNode(dir, CONTROL_ENV);
  cleanups.push(() => { if (node.child.exitCode === null) node.child.kill('SIGKILL'); });
  await node.waitFor((l) => l.msg === 'node running', 30_000, 'node running');
  return { venue, node };
}

/** Send one raw frame and return the node's first answer (for frames `attach` would never send). */
async function rawExchange(url: string, frame: unknown): Promise<{ type: string; error?: { code: string } }> {
  const ws = new WebSocket(url);
  await new Promise((r) => ws.once('open', r));
  const answer = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
  ws.send(JSON.stringify(frame));
  const text = await answer;
  ws.terminate();
  return JSON.parse(text) as { type: string; error?: { code: string } };
}

/** Listening TCP sockets the process owns (its fds matched against /proc/net/tcp{,6} rows in state LISTEN). */
function listeningSockets(pid: number): number {
  const inodes = new Set(readdirSync(`/proc/${pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { return ''; } })
    .map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((x): x is string => x !== undefined));
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) n += 1;
    }
  }
  return n;
}

describe('attach to a deployed node', () => {
  it('attaches, reads the strategy\'s orders, configures and reverts audited with the key id, detaches, re-attaches and sees it all; refuses forged and replayed logins and read-only changes', { timeout: 90_000 }, async () => {
    // Arrange: a deployed node with control enabled that has made two orders
    const { venue, node } = await deployed({ enabled: true, readOnlyKeyEnv: 'KEEL_CONTROL_RO_SECRET' });
    const listening = await node.waitFor((l) => l.msg === 'control listening', 10_000, 'control listening');
    const url = String(listening.url);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    for (let i = 0; i < 2; i++) {
      venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: i === 0 ? '1.00020' : '1.00010' });
      await node.waitFor(() => node.count((l) => l.msg === 'order event' && l.event === 'OrderAccepted') >= i + 1, 10_000, `order ${i + 1} accepted`);
    }

    // Act 1: attach with the operator key; read; configure; revert
    const remote = await attach(url, { keyId: 'operator', secret: 'op-secret' });
    expect(remote.role).toBe('operator');
    expect(remote.cache.orders().map((o) => [o.status, o['strategyId'], o['side'], String(o['price'])])).toEqual([
      ['ACCEPTED', 'Bidder-001', 'BUY', '0.90000'],
      ['ACCEPTED', 'Bidder-001', 'BUY', '0.90000'],
    ]);
    expect(remote.cache.orders({ open: true }).length).toBe(2);
    const change = await remote.execEngine.configure({ inflightCheckThresholdMs: 750 });
    expect([change.target, change.source, change.changes]).toEqual(['execEngine', 'attach:operator', [{ key: 'inflightCheckThresholdMs', before: 5000, after: 750 }]]);
    expect(remote.execEngine.config['inflightCheckThresholdMs']).toBe(750);
    expect(remote.configChanges.map((c) => c.source)).toEqual(['attach:operator']);
    // A third order made while attached reaches the mirror through the event stream
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00030' });
    await node.waitFor(() => node.count((l) => l.msg === 'order event' && l.event === 'OrderAccepted') >= 3, 10_000, 'order 3 accepted');
    await expect.poll(() => remote.cache.orders().filter((o) => o.status === 'ACCEPTED').length, { timeout: 5_000 }).toBe(3);
    const reverted = await remote.revert(change.changeId);
    expect([reverted.source, reverted.revertOf, reverted.changes]).toEqual([`attach:operator (revert ${change.changeId})`, change.changeId, [{ key: 'inflightCheckThresholdMs', before: 750, after: 5000 }]]);
    await remote.detach();
    // The node's log lines come over its stdout, which may lag the answers on the control socket.
    await expect.poll(() => node.lines.filter((l) => l.msg === 'control command' && l.command === 'configure').map((l) => [l.keyId, l.ok]), { timeout: 10_000 }).toEqual([['operator', true]]);

    // Act 2: forged signature, replayed login, the read-only key asking for a change
    const timestamp = (BigInt(Date.now()) * 1_000_000n).toString();
    const nonce = 'a1b2c3d4e5f6a7b8c9d0e1f2';
    const forged = await rawExchange(url, { type: 'login', keyId: 'operator', timestamp, nonce, signature: signLogin('guessed', timestamp, nonce) });
    const good = { type: 'login', keyId: 'operator', timestamp, nonce: 'f0e1d2c3b4a5968778695a4b', signature: signLogin('op-secret', timestamp, 'f0e1d2c3b4a5968778695a4b') };
    const first = await rawExchange(url, good);
    const replayed = await rawExchange(url, good);
    const unsigned = await rawExchange(url, { type: 'configure', id: 'x', target: 'execEngine', partial: { inflightCheckThresholdMs: 1 } });
    const watcher = await attach(url, { keyId: 'watcher', secret: 'ro-secret' });
    const refusal = await watcher.execEngine.configure({ inflightCheckThresholdMs: 1 }).then(() => ({ name: 'none', code: 'accepted' }), (e: unknown) => e as { name: string; code: string });

    // Assert 2
    expect([forged.type, forged.error?.code]).toEqual(['login-refused', 'CONTROL_AUTH_FAILED']);
    expect(first.type).toBe('login-ok');
    expect([replayed.type, replayed.error?.code]).toEqual(['login-refused', 'CONTROL_AUTH_FAILED']);
    expect([unsigned.type, unsigned.error?.code]).toEqual(['login-refused', 'CONTROL_NOT_LOGGED_IN']);
    expect([refusal.name, refusal.code]).toEqual(['EngineError', 'CONTROL_FORBIDDEN']);
    const snap = await watcher.snapshot();
    expect(snap.control.refused).toBe(4);
    await expect.poll(() => node.count((l) => l.msg === 'control refused'), { timeout: 10_000 }).toBe(3);
    await watcher.detach();

    // Act 3: re-attach: everything is there, nothing changed by the refused frames
    const again = await attach(url, { keyId: 'operator', secret: 'op-secret' });
    expect(again.cache.orders().length).toBe(3);
    expect(again.configChanges.map((c) => [c.source, c.changes.map((d) => d.after)])).toEqual([['attach:operator', [750]], [`attach:operator (revert ${change.changeId})`, [5000]]]);
    expect(again.execEngine.config['inflightCheckThresholdMs']).toBe(5000);
    expect(again.strategies.map((s) => [s.id, s.state])).toEqual([['Bidder-001', 'RUNNING']]);
    await again.detach();
    // Detaching left the node running
    expect(node.child.exitCode).toBe(null);
    node.child.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });

  it('keel attach URL: .orders, .config KEY VALUE, .config undo and .recon over the deployed node; .exit detaches and the node keeps running', { timeout: 90_000 }, async () => {
    const { venue, node } = await deployed({ enabled: true });
    const url = String((await node.waitFor((l) => l.msg === 'control listening', 10_000, 'control listening')).url);
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00020' });
    await node.waitFor((l) => l.msg === 'order event' && l.event === 'OrderAccepted', 10_000, 'an order accepted');

    const repl = spawn(process.execPath, ['bin/keel.js', 'attach', url], { cwd: REPO, env: { ...process.env, KEEL_CONTROL_KEY: 'operator', KEEL_CONTROL_SECRET: 'op-secret', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => { if (repl.exitCode === null) repl.kill('SIGKILL'); });
    let out = '';
    repl.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    repl.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
    const waitOut = (re: RegExp, what: string) => expect.poll(() => re.test(out), { timeout: 20_000, message: `${what}: ${out}` }).toBe(true);
    await waitOut(/attached to TRADER-007/, 'attached');
    repl.stdin.write('.orders\n');
    await waitOut(/ACCEPTED/, '.orders');
    repl.stdin.write('.config inflightCheckThresholdMs 600\n');
    await waitOut(/600/, '.config change');
    repl.stdin.write('.config undo\n');
    await waitOut(/revert CC-/, '.config undo');
    repl.stdin.write('.recon\n');
    await waitOut(/Reconciliation/i, '.recon');
    repl.stdin.write('.exit\n');
    const code = await new Promise<number | null>((r) => repl.on('exit', (c) => r(c)));

    expect(code).toBe(0);
    expect(out).toContain('detached from');
    await expect.poll(() => node.lines.filter((l) => l.msg === 'control command').map((l) => [l.command, l.keyId, l.ok]), { timeout: 10_000 }).toEqual([
      ['subscribe', 'operator', true], ['configure', 'operator', true], ['revert', 'operator', true], ['reconcile', 'operator', true],
    ]);
    expect(node.child.exitCode).toBe(null);
    node.child.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });

  it('opens no control endpoint unless node.json enables it', { timeout: 60_000 }, async () => {
    const { node } = await deployed(undefined);
    expect(node.count((l) => l.msg === 'control listening')).toBe(0);
    expect(listeningSockets(node.child.pid!)).toBe(0);
    node.child.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });
});
