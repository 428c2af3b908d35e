/**
 * The control endpoint of a deployed node: a WebSocket server in the node's process, next to the node.
 * A connection logs in once (key id + HMAC signature over timestamp and nonce, the venue's scheme; a
 * nonce is remembered for the skew window, so a replayed login is refused), then sends commands, each
 * audited with the key id. A refused login or a command before login is counted, logged, answered with
 * a coded error and the connection closed: nothing in the node changes.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { EngineError, isEngineError, type Clock, type ConfigChange, type ConfigSource, type Events, type Logger, type OrderEvent, type PositionEvent, type TradingNode } from '../../engine/index.js';
import { topics } from '../../engine/bus/index.js';
import type { ControlConfig } from '../../engine/config/index.js';
import { verifyLogin } from '../../engine/venue/sandbox/protocol/auth.js';
import {
  CONTROL_PROTOCOL_VERSION, ClientFrameSchema, LoginFrameSchema, READ_ONLY_COMMANDS, decodeJson, describeIssues, encodeFrame,
  type LoginFrame, type RequestFrame, type WireError,
} from './protocol.js';
import { configsOf, nodeSnapshot, orderRecord, positionRecord } from './node-snapshot.js';
import { runStrategyCommand, type StrategyModuleLoader } from './strategy-commands.js';
import { runStrategyOrder } from './strategy-orders.js';
import { streamNodeState } from './node-streams.js';
import { isTradingStateFrame, runTradingStateCommand, tradingStateOf } from './trading-state-commands.js';

/** How far a login's timestamp may be from the node's clock (and how long its nonce is remembered). */
export const LOGIN_SKEW_NS = 30_000_000_000n;

export interface ControlKey {
  readonly keyId: string;
  readonly secret: string;
  readonly readOnly: boolean;
  /** Audit this key's changes under this source instead of `attach:KEY-ID` (control.auditAs). */
  readonly auditAs?: ConfigSource;
}

export interface ControlServerOptions {
  readonly host: string;
  readonly port: number;
  readonly keys: readonly ControlKey[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Loads modules shipped by add-strategy / replace-strategy (into the node's folder); without it they are refused. */
  readonly strategyModules?: StrategyModuleLoader;
}

export interface ControlServer {
  readonly url: string;
  readonly refused: number;
  close(): Promise<void>;
}

/** The keys a node.json's `control` names, secrets read from the environment (never from the file). */
export function controlKeysFrom(config: ControlConfig, env: NodeJS.ProcessEnv): ControlKey[] {
  const secret = env[config.keyEnv];
  if (!secret) {
    throw new EngineError('CONTROL_KEY_MISSING', `control: expected the environment variable ${config.keyEnv} to hold the control key's secret, received it unset`, { env: config.keyEnv });
  }
  const keys: ControlKey[] = [{ keyId: config.keyId, secret, readOnly: false, ...(config.auditAs ? { auditAs: config.auditAs } : {}) }];
  if (config.readOnlyKeyEnv !== undefined) {
    const ro = env[config.readOnlyKeyEnv];
    if (!ro) throw new EngineError('CONTROL_KEY_MISSING', `control: expected the environment variable ${config.readOnlyKeyEnv} to hold the read-only key's secret, received it unset`, { env: config.readOnlyKeyEnv });
    keys.push({ keyId: config.readOnlyKeyId, secret: ro, readOnly: true });
  }
  return keys;
}

type Conn = { key: ControlKey | undefined; subscribed: boolean };

export async function startControlServer(node: TradingNode, options: ControlServerOptions): Promise<ControlServer> {
  const wss = new WebSocketServer({ host: options.host, port: options.port, maxPayload: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const { logger, clock } = options;
  const seenNonces = new Map<string, bigint>();
  const conns = new Map<WebSocket, Conn>();
  let refused = 0;
  let connections = 0;
  const counters = () => ({ refused, connections });

  /** Lists whose orders were all sent once (later events of each order are sent as they come). */
  const announcedLists = new Set<string>();
  const push = (event: Record<string, unknown>): void => {
    const text = encodeFrame({ type: 'event', event });
    for (const [ws, c] of conns) if (c.subscribed && ws.readyState === ws.OPEN) ws.send(text);
  };
  const offs = [
    node.bus.subscribe<OrderEvent>(topics.allOrderEvents, (e) => {
      const o = node.cache.order(e.clientOrderId);
      if (!o) return;
      // A list's other orders may wait INITIALIZED (OTO children held until the entry fills) with no event of
      // their own yet: the mirror gets the whole list with its first event, in the same frame, as the node's
      // cache holds it (a view drawn between two frames would otherwise show a bracket without its legs).
      const listId = o.orderListId;
      let also: Record<string, unknown>[] | undefined;
      if (listId !== undefined && !announcedLists.has(listId)) {
        announcedLists.add(listId);
        // In the list's own order (the mirror keeps insertion order, as the cache does).
        also = (node.cache.orderList(listId)?.orders ?? []).map(orderRecord);
      }
      push({ kind: 'order', order: orderRecord(o), ...(also && also.length > 1 ? { also } : {}) });
    }, { prefix: true }),
    node.bus.subscribe<PositionEvent>(topics.allPositionEvents, (e) => {
      const p = node.cache.position(e.positionId);
      if (p) push({ kind: 'position', position: positionRecord(p) });
    }, { prefix: true }),
    node.bus.subscribe<ConfigChange>(topics.configChanges, (change) => push({ kind: 'config', change, configs: configsOf(node), tradingState: tradingStateOf(node) })),
    node.bus.subscribe<unknown>(topics.reconciliation, () => push({ kind: 'reconciliation', result: node.lastReconciliation ?? null })),
    node.bus.subscribe<Events.AccountState>(topics.accounts, (state) => push({ kind: 'account', state })),
    streamNodeState(node, push),
  ];

  const refuse = (ws: WebSocket, error: WireError, fields: Record<string, unknown>): void => {
    refused += 1;
    logger.warn('control refused', { code: error.code, reason: error.message, refused, ...fields });
    ws.send(encodeFrame({ type: 'login-refused', error }));
    ws.close(4001, error.code);
  };

  const checkLogin = (frame: LoginFrame): WireError | ControlKey => {
    const key = options.keys.find((k) => k.keyId === frame.keyId);
    if (!key) return { code: 'CONTROL_AUTH_FAILED', message: `expected a known key id, received '${frame.keyId}'` };
    const now = clock.timestampNs();
    const ts = BigInt(frame.timestamp);
    if (ts < now - LOGIN_SKEW_NS || ts > now + LOGIN_SKEW_NS) {
      return { code: 'CONTROL_AUTH_FAILED', message: `expected a timestamp within 30 s of the node's clock (${now}), received ${frame.timestamp}` };
    }
    if (!verifyLogin(key.secret, frame.timestamp, frame.nonce, frame.signature)) {
      return { code: 'CONTROL_AUTH_FAILED', message: `expected a signature made with the secret of key '${frame.keyId}', received one that does not verify` };
    }
    for (const [n, at] of seenNonces) if (at < now - LOGIN_SKEW_NS) seenNonces.delete(n);
    if (seenNonces.has(frame.nonce)) return { code: 'CONTROL_AUTH_FAILED', message: `expected a new nonce, received '${frame.nonce}' again (a replayed login)` };
    seenNonces.set(frame.nonce, ts);
    return key;
  };

  wss.on('connection', (ws, req) => {
    connections += 1;
    const conn: Conn = { key: undefined, subscribed: false };
    conns.set(ws, conn);
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    ws.on('close', () => conns.delete(ws));
    ws.on('error', () => conns.delete(ws));
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = isBinary ? undefined : decodeJson(data.toString());
      } catch {
        raw = undefined;
      }
      if (!conn.key) {
        const login = LoginFrameSchema.safeParse(raw);
        if (!login.success) {
          const type = (raw as { type?: unknown } | undefined)?.type;
          const code = type === 'login' ? 'CONTROL_AUTH_FAILED' : 'CONTROL_NOT_LOGGED_IN';
          refuse(ws, { code, message: type === 'login' ? `expected a login frame with keyId, timestamp, nonce and signature, received: ${describeIssues(login.error)}` : `expected a signed login first, received ${typeof type === 'string' ? `'${type}'` : 'a frame that is not one'}` }, { remote });
          return;
        }
        const checked = checkLogin(login.data);
        if ('code' in checked) {
          refuse(ws, checked, { remote, keyId: login.data.keyId });
          return;
        }
        conn.key = checked;
        logger.info('control login', { keyId: checked.keyId, readOnly: checked.readOnly, remote });
        ws.send(encodeFrame({ type: 'login-ok', keyId: checked.keyId, role: checked.readOnly ? 'read-only' : 'operator', version: CONTROL_PROTOCOL_VERSION }));
        return;
      }
      const parsed = ClientFrameSchema.safeParse(raw);
      if (!parsed.success || parsed.data.type === 'login') {
        const id = (raw as { id?: unknown } | undefined)?.id;
        const error = { code: 'CONTROL_FRAME_INVALID', message: parsed.success ? 'expected a command, received a second login' : `expected a control command frame, received: ${describeIssues(parsed.error)}` };
        ws.send(encodeFrame(typeof id === 'string' && id !== '' ? { type: 'response', id, ok: false, error } : { type: 'error', error }));
        return;
      }
      void handle(ws, conn, conn.key, parsed.data);
    });
  });

  async function handle(ws: WebSocket, conn: Conn, key: ControlKey, frame: RequestFrame): Promise<void> {
    const audit = { keyId: key.keyId, command: frame.type, id: frame.id, ...(frame.type === 'configure' ? { target: frame.target, partial: frame.partial } : {}), ...(frame.type === 'revert' ? { changeId: frame.changeId } : {}),
      ...(frame.type === 'add-strategy' || frame.type === 'replace-strategy' ? { className: frame.className, ...(frame.type === 'replace-strategy' ? { strategyId: frame.strategyId } : {}) } : {}),
      ...('reason' in frame ? { reason: frame.reason } : {}) };
    let reply: Record<string, unknown>;
    try {
      if (key.readOnly && !READ_ONLY_COMMANDS.has(frame.type)) {
        refused += 1;
        throw Object.assign(new Error(`key '${key.keyId}' is read-only: expected snapshot or subscribe, received ${frame.type}`), { code: 'CONTROL_FORBIDDEN' });
      }
      reply = { type: 'response', id: frame.id, ok: true, result: await run(conn, key, frame) };
      logger.info('control command', { ...audit, ok: true });
    } catch (e) {
      const error = { code: isEngineError(e) ? e.code : typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) };
      logger.warn('control command', { ...audit, ok: false, code: error.code, error: error.message });
      reply = { type: 'response', id: frame.id, ok: false, error };
    }
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(reply));
  }

  async function run(conn: Conn, key: ControlKey, frame: RequestFrame): Promise<unknown> {
    const source: ConfigSource = key.auditAs ?? `attach:${key.keyId}`;
    if (isTradingStateFrame(frame)) return runTradingStateCommand(node, frame, source);
    switch (frame.type) {
      case 'snapshot':
        return nodeSnapshot(node, counters());
      case 'subscribe':
        conn.subscribed = true;
        // The snapshot and the subscription in one step: nothing published between them is missed.
        return nodeSnapshot(node, counters());
      case 'configure': {
        if (frame.target === 'execEngine') return node.execEngine.configure(frame.partial, source);
        if (frame.target === 'riskEngine') return node.riskEngine.configure(frame.partial, source);
        const id = frame.target.slice('strategy:'.length);
        const strategy = node.strategies.find((s) => s.id === id);
        if (!strategy) {
          throw Object.assign(new Error(`expected a strategy id on the node (${node.strategies.map((s) => s.id).join(', ') || 'none'}), received '${id}'`), { code: 'CONFIG_INVALID' });
        }
        return strategy.configure(frame.partial, source);
      }
      case 'revert':
        return node.revert(frame.changeId, source);
      case 'reconcile':
        return node.reconcile();
      case 'add-strategy':
      case 'replace-strategy':
        return runStrategyCommand(node, frame, source, options.strategyModules);
      case 'strategy-order':
        return runStrategyOrder(node, frame);
    }
  }

  return {
    url: `ws://${host}:${port}`,
    get refused() {
      return refused;
    },
    async close() {
      for (const off of offs) off();
      for (const ws of conns.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
