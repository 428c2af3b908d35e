import type { Clock } from '../../core/clock.js';
import { Decimal } from '../../core/decimal.js';
import type { Logger } from '../../core/logger.js';
import type { Cache } from '../../cache/cache.js';
import type { LocalResolution } from '../../model/local-resolution.js';
import { splitInstrumentId } from '../../model/instruments.js';
import type { Order } from '../../model/order.js';
import type { ExecutionClient } from '../client.js';
import { InflightCheck } from './checks/inflight-check.js';
import { OpenOrderCheck } from './checks/open-order-check.js';
import { PositionCheck } from './checks/position-check.js';
import { withClockTimeout } from './clock-timeout.js';
import type { LiveExecEngineConfig } from '../../config/live-exec-engine-config.js';
import type { OrderEvent } from '../../model/events.js';
import type { ExecutionMassStatus, OrderStatusReport } from '../../model/reports.js';
import type { ReconciliationResult } from '../reconciliation-result.js';
import { massOfFills } from './reconciler.js';
import { localCloseEvent, warnResolvedLocally } from './local-close.js';

/** The continuous checks of one live engine: one in-flight check, an open-order and a position check per venue. */
export interface LiveChecks {
  readonly inflight: InflightCheck;
  readonly openOrders: Map<string, OpenOrderCheck>;
  readonly positions: Map<string, PositionCheck>;
  addVenue(client: ExecutionClient): void;
}

/**
 * What the checks reach of the live engine that builds them: its config, its queues (through two
 * narrow calls, not the queues), the client of an instrument, the core's strict apply and the runtime
 * reconciliation path. Narrow on purpose: no check sees the whole engine.
 */
export interface CheckWiring {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly logger: Logger;
  config(): LiveExecEngineConfig;
  clientFor(instrumentId: string): ExecutionClient | undefined;
  /** True while either queue holds a command or event for the order (its answer may be sitting there). */
  isQueued(clientOrderId: string): boolean;
  /** A venue report for the event queue (it goes through the runtime rules in order with venue events). */
  enqueueReport(venue: string, report: OrderStatusReport): void;
  /** Strict apply of a local resolution's closing event (the core's direct path). */
  applyEvent(event: OrderEvent): void;
  /** Runtime reconciliation of fills keel lacks. */
  reconcileMassStatus(client: ExecutionClient, massStatus: ExecutionMassStatus): Promise<ReconciliationResult>;
}

/** Venue queries made by the checks give up after this long (a silent venue must not stall a check forever). */
const QUERY_TIMEOUT_MS = 10_000;

const venueOf = (o: { instrumentId: string }): string => splitInstrumentId(o.instrumentId).venue;

export function buildChecks(w: CheckWiring): LiveChecks {
  const { cache, clock } = w;
  const timed = <T>(p: Promise<T>, what: string): Promise<T> => withClockTimeout(clock, p, QUERY_TIMEOUT_MS, 'VENUE_QUERY_TIMEOUT', what);
  const resolveLocally = (clientOrderId: string, kind: 'REJECT' | 'CANCEL', reason: string, basis: LocalResolution): void => {
    const order = cache.order(clientOrderId);
    if (order === undefined) return;
    w.applyEvent(localCloseEvent(order, kind, reason, basis, clock.timestampNs()));
    warnResolvedLocally(w.logger, order, kind, reason, basis);
  };

  const inflight = new InflightCheck({
    clock,
    config: w.config,
    inflightOrders: () => cache.ordersInflight(),
    hasQueuedEvents: w.isQueued,
    query: (id) => {
      const order = cache.order(id);
      const client = order ? w.clientFor(order.instrumentId) : undefined;
      if (order === undefined || client === undefined) return;
      // Asked directly (not fire-and-forget queryOrder) so an "unknown order" answer is told apart from
      // silence: the local resolution that may follow says which it was.
      const q = { instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}) };
      timed(client.generateOrderStatusReport(q), `${client.venue} order status`).then(
        (report) => {
          if (report === null) inflight.onUnknownAnswer(id);
          else w.enqueueReport(client.venue, report);
        },
        () => undefined, // no answer: the retry count says so
      );
    },
    resolve: (id, r) => resolveLocally(id, r.kind, r.kind === 'REJECT' ? r.reason : '', r.basis),
  });

  const openOrders = new Map<string, OpenOrderCheck>();
  const positions = new Map<string, PositionCheck>();

  const addVenue = (client: ExecutionClient): void => {
    const venue = client.venue;
    const mine = (o: Order): boolean => venueOf(o) === venue;
    openOrders.set(venue, new OpenOrderCheck({
      clock,
      config: w.config,
      openOrders: () => cache.ordersOpen().filter(mine),
      fetchOrderReports: (q) => timed(client.generateOrderStatusReports(q), `${venue} order reports`),
      fetchOrderReport: (o) => timed(client.generateOrderStatusReport({ clientOrderId: o.clientOrderId, ...(o.venueOrderId !== undefined ? { venueOrderId: o.venueOrderId } : {}) }), `${venue} order status`),
      applyReport: (report) => w.enqueueReport(venue, report),
      closedOrder: (r) => {
        const o = (r.clientOrderId !== undefined ? cache.order(r.clientOrderId) : undefined) ?? cache.orderByVenueOrderId(r.venueOrderId);
        if (o === undefined || !o.isClosed || !mine(o)) return undefined;
        return { clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, status: o.status, tsLast: o.tsLast, closedLocally: o.localClose !== undefined, ...(o.venueOrderId !== undefined ? { venueOrderId: o.venueOrderId } : {}) };
      },
      // The targeted query came first and the venue answered it with "unknown order".
      resolveMissing: (id, r) => resolveLocally(id, r.kind, r.kind === 'REJECT' ? r.reason : '', 'VENUE_UNKNOWN_ORDER'),
    }));
    positions.set(venue, new PositionCheck({
      clock,
      logger: w.logger,
      get accountId() { return client.accountId; },
      config: w.config,
      fetchPositionReports: () => timed(client.generatePositionStatusReports({}), `${venue} position reports`),
      localInstruments: () => [...new Set(cache.positionsOpen().filter((p) => venueOf(p) === venue).map((p) => p.instrumentId))],
      localNetQty: (instrumentId) => cache.positionsOpen({ instrumentId }).reduce((sum, p) => sum.add(p.signedQty), Decimal.from('0')),
      lastLocalFillNs: (instrumentId) => cache.positions({ instrumentId }).reduce<bigint | undefined>((m, p) => (m === undefined || p.tsLast > m ? p.tsLast : m), undefined),
      fetchFillReports: (q) => timed(client.generateFillReports(q), `${venue} fill reports`),
      hasTradeId: (f) => (f.clientOrderId !== undefined ? cache.order(f.clientOrderId) : cache.orderByVenueOrderId(f.venueOrderId))?.hasTradeId(f.tradeId) ?? false,
      applyFills: async (fills) => {
        const r = await w.reconcileMassStatus(client, massOfFills(venue, client.accountId, fills, clock.timestampNs()));
        return r.counts.eventsApplied;
      },
    }));
  };

  return { inflight, openOrders, positions, addVenue };
}
