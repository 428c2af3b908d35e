import { Decimal, Quantity } from '../../../src/engine/core/decimal.js';
import { topics } from '../../../src/engine/bus/switchboard.js';
import type { TradingNode } from '../../../src/engine/node.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import type { SandboxVenue } from '../../../src/sandbox/sandbox-venue.js';
import { Cleanup, createNode, startVenue, until } from './harness.js';

/**
 * The reconnect storm of issue 11 (item 2b), shared by the test (a short storm) and the bench (20 s):
 * a strategy trades market orders against the real sandbox venue while the venue drops every
 * connection every `everyMs`; each reconnect runs a RECONNECT reconciliation. Afterwards: synthetic
 * `O-RECON` orders keel made, fills keel holds that the venue never made (by the venue's own fill
 * history), and both net positions.
 */
export interface StormOptions {
  readonly durationMs: number;
  readonly everyMs?: number;
  /** The strategy claims the instrument (external orders and synthetic ones would be booked to it). */
  readonly claim?: boolean;
}

export interface StormFigures {
  readonly submitted: number;
  readonly disconnects: number;
  readonly reconnectRuns: number;
  readonly deferred: number;
  /** Reconciliation items that FAILED during the storm (e.g. a report behind keel), with their reasons. */
  readonly failedItems: string[];
  readonly syntheticOrders: string[];
  readonly phantomFills: string[];
  readonly keelNet: string;
  readonly venueNet: string;
  readonly openOrders: number;
}

const ACCOUNT = 'SIM-001';
const INSTRUMENT = 'AUDUSD.SIM';

class Trader extends Strategy {}

export async function reconnectStorm(options: StormOptions, cleanup: Cleanup): Promise<{ figures: StormFigures; node: TradingNode; venue: SandboxVenue }> {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote(INSTRUMENT, { bid: '0.99990', ask: '1.00010' });
  const { node } = await createNode(venue, { inflightCheckIntervalMs: 100, inflightCheckThresholdMs: 300, inflightCheckRetries: 5 }, { shutdownPolicy: 'leave' });
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Trader(options.claim === true ? { externalOrderClaims: [INSTRUMENT] } : {}));
  await node.start();
  let deferred = 0;
  const failedItems: string[] = [];
  node.bus.subscribe<{ items: readonly { rule?: string; outcome: string; key: string; reason?: string }[] }>(topics.reconciliation, (r) => {
    deferred += r.items.filter((i) => i.rule === 'POSITION_DEFERRED').length;
    for (const i of r.items) if (i.outcome === 'FAILED') failedItems.push(`${i.key}: ${i.reason ?? ''}`);
  });

  let submitted = 0;
  let disconnects = 0;
  const trade = setInterval(() => {
    const side = submitted % 3 === 2 ? 'SELL' : 'BUY';
    s.submitOrder(s.orderFactory.market({ instrumentId: INSTRUMENT, side, quantity: Quantity.from(String(100 + (submitted % 7) * 10)) }));
    submitted += 1;
  }, 5);
  const storm = setInterval(() => {
    venue.controls.fault({ kind: 'disconnect' });
    disconnects += 1;
  }, options.everyMs ?? 200);
  await new Promise((r) => setTimeout(r, options.durationMs));
  clearInterval(storm);
  clearInterval(trade);

  // The storm is over: let every order resolve (in-flight check), the queues drain, then look once more.
  await until(() => node.cache.orders().every((o) => !o.isInflight), 60_000, 'no order in flight');
  await node.execEngine.whenIdle();
  await node.reconcile();
  await node.execEngine.whenIdle();

  const made = new Set(venue.engine.fillReports(ACCOUNT, {}).map((f) => f.tradeId));
  const orders = node.cache.orders();
  const venuePos = venue.engine.positionReports(ACCOUNT, INSTRUMENT);
  const figures: StormFigures = {
    submitted,
    disconnects,
    reconnectRuns: node.reconnectRuns,
    deferred,
    failedItems,
    syntheticOrders: orders.filter((o) => o.clientOrderId.startsWith('O-RECON')).map((o) => o.clientOrderId),
    phantomFills: orders.flatMap((o) => o.fills.filter((f) => !made.has(f.tradeId)).map((f) => `${o.clientOrderId}/${f.tradeId}`)),
    keelNet: node.cache.positionsOpen({ instrumentId: INSTRUMENT }).reduce((n, p) => n.add(p.signedQty), Decimal.from('0')).toString(),
    venueNet: venuePos.length === 0 ? '0' : venuePos[0]!.signedQty,
    openOrders: orders.filter((o) => o.isOpen).length,
  };
  return { figures, node, venue };
}
