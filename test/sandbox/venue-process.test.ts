import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VenueAdminClient } from '../../src/sandbox/venue-admin-client.js';
import { TestWsClient } from './ws-test-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Start `keel venue` in its own process and read the URL it prints. */
async function startVenueProcess(
  args = ['--instruments', 'AUDUSD.SIM', '--admin-key', 'adm', '--admin-secret', 'adm-s'],
): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'src/kernel/cli/main.ts', 'venue', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The URL line comes first; wait for the description that follows it (the feed line is last).
      const m = /listening on (ws:\/\/\S+)[\s\S]*\n  feed /.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => reject(new Error(`keel venue exited (${code}) before printing its URL:\n${out}`)));
  });
  return { url, output: () => out, exited };
}

describe('keel venue (standalone process)', () => {
  it('starts, serves a client in another process, is controlled over the admin channel, and stops on SIGTERM', async () => {
    const venue = await startVenueProcess();
    const admin = await VenueAdminClient.connect(venue.url, 'adm', 'adm-s');
    const trader = await TestWsClient.login(venue.url, 'keel-demo', 'keel-demo-secret');

    await admin.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    trader.send({ type: 'submit_order', reqId: 'm1', order: { clientOrderId: 'O-1', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'MARKET', quantity: '1000' } });
    const events = await trader.events('m1', 2);
    admin.close();
    trader.close();
    child!.kill('SIGTERM');
    const code = await venue.exited;

    expect(events.map((e) => e.event)).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(events[1]).toMatchObject({ fill: { lastQty: '1000', lastPx: '1.00010', liquiditySide: 'TAKER' } });
    expect(code).toBe(0);
    expect(venue.output()).toContain('keel venue: stopped');
  }, 30_000);

  it('with no flags: the demo account, every instrument, and the recorded BTC bars flowing (as the README shows)', async () => {
    const venue = await startVenueProcess([]);
    const trader = await TestWsClient.login(venue.url, 'keel-demo', 'keel-demo-secret');

    trader.send({ type: 'subscribe', reqId: 's1', channel: 'quotes', topic: 'BTCUSDT-PERP.SIM' });
    const quote = await trader.waitFor((f) => f.type === 'quote');
    trader.close();
    child!.kill('SIGINT');
    const code = await venue.exited;

    expect(quote).toMatchObject({ type: 'quote', instrumentId: 'BTCUSDT-PERP.SIM' });
    const bid = Number((quote as { bid: string }).bid);
    // The recorded bars of 2021-12-31 .. 2022-02-01 traded between about 33,000 and 48,000.
    expect(bid).toBeGreaterThan(30_000);
    expect(bid).toBeLessThan(50_000);
    const listed = /^  instruments  (.*)$/m.exec(venue.output())?.[1]?.split(', ');
    expect(listed).toEqual(expect.arrayContaining(['BTCUSDT-PERP.SIM', 'AUDUSD.SIM', 'EURUSD.SIM']));
    expect(venue.output()).toContain('  account      SIM-001: key keel-demo / keel-demo-secret, balances 1000000 USDT, 1000000 USD');
    expect(venue.output()).toContain('  feed         replay btc-perp-1m on BTCUSDT-PERP.SIM at speed 60, looping');
    expect(code).toBe(0);
  }, 30_000);
});
