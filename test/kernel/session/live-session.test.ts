/**
 * The keel REPL over a real session: the embedded sandbox venue replaying the BTC perpetual bars and a
 * live TradingNode, driven through streams (waiting for prompts and for conditions, never sleeping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl, type DrivenSessionRepl } from './drive-session-repl.js';

let session: Session;
let r: DrivenSessionRepl;

beforeAll(async () => {
  // 100 one-minute bars a second: a bar every 10 ms of wall time.
  session = await createSession({ replaySpeed: 6000 });
  r = await driveSessionRepl(session);
}, 30_000);

afterAll(async () => {
  await session?.stop();
});

/** Sends `expr` until its printed value satisfies `ok` (the replay needs a few bars). */
async function until(expr: string, ok: (printed: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const out = await r.send(expr);
    if (ok(out)) return out;
    if (performance.now() > deadline) throw new Error(`waited for ${what}; last output:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (out: string) => Number(/^(\d+)/m.exec(out)?.[1] ?? 'NaN');

describe('a live session in the REPL', () => {
  it('starts with a successful start-up reconciliation and the demo strategy in scope', async () => {
    const out = await r.send('[node.lastReconciliation?.success, typeof EmaCrossBracket]');

    expect(out).toContain("[ true, 'function' ]");
  });

  it('a strategy defined over several lines is added and trades', async () => {
    const lines = [
      'class OneShot extends keel.Strategy {',
      '  sent = false;',
      "  onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }",
      '  onBar(bar: keel.Bar) {',
      '    if (this.sent) return;',
      '    this.sent = true;',
      "    this.submitOrder(this.orderFactory.market({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: keel.Quantity.from('0.010') }));",
      '  }',
      '}',
    ];
    const continuation: string[] = [];
    for (const line of lines.slice(0, -1)) continuation.push(await r.send(line));
    await r.send(lines.at(-1)!);

    const added = await r.send("const one = await node.addStrategy(new OneShot({ orderIdTag: '042' })); one");
    await until("node.cache.orders({ strategyId: 'OneShot-042' }).filter(o => o.status === 'FILLED').length", (o) => count(o) === 1, 'the OneShot order to fill');
    const orders = await r.send('.orders');

    expect(continuation.every((o) => o.endsWith('... '))).toBe(true);
    expect(added).toMatch(/OneShot-042\s+OneShot\s+RUNNING/);
    expect(session.sourceOf('OneShot')).toBe(lines.join('\n'));
    expect(orders).toMatch(/O-\S+-042-1\s+V-\d+\s+OneShot-042\s+BTCUSDT-PERP\.SIM\s+BUY\s+MARKET\s+0\.010\s+0\.010\s+[\d.]+\s+GTC\s+FILLED/);
  }, 30_000);

  it("changes inflightCheckThresholdMs and a strategy's omsType while it runs", async () => {
    const config = await r.send('.config inflightCheckThresholdMs 500');
    const oms = await r.send("one.configure({ omsType: 'HEDGING' })");
    const state = await r.send('[one.state, one.omsType, node.execEngine.config.inflightCheckThresholdMs]');

    expect(config).toMatch(/inflightCheckThresholdMs: 5000 → 500/);
    expect(oms).toMatch(/omsType: (UNSPECIFIED|NETTING) → HEDGING/);
    expect(state).toContain("[ 'RUNNING', 'HEDGING', 500 ]");
  });

  it('a bad .config value prints the zod error and changes nothing', async () => {
    const changesBefore = session.node.configChanges.length;

    const out = await r.send('.config inflightCheckThresholdMs -5');

    expect(out).toContain('CONFIG_INVALID');
    expect(out).toMatch(/inflightCheckThresholdMs:?\s+.*-5/);
    expect(session.node.execEngine.config['inflightCheckThresholdMs']).toBe(500);
    expect(session.node.configChanges).toHaveLength(changesBefore);
  });

  it('a throwing cell leaves the node running', async () => {
    const out = await r.send("throw new Error('cell failed')");
    const orders = count(await r.send('node.cache.orders().length'));

    expect(out).toContain('Error: cell failed');
    expect(await r.send("node.cache.orders({ strategyId: 'OneShot-042' }).length")).toMatch(/^1/m);
    expect(orders).toBeGreaterThan(0);
  });

  it('a venue fault shows in .venue and .recon runs reconciliation and shows the result', async () => {
    await r.send("venue.controls.fault({ kind: 'delay', ms: 20 })");
    const venue = await r.send('.venue');
    await r.send('venue.controls.clearFaults()');
    const recon = await r.send('.recon');

    expect(venue).toMatch(/faults\s+delay 20 ms/);
    expect(venue).toMatch(/node → SIM\s+exec CONNECTED, data CONNECTED\s+account SIM-001/);
    expect(recon).toContain('Reconciliation MANUAL SIM succeeded');
  }, 20_000);

  it('the demo strategy submits a bracket and .tree shows it', async () => {
    await r.send("const demo = new EmaCrossBracket({ orderIdTag: '900', manageContingentOrders: true }); node.addStrategy(demo)");
    const listId = await until(
      "node.cache.orders({ strategyId: demo.id })[0]?.orderListId ?? 'none'",
      (o) => o.includes('OL-'),
      'the demo bracket',
      20_000,
    );
    const id = /'(OL-[^']+)'/.exec(listId)![1]!;

    const tree = await r.send(`.tree ${id}`);

    expect(tree).toContain(id);
    expect(tree).toMatch(/MARKET/);
    expect(tree).toMatch(/STOP_MARKET/);
    expect(tree).toMatch(/LIMIT/);
  }, 30_000);

  it('.strategies lists both strategies running', async () => {
    const out = await r.send('.strategies');

    expect(out).toMatch(/OneShot-042\s+OneShot\s+RUNNING\s+HEDGING/);
    expect(out).toMatch(/EmaCrossBracket-900\s+EmaCrossBracket\s+RUNNING/);
  });

  it('.exit stops the node by the cancel policy and says what it did', async () => {
    const from = r.text().length;

    r.handle.server.write('.exit\n');
    await r.handle.closed;
    const out = r.text().slice(from);

    expect(out).toMatch(/Node stopped \(shutdown policy 'cancel'\): \d+ orders? canceled, 0 orders left working/);
    expect(out).toContain('Embedded venue stopped.');
    expect(session.node.cache.orders({ open: true })).toHaveLength(0);
  });
});
