import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VenueAdminClient } from '../../../../src/engine/venue/sandbox/venue-admin-client.js';
import { TestWsClient } from './ws-test-client.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Start `keel venue` in its own process and read the URL it prints. */
async function startVenueProcess(): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'src/kernel/cli.ts', 'venue', '--port', '0', '--instruments', 'AUDUSD.SIM', '--admin-key', 'adm', '--admin-secret', 'adm-s'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (ws:\/\/\S+)/.exec(out);
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
    const trader = await TestWsClient.login(venue.url, 'k', 's');

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
});
