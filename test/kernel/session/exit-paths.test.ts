/**
 * Issue 11 item 8: a session's nodes follow their shutdown policy on every exit path the process can
 * intercept. The REPL runs as a real child process; the venue runs here, in the test process, so it
 * outlives the session and can say what is still working once the session's process has exited.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxVenue } from '../../../src/sandbox/sandbox-venue.js';
import { startRepl, type ReplProcess } from '../startup/repl-process.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/external-venue-repl-child.ts', import.meta.url));
const SLOW = 120_000;
let venue: SandboxVenue | undefined;
let repl: ReplProcess | undefined;
afterEach(async () => {
  await repl?.close();
  await venue?.stop();
  repl = venue = undefined;
});

async function startVenue(): Promise<SandboxVenue> {
  venue = await SandboxVenue.start({
    port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING',
    accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }],
  });
  venue.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  return venue;
}

const working = (v: SandboxVenue): number => v.engine.orderReports('SIM-001', { openOnly: true }).length;

/** One REPL line: a node made in the cell (as a user would), connected to `url`, cancel on stop. */
const createCellNode = (url: string): string =>
  `const cellNode = await keel.TradingNode.create({ traderId: 'CELL-001', venues: [{ venue: 'SIM', url: '${url}', apiKey: 'k', apiSecret: 's' }], persistence: { kind: 'memory' }, shutdownPolicy: 'cancel' }); await cellNode.start(); cellNode.state`;

/** One REPL line: three BUY limits far below the market on `nodeName`, waiting until the venue accepted them. */
const restThreeOrders = (nodeName: string): string =>
  `class Rester extends keel.Strategy {}; const rester = ${nodeName}.addStrategy(new Rester({ orderIdTag: '900' })); const resting = [1, 2, 3].map((i) => rester.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: keel.Quantity.from('10000'), price: keel.Price.from('0.9000' + i) })); for (const o of resting) rester.submitOrder(o); for (let i = 0; i < 1000 && resting.some((o) => o.status !== 'ACCEPTED'); i++) await new Promise((res) => setTimeout(res, 10)); resting.map((o) => o.status).join(',')`;

describe('orders left working after the session process ends (REPL child process, venue outside it)', () => {
  it("a cell's process.exit(3) stops a node created in a cell by its policy first, then exits with code 3", async () => {
    // Arrange
    const v = await startVenue();
    repl = await startRepl({}, ['bin/keel.js', 'repl', '--no-history', '--speed', '60']);
    expect(await repl.send(createCellNode(v.url))).toContain("'RUNNING'");
    expect(await repl.send(restThreeOrders('cellNode'))).toContain("'ACCEPTED,ACCEPTED,ACCEPTED'");
    expect(working(v)).toBe(3);

    // Act
    repl.write('process.exit(3)');
    const code = await repl.exited();

    // Assert
    expect(working(v), `${repl.stdout()}\n${repl.stderr()}`).toBe(0);
    expect(code).toBe(3);
    expect(repl.stdout()).toContain("Node CELL-001 (created in a cell) stopped (shutdown policy 'cancel'): 3 orders canceled, 0 orders left working.");
  }, SLOW);

  it('.exit stops a node created in a cell by its policy, not only the session node', async () => {
    // Arrange
    const v = await startVenue();
    repl = await startRepl({}, ['bin/keel.js', 'repl', '--no-history', '--speed', '60']);
    await repl.send(createCellNode(v.url));
    expect(await repl.send(restThreeOrders('cellNode'))).toContain("'ACCEPTED,ACCEPTED,ACCEPTED'");

    // Act
    repl.write('.exit');
    const code = await repl.exited();

    // Assert
    expect(working(v), `${repl.stdout()}\n${repl.stderr()}`).toBe(0);
    expect(code).toBe(0);
  }, SLOW);

  it('SIGTERM stops a node created in a cell by its policy before the process exits (code 143)', async () => {
    // Arrange
    const v = await startVenue();
    repl = await startRepl({}, ['bin/keel.js', 'repl', '--no-history', '--speed', '60']);
    await repl.send(createCellNode(v.url));
    expect(await repl.send(restThreeOrders('cellNode'))).toContain("'ACCEPTED,ACCEPTED,ACCEPTED'");

    // Act
    repl.kill('SIGTERM');
    const code = await repl.exited();

    // Assert
    expect(working(v), `${repl.stdout()}\n${repl.stderr()}`).toBe(0);
    expect(code).toBe(143);
  }, SLOW);

  it("a cell's process.exit() stops the session's own node by its policy ('cancel') before the process exits", async () => {
    // Arrange: the session's own node trades on the outside venue
    const v = await startVenue();
    repl = await startRepl({ KEEL_TEST_VENUE_URL: v.url }, ['--import', 'tsx', FIXTURE]);
    expect(await repl.send(restThreeOrders('node'))).toContain("'ACCEPTED,ACCEPTED,ACCEPTED'");
    expect(working(v)).toBe(3);

    // Act
    repl.write('process.exit()');
    const code = await repl.exited();

    // Assert
    expect(working(v), `${repl.stdout()}\n${repl.stderr()}`).toBe(0);
    expect(code).toBe(0);
    expect(repl.stdout()).toContain("Node stopped (shutdown policy 'cancel'): 3 orders canceled, 0 orders left working");
  }, SLOW);
});
