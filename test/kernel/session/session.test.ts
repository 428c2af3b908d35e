import { afterEach, describe, expect, it } from 'vitest';
import { createSession, describeStopReport, type Session } from '../../../src/kernel/index.js';
import { order, stubFactory } from './stub-node.js';

const open: Session[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
});

async function session(options: Parameters<typeof createSession>[0] = {}) {
  const factory = stubFactory();
  const s = await createSession({ createNode: factory.create, ...options });
  open.push(s);
  return { s, node: factory.node() };
}

describe('createSession', () => {
  it('starts an embedded venue and a node connected to it with the sandbox shutdown policy', async () => {
    const { s, node } = await session();

    expect(s.venue.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(s.ownsVenue).toBe(true);
    expect(node.state).toBe('RUNNING');
    expect(node.createdWith).toMatchObject({
      venues: [{ venue: 'SIM', url: s.venue.url }],
      shutdownPolicy: 'cancel',
      persistence: { kind: 'memory' },
    });
    expect(s.venue.engine.instruments.all().map((i) => i.id)).toEqual(['BTCUSDT-PERP.SIM']);
  });

  it('puts node, venue, keel and display in the evaluator scope', async () => {
    const { s } = await session();

    const same = await s.evaluator.evaluate('[node === session.node, venue.url, typeof keel.Price.from, typeof display]');

    expect(same.value).toEqual([true, s.venue.url, 'function', 'function']);
    expect(Object.keys(s.globals)).toEqual(expect.arrayContaining(['node', 'venue', 'keel', 'display', 'session']));
  });

  it('keeps every cell with the names it declared, and finds the newest source of a class', async () => {
    const { s } = await session();

    await s.evaluator.evaluate('class Foo { x = 1 }');
    await s.evaluator.evaluate('const a = 1, b = 2');
    await expect(s.evaluator.evaluate('throw new Error("nope")')).rejects.toThrow('nope');
    await s.evaluator.evaluate('class Foo { x = 2 }');

    expect(s.history.map((c) => [c.index, c.declared, c.ok])).toEqual([
      [1, ['Foo'], true],
      [2, ['a', 'b'], true],
      [3, [], false],
      [4, ['Foo'], true],
    ]);
    expect(s.sourceOf('Foo')).toBe('class Foo { x = 2 }');
    expect(s.sourceOf('Missing')).toBeUndefined();
  });

  it('stop() cancels working orders by the default policy, stops the venue and says what it did', async () => {
    const { s, node } = await session();
    node.orders.push(order('O-1'), order('O-2', { status: 'FILLED', isOpen: false }));
    node.positions.push({ kind: 'Position', id: 'BTCUSDT-PERP.SIM-S-001', isOpen: true, quantity: '0.010', instrumentId: 'BTCUSDT-PERP.SIM', side: 'LONG' });

    const report = await s.stop();

    expect(node.stoppedWith).toBe('cancel');
    expect(node.state).toBe('DISPOSED');
    expect(report).toMatchObject({ policy: 'cancel', ordersCanceled: ['O-1'], ordersLeftWorking: [], positionsLeftOpen: ['BTCUSDT-PERP.SIM-S-001'], venueStopped: true });
    expect(describeStopReport(report)).toBe(
      "Node stopped (shutdown policy 'cancel'): 1 order canceled, 0 orders left working, 0 positions closed, 1 position left open.\n" +
        '  still open: BTCUSDT-PERP.SIM-S-001\nEmbedded venue stopped.',
    );
    expect(await s.stop()).toBe(report);
  });

  it("stop('flatten') on a 'leave' node cancels and closes through the strategies before the node stops", async () => {
    const { s, node } = await session({ shutdownPolicy: 'leave' });
    node.orders.push(order('O-1'));
    node.positions.push({ kind: 'Position', id: 'P-1', isOpen: true, quantity: '1', instrumentId: 'BTCUSDT-PERP.SIM', side: 'LONG', strategyId: 'S-001' } as never);
    node.strategies.push({
      id: 'S-001',
      state: 'RUNNING',
      config: { omsType: 'NETTING' },
      cancelAllOrders: () => node.orders.forEach((o) => Object.assign(o, { status: 'CANCELED', isOpen: false })),
      closePosition: (p) => Object.assign(p, { isOpen: false }),
    });

    const report = await s.stop('flatten');

    expect(node.stoppedWith).toBe('leave');
    expect(report).toMatchObject({ policy: 'flatten', ordersCanceled: ['O-1'], positionsClosed: ['P-1'], positionsLeftOpen: [] });
  });

  it("refuses stop('leave') on a node that cancels when it stops, and stays running", async () => {
    const { s, node } = await session();

    expect(() => s.stop('leave')).toThrow(expect.objectContaining({ code: 'SESSION_STOP_POLICY_WEAKER' }));
    expect(node.state).toBe('RUNNING');
  });

  it("the 'leave' policy leaves orders working and says so", async () => {
    const { s, node } = await session({ shutdownPolicy: 'leave' });
    node.orders.push(order('O-7'));

    const report = await s.stop();

    expect(report.ordersLeftWorking).toEqual(['O-7']);
    expect(describeStopReport(report)).toContain('still working at the venue: O-7');
  });

  it("hands the node the session's log", async () => {
    let given: unknown;
    const factory = stubFactory();
    const s = await createSession({ createNode: (config, options) => ((given = options.logger), factory.create(config)) });
    open.push(s);

    expect(given).toBe(s.log);
  });

  it('refuses an unknown shutdown policy before starting anything', async () => {
    await expect(createSession({ shutdownPolicy: 'panic' as 'leave' })).rejects.toMatchObject({ code: 'SESSION_OPTIONS_INVALID' });
  });
});
