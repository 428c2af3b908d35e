import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxVenue } from 'keel/sandbox';
import { attach } from 'keel/kernel';

/**
 * Issue 14 items 1-2: the session's node in its own process. Real processes: the venue runs here (the
 * watcher), the session in a child (session-child.ts), and in process mode the node in the session's child.
 */
const CHILD = fileURLToPath(new URL('./session-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ACCOUNT = 'SIM-001';

const BRACKET = `import { Strategy } from 'keel';
export class OneBracket extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    if (this.cache.orders({ strategyId: this.id }).length > 0) return;
    this.submitOrderList(this.orderFactory.bracket({
      instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', entryType: 'MARKET',
      slTriggerPrice: '0.99000', tpPrice: '1.01000', contingencyType: 'OUO',
    }));
  }
}
`;
const WORKING = `import { Strategy, Quantity, Price } from 'keel';
export class Bidder extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    // Limits far below the market, one per quote up to 3: they work until someone cancels them.
    if (this.cache.orders({ strategyId: this.id }).length >= 3) return;
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') }));
  }
}
`;

const ELEVEN = `import { Strategy, Quantity, Price } from 'keel';
export class ElevenBids extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    if (this.cache.orders({ strategyId: this.id }).length >= 11) return;
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') }));
  }
}
`;
const EVERY_QUOTE = `import { Strategy, Quantity, Price } from 'keel';
export class EveryQuote extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  // One limit far below the market per quote: each quote shows at the venue as one more working order.
  onQuote() { this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') })); }
}
`;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Line = Record<string, unknown>;
interface SessionChild { child: ChildProcess; lines: Line[]; stderr: () => string; send(m: unknown): void; waitFor(f: (l: Line) => boolean, ms: number, what: string): Promise<Line> }

async function venueUp(): Promise<SandboxVenue> {
  const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
  cleanups.push(() => venue.stop());
  return venue;
}

function startSession(venue: SandboxVenue, isolation: 'inline' | 'process', strategy: { source: string; className: string }, nodeFlags: readonly string[] = []): SessionChild {
  const dir = mkdtempSync(join(tmpdir(), 'keel-isolation-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'strategy.ts');
  writeFileSync(file, strategy.source);
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', '--disable-warning=ExperimentalWarning', CHILD], {
    cwd: REPO,
    env: { ...process.env, VENUE_URL: venue.url, ISOLATION: isolation, STRATEGY_FILE: file, STRATEGY_CLASS: strategy.className, STRATEGY_CONFIG: JSON.stringify({ orderIdTag: '001', manageContingentOrders: true }) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const lines: Line[] = [];
  let err = '';
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    buf += c;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try { lines.push(JSON.parse(text) as Line); } catch { lines.push({ raw: text }); }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { err += c; });
  return {
    child, lines, stderr: () => err,
    send: (m) => child.stdin!.write(`${JSON.stringify(m)}\n`),
    async waitFor(f, ms, what) {
      await expect.poll(() => lines.some(f), { timeout: ms, interval: 20, message: `${what}; stdout: ${JSON.stringify(lines)}; stderr: ${err}` }).toBe(true);
      return lines.find(f)!;
    },
  };
}

const venueOrders = (venue: SandboxVenue) => venue.engine.orderReports(ACCOUNT, {});

/** Runs the bracket scenario and returns when the stop-loss was seen cancelled at the venue and when the busy cell ended. */
async function bracketUnderBusyCell(isolation: 'inline' | 'process'): Promise<{ slCanceledAt: number; cellEnd: number; cellStart: number }> {
  const venue = await venueUp();
  const s = startSession(venue, isolation, { source: BRACKET, className: 'OneBracket' });
  await s.waitFor((l) => l['ready'] === true, 90_000, 'session ready');
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  await expect.poll(() => venueOrders(venue).map((o) => o.status).sort(), { timeout: 20_000, interval: 20 }).toEqual(['ACCEPTED', 'ACCEPTED', 'FILLED']);
  const sl = venueOrders(venue).find((o) => o.orderType === 'STOP_MARKET')!;
  // The watcher: this process is never blocked by the cell, so it sees the venue's state as it changes.
  let slCanceledAt = 0;
  const watch = setInterval(() => {
    if (slCanceledAt === 0 && venue.engine.find(ACCOUNT, { venueOrderId: sl.venueOrderId })?.status === 'CANCELED') slCanceledAt = Date.now();
  }, 5);
  cleanups.push(() => clearInterval(watch));
  s.send({ cell: "mark('start'); { const t = Date.now(); while (Date.now() - t < 10_000) {} } mark('end');" });
  const start = await s.waitFor((l) => l['mark'] === 'start', 20_000, 'cell started');
  // The take-profit (SELL limit 1.01000) fills at the venue while the cell spins.
  venue.controls.setQuote('AUDUSD.SIM', { bid: '1.01500', ask: '1.01600' });
  const end = await s.waitFor((l) => l['mark'] === 'end', 30_000, 'cell ended');
  await expect.poll(() => slCanceledAt, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
  s.send({ cmd: 'stop' });
  await s.waitFor((l) => l['stopped'] !== undefined, 60_000, 'session stopped');
  return { slCanceledAt, cellEnd: Number(end['t']), cellStart: Number(start['t']) };
}

describe('the session\'s node in its own process', () => {
  it('process mode: a take-profit filled while a cell spins for 10 s has its stop-loss cancelled at the venue before the cell ends; inline mode shows the hazard (the cancel comes only after the cell)', { timeout: 240_000 }, async () => {
    const isolated = await bracketUnderBusyCell('process');
    const inline = await bracketUnderBusyCell('inline');

    // Isolated: cancelled while the cell still had seconds to spin.
    expect(isolated.slCanceledAt).toBeLessThan(isolated.cellEnd);
    expect(isolated.cellEnd - isolated.slCanceledAt).toBeGreaterThan(5_000);
    // Inline: the node shares the cell's loop, so the stop-loss stays working until the cell is over.
    expect(inline.slCanceledAt).toBeGreaterThanOrEqual(inline.cellEnd);
  });
});

const openAtVenue = (venue: SandboxVenue) => venue.engine.orderReports(ACCOUNT, { openOnly: true }).length;

/** A process-mode session whose node has 3 working limits at the venue. */
async function threeWorking(): Promise<{ venue: SandboxVenue; s: SessionChild; nodePid: number }> {
  const venue = await venueUp();
  const s = startSession(venue, 'process', { source: WORKING, className: 'Bidder' });
  const ready = await s.waitFor((l) => l['ready'] === true, 90_000, 'session ready');
  const nodePid = Number(ready['nodePid']);
  // A session killed by a test never removes its node's folder itself.
  cleanups.push(() => rmSync(String(ready['nodeDir']), { recursive: true, force: true }));
  cleanups.push(() => { try { process.kill(nodePid, 'SIGKILL'); } catch { /* already gone */ } });
  for (let i = 0; i < 3; i++) {
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: `1.0001${i}` });
    await expect.poll(() => openAtVenue(venue), { timeout: 20_000, interval: 20 }).toBe(i + 1);
  }
  return { venue, s, nodePid };
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('dead-man\'s switch and a dying node process', () => {
  it('SIGKILL of the session process: the node cancels its 3 working orders at the venue and exits', { timeout: 120_000 }, async () => {
    const { venue, s, nodePid } = await threeWorking();
    s.child.kill('SIGKILL');
    await expect.poll(() => openAtVenue(venue), { timeout: 20_000, interval: 50 }).toBe(0);
    expect(venue.engine.orderReports(ACCOUNT, {}).map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    await expect.poll(() => alive(nodePid), { timeout: 20_000, interval: 50 }).toBe(false);
  });

  it('a cell that allocates until the session process dies of OOM: the node cancels all 11 of its working orders and exits', { timeout: 180_000 }, async () => {
    const venue = await venueUp();
    // A small heap so the cell exhausts it in seconds; the node process has its own (default) heap.
    const s = startSession(venue, 'process', { source: ELEVEN, className: 'ElevenBids' }, ['--max-old-space-size=128']);
    const ready = await s.waitFor((l) => l['ready'] === true, 90_000, 'session ready');
    const nodePid = Number(ready['nodePid']);
    cleanups.push(() => rmSync(String(ready['nodeDir']), { recursive: true, force: true }));
    cleanups.push(() => { try { process.kill(nodePid, 'SIGKILL'); } catch { /* already gone */ } });
    for (let i = 0; i < 11; i++) {
      venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: `1.000${10 + i}` });
      await expect.poll(() => openAtVenue(venue), { timeout: 20_000, interval: 20 }).toBe(i + 1);
    }
    const exited = new Promise<[number | null, string | null]>((r) => s.child.once('exit', (code, signal) => r([code, signal])));

    s.send({ cell: 'const hog: number[][] = []; for (;;) hog.push(new Array(1_000_000).fill(1));' });
    const [code, signal] = await exited;

    expect(code !== 0 || signal !== null).toBe(true);
    expect(s.stderr()).toMatch(/heap out of memory|Allocation failed/);
    await expect.poll(() => openAtVenue(venue), { timeout: 30_000, interval: 50 }).toBe(0);
    expect(venue.engine.orderReports(ACCOUNT, {}).map((o) => o.status)).toEqual(Array(11).fill('CANCELED'));
    await expect.poll(() => alive(nodePid), { timeout: 20_000, interval: 50 }).toBe(false);
  });

  it('after session.detach() the SIGKILLed session leaves the node running with its 3 orders working, and says how to re-attach', { timeout: 120_000 }, async () => {
    const { venue, s, nodePid } = await threeWorking();
    s.send({ cmd: 'detach' });
    const detached = (await s.waitFor((l) => l['detached'] !== undefined, 20_000, 'detached'))['detached'] as { url: string; dir: string; command: string };
    cleanups.push(() => rmSync(detached.dir, { recursive: true, force: true }));
    expect(detached.command).toMatch(/keel attach ws:\/\/127\.0\.0\.1:\d+$/);
    expect(s.stderr()).toContain(`Re-attach with: ${detached.command}`);
    s.child.kill('SIGKILL');
    await new Promise((r) => s.child.once('exit', r));
    // Give a dead-man's switch that wrongly fired time to show (its cancels take well under a second).
    await new Promise((r) => setTimeout(r, 3_000));
    expect(openAtVenue(venue)).toBe(3);
    expect(alive(nodePid)).toBe(true);
  });

  it('the node process SIGKILLed: the session says so on stderr, restarts it on the same folder, and node.cache.orders() shows the same orders again', { timeout: 120_000 }, async () => {
    const { venue, s, nodePid } = await threeWorking();
    // The mirror may still show the third order SUBMITTED when the venue has accepted it: ask until it caught up.
    const allAccepted = (l: Line) => Array.isArray(l['orders']) && (l['orders'] as [string, string][]).filter(([, st]) => st === 'ACCEPTED').length === 3;
    await expect.poll(() => { s.send({ cmd: 'orders' }); return s.lines.some(allAccepted); }, { timeout: 10_000, interval: 100 }).toBe(true);
    const before = s.lines.find(allAccepted)!['orders'];
    process.kill(nodePid, 'SIGKILL');
    await expect.poll(() => /the node process is back/.test(s.stderr()), { timeout: 60_000, interval: 50 }).toBe(true);
    expect(s.stderr()).toContain('keel: the node process died (SIGKILL); restarting it on ');
    s.lines.length = 0;
    s.send({ cmd: 'orders' });
    const after = await s.waitFor((l) => Array.isArray(l['orders']), 10_000, 'orders after');
    const newPid = Number(after['nodePid']);
    cleanups.push(() => { try { process.kill(newPid, 'SIGKILL'); } catch { /* already gone */ } });
    expect(newPid).not.toBe(nodePid);
    expect(after['orders']).toEqual(before);
    expect((before as [string, string][]).map(([, status]) => status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(openAtVenue(venue)).toBe(3);
  });
});

describe('the cell side killed after detach while its node trades', () => {
  it('SIGKILL of the detached session: new quotes still become orders at the venue, a fresh attach with the session key sees every one of them, and SIGTERM stops the node', { timeout: 120_000 }, async () => {
    const venue = await venueUp();
    const s = startSession(venue, 'process', { source: EVERY_QUOTE, className: 'EveryQuote' });
    const ready = await s.waitFor((l) => l['ready'] === true, 90_000, 'session ready');
    const nodePid = Number(ready['nodePid']);
    cleanups.push(() => rmSync(String(ready['nodeDir']), { recursive: true, force: true }));
    cleanups.push(() => { try { process.kill(nodePid, 'SIGKILL'); } catch { /* already gone */ } });
    const quote = async (i: number): Promise<void> => {
      venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: `1.000${10 + i}` });
      await expect.poll(() => venueOrders(venue).length, { timeout: 20_000, interval: 20 }).toBe(i + 1);
    };
    for (let i = 0; i < 2; i++) await quote(i);

    s.send({ cmd: 'detach' });
    const detached = (await s.waitFor((l) => l['detached'] !== undefined, 20_000, 'detached'))['detached'] as { url: string; dir: string; command: string };
    // The printed command is what a user runs: take the key id and the secret's file from it.
    const how = /^KEEL_CONTROL_KEY=(\S+) KEEL_CONTROL_SECRET=\$\(cat (\S+)\) keel attach (\S+)$/.exec(detached.command);
    expect(how?.[1]).toBe('session');
    expect(how?.[3]).toBe(detached.url);
    s.child.kill('SIGKILL');
    await new Promise((r) => s.child.once('exit', r));

    // The node trades on alone: three more quotes, three more orders at the venue.
    for (let i = 2; i < 5; i++) await quote(i);
    expect(alive(nodePid)).toBe(true);
    expect(openAtVenue(venue)).toBe(5);

    const remote = await attach(detached.url, { keyId: how![1]!, secret: readFileSync(how![2]!, 'utf8').trim() });
    cleanups.push(() => remote.detach().catch(() => undefined));
    const atVenue = venueOrders(venue).map((o) => [o.clientOrderId, o.venueOrderId, o.status]).sort();
    expect(atVenue).toHaveLength(5);
    await expect.poll(() => remote.cache.orders().map((o) => [o.clientOrderId, o.venueOrderId, o.status]).sort(), { timeout: 10_000, interval: 20 }).toEqual(atVenue);
    await remote.detach();

    process.kill(nodePid, 'SIGTERM');
    await expect.poll(() => alive(nodePid), { timeout: 30_000, interval: 50 }).toBe(false);
    // Its shutdown policy (the session's default, cancel) ran on the way out.
    expect(openAtVenue(venue)).toBe(0);
  });
});
