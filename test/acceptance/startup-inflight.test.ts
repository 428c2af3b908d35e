import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveExecEngineConfigInput } from 'keel';
import { events } from 'keel/testing';
import { Cleanup, cacheOrder, createNode, startVenue, until } from '../engine/node/harness.js';

/**
 * Issue 11 item 7: orders journaled in flight before a crash (OrderSubmitted written ahead, the send
 * never made; or a cancel/modify journaled pending) are resolved against the venue by start-up
 * reconciliation, even with the in-flight check off.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const LIMIT = { instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.90000', strategyId: 'Trader-001' } as const;

/** A journal holding what a node had when it was killed; `seed` puts it there (nothing is sent). */
async function journalWith(venue: Awaited<ReturnType<typeof startVenue>>, seed: (node: Awaited<ReturnType<typeof createNode>>['node']) => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-a1-startup-'));
  cleanup.add(async () => rmSync(dir, { recursive: true, force: true }));
  const { node } = await createNode(venue, {}, { persistence: { kind: 'journal', dir } });
  seed(node);
  await node.dispose();
  return dir;
}

async function restart(venue: Awaited<ReturnType<typeof startVenue>>, dir: string, exec: LiveExecEngineConfigInput = { inflightCheckIntervalMs: 0 }) {
  const ctx = await createNode(venue, exec, { persistence: { kind: 'journal', dir }, shutdownPolicy: 'leave' });
  cleanup.add(() => ctx.node.dispose());
  await ctx.node.start();
  return ctx;
}

describe('start-up reconciliation resolves every journaled in-flight order (issue 11 item 7)', () => {
  it('SUBMITTED but never sent → REJECTED ORDER_NOT_FOUND_AT_VENUE, local, logged; SUBMITTED and sent → the venue’s ACCEPTED', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const dir = await journalWith(venue, (node) => {
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-NEVER' }, ['SUBMITTED'], 1n);
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-SENT' }, ['SUBMITTED'], 1n);
    });
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-SENT', clientOrderId: 'O-SENT', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });

    const { node, logger } = await restart(venue, dir);

    const never = node.cache.order('O-NEVER')!;
    const last = never.lastEvent as { type: string; reason?: string; local?: string };
    expect([never.status, last.reason, last.local]).toEqual(['REJECTED', 'ORDER_NOT_FOUND_AT_VENUE', 'VENUE_UNKNOWN_ORDER']);
    expect([node.cache.order('O-SENT')!.status, node.cache.order('O-SENT')!.venueOrderId]).toEqual(['ACCEPTED', 'V-SENT']);
    const row = node.lastReconciliation!.items.find((i) => i.kind === 'order' && i.clientOrderId === 'O-NEVER')!;
    expect([row.outcome, row.had?.status, row.venue.status]).toEqual(['UPDATED', 'SUBMITTED', 'UNKNOWN']);
    const warn = logger.at('warn').find((e) => e.fields.clientOrderId === 'O-NEVER');
    expect(warn?.msg).toContain('the venue answered: unknown order');
    expect(node.cache.ordersInflight()).toEqual([]);
  });

  it('a journaled PENDING_CANCEL whose cancel never reached the venue → back to ACCEPTED (the venue still works it)', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-PC', clientOrderId: 'O-PC', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });
    const dir = await journalWith(venue, (node) => {
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-PC' }, ['SUBMITTED', { accepted: 'V-PC' }], 1n);
      node.core.applyEvent(events.orderPendingCancel(node.cache.order('O-PC')!, 5n));
    });

    const { node } = await restart(venue, dir);

    const o = node.cache.order('O-PC')!;
    expect([o.status, o.isOpen, o.lastEvent.type]).toEqual(['ACCEPTED', true, 'OrderCancelRejected']);
    expect(node.cache.ordersInflight()).toEqual([]);
  });

  it('a journaled PENDING_CANCEL the venue did cancel → CANCELED', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-C', clientOrderId: 'O-C', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'CANCELED' });
    const dir = await journalWith(venue, (node) => {
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-C' }, ['SUBMITTED', { accepted: 'V-C' }], 1n);
      node.core.applyEvent(events.orderPendingCancel(node.cache.order('O-C')!, 5n));
    });

    const { node } = await restart(venue, dir);

    expect(node.cache.order('O-C')!.status).toBe('CANCELED');
  });

  it('in-flight check on: the pending cancel the venue never got is rolled back at start-up (the check would only ask again and again)', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-PC', clientOrderId: 'O-PC', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });
    const dir = await journalWith(venue, (node) => {
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-PC' }, ['SUBMITTED', { accepted: 'V-PC' }], 1n);
      node.core.applyEvent(events.orderPendingCancel(node.cache.order('O-PC')!, 5n));
    });

    const { node } = await restart(venue, dir, { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 10, inflightCheckRetries: 2 });

    expect(node.cache.order('O-PC')!.status).toBe('ACCEPTED');
  });

  it('in-flight check on: a never-sent SUBMITTED is left to the check, which rejects it saying the venue answered: unknown order', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const dir = await journalWith(venue, (node) => cacheOrder(node, { ...LIMIT, clientOrderId: 'O-NEVER' }, ['SUBMITTED'], 1n));

    const { node } = await restart(venue, dir, { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 10, inflightCheckRetries: 2 });

    const o = node.cache.order('O-NEVER')!;
    expect(node.lastReconciliation!.items.some((i) => i.clientOrderId === 'O-NEVER')).toBe(false);
    await until(() => o.status === 'REJECTED', 5000, 'rejected by the in-flight check');
    const last = o.lastEvent as { reason?: string; local?: string };
    expect([last.reason, last.local]).toEqual(['INFLIGHT_TIMEOUT', 'VENUE_UNKNOWN_ORDER']);
  });

  it('a local rejection survives the journal: after a restart the venue still restores the order it works', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-L', clientOrderId: 'O-L', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });
    const dir = await journalWith(venue, (node) => {
      cacheOrder(node, { ...LIMIT, clientOrderId: 'O-L' }, ['SUBMITTED'], 1n);
      node.core.applyEvent({ ...events.orderRejected(node.cache.order('O-L')!, 'INFLIGHT_TIMEOUT', 5n), local: 'VENUE_NO_ANSWER' });
    });

    const { node } = await restart(venue, dir);

    const o = node.cache.order('O-L')!;
    expect([o.status, o.strategyId, o.venueOrderId]).toEqual(['ACCEPTED', 'Trader-001', 'V-L']);
    expect(node.lastReconciliation!.items.find((i) => i.clientOrderId === 'O-L')?.outcome).toBe('UPDATED');
  });
});
