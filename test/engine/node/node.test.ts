import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from './harness.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import { TradingNode } from '../../../src/engine/node.js';
import { NodeStateMachine } from '../../../src/engine/node/node-state.js';
import { resolveKeys } from '../../../src/engine/node/venue-clients.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { MemoryLogger } from '../../../src/engine/core/logger.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function running(exec = {}, extra = {}) {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  const { node, logger } = await createNode(venue, exec, extra);
  cleanup.add(() => node.dispose());
  return { venue, node, logger };
}

class Plain extends Strategy {}

describe('TradingNode.create', () => {
  it('lists every config problem at once and names the keys', async () => {
    const err = await TradingNode.create({ execEngine: { qsize: 0, inflightCheckRetries: -1, bogus: 1 } as never, shutdownPolicy: 'explode' as never }, { logger: new MemoryLogger() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (err as Error).message;
    for (const key of ['execEngine.qsize', 'execEngine.inflightCheckRetries', 'execEngine.bogus', 'shutdownPolicy']) expect(message).toContain(key);
  });

  it('reads venue keys from the env vars the config names', () => {
    const keys = resolveKeys({ venue: 'SIM', url: 'ws://x', apiKeyEnv: 'K_KEY', apiSecretEnv: 'K_SECRET' }, { K_KEY: 'kk', K_SECRET: 'ss' });
    expect(keys).toEqual({ apiKey: 'kk', apiSecret: 'ss' });
    expect(() => resolveKeys({ venue: 'SIM', url: 'ws://x', apiKeyEnv: 'NOPE' }, {})).toThrowError(expect.objectContaining({ code: 'VENUE_KEYS_MISSING' }));
  });
});

describe('execEngine.configure', () => {
  it('validates the whole config, applies atomically, records the change and returns the diff', async () => {
    const { node } = await running();
    const change = node.execEngine.configure({ inflightCheckThresholdMs: 500, openCheckIntervalSecs: 3 }, 'repl');
    expect(change.changes).toEqual([
      { key: 'inflightCheckThresholdMs', before: 5000, after: 500 },
      { key: 'openCheckIntervalSecs', before: null, after: 3 },
    ]);
    expect([change.target, change.source, node.execEngine.config.inflightCheckThresholdMs]).toEqual(['execEngine', 'repl', 500]);
    expect(node.configChanges).toEqual([change]);
  });

  it('refuses an invalid change (unknown key, bad value) and changes nothing', async () => {
    const { node } = await running();
    const before = node.execEngine.config;
    expect(() => node.execEngine.configure({ inflightCheckThresholdMs: 100, inflightChekRetries: 3 } as never)).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => node.execEngine.configure({ inflightCheckThresholdMs: -1 })).toThrowError(/inflightCheckThresholdMs/);
    expect([node.execEngine.config, node.configChanges.length]).toEqual([before, 0]);
  });

  it('refuses a qsize below the number of queued messages, with the reason', async () => {
    const { node } = await running();
    node.execEngine.eventQueue.pause();
    for (let i = 0; i < 5; i++) node.execEngine.eventQueue.push({ kind: 'event', venue: 'SIM', event: { type: 'OrderCanceled', instrumentId: 'AUDUSD.SIM', clientOrderId: `X-${i}`, tsEvent: 0n } });
    expect(() => node.execEngine.configure({ qsize: 3 })).toThrowError(expect.objectContaining({ code: 'QSIZE_BELOW_QUEUED', details: expect.objectContaining({ queued: 5 }) }));
    expect(node.execEngine.config.qsize).toBe(100000);
    node.execEngine.configure({ qsize: 5 });
    expect([node.execEngine.eventQueue.capacity, node.execEngine.commandQueue.capacity]).toEqual([5, 5]);
    node.execEngine.eventQueue.resume();
  });
});

describe('strategies in a node', () => {
  it('tags strategies 000, 001 in order; duplicate tags and double claims are refused', async () => {
    const { node } = await running();
    const a = node.addStrategy(new Plain({ externalOrderClaims: ['AUDUSD.SIM'] }));
    const b = node.addStrategy(new Plain({}));
    expect([a.id, b.id]).toEqual(['Plain-000', 'Plain-001']);
    expect(() => node.addStrategy(new Plain({ orderIdTag: '001' }))).toThrowError(expect.objectContaining({ code: 'STRATEGY_DUPLICATE_TAG' }));
    expect(() => node.addStrategy(new Plain({ orderIdTag: '009', externalOrderClaims: ['AUDUSD.SIM'] }))).toThrowError(expect.objectContaining({ code: 'CLAIM_DUPLICATE' }));
    expect(node.strategies.map((s) => s.id)).toEqual(['Plain-000', 'Plain-001']);
  });

  it('a strategy added while running starts at once; removal with open orders is refused unless cancelling', async () => {
    const { node } = await running();
    await node.start();
    const s = node.addStrategy(new Plain({}));
    expect(s.state).toBe('RUNNING');
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.50000') });
    s.submitOrder(order);
    await until(() => node.cache.order(order.clientOrderId)?.status === 'ACCEPTED', 3000, 'ACCEPTED');
    await expect(node.removeStrategy(s)).rejects.toMatchObject({ code: 'STRATEGY_HAS_OPEN_ORDERS' });
    await node.removeStrategy(s, { cancelOrders: true });
    expect([node.cache.order(order.clientOrderId)!.status, node.strategies.length, s.state]).toEqual(['CANCELED', 0, 'DISPOSED']);
  });
});

describe('lifecycle', () => {
  it('start → RUNNING, stop cancels working orders (policy cancel) and releases timers, dispose refuses further calls', async () => {
    const { node } = await running({ inflightCheckIntervalMs: 1000 }, { shutdownPolicy: 'cancel' });
    const s = node.addStrategy(new Plain({}));
    await node.start();
    expect(node.clock.timerNames()).toContain('ExecEngine.inflight-check');
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.50000') });
    s.submitOrder(order);
    await until(() => node.cache.order(order.clientOrderId)?.status === 'ACCEPTED', 3000, 'ACCEPTED');
    await node.stop();
    expect([node.state, node.cache.order(order.clientOrderId)!.status, node.clock.timerNames()]).toEqual(['STOPPED', 'CANCELED', []]);
    expect(node.venues.map((v) => v.execConnection)).toEqual(['CLOSED']);
    await node.dispose();
    expect(node.state).toBe('DISPOSED');
    await expect(node.reconcile()).rejects.toMatchObject({ code: 'NODE_DISPOSED' });
  });

  it('policy leave keeps working orders', async () => {
    const { venue, node } = await running({}, { shutdownPolicy: 'leave' });
    const s = node.addStrategy(new Plain({}));
    await node.start();
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.50000') });
    s.submitOrder(order);
    await until(() => node.cache.order(order.clientOrderId)?.status === 'ACCEPTED', 3000, 'ACCEPTED');
    await node.stop();
    expect(venue.engine.store.orders.get(node.cache.order(order.clientOrderId)!.venueOrderId!)?.status).toBe('ACCEPTED');
  });

  it('a connection timeout fails start: no strategy starts, the node says why', async () => {
    const { node } = await running();
    const s = node.addStrategy(new Plain({}));
    const bad = await TradingNode.create({ venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'k', apiSecret: 's' }], timeouts: { connectionSecs: 1 } }, { logger: new MemoryLogger() });
    cleanup.add(() => bad.dispose());
    await expect(bad.start()).rejects.toMatchObject({ code: 'NODE_START_FAILED' });
    expect(bad.state).toBe('DEGRADED');
    expect(bad.stateReason).toMatch(/connection failed/);
    expect(s.state).toBe('READY');
  });

  it('a venue that does not answer the mass status query fails start-up reconciliation (timeout), strategies stay stopped', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue, {}, { timeouts: { reconciliationSecs: 1 } });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new Plain({}));
    venue.controls.fault({ kind: 'silent' });
    const err = await node.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RECONCILIATION_FAILED' });
    expect(node.lastReconciliation?.error?.code).toBe('RECONCILIATION_TIMEOUT');
    expect([node.state, s.state]).toEqual(['DEGRADED', 'READY']);
    venue.controls.clearFaults();
  });

  it('a failed start-up reconciliation can be retried after a live config fix', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100' });
    const { node } = await createNode(venue, { generateMissingOrders: false });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new Plain({}));
    await expect(node.start()).rejects.toMatchObject({ code: 'RECONCILIATION_FAILED', details: { result: expect.objectContaining({ success: false }) } });
    expect([node.state, s.state]).toEqual(['DEGRADED', 'READY']);
    node.execEngine.configure({ generateMissingOrders: true });
    await node.start();
    expect([node.state, s.state, node.lastReconciliation?.counts.syntheticOrders]).toEqual(['RUNNING', 'RUNNING', 1]);
  });

  it('reconcile() runs on demand with trigger MANUAL and keeps the result', async () => {
    const { venue, node } = await running();
    await node.start();
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-M', clientOrderId: 'O-M', side: 'SELL', type: 'LIMIT', quantity: '10', price: '2.00000', status: 'ACCEPTED' });
    const r = await node.reconcile();
    expect([r.trigger, r.success, r.counts.created, node.lastReconciliation]).toEqual(['MANUAL', true, 1, r]);
    expect(node.cache.order('O-M')?.status).toBe('ACCEPTED');
  });

  it('a venue disconnect and reconnect triggers a RECONNECT reconciliation', async () => {
    const { venue, node } = await running();
    await node.start();
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-R', clientOrderId: 'O-R', side: 'SELL', type: 'LIMIT', quantity: '10', price: '2.00000', status: 'ACCEPTED' });
    venue.controls.fault({ kind: 'disconnect' });
    await until(() => node.lastReconciliation?.trigger === 'RECONNECT', 10_000, 'RECONNECT reconciliation');
    expect([node.reconnectRuns >= 1, node.cache.order('O-R')?.status]).toEqual([true, 'ACCEPTED']);
  });
});

describe('node state table', () => {
  it('allows the lifecycle and refuses an unknown pair with a code', () => {
    const fsm = new NodeStateMachine();
    fsm.to('STARTING');
    fsm.to('RUNNING');
    expect(() => fsm.to('STARTING')).toThrowError(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    fsm.to('STOPPING');
    fsm.to('STOPPED');
    fsm.to('DISPOSED');
    expect(fsm.state).toBe('DISPOSED');
  });
});
