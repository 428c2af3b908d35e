import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { LiveClock } from '../core/live-clock.js';
import { noopLogger, type Logger } from '../core/logger.js';
import { parseConfig } from '../config/parse-config.js';
import { TradingNodeConfigSchema, type TradingNodeConfig, type TradingNodeConfigInput, type VenueConfig } from '../config/trading-node-config.js';
import { withClockTimeout } from '../execution/live/clock-timeout.js';
import { orderInitialized } from '../model/event-factory.js';
import type { OrderInitialized } from '../model/events.js';
import { formatIdTimestamp, idTag } from '../model/identifiers.js';
import type { OrderStatusReport } from '../model/reports.js';
import { inspectJournal } from '../persistence/journal-scan.js';
import { recoverJournal, type JournalRecovery } from '../persistence/recover-journal.js';
import { buildSandboxClients, type VenueClients } from './venue-clients.js';

export interface RecoverNodeOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Build one venue's clients (default: the sandbox venue's ws clients). */
  readonly clientsFactory?: (venue: VenueConfig, clock: Clock) => VenueClients;
}

/** The tag every order made by the node's orders carries: `O-{date}-{time}-{traderTag}-{strategyTag}-{n}`. */
const OWN_ID = /^O-\d{8}-\d{6}-([^-]+)-([^-]+)-\d+$/;

/**
 * `keel node recover DIR`, as an API: recover a node's damaged journal (explicitly; a damaged journal is
 * never opened). Keeps the intact part, asks every venue for its orders, and gives each order the intact part
 * lacks back to its strategy when its client order id carries this trader's tag and a known strategy's
 * tag (strategy tags known from the intact part and the node's config); the next start's reconciliation
 * then rebuilds the rest from the venue. Logs what it found and did; returns it.
 */
export async function recoverNodeJournal(configInput: TradingNodeConfigInput, options: RecoverNodeOptions = {}): Promise<JournalRecovery> {
  const config = parseConfig(TradingNodeConfigSchema, configInput, 'TradingNodeConfig');
  const clock = options.clock ?? new LiveClock();
  const logger = options.logger ?? noopLogger;
  if (config.persistence.kind !== 'journal') {
    throw new EngineError('JOURNAL_NOT_CONFIGURED', `recover: expected persistence.kind 'journal', received '${config.persistence.kind}'`, {});
  }
  const dir = config.persistence.dir;
  const inspection = inspectJournal(dir);
  if (inspection.damage.length === 0) {
    throw new EngineError('JOURNAL_NOT_DAMAGED', `recover: expected a damaged journal in ${dir}, received an intact one (nothing to recover; it opens as it is)`, { dir });
  }
  for (const d of inspection.damage) logger.warn('recover: journal damage', { code: d.code, file: d.file, offset: d.offset, message: d.message });

  const owners = strategyTags(config, [...inspection.state.orders.values()].map((events) => events[0]!.strategyId));
  const trader = idTag(config.traderId);
  const reports = await venueOrders(config, clock, logger, options.clientsFactory ?? buildSandboxClients);
  const now = clock.timestampNs();
  const owned: OrderInitialized[] = [];
  for (const r of reports) {
    const m = r.clientOrderId !== undefined ? OWN_ID.exec(r.clientOrderId) : null;
    if (!m || m[1] !== trader || inspection.state.orders.has(r.clientOrderId!)) continue;
    const strategyId = owners.get(m[2]!);
    if (strategyId === undefined) continue;
    owned.push(initFromReport(r, r.clientOrderId!, strategyId, config.traderId, now));
  }
  const recovery = recoverJournal(dir, { tsNs: now, stamp: formatIdTimestamp(now), owned });
  logger.warn('journal recovered: intact part kept, damaged files moved aside; the next start reconciles the rest with the venue', {
    dir, damagedDir: recovery.damagedDir, kept: recovery.kept, ownedByTag: recovery.owned.length, droppedFills: recovery.droppedFills.length,
    damage: recovery.damage.map((d) => ({ code: d.code, file: d.file, offset: d.offset })),
  });
  return recovery;
}

/** strategy tag → strategy id, from the journal's intact part and the node's configured strategies. */
function strategyTags(config: TradingNodeConfig, journaled: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of journaled) if (id.includes('-')) out.set(idTag(id), id);
  for (const s of config.strategies) {
    const c = s.config as { orderIdTag?: unknown; strategyId?: unknown };
    if (typeof c.orderIdTag !== 'string') continue;
    const name = typeof c.strategyId === 'string' ? c.strategyId : s.className;
    if (!out.has(c.orderIdTag)) out.set(c.orderIdTag, `${name}-${c.orderIdTag}`);
  }
  return out;
}

async function venueOrders(config: TradingNodeConfig, clock: Clock, logger: Logger, factory: NonNullable<RecoverNodeOptions['clientsFactory']>): Promise<OrderStatusReport[]> {
  const out: OrderStatusReport[] = [];
  const ms = config.timeouts.connectionSecs * 1000;
  for (const v of config.venues) {
    const { exec } = factory(v, clock);
    try {
      await withClockTimeout(clock, exec.connect(), ms, 'CONNECT_TIMEOUT', `connecting to ${v.venue}`);
      const status = await withClockTimeout(clock, exec.generateMassStatus(null), config.timeouts.reconciliationSecs * 1000, 'MASS_STATUS_TIMEOUT', `${v.venue} mass status`);
      out.push(...status.orderReports);
      logger.info('recover: venue orders read', { venue: v.venue, orders: status.orderReports.length });
    } finally {
      await exec.disconnect().catch(() => undefined);
    }
  }
  return out;
}

function initFromReport(r: OrderStatusReport, clientOrderId: string, strategyId: string, traderId: string, tsNs: bigint): OrderInitialized {
  return orderInitialized({
    traderId, strategyId, instrumentId: r.instrumentId, clientOrderId, side: r.side, orderType: r.orderType, quantity: r.quantity,
    ...(r.price !== undefined ? { price: r.price } : {}),
    ...(r.triggerPrice !== undefined ? { triggerPrice: r.triggerPrice } : {}),
    timeInForce: r.timeInForce,
    ...(r.expireTime !== undefined ? { expireTime: r.expireTime } : {}),
    postOnly: r.postOnly, reduceOnly: r.reduceOnly,
    // Where it came from: the venue, given back to its strategy by its client order id tag.
    tags: ['RECOVERED'],
    ...(r.contingencyType !== undefined ? { contingencyType: r.contingencyType } : {}),
    ...(r.orderListId !== undefined ? { orderListId: r.orderListId } : {}),
    ...(r.linkedOrderIds !== undefined ? { linkedOrderIds: r.linkedOrderIds } : {}),
    ...(r.parentOrderId !== undefined ? { parentOrderId: r.parentOrderId } : {}),
    accountId: r.accountId,
    tsInit: tsNs,
    eventId: `RECOVER-${clientOrderId}`,
    reconciliation: true,
  });
}
