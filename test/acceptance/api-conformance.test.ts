import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger, Price, Quantity, Strategy, TradingNode } from 'keel';
import { SandboxVenue } from 'keel/sandbox';
import { Cleanup, until } from '../engine/node/harness.js';

/**
 * The public API used exactly as DESIGN.md writes it (imports from the public entries only: `keel`,
 * `keel/sandbox`, `keel/testing`, `keel/kernel`): a venue, a node with a strategy, and what a user of them
 * sees end to end; and the entries themselves, pinned, since every name in them is a contract.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function venueAndNode(logger?: MemoryLogger): Promise<{ venue: SandboxVenue; node: TradingNode }> {
  const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING',
    accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
  cleanup.add(() => venue.stop());
  const node = await TradingNode.create({ traderId: 'TRADER-001',
    venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0 }, persistence: { kind: 'memory' }, shutdownPolicy: 'cancel' }, logger ? { logger } : {});
  cleanup.add(() => node.dispose());
  return { venue, node };
}

class QuoteWatcher extends Strategy {
  readonly bids: string[] = [];
  override onStart(): void { this.subscribeQuotes('AUDUSD.SIM'); }
  override onQuote(q: { bid: { toString(): string } }): void { this.bids.push(q.bid.toString()); }
}

describe('market data reaches a strategy (DESIGN.md: onStart subscribes, the venue publishes)', () => {
  it('a quote set at the venue right after node.start() resolves reaches onQuote of a strategy that subscribed in onStart', async () => {
    const { venue, node } = await venueAndNode();
    const s = node.addStrategy(new QuoteWatcher({}));
    await node.start();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99991', ask: '1.00011' });
    await until(() => s.bids.length > 0, 3000, 'a quote at the strategy');
    expect(s.bids).toEqual(['0.99991']);
  });
});

describe('scenario 14 with a venue quote (DESIGN.md: the quote is set at the venue before the node starts)', () => {
  it('flat cache, venue LONG 100, venue quote 0.99990/1.00010 → LIMIT BUY 100 @1.00010 FILLED at 1.00010', async () => {
    const { venue, node } = await venueAndNode();
    venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100' });
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });

    await node.start();

    const made = node.cache.orders().map((o) => [o.type, o.side, o.quantity.toString(), o.price?.toString(), o.status, o.avgPx?.toString()]);
    expect(made).toEqual([['LIMIT', 'BUY', '100', '1.00010', 'FILLED', '1.00010']]);
    expect(node.cache.quote('AUDUSD.SIM')?.bid.toString()).toBe('0.99990');
  });

  it('a strategy that subscribes after the quote was set gets the venue\'s latest quote at once (snapshot on subscribe)', async () => {
    const { venue, node } = await venueAndNode();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99980', ask: '1.00020' });
    const s = node.addStrategy(new QuoteWatcher({}));

    await node.start();
    await until(() => s.bids.length > 0, 3000, 'the snapshot quote at the strategy');

    expect(s.bids).toEqual(['0.99980']);
  });
});

describe('shutdown with a bracket (DESIGN.md: shutdownPolicy cancel, manageContingentOrders)', () => {
  it('node.stop() cancels the open stop-loss and take-profit once each: a cancel for an order closed meanwhile is dropped with a warning, never an error', async () => {
    const logger = new MemoryLogger(undefined, 'info');
    const { venue, node } = await venueAndNode(logger);
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const s = node.addStrategy(new (class Bracketer extends Strategy {})({ manageContingentOrders: true }));
    await node.start();
    const list = s.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), slTriggerPrice: Price.from('0.99000'), tpPrice: Price.from('1.01000') });
    s.submitOrderList(list);
    await until(() => list.orders.map((o) => o.status).join() === 'FILLED,ACCEPTED,ACCEPTED', 3000, 'entry filled, stop-loss and take-profit working');

    await node.stop();

    expect(list.orders.map((o) => o.status)).toEqual(['FILLED', 'CANCELED', 'CANCELED']);
    expect(logger.at('error').map((e) => `${e.msg} ${String(e.fields.code)}`)).toEqual([]);
    expect(node.execEngine.processingErrors).toBe(0);
  });
});

describe('audit and restart (DESIGN.md: node.configChanges, node.lastReconciliation)', () => {
  it('riskEngine.configure(...) is recorded in node.configChanges like execEngine.configure(...)', async () => {
    const { node } = await venueAndNode();

    const change = node.riskEngine.configure({ maxOrderSubmitRate: '50/00:00:01' });
    node.execEngine.configure({ inflightCheckThresholdMs: 500 });

    expect(change.changes.map((d) => d.key)).toEqual(['maxOrderSubmitRate']);
    expect(node.configChanges.map((c) => [c.target, c.changes.map((d) => `${d.key}=${String(d.after)}`).join()])).toEqual([
      ['riskEngine', 'maxOrderSubmitRate=50/00:00:01'],
      ['execEngine', 'inflightCheckThresholdMs=500'],
    ]);
  });

  it('after a restart with a journal: configChanges holds the earlier changes, lastReconciliation the journal\'s until start-up replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-api-restart-'));
    cleanup.add(async () => rmSync(dir, { recursive: true, force: true }));
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], accounts: [{ apiKey: 'k', apiSecret: 's' }] });
    cleanup.add(() => venue.stop());
    const config = { traderId: 'TRADER-001', venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }], execEngine: { inflightCheckIntervalMs: 0 }, persistence: { kind: 'journal' as const, dir } };
    const first = await TradingNode.create(config);
    await first.start();
    first.execEngine.configure({ inflightCheckThresholdMs: 700 });
    first.riskEngine.configure({ maxOrderSubmitRate: '20/00:00:01' });
    const firstRecon = first.lastReconciliation!;
    await first.dispose();

    const second = await TradingNode.create(config);
    cleanup.add(() => second.dispose());
    const restored = [second.configChanges.map((c) => c.target), second.lastReconciliation?.tsStarted];
    await second.start();
    second.execEngine.configure({ inflightCheckThresholdMs: 800 });

    expect(restored).toEqual([['execEngine', 'riskEngine'], firstRecon.tsStarted]);
    expect(second.lastReconciliation!.tsStarted).toBeGreaterThan(firstRecon.tsStarted);
    expect(second.configChanges.map((c) => c.target)).toEqual(['execEngine', 'riskEngine', 'execEngine']);
    expect(new Set(second.configChanges.map((c) => c.changeId)).size).toBe(3);
  });
});

describe('the public entries (a name in them is a contract; the rest of the engine is free to change)', () => {
  it('keel: at most 80 exported names, types included (a namespace counts once)', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/engine/index.ts'), 'utf8');
    const listed = [...source.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.trim()).filter(Boolean));
    const namespaces = [...source.matchAll(/^export (?:type )?\* as (\w+)/gm)].map((m) => m[1]);
    const wholesale = [...source.matchAll(/^export (?:type )?\* from/gm)];

    expect(wholesale).toEqual([]);
    expect(namespaces).toEqual(['Events', 'Commands', 'Backtests', 'Portfolios']);
    expect(listed.length + namespaces.length).toBeLessThanOrEqual(80);
  });

  it('keel\'s values are the node, strategy, decimals, orders, positions, config schemas, errors, clocks, loggers', async () => {
    const keel = await import('keel');

    expect(Object.keys(keel).sort()).toEqual(['Decimal', 'EmaCrossBracket', 'EmaCrossBracketParams', 'EngineError', 'JsonLinesLogger',
      'LiveClock', 'LiveExecEngineConfigSchema', 'MemoryLogger', 'Money', 'Order', 'OrderFactory', 'PersistenceConfigSchema', 'Position',
      'Price', 'Quantity', 'RiskEngineConfigSchema', 'Strategy', 'StrategyConfigSchema', 'TestClock', 'TradingNode',
      'TradingNodeConfigSchema', 'VenueConfigSchema', 'backtest', 'isEngineError', 'openJournal']);
  });

  it('keel/testing, keel/sandbox and keel/kernel hold the rest a user needs', async () => {
    const [testing, sandbox, kernel] = await Promise.all([import('keel/testing'), import('keel/sandbox'), import('keel/kernel')]);

    expect(Object.keys(testing).sort()).toEqual(['MemoryLogger', 'MemoryPersistence', 'RedisPersistence', 'TestClock', 'events', 'noopLogger', 'openRedisView', 'redisKeys']);
    expect(Object.keys(sandbox).sort()).toEqual(['BUILTIN_INSTRUMENTS', 'RandomWalkFeed', 'ReplayFeed', 'SandboxVenue', 'VenueAdminClient',
      'btcPerpBarsPath', 'createFeed', 'eurUsdQuotesPath', 'feedConfigSchema', 'loadBarsCsv', 'loadBtcPerpBars', 'loadEurUsdQuotes',
      'loadInstrumentsFile', 'loadQuotesCsv', 'parseFeedConfig', 'readBarsCsv', 'readQuotesCsv', 'sharedDataDir']);
    expect(Object.keys(kernel).sort()).toEqual(['LiveView', 'attach', 'backtestCharts', 'createSession', 'describeStopReport', 'display', 'displayBundle', 'inspectValue',
      'installInspectHooks', 'keelBinPath', 'liveView', 'promote', 'renderHtml', 'renderText', 'startKeelRepl', 'sweepHeatMap', 'toMimeBundle']);
  });
});
