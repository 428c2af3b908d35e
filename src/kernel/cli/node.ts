import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { JsonLinesLogger, LiveClock, TradingNode, isEngineError, openJournal } from '../../engine/index.js';
import { ensureWritableDir } from '../../engine/persistence/index.js';
import { recoverNodeJournal } from '../../engine/node/recover-node.js';
import { topics } from '../../engine/bus/index.js';
import type { OrderEvent, PositionEvent, Strategy } from '../../engine/index.js';
import { importStrategyModule, strategyModuleLoader } from './strategy-module.js';
// node-folder.js, not promote/index.js: the index pulls in promote.ts, whose ES import of typescript costs
// ~0.35 s of every `keel` start (this file is loaded for the command table even when running the REPL).
import { loadNodeFolder, type NodeFolder } from '../promote/node-folder.js';
import { controlKeysFrom, startControlServer, type ControlKey, type ControlServer } from '../control/control-server.js';
import { parseCliArgs } from './cli-args.js';
import { parentLink } from './parent-link.js';
import type { CliCommand } from './types.js';

/**
 * `keel node run DIR` runs a promoted node folder headless; `keel node status DIR` shows its journal.
 * Exit codes of `run` (also in the folder's README):
 */
export const EXIT = { ok: 0, fatal: 1, config: 2, module: 3, start: 4, shutdownTimeout: 5, journalDamaged: 6 } as const;

export const nodeCommand: CliCommand = {
  summary: 'run a promoted node folder headless, show its journal, or recover a damaged journal (keel node run|status|recover DIR)',
  usage: [
    'usage: keel node run DIR | keel node status DIR [--json] | keel node recover DIR',
    '',
    '  run DIR      run the promoted node folder DIR headless: JSON logs on stdout, a durable journal,',
    '               reconciliation on every start, SIGTERM/SIGINT stop it by its shutdown policy.',
    '               Keys come from the environment variables node.json names (never from files).',
    '               Exit codes: 0 ok, 1 fatal, 2 config, 3 strategy module, 4 start failed,',
    '               5 shutdown timeout, 6 journal damaged (see recover).',
    '  status DIR   what the folder\'s journal holds: orders, positions, the last reconciliation',
    '               (--json: the same as one JSON object)',
    '  recover DIR  after `run` refused a damaged journal: keep its intact part, move the damaged files',
    '               aside (journal.damaged-<stamp>/, nothing deleted), give the venue\'s orders back to',
    '               their strategies by their client order id tags; the next `run` reconciles the rest.',
  ].join('\n'),
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'run') return runNode(rest);
    if (sub === 'status') return nodeStatus(rest);
    if (sub === 'recover') return recoverNode(rest);
    console.error(`keel node: expected 'run DIR', 'status DIR' or 'recover DIR', received ${sub === undefined ? 'nothing' : `'${sub}'`}`);
    return EXIT.config;
  },
};

function describeError(e: unknown): string {
  return isEngineError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
}

type StrategyClass = new (config: Record<string, unknown>) => Strategy<unknown>;

async function loadStrategies(folder: NodeFolder): Promise<Strategy<unknown>[]> {
  const out: Strategy<unknown>[] = [];
  for (const entry of folder.config.strategies) {
    const mod = await importStrategyModule(entry.module);
    const cls = mod[entry.className];
    if (typeof cls !== 'function') {
      throw new Error(`expected ${entry.module} to export a class ${entry.className}, received exports: ${Object.keys(mod).join(', ') || 'none'}`);
    }
    out.push(new (cls as StrategyClass)(entry.config as Record<string, unknown>));
  }
  return out;
}

async function runNode(args: string[]): Promise<number> {
  const dirArg = parseCliArgs('keel node run', args, {}, true).positionals[0];
  if (!dirArg) {
    console.error('keel node run: expected a node folder, received nothing');
    return EXIT.config;
  }
  let folder: NodeFolder;
  try {
    folder = loadNodeFolder(dirArg);
  } catch (e) {
    // The same JSON line as every other log line (stdout), and the plain message for a human (stderr).
    process.stdout.write(`${JSON.stringify({ level: 'error', msg: 'node.json invalid', error: describeError(e), ...(isEngineError(e) ? { code: e.code, details: e.details } : {}) })}\n`);
    console.error(`keel node run: ${describeError(e)}`);
    return EXIT.config;
  }
  try {
    // Made and checked before anything else: a read-only folder or a mistyped path is a coded error.
    ensureWritableDir(dirname(folder.logFile), 'log folder');
    if (folder.journalDir) ensureWritableDir(folder.journalDir, 'journal folder');
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ level: 'error', msg: 'node folder unusable', error: describeError(e), ...(isEngineError(e) ? { code: e.code, details: e.details } : {}) })}\n`);
    console.error(`keel node run: ${describeError(e)}`);
    return EXIT.config;
  }
  const clock = new LiveClock();
  const logger = new JsonLinesLogger({
    clock,
    level: 'info',
    write: (line) => {
      process.stdout.write(line);
      appendFileSync(folder.logFile, line);
    },
  });
  let controlKeys: ControlKey[] = [];
  try {
    // Checked before anything connects: an enabled endpoint without its secret is a config error.
    controlKeys = folder.config.control?.enabled ? controlKeysFrom(folder.config.control, process.env) : [];
  } catch (e) {
    logger.error('control endpoint unusable', { error: describeError(e), ...(isEngineError(e) ? { code: e.code } : {}) });
    console.error(`keel node run: ${describeError(e)}`);
    return EXIT.config;
  }
  let strategies: Strategy<unknown>[];
  try {
    strategies = await loadStrategies(folder);
  } catch (e) {
    logger.error('strategy module failed to load', { error: describeError(e) });
    return EXIT.module;
  }
  let node: TradingNode;
  try {
    // A headless node that stopped on an unexpected error exits 1, so its supervisor restarts it.
    node = await TradingNode.create(folder.config, { clock, logger, configSource: 'deployed-node', onFatal: () => process.exit(EXIT.fatal) });
  } catch (e) {
    if (isEngineError(e) && e.code.startsWith('JOURNAL_') && 'file' in e.details) {
      // Never start on a partial history: say where the damage is and what to run.
      logger.error('journal damaged: not starting', { code: e.code, file: e.details.file, offset: e.details.offset, error: e.message, recovery: `keel node recover ${folder.dir}` });
      console.error(`keel node run: ${describeError(e)}\nTo recover: keel node recover ${folder.dir}`);
      return EXIT.journalDamaged;
    }
    logger.error('node could not be created', { error: describeError(e) });
    return EXIT.config;
  }
  // One line per order and position event: the log says what the node did, in order.
  node.bus.subscribe<OrderEvent>(topics.allOrderEvents, (e) => logger.info('order event', orderEventFields(e, node.cache.order(e.clientOrderId))), { prefix: true });
  node.bus.subscribe<PositionEvent>(topics.allPositionEvents, (e) => logger.info('position event', {
    event: e.type, positionId: e.positionId, strategyId: e.strategyId, side: e.side, quantity: e.quantity.toString(), realizedPnl: e.realizedPnl.toString(),
  }), { prefix: true });
  const restored = node.cache.orders();
  logger.info('journal loaded', { journal: folder.journalDir, orders: restored.length, open: restored.filter((o) => o.isOpen).length });
  for (const s of strategies) node.addStrategy(s);
  // An isolated session's child: its stop, its death (the dead-man's switch) and its detach come by IPC.
  const parent = parentLink();
  const stopSignal = waitForSignal(parent?.stop);
  try {
    await node.start();
  } catch (e) {
    logger.error('node start failed', { error: describeError(e) });
    await node.dispose().catch(() => undefined);
    return EXIT.start;
  }
  const r = node.lastReconciliation;
  logger.info('node running', {
    dir: folder.dir, strategies: strategies.map((s) => s.id), shutdownPolicy: folder.config.shutdownPolicy,
    ...(r ? { reconciliation: { success: r.success, ...r.counts } } : {}),
  });
  let control: ControlServer | undefined;
  const controlConfig = folder.config.control;
  if (controlConfig?.enabled) {
    try {
      control = await startControlServer(node, { host: controlConfig.host, port: controlConfig.port, keys: controlKeys, clock, logger, strategyModules: strategyModuleLoader(folder.dir) });
      logger.info('control listening', { url: control.url, keys: controlKeys.map((k) => ({ keyId: k.keyId, readOnly: k.readOnly })) });
      parent?.announce(control.url);
    } catch (e) {
      logger.error('control endpoint failed to start', { error: describeError(e), host: controlConfig.host, port: controlConfig.port });
      await node.dispose().catch(() => undefined);
      return EXIT.start;
    }
  }
  const signal = await stopSignal.promise;
  logger.info('stopping', { signal, shutdownPolicy: folder.config.shutdownPolicy });
  // The session's own stop: apply the policy while the control endpoint still streams, so the session's
  // mirror (and its stop report) sees the cancels.
  if (signal === 'session-stop') await node.stop().catch((e: unknown) => logger.error('stop failed', { error: describeError(e) }));
  await control?.close();
  parent?.close();
  const budgetMs = (folder.config.timeouts.disconnectionSecs * 2 + 5) * 1000;
  const timedOut = await Promise.race([
    node.dispose().then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), budgetMs).unref()),
  ]);
  if (timedOut) {
    logger.error('shutdown timed out', { budgetMs });
    return EXIT.shutdownTimeout;
  }
  logger.info('stopped', { signal, orders: node.cache.orders().length, open: node.cache.ordersOpen().length });
  return EXIT.ok;
}

function waitForSignal(fromParent?: Promise<string>): { promise: Promise<string> } {
  return {
    promise: new Promise((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
      void fromParent?.then(resolve);
    }),
  };
}

/** What an order in the cache says about itself, for a log line that stands on its own. */
interface OrderFacts {
  readonly side: string;
  readonly type: string;
  readonly quantity: { toString(): string };
  readonly filledQty: { toString(): string };
  readonly price?: { toString(): string } | undefined;
  readonly triggerPrice?: { toString(): string } | undefined;
  readonly status: string;
}

/**
 * One order event as a self-contained log line: which order (side, type, quantity, price, status after
 * the event, from the cache) and when, in nanoseconds and as ISO time, so `grep` on a log answers
 * "what did it buy, at what, when" without joining lines.
 */
export function orderEventFields(e: OrderEvent, order?: OrderFacts): Record<string, unknown> {
  const base: Record<string, unknown> = {
    event: e.type, clientOrderId: e.clientOrderId, strategyId: e.strategyId, instrumentId: e.instrumentId,
    tsEvent: e.tsEvent.toString(), timeIso: new Date(Number(e.tsEvent / 1_000_000n)).toISOString(),
  };
  if (order) {
    Object.assign(base, { side: order.side, orderType: order.type, quantity: order.quantity.toString(), filledQty: order.filledQty.toString(), status: order.status });
    if (order.price) base.price = order.price.toString();
    if (order.triggerPrice) base.triggerPrice = order.triggerPrice.toString();
  }
  if (e.venueOrderId !== undefined) base.venueOrderId = e.venueOrderId;
  if (e.reconciliation) base.reconciliation = true;
  switch (e.type) {
    case 'OrderInitialized':
      return { ...base, side: e.side, orderType: e.orderType, quantity: e.quantity.toString(), ...(e.price ? { price: e.price.toString() } : {}) };
    case 'OrderFilled':
      return { ...base, tradeId: e.tradeId, lastQty: e.lastQty.toString(), lastPx: e.lastPx.toString(), commission: e.commission.toString(), liquiditySide: e.liquiditySide, positionId: e.positionId };
    case 'OrderDenied':
    case 'OrderModifyRejected':
    case 'OrderCancelRejected':
      return { ...base, reason: e.reason };
    case 'OrderRejected':
      return { ...base, reason: e.reason, ...(e.local ? { local: e.local } : {}) };
    case 'OrderCanceled':
      return { ...base, ...(e.reason !== undefined ? { reason: e.reason } : {}), ...(e.local ? { local: e.local } : {}) };
    default:
      return base;
  }
}

/**
 * `keel node recover DIR`: the explicit, logged way out of a damaged journal. Keeps the intact part, moves the
 * damaged files aside (nothing deleted), gives the venue's orders back to their strategies by their client
 * order id tags; `keel node run DIR` then reconciles the rest with the venue. Logs to the folder's log too.
 */
async function recoverNode(args: string[]): Promise<number> {
  const dirArg = parseCliArgs('keel node recover', args, {}, true).positionals[0];
  if (!dirArg) {
    console.error('keel node recover: expected a node folder, received nothing');
    return EXIT.config;
  }
  let folder: NodeFolder;
  try {
    folder = loadNodeFolder(dirArg);
  } catch (e) {
    console.error(`keel node recover: ${describeError(e)}`);
    return EXIT.config;
  }
  try {
    ensureWritableDir(dirname(folder.logFile), 'log folder');
  } catch (e) {
    console.error(`keel node recover: ${describeError(e)}`);
    return EXIT.config;
  }
  const clock = new LiveClock();
  const logger = new JsonLinesLogger({ clock, level: 'info', write: (line) => { process.stdout.write(line); appendFileSync(folder.logFile, line); } });
  try {
    const r = await recoverNodeJournal(folder.config, { clock, logger });
    console.error(`keel node recover: kept ${r.kept.records} records (${r.kept.orders} orders, ${r.kept.positions} positions), ` +
      `gave ${r.owned.length} venue orders back to their strategies by tag; damaged files moved to ${r.damagedDir}. Next: keel node run ${folder.dir}`);
    return EXIT.ok;
  } catch (e) {
    logger.error('journal recovery failed', { error: describeError(e), ...(isEngineError(e) ? { code: e.code } : {}) });
    console.error(`keel node recover: ${describeError(e)}`);
    return isEngineError(e) && e.code === 'JOURNAL_NOT_DAMAGED' ? EXIT.ok : EXIT.fatal;
  }
}

function nodeStatus(args: string[]): number {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCliArgs('keel node status', args, { json: { type: 'boolean', default: false } }, true));
  } catch (e) {
    console.error((e as Error).message);
    return EXIT.config;
  }
  const dirArg = positionals[0];
  if (!dirArg) {
    console.error('keel node status: expected a node folder, received nothing');
    return EXIT.config;
  }
  try {
    const folder = loadNodeFolder(dirArg, process.env, { checkKeys: false });
    if (!folder.journalDir) {
      console.error(`keel node status: expected a journal (persistence.kind 'journal') in ${folder.dir}/node.json, received persistence.kind '${folder.config.persistence.kind}'`);
      return EXIT.config;
    }
    const view = openJournal(folder.journalDir);
    const summary = {
      dir: folder.dir,
      journal: folder.journalDir,
      records: view.records,
      ...(view.torn ? { tornTail: view.torn } : {}),
      orders: view.orders().map((o) => ({
        clientOrderId: o.clientOrderId, strategyId: o.strategyId, instrumentId: o.instrumentId, side: o.side, type: o.type, status: o.status,
        quantity: o.quantity.toString(), filledQty: o.filledQty.toString(), venueOrderId: o.venueOrderId ?? null,
      })),
      positions: view.positions().map((p) => ({
        id: p.id, strategyId: p.strategyId, instrumentId: p.instrumentId, side: p.side, quantity: p.quantity.toString(), realizedPnl: p.realizedPnl.toString(),
      })),
      lastReconciliation: view.lastReconciliation ? { trigger: view.lastReconciliation.trigger, success: view.lastReconciliation.success, counts: view.lastReconciliation.counts } : null,
      configChanges: view.configChanges.length,
      lastMarker: view.markers.at(-1)?.name ?? null,
      problems: view.problems,
    };
    if (values.json) {
      console.log(JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      return EXIT.ok;
    }
    const open = summary.orders.filter((o) => view.order(o.clientOrderId)?.isOpen);
    console.log(`node folder ${summary.dir}`);
    console.log(`journal     ${summary.journal}: ${summary.records} records${view.torn ? ` (torn tail of ${view.torn.bytes} bytes ignored)` : ''}`);
    console.log(`orders      ${summary.orders.length} (${open.length} open)`);
    for (const o of summary.orders) console.log(`  ${o.clientOrderId}  ${o.strategyId}  ${o.side} ${o.type} ${o.quantity} ${o.instrumentId}  ${o.status}  filled ${o.filledQty}`);
    console.log(`positions   ${summary.positions.length}`);
    for (const p of summary.positions) console.log(`  ${p.id}  ${p.side} ${p.quantity}  realized ${p.realizedPnl}`);
    const lr = summary.lastReconciliation;
    console.log(`reconciled  ${lr ? `${lr.trigger} ${lr.success ? 'ok' : 'FAILED'}: ${lr.counts.matched} matched, ${lr.counts.updated} updated, ${lr.counts.created} created, ${lr.counts.failed} failed` : 'never'}`);
    console.log(`last        ${summary.lastMarker ?? '-'}`);
    return EXIT.ok;
  } catch (e) {
    console.error(`keel node status: ${describeError(e)}`);
    return EXIT.config;
  }
}
