import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';
import { makeLoginFrame } from '../../src/engine/venue/sandbox/protocol/auth.js';
import { MAX_FRAME_BYTES, type ClientFrameInput } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { LiveClock } from '../../src/engine/core/live-clock.js';
import { SandboxExecutionClient } from '../../src/engine/venue/sandbox/execution-client.js';
import { nowNs } from './ws-test-client.js';

/**
 * Item 4 of issue 11: list answers are paged so no frame exceeds MAX_FRAME_BYTES, whatever the history.
 * A raw socket records every frame's size as sent (no parsing in between, so an oversize frame is seen).
 */
const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: [AUD], accounts: [{ apiKey: 'k', apiSecret: 's' }, { apiKey: 'k2', apiSecret: 's2' }] });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await venue.stop();
});

/** 3,000 orders × 5 fills: about 6 MiB as one answer. */
function seed(orders = 3_000, accountId = 'SIM-001'): void {
  for (let i = 0; i < orders; i++) {
    venue.controls.seedOrder({
      accountId, instrumentId: AUD, venueOrderId: `${accountId}-V-${i}`, clientOrderId: `C-${i}`, side: 'BUY', type: 'LIMIT', quantity: '500', price: '1.00000', status: 'FILLED',
      fills: Array.from({ length: 5 }, (_, k) => ({ tradeId: `${accountId}-T-${i}-${k}`, quantity: '100', price: '1.00000' })),
    });
  }
  venue.controls.seedPosition({ accountId, instrumentId: AUD, side: 'LONG', quantity: String(orders * 500) });
}

interface Raw { readonly bytes: number; readonly frame: Record<string, unknown> }

async function rawLogin(key = 'k', secret = 's'): Promise<{ request: (f: ClientFrameInput & { reqId: string }) => Promise<Raw> }> {
  const ws = new WebSocket(venue.url);
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  const waiting = new Map<string, (r: Raw) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    waiting.get(String(frame.reqId))?.({ bytes: data.length, frame });
  });
  const request = (f: ClientFrameInput & { reqId: string }) => new Promise<Raw>((resolve) => { waiting.set(f.reqId, resolve); ws.send(JSON.stringify(f)); });
  await request(makeLoginFrame(key, secret, nowNs()));
  return { request };
}

describe('paged list answers', () => {
  it('mass_status of 3,000 orders and 15,000 fills comes in pages, each under the frame limit, until no nextCursor', async () => {
    seed();
    const c = await rawLogin();
    const pages: Raw[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.request({ type: 'mass_status', reqId: `m${pages.length}`, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      cursor = page.frame.nextCursor as string | undefined;
    } while (cursor !== undefined && pages.length < 100);

    expect(pages.map((p) => p.frame.type).every((t) => t === 'mass_status_reply')).toBe(true);
    expect(pages.filter((p) => p.bytes > MAX_FRAME_BYTES).map((p) => p.bytes)).toEqual([]);
    expect(pages.length).toBeGreaterThan(1);
    const all = (k: string) => pages.flatMap((p) => p.frame[k] as Array<Record<string, unknown>>);
    expect([all('orders').length, all('fills').length, all('positions').length]).toEqual([3_000, 15_000, 1]);
    expect(new Set(all('fills').map((f) => f.tradeId)).size).toBe(15_000);
  });

  it('a page never splits an order from its fills the wrong way round: each order report follows all its fills', async () => {
    seed(40);
    const c = await rawLogin();
    const seenFills = new Map<string, number>();
    const out: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 1000; n++) {
      const p = await c.request({ type: 'mass_status', reqId: `m${n}`, limit: 7, ...(cursor ? { cursor } : {}) });
      for (const f of p.frame.fills as Array<{ venueOrderId: string }>) seenFills.set(f.venueOrderId, (seenFills.get(f.venueOrderId) ?? 0) + 1);
      for (const o of p.frame.orders as Array<{ venueOrderId: string }>) out.push(`${o.venueOrderId}:${seenFills.get(o.venueOrderId) ?? 0}`);
      cursor = p.frame.nextCursor as string | undefined;
      if (cursor === undefined) break;
    }
    expect(out.length).toBe(40);
    expect(out.filter((s) => !s.endsWith(':5'))).toEqual([]);
  });

  it('query_orders and query_fills are paged too; an account never sees another account\'s history', async () => {
    seed(3_000, 'SIM-001');
    seed(10, 'SIM-002');
    const c = await rawLogin('k2', 's2');
    const orders = await c.request({ type: 'query_orders', reqId: 'o' });
    const fills = await c.request({ type: 'query_fills', reqId: 'f', limit: 20 });
    expect([(orders.frame.reports as unknown[]).length, orders.frame.nextCursor]).toEqual([10, undefined]);
    expect([(fills.frame.fills as unknown[]).length, typeof fills.frame.nextCursor]).toEqual([20, 'string']);
    const own = await rawLogin();
    const first = await own.request({ type: 'query_fills', reqId: 'f1' });
    expect(first.bytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(typeof first.frame.nextCursor).toBe('string');
  });

  it('a cursor that no answer gave is refused with CURSOR_INVALID', async () => {
    const c = await rawLogin();
    const r = await c.request({ type: 'mass_status', reqId: 'x', cursor: 'o:1:zz' });
    expect(r.frame).toMatchObject({ type: 'error', reqId: 'x', code: 'CURSOR_INVALID', fatal: false });
  });

  it('keel\'s client fetches every page of a large mass status (each page with its own timeout)', async () => {
    seed();
    const client = new SandboxExecutionClient({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's', clock: new LiveClock(), reconnect: false });
    await client.connect();
    try {
      const ms = await client.generateMassStatus(null);
      expect([ms.orderReports.length, ms.fillReports.length, ms.positionReports.length, ms.accountId]).toEqual([3_000, 15_000, 1, 'SIM-001']);
      const fills = await client.generateFillReports({});
      expect(fills.length).toBe(15_000);
    } finally {
      await client.disconnect();
    }
  });
});
