import { afterEach, describe, expect, it } from 'vitest';
import { MessageBus } from '../../../../src/engine/bus/message-bus.js';
import { Cache } from '../../../../src/engine/cache/cache.js';
import { LiveClock } from '../../../../src/engine/core/live-clock.js';
import { MemoryLogger } from '../../../../src/engine/core/logger.js';
import { parseConfig } from '../../../../src/engine/config/parse-config.js';
import { LiveExecEngineConfigSchema } from '../../../../src/engine/config/live-exec-engine-config.js';
import { sharedInstruments } from '../../../../src/engine/data/instrument-file.js';
import { ExecutionEngine } from '../../../../src/engine/execution/execution-engine.js';
import { LiveExecutionEngine } from '../../../../src/engine/execution/live/live-execution-engine.js';
import { ReconciliationService } from '../../../../src/engine/execution/live/reconciliation-service.js';
import type { ReconciliationResult } from '../../../../src/engine/execution/reconciliation-result.js';
import { orderInitialized } from '../../../../src/engine/model/event-factory.js';
import { MarketDataRouter } from '../../../../src/engine/node/market-data-router.js';
import { buildSandboxClients } from '../../../../src/engine/node/venue-clients.js';
import type { SandboxVenue } from '../../../../src/sandbox/sandbox-venue.js';
import { Cleanup, startVenue, until } from '../../node/harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const TRADER = 'TRADER-001';
const STRATEGY = 'S-001';

/**
 * The real parts the service sits between: a sandbox venue over ws, its clients, the execution engines
 * (the apply path) and the market data router; no node. `trading` is what the node would answer.
 */
async function wired(venue: SandboxVenue, options: { timeoutMs?: number; trading?: boolean } = {}) {
  const clock = new LiveClock();
  const logger = new MemoryLogger(undefined, 'info');
  const bus = new MessageBus(logger);
  const cache = new Cache();
  const instruments = sharedInstruments();
  const marketData = new MarketDataRouter(bus, cache, logger);
  const core = new ExecutionEngine({ traderId: TRADER, clock, cache, bus, instruments, logger });
  const published: ReconciliationResult[] = [];
  const state = { trading: options.trading ?? true };
  /** Reconnects the execution client reported (the service is told of each). */
  const reconnects: string[] = [];
  const clients = buildSandboxClients({ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }, clock);
  const config = parseConfig(LiveExecEngineConfigSchema, { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0 }, 'LiveExecEngineConfig');
  // Assigned after the engine: the engine's hooks reach the service, the service reaches the engine.
  let service: ReconciliationService;
  const live = new LiveExecutionEngine({
    clock, logger, config, core, cache, traderId: TRADER, instruments, claims: () => new Map(),
    onConnectionState: (client, s, info) => {
      if (s === 'CONNECTED' && info?.reconnected === true) reconnects.push(client.venue);
      service.onConnection(client.venue, s, info);
    },
    beforePlan: (ms) => service.beforePlan(ms),
  });
  live.registerClient(clients.exec);
  marketData.addClient(clients.data);
  service = new ReconciliationService({
    clock, logger, venues: [clients], timeoutMs: options.timeoutMs ?? 10_000,
    reconcile: (trigger, cs) => live.reconcile(trigger, cs),
    subscribeQuotes: (id) => marketData.subscribe('quotes', id, () => {}),
    trading: () => state.trading,
    onResult: (r) => published.push(r),
  });
  await Promise.all([clients.exec.connect(), clients.data.connect()]);
  live.attachToCore();
  core.registerStrategy(STRATEGY, { omsType: 'UNSPECIFIED' });
  cleanup.add(async () => {
    service.dispose();
    live.dispose();
    await Promise.allSettled([clients.exec.disconnect(), clients.data.disconnect()]);
    clock.cancelTimers();
  });
  let n = 0;
  const submitLimit = (price: string): string => {
    const order = orderInitialized({ traderId: TRADER, strategyId: STRATEGY, instrumentId: 'AUDUSD.SIM', clientOrderId: `O-SVC-${++n}`, side: 'BUY', orderType: 'LIMIT', quantity: '100', price, tsInit: clock.timestampNs() });
    live.execute({ type: 'SubmitOrder', commandId: `C-${n}`, traderId: TRADER, strategyId: STRATEGY, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, order, tsInit: clock.timestampNs() });
    return order.clientOrderId;
  };
  return { service, cache, published, state, reconnects, submitLimit };
}

async function venue(): Promise<SandboxVenue> {
  const v = await startVenue();
  cleanup.add(() => v.stop());
  return v;
}

describe('ReconciliationService', () => {
  it('start-up: reconciles every venue, keeps the result as lastResult and publishes it', async () => {
    const v = await venue();
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-S', clientOrderId: 'O-S', side: 'SELL', type: 'LIMIT', quantity: '10', price: '2.00000', status: 'ACCEPTED' });
    const { service, cache, published } = await wired(v);
    expect(service.lastResult).toBeUndefined();
    const r = await service.run('STARTUP');
    expect([r.trigger, r.success, r.venues, r.counts.created]).toEqual(['STARTUP', true, ['SIM'], 1]);
    expect([service.lastResult, published, cache.order('O-S')?.status]).toEqual([r, [r], 'ACCEPTED']);
  });

  it('manual while trading: an order in flight is left alone, the venue\'s unknown order is learnt', async () => {
    const v = await venue();
    const { service, cache, submitLimit } = await wired(v);
    await service.run('STARTUP');
    const first = submitLimit('0.50000');
    await until(() => cache.order(first)?.status === 'ACCEPTED', 5000, 'first order ACCEPTED');
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-M', clientOrderId: 'O-M', side: 'SELL', type: 'LIMIT', quantity: '10', price: '2.00000', status: 'ACCEPTED' });
    const second = submitLimit('0.50001');
    const r = await service.run('MANUAL');
    await until(() => cache.order(second)?.status === 'ACCEPTED', 5000, 'second order ACCEPTED');
    expect([r.trigger, r.success, r.counts.created, r.counts.syntheticOrders, service.lastResult]).toEqual(['MANUAL', true, 1, 0, r]);
    expect([cache.order(first)?.status, cache.order('O-M')?.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('a reconnect while trading triggers one RECONNECT run for that venue; while not trading, none', async () => {
    const v = await venue();
    const { service, cache, state, published, reconnects } = await wired(v, { trading: false });
    await service.run('STARTUP');
    v.controls.fault({ kind: 'disconnect' });
    await until(() => reconnects.length === 1, 10_000, 'first reconnect');
    // Not trading (a node not started, or stopping): the reconnect does not reconcile.
    expect([service.reconnectRuns, published.map((r) => r.trigger)]).toEqual([0, ['STARTUP']]);
    state.trading = true;
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-R', clientOrderId: 'O-R', side: 'SELL', type: 'LIMIT', quantity: '10', price: '2.00000', status: 'ACCEPTED' });
    v.controls.fault({ kind: 'disconnect' });
    await until(() => service.lastResult?.trigger === 'RECONNECT', 10_000, 'RECONNECT reconciliation');
    expect([service.reconnectRuns, service.lastResult?.success, service.lastResult?.venues, cache.order('O-R')?.status]).toEqual([reconnects.length - 1, true, ['SIM'], 'ACCEPTED']);
    expect(published.map((r) => r.trigger).slice(0, 2)).toEqual(['STARTUP', 'RECONNECT']);
  });

  it('a venue that does not answer: the run ends at the timeout as a failed result that says why (no rejection)', async () => {
    const v = await venue();
    const { service, published } = await wired(v, { timeoutMs: 1000 });
    v.controls.fault({ kind: 'silent' });
    const r = await service.run('STARTUP');
    v.controls.clearFaults();
    expect([r.trigger, r.success, r.venues, r.error?.code, r.items]).toEqual(['STARTUP', false, ['SIM'], 'RECONCILIATION_TIMEOUT', []]);
    expect(r.error?.message).toBe('reconciliation: expected an answer within 1000 ms, received none');
    expect([service.lastResult, published]).toEqual([r, [r]]);
  });

  it('lastResult: the journal\'s result stands until the first run replaces it', async () => {
    const v = await venue();
    const { service } = await wired(v);
    const restored: ReconciliationResult = {
      kind: 'ReconciliationResult', trigger: 'MANUAL', venues: ['SIM'], success: true, tsStarted: 5n, durationMs: 3,
      counts: { orders: 0, fills: 0, positions: 0, matched: 0, updated: 0, created: 0, skipped: 0, failed: 0, eventsApplied: 0, inferredFills: 0, syntheticOrders: 0, externalDropped: 0 }, items: [],
    };
    service.restore(restored);
    expect(service.lastResult).toBe(restored);
    const r = await service.run('MANUAL');
    expect([service.lastResult === r, r.tsStarted > 5n]).toEqual([true, true]);
  });

  it('before planning, subscribes to the quotes of instruments the venue holds positions in (dropped on dispose)', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100' });
    const { service, cache } = await wired(v);
    const r = await service.run('STARTUP');
    expect([r.success, r.counts.syntheticOrders, service.quotedInstruments, cache.quote('AUDUSD.SIM')?.bid.toString()]).toEqual([true, 1, ['AUDUSD.SIM'], '0.99990']);
    service.dispose();
    expect(service.quotedInstruments).toEqual([]);
  });
});
