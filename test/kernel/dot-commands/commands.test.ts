import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { parseConfigValue, splitConfigArgument } from '../../../src/kernel/dot-commands/index.js';
import { driveSessionRepl } from '../session/drive-session-repl.js';
import { order, stubFactory, type StubNode } from '../session/stub-node.js';

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.stop();
});

async function repl() {
  const factory = stubFactory();
  const session = await createSession({ createNode: factory.create });
  sessions.push(session);
  const node: StubNode = factory.node();
  return { session, node, r: await driveSessionRepl(session) };
}

describe('config argument parsing', () => {
  it('reads JSON values and keeps anything else as a string', () => {
    expect(parseConfigValue('500')).toBe(500);
    expect(parseConfigValue('null')).toBeNull();
    expect(parseConfigValue('["BTCUSDT-PERP.SIM"]')).toEqual(['BTCUSDT-PERP.SIM']);
    expect(parseConfigValue('fast')).toBe('fast');
    expect(splitConfigArgument('  inflightCheckThresholdMs   500 ')).toEqual({ key: 'inflightCheckThresholdMs', value: '500' });
    expect(splitConfigArgument('reconciliation')).toEqual({ key: 'reconciliation', value: undefined });
  });
});

describe('keel dot-commands over a session (stub node)', () => {
  it('.config shows the live exec-engine config as a table', async () => {
    const { r } = await repl();

    const out = await r.send('.config');

    expect(out).toContain('Exec engine config');
    expect(out).toMatch(/key\s+value/);
    expect(out).toMatch(/inflightCheckThresholdMs\s+5000/);
  });

  it('.config key value changes the config live and prints the diff', async () => {
    const { r, node } = await repl();

    const out = await r.send('.config inflightCheckThresholdMs 500');

    expect(node.execEngine.config['inflightCheckThresholdMs']).toBe(500);
    expect(out).toContain('inflightCheckThresholdMs');
    expect(out).toMatch(/5000\s*→\s*500/);
  });

  it('.config records its audit entry with the source "repl", and node.configChanges renders it', async () => {
    const { r, node } = await repl();

    await r.send('.config inflightCheckThresholdMs 500');
    const shown = await r.send('node.configChanges');

    expect(node.configChanges.map((c) => c.source)).toEqual(['repl']);
    expect(shown).toMatch(/source[\s\S]*\brepl\b/);
    expect(shown).toMatch(/inflightCheckThresholdMs\s+5000\s+500/);
    expect(shown).not.toContain('[object Object]');
  });

  it('a bad .config value prints the validation error and changes nothing', async () => {
    const { r, node } = await repl();

    const out = await r.send('.config inflightCheckThresholdMs -3');

    expect(out).toContain('CONFIG_INVALID');
    expect(out).toContain('inflightCheckThresholdMs');
    expect(node.execEngine.config['inflightCheckThresholdMs']).toBe(5000);
    expect(node.configChanges).toHaveLength(0);
  });

  it('.config undo reverts the latest change (or a given one), audited with source repl; nothing to undo says so', async () => {
    const { r, node } = await repl();
    const empty = await r.send('.config undo');
    await r.send('.config inflightCheckThresholdMs 500');
    await r.send('.config inflightCheckIntervalMs 900');
    const first = node.configChanges[0]!.changeId;

    const latest = await r.send('.config undo');
    const given = await r.send(`.config undo ${first}`);

    expect(empty).toContain('no change to undo yet');
    expect(latest).toMatch(/inflightCheckIntervalMs: 900 → 2000/);
    expect(given).toMatch(/inflightCheckThresholdMs: 500 → 5000/);
    expect([node.execEngine.config['inflightCheckThresholdMs'], node.execEngine.config['inflightCheckIntervalMs']]).toEqual([5000, 2000]);
    expect(node.configChanges.map((c) => c.source).slice(-2)).toEqual([
      `repl (revert ${node.configChanges[1]!.changeId})`, `repl (revert ${first})`,
    ]);
  });

  it('completion after .config offers the config keys', async () => {
    const { r } = await repl();

    const [matches, replaced] = await r.complete('.config infl');

    expect(matches).toEqual(['inflightCheckIntervalMs', 'inflightCheckThresholdMs']);
    expect(replaced).toBe('infl');
  });

  it('.orders shows the cache as one table, or says there are none', async () => {
    const { r, node } = await repl();

    const none = await r.send('.orders');
    node.orders.push(order('O-20220101-000000-001-000-1'), order('O-20220101-000000-001-000-2', { side: 'SELL' }));
    const two = await r.send('.orders');

    expect(none).toContain('no orders yet');
    expect(two).toContain('O-20220101-000000-001-000-1');
    expect(two).toContain('O-20220101-000000-001-000-2');
    expect(two).toMatch(/SELL/);
  });

  it('.orders shows the newest 20 and says how many are not shown; .orders all shows every one', async () => {
    const { r, node } = await repl();
    for (let i = 1; i <= 25; i++) node.orders.push(order(`O-${String(i).padStart(2, '0')}`, { status: 'FILLED', isOpen: false }));

    const recent = await r.send('.orders');
    const all = await r.send('.orders all');

    expect(recent).toContain('… 5 older orders not shown (.orders all)');
    expect(recent).not.toMatch(/O-05\s/);
    expect(recent).toMatch(/O-06\s/);
    expect(recent).toMatch(/O-25\s/);
    expect(all).toMatch(/O-01\s/);
    expect(all).not.toContain('older orders');
  });

  it('.recon runs reconciliation now and shows the result', async () => {
    const { r, node } = await repl();

    const out = await r.send('.recon');

    expect(node.lastReconciliation?.trigger).toBe('MANUAL');
    expect(out).toMatch(/[Rr]econciliation/);
    expect(out).toContain('MANUAL');
  });

  it('Ctrl-C stops waiting for a reconciliation that hangs; the REPL goes on', async () => {
    const { r, node } = await repl();
    node.reconcile = () => new Promise(() => undefined) as never;
    const from = r.text().length;
    const listeners = r.handle.server.listenerCount('SIGINT');

    r.handle.server.write('.recon\n');
    // The command is waiting once it listens for Ctrl-C.
    await vi.waitFor(() => expect(r.handle.server.listenerCount('SIGINT')).toBe(listeners + 1));
    r.handle.server.emit('SIGINT');
    const out = await r.waitFor(from, (since) => since.includes('WAIT_INTERRUPTED') && since.endsWith('keel> '));
    const after = await r.send('1 + 2');

    expect(out).toContain('WAIT_INTERRUPTED: stopped waiting for the reconciliation; it goes on in the node');
    expect(after).toContain('3');
  });

  it('.tree with an unknown id shows the engine error and the REPL goes on', async () => {
    const { r } = await repl();

    const out = await r.send('.tree OL-nope');
    const after = await r.send('1 + 1');

    expect(out).toContain('ORDER_TREE_NOT_FOUND');
    expect(after).toContain('2');
  });

  it('.venue shows the URL, instruments and faults in force', async () => {
    const { r, session } = await repl();

    const calm = await r.send('.venue');
    await r.send("venue.controls.fault({ kind: 'drop-acks', count: 2 })");
    const faulty = await r.send('.venue');

    expect(calm).toContain(session.venue.url);
    expect(calm).toContain('BTCUSDT-PERP.SIM');
    expect(calm).toMatch(/faults\s+none/);
    expect(faulty).toMatch(/faults\s+drop-acks \(2 left\)/);
  });

  it('.log shows the latest node log entries; a bad count is an error', async () => {
    const { r, session } = await repl();
    session.log.sink = () => undefined;
    session.log.info('connected', { venue: 'SIM' });
    session.log.warn('protective order rejected', { clientOrderId: 'O-3' });

    const out = await r.send('.log 1');
    const bad = await r.send('.log many');

    expect(out).toContain('Node log  1 of 2 kept entries');
    expect(out).toContain('[warn] protective order rejected (clientOrderId=O-3)');
    expect(out).not.toContain('connected');
    expect(bad).toContain("COMMAND_ARGUMENT_INVALID: .log: expected a positive whole number of entries, received 'many'");
  });

  it('.strategies shows how often a strategy\'s hooks threw and the latest error, where it came from', async () => {
    const { r, node } = await repl();
    node.strategies.push({ id: 'Quiet-000', state: 'RUNNING', config: { omsType: 'NETTING' } });
    node.strategies.push(Object.assign({ id: 'Boom-001', state: 'RUNNING', config: { omsType: 'NETTING' } }, {
      errors: [{ hook: 'onQuote', message: 'x is undefined', where: 'cell-4.js:3:11', count: 54, firstTs: 0n, lastTs: 5n }],
    }));

    const out = await r.send('.strategies');

    expect(out).toMatch(/hook errors/);
    expect(out).toMatch(/Quiet-000\s.*\snone/);
    expect(out).toContain('54: onQuote: x is undefined (cell-4.js:3:11)');
  });

  it('.strategies lists the strategies on the node', async () => {
    const { r, node } = await repl();
    node.strategies.push({ id: 'EmaCross-001', state: 'RUNNING', config: { omsType: 'HEDGING' } });

    const out = await r.send('.strategies');

    expect(out).toMatch(/EmaCross-001\s+\S*\s*RUNNING\s+HEDGING/);
  });

  it('a throwing cell prints its error and the node keeps running', async () => {
    const { r, node } = await repl();

    const out = await r.send('throw new Error("boom")');
    const next = await r.send('node.state');

    expect(out).toContain('Error: boom');
    expect(next).toContain("'RUNNING'");
    expect(node.state).toBe('RUNNING');
  });

  it('.exit stops the node by its policy and says what it did', async () => {
    const { r, node } = await repl();
    node.orders.push(order('O-1'));

    r.handle.server.write('.exit\n');
    await r.handle.closed;

    expect(node.stoppedWith).toBe('cancel');
    expect(r.text()).toContain("Node stopped (shutdown policy 'cancel'): 1 order canceled");
  });

  it('Ctrl-D (end of input) stops the node by its policy too', async () => {
    const { r, node } = await repl();
    node.orders.push(order('O-9'));

    r.end();
    await r.handle.closed;

    expect(node.state).toBe('DISPOSED');
    expect(r.text()).toContain("Node stopped (shutdown policy 'cancel'): 1 order canceled");
  });
});
