import { afterEach, describe, expect, it } from 'vitest';
import { Strategy, type OrderEvent, type LiveExecEngineConfigInput } from 'keel';
import { events } from 'keel/testing';
import { Cleanup, cacheOrder, createNode, startVenue, until } from '../engine/node/harness.js';

/**
 * Issue 11 item 1: an order keel resolved locally (the in-flight check gave up on a silent venue, or
 * the open-order check did not find it) that the venue later reports is restored to the venue's status
 * and fills, stays its strategy's, and its fills reach the strategy's position and hooks.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Recorder extends Strategy {
  readonly seen: string[] = [];
  override onOrderEvent(e: OrderEvent): void {
    this.seen.push(e.type);
  }
}

const CHECKS: LiveExecEngineConfigInput = { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 100, inflightCheckRetries: 2, reconciliationStartupDelaySecs: 0 };

async function running(exec: LiveExecEngineConfigInput = CHECKS) {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const { node, logger } = await createNode(venue, exec, { shutdownPolicy: 'leave' });
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Recorder({ orderIdTag: '001', omsType: 'NETTING' }));
  await node.start();
  return { venue, node, logger, s };
}

/** A LIMIT BUY 1000 @ 0.99000 submitted while the venue is silent: keel rejects it INFLIGHT_TIMEOUT, the venue works it. */
async function orphan(ctx: Awaited<ReturnType<typeof running>>) {
  ctx.venue.controls.fault({ kind: 'silent' });
  const o = ctx.s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
  ctx.s.submitOrder(o);
  await until(() => o.status === 'REJECTED', 5000, 'rejected INFLIGHT_TIMEOUT');
  ctx.venue.controls.clearFaults();
  const atVenue = [...ctx.venue.engine.store.orders.values()].find((v) => v.clientOrderId === o.clientOrderId)!;
  return { o, atVenue };
}

const fillAt = (venue: Awaited<ReturnType<typeof startVenue>>) => venue.controls.setQuote('AUDUSD.SIM', { bid: '0.98980', ask: '0.98990' });

describe('orphan order after an in-flight timeout (issue 11 item 1)', () => {
  it('the rejection says it was local and that the venue did not answer', async () => {
    const ctx = await running();
    const { o, atVenue } = await orphan(ctx);
    const last = o.lastEvent as { type: string; reason?: string; local?: string };
    expect([last.type, last.reason, last.local]).toEqual(['OrderRejected', 'INFLIGHT_TIMEOUT', 'VENUE_NO_ANSWER']);
    expect(atVenue.status).toBe('ACCEPTED');
    const warn = ctx.logger.at('warn').find((e) => e.fields.clientOrderId === o.clientOrderId && e.msg.includes('resolved locally'));
    expect(warn?.msg).toContain('the venue did not answer');
  });

  it('node.reconcile(): the venue is the truth → ACCEPTED again, row UPDATED (never MATCHED), then its fill books to the strategy', async () => {
    const ctx = await running();
    const { o } = await orphan(ctx);
    const result = await ctx.node.reconcile();
    const row = result.items.find((i) => i.kind === 'order' && i.clientOrderId === o.clientOrderId)!;
    expect([row.outcome, row.had?.status, row.venue.status]).toEqual(['UPDATED', 'REJECTED', 'ACCEPTED']);
    expect([o.status, o.strategyId]).toEqual(['ACCEPTED', 'Recorder-001']);
    expect(ctx.logger.at('warn').some((e) => e.msg.includes('restored') && e.fields.clientOrderId === o.clientOrderId)).toBe(true);

    fillAt(ctx.venue);
    await until(() => o.status === 'FILLED', 5000, 'filled');
    await ctx.node.execEngine.whenIdle();
    const positions = ctx.node.cache.positions({ instrumentId: 'AUDUSD.SIM' }).map((p) => [p.strategyId, p.signedQty.toString()]);
    expect(positions).toEqual([['Recorder-001', '1000']]);
    expect(ctx.s.seen.slice(-2)).toEqual(['OrderAccepted', 'OrderFilled']);
  });

  it('no reconcile: the live fill of the locally rejected order is applied (REJECTED → FILLED restoration), position is the strategy’s', async () => {
    const ctx = await running();
    const { o } = await orphan(ctx);
    fillAt(ctx.venue);
    await until(() => o.status === 'FILLED', 5000, 'filled');
    await ctx.node.execEngine.whenIdle();
    expect([o.filledQty.toString(), o.strategyId]).toEqual(['1000', 'Recorder-001']);
    const positions = ctx.node.cache.positions({ instrumentId: 'AUDUSD.SIM' }).map((p) => [p.strategyId, p.signedQty.toString()]);
    expect(positions).toEqual([['Recorder-001', '1000']]);
    expect(ctx.s.seen.at(-1)).toBe('OrderFilled');
    expect(ctx.node.core.invalidCount).toBe(0);
  });

  it('the open-order check (full history) finds the order open at the venue that keel holds closed, and restores it', async () => {
    const ctx = await running({ ...CHECKS, openCheckIntervalSecs: 1, openCheckOpenOnly: false, openCheckThresholdMs: 0 });
    const { o } = await orphan(ctx);
    await until(() => o.status === 'ACCEPTED', 5000, 'restored by the open-order check');
    expect(o.events.slice(-2).map((e) => e.type)).toEqual(['OrderRejected', 'OrderAccepted']);
  });

  it('a fill the venue made while silent, found by the position check (fill reports), restores the order and books to the strategy', async () => {
    const ctx = await running({ ...CHECKS, positionCheckIntervalSecs: 1, positionCheckThresholdMs: 0 });
    ctx.venue.controls.fault({ kind: 'silent' });
    const o = ctx.s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    ctx.s.submitOrder(o);
    await until(() => o.status === 'REJECTED', 5000, 'rejected INFLIGHT_TIMEOUT');
    fillAt(ctx.venue); // filled at the venue while it is still silent: the fill event is never sent
    ctx.venue.controls.clearFaults();
    await until(() => o.status === 'FILLED', 5000, 'restored by the position check');
    await ctx.node.execEngine.whenIdle();
    const positions = ctx.node.cache.positions({ instrumentId: 'AUDUSD.SIM' }).map((p) => [p.strategyId, p.signedQty.toString()]);
    expect(positions).toEqual([['Recorder-001', '1000']]);
    expect(ctx.s.seen.at(-1)).toBe('OrderFilled');
  });

  it('a status report for the order (a query answer) restores it', async () => {
    const ctx = await running();
    const { o } = await orphan(ctx);
    const client = ctx.node.execEngine.client('SIM')!;
    client.queryOrder({ type: 'QueryOrder', commandId: 'q', traderId: o.traderId, strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, tsInit: 0n });
    await until(() => o.status === 'ACCEPTED', 5000, 'restored by the report');
    expect(o.strategyId).toBe('Recorder-001');
  });
});

describe('local resolutions say why, and only they can be undone', () => {
  it('a PENDING_UPDATE the in-flight check cancelled locally while the venue applied the modify is restored ACCEPTED at the new price', async () => {
    const ctx = await running();
    const o = ctx.s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000' });
    ctx.s.submitOrder(o);
    await until(() => o.status === 'ACCEPTED', 5000, 'accepted');
    ctx.venue.controls.fault({ kind: 'silent' });
    ctx.s.modifyOrder(o, { price: '0.98000' });
    await until(() => o.status === 'CANCELED', 5000, 'canceled locally');
    expect((o.lastEvent as { local?: string }).local).toBe('VENUE_NO_ANSWER');
    ctx.venue.controls.clearFaults();
    const result = await ctx.node.reconcile();
    expect(result.items.find((i) => i.clientOrderId === o.clientOrderId)?.outcome).toBe('UPDATED');
    expect([o.status, o.price?.toString(), o.isOpen]).toEqual(['ACCEPTED', '0.98000', true]);
  });

  it('an in-flight order the venue answers "unknown order" for is rejected saying so', async () => {
    const ctx = await running();
    cacheOrder(ctx.node, { instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '1.00000', clientOrderId: 'O-GHOST' }, ['SUBMITTED'], 1n);
    const o = ctx.node.cache.order('O-GHOST')!;
    await until(() => o.status === 'REJECTED', 5000, 'rejected');
    const last = o.lastEvent as { reason?: string; local?: string };
    expect([last.reason, last.local]).toEqual(['INFLIGHT_TIMEOUT', 'VENUE_UNKNOWN_ORDER']);
    const warn = ctx.logger.at('warn').find((e) => e.fields.clientOrderId === 'O-GHOST' && e.msg.includes('resolved locally'));
    expect(warn?.msg).toContain('the venue answered: unknown order');
  });

  it('a row is never MATCHED when keel (CANCELED by the venue) and the venue (ACCEPTED) disagree', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue, {}, { shutdownPolicy: 'leave' });
    cleanup.add(() => node.dispose());
    cacheOrder(node, { instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.90000', clientOrderId: 'O-X' }, ['SUBMITTED', { accepted: 'V-X' }], 1n);
    node.core.applyEvent(events.orderCanceled(node.cache.order('O-X')!, 10n));
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-X', clientOrderId: 'O-X', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });
    await node.start().catch(() => undefined);
    const row = node.lastReconciliation!.items.find((i) => i.kind === 'order' && i.clientOrderId === 'O-X')!;
    expect(row.outcome).toBe('FAILED');
    expect(row.reason).toContain('keel holds CANCELED');
    expect(node.cache.order('O-X')!.status).toBe('CANCELED');
  });

  it('the open-order check (full history) also finds an order keel holds closed by the venue’s word that the venue works: logged, not reopened', async () => {
    const ctx = await running({ openCheckIntervalSecs: 1, openCheckOpenOnly: false, openCheckThresholdMs: 0, reconciliationStartupDelaySecs: 0 });
    cacheOrder(ctx.node, { instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '0.90000', clientOrderId: 'O-Y' }, ['SUBMITTED', { accepted: 'V-Y' }], 1n);
    ctx.node.core.applyEvent(events.orderCanceled(ctx.node.cache.order('O-Y')!, 10n));
    ctx.venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-Y', clientOrderId: 'O-Y', side: 'BUY', type: 'LIMIT', quantity: '100', price: '0.90000', status: 'ACCEPTED' });
    const check = ctx.node.execEngine.checks.openOrders.get('SIM')!;
    await until(() => check.closedButWorking > 0, 5000, 'the check to find it');
    await ctx.node.execEngine.whenIdle();
    expect(ctx.node.cache.order('O-Y')!.status).toBe('CANCELED');
    const warn = ctx.logger.at('warn').find((e) => e.msg === 'runtime reconciliation failed');
    expect(String(warn?.fields.items)).toContain("O-Y: keel holds CANCELED (closed by the venue's own event), the venue reports ACCEPTED");
  });
});

describe('a restored GTD order gets its expiry back', () => {
  it('rejected INFLIGHT_TIMEOUT while the venue was silent, restored by node.reconcile(): the GTD timer is armed again', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const { node } = await createNode(venue, CHECKS, { shutdownPolicy: 'leave' });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new Recorder({ orderIdTag: '001', omsType: 'NETTING', manageGtdExpiry: true }));
    await node.start();
    venue.controls.fault({ kind: 'silent' });
    const expireTime = node.clock.timestampNs() + 3_600_000_000_000n;
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1000', price: '0.99000', timeInForce: 'GTD', expireTime });
    s.submitOrder(o);
    await until(() => o.status === 'REJECTED', 5000, 'rejected INFLIGHT_TIMEOUT');
    const timer = `GTD-EXPIRY:${o.clientOrderId}`;
    const armedWhileRejected = s.clock.timerNames().includes(timer);
    venue.controls.clearFaults();

    await node.reconcile();

    expect([armedWhileRejected, o.status, s.clock.timerNames().includes(timer)]).toEqual([false, 'ACCEPTED', true]);
  });
});
