import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Clock } from '../engine/core/clock.js';
import { NANOS_PER_MS, msToNs } from '../engine/core/clock.js';
import { isEngineError } from '../engine/core/errors.js';
import { verifyLogin } from '../engine/venue/sandbox/protocol/auth.js';
import type { EngineOutput, MatchingEngine } from './matching-engine.js';
import {
  type ClientFrame,
  type ClientFrameOf,
  LOGIN_DEADLINE_MS,
  LOGIN_MAX_SKEW_MS,
  MAX_FRAME_BYTES,
  MAX_SOCKET_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ProtocolErrorCode,
  type ServerFrame,
  parseClientFrame,
} from '../engine/venue/sandbox/protocol/messages.js';
import type { AccountConfig } from './venue-account.js';
import { FaultState } from './venue-faults.js';
import { orderReport } from './venue-order.js';
import { type PageRequest, buildPage } from './report-pages.js';
import { LOGIN_FAILURE_WINDOW_MS, LOGIN_MAX_FAILURES, LoginThrottle } from './login-throttle.js';
import { subscriptionRefusal } from './subscription-topics.js';

/**
 * The WebSocket front of the sandbox venue: logins, frame validation, routing requests to the matching
 * engine and answers back, market data fan-out, and the fault behaviours. Decides no matching itself.
 */
interface Session {
  readonly id: number;
  readonly ws: WebSocket;
  /** The peer's address: failed logins are throttled per address and key. */
  readonly address: string;
  accountId?: string;
  admin: boolean;
  readonly subs: Set<string>;
}

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly accounts: readonly AccountConfig[];
  readonly admin?: { readonly apiKey: string; readonly apiSecret: string };
  /** Runs an admin control; its result goes back in an `ok` frame. */
  readonly control: (action: ClientFrameOf<'control'>['action'], params: unknown) => Promise<unknown> | unknown;
  /** Called after every engine call so the venue can re-arm its expiry alert. */
  readonly afterEngine: () => void;
}

export interface ServerStats {
  malformed: number;
  malformedByCode: Record<string, number>;
  connections: number;
  framesIn: number;
  framesOut: number;
  /** Answers that would have exceeded MAX_FRAME_BYTES and were refused instead of sent. */
  oversizeAnswers: number;
}

export class VenueServer {
  private wss: WebSocketServer | undefined;
  private readonly sessions = new Map<number, Session>();
  private sessionSeq = 0;
  private sendSeq = 0;
  private readonly nonces = new Map<string, bigint>();
  /** The latest frame of each `quotes:ID` topic: a new subscriber gets it at once (a snapshot, as real venues send). */
  private readonly lastQuotes = new Map<string, ServerFrame>();
  readonly faults = new FaultState();
  readonly loginThrottle = new LoginThrottle();
  readonly stats: ServerStats = { malformed: 0, malformedByCode: {}, connections: 0, framesIn: 0, framesOut: 0, oversizeAnswers: 0 };
  port = 0;

  constructor(
    private readonly engine: MatchingEngine,
    private readonly clock: Clock,
    private readonly opts: ServerOptions,
  ) {}

  get url(): string {
    return `ws://${this.opts.host}:${this.port}`;
  }

  async listen(port = this.opts.port): Promise<void> {
    // ws's own limit is above the protocol's, so a frame a little too large is read and refused with an
    // error frame; beyond it the frame is refused from its header (see onConnection), never buffered.
    const wss = new WebSocketServer({ host: this.opts.host, port, maxPayload: MAX_SOCKET_FRAME_BYTES });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    this.wss = wss;
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (ws, req) => this.onConnection(ws, req.socket.remoteAddress ?? 'unknown'));
  }

  async close(): Promise<void> {
    const wss = this.wss;
    this.wss = undefined;
    if (!wss) return;
    for (const s of this.sessions.values()) s.ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** Close every trading connection (the 'disconnect' fault); admin sessions stay. */
  disconnectClients(): void {
    for (const s of [...this.sessions.values()]) if (!s.admin) s.ws.close(4000, 'venue disconnect');
  }

  /** Send engine outputs to every session of their account; `drop` skips them (the drop-acks fault). */
  dispatch(outputs: readonly EngineOutput[], drop = false): void {
    if (drop || this.faults.silent) return;
    const filled = new Set<string>();
    for (const o of outputs) {
      const frame: ServerFrame = o.reqId !== undefined ? { type: 'event', reqId: o.reqId, data: o.event } : { type: 'event', data: o.event };
      for (const s of this.sessions.values()) if (s.accountId === o.accountId) this.send(s, frame);
      if (o.event.event === 'OrderFilled') filled.add(o.accountId);
    }
    // After the fills of one engine call: the account's state once, as it stands after all of them.
    for (const accountId of filled) this.pushAccountState(accountId);
  }

  /** The account's state to each of its sessions (after fills, and on deposits and withdrawals). */
  pushAccountState(accountId: string): void {
    if (this.faults.silent) return;
    const frame: ServerFrame = { type: 'account_state', state: this.engine.accountState(accountId, this.clock.timestampNs()) };
    for (const s of this.sessions.values()) if (s.accountId === accountId) this.send(s, frame);
  }

  /** Market data to the sessions subscribed to `topic` (`quotes:ID`, `trades:ID`, `bars:TYPE`); how many it went to. */
  publish(topic: string, frame: ServerFrame): number {
    if (frame.type === 'quote') this.lastQuotes.set(topic, frame);
    let sent = 0;
    for (const s of this.sessions.values()) if (s.subs.has(topic)) { this.send(s, frame); sent++; }
    return sent;
  }

  private onConnection(ws: WebSocket, address: string): void {
    const s: Session = { id: ++this.sessionSeq, ws, address, admin: false, subs: new Set() };
    this.refuseOversizeFrames(s);
    this.sessions.set(s.id, s);
    this.stats.connections++;
    const alert = `venue-login-deadline-${s.id}`;
    this.clock.setTimeAlert(alert, this.clock.timestampNs() + msToNs(LOGIN_DEADLINE_MS), () => {
      if (s.accountId === undefined && !s.admin) this.refuse(s, undefined, 'LOGIN_TIMEOUT', `expected a login within ${LOGIN_DEADLINE_MS} ms of connecting, received none`);
    });
    ws.on('message', (data, isBinary) => this.onMessage(s, data, isBinary));
    ws.on('close', () => {
      this.clock.cancelTimer(alert);
      this.sessions.delete(s.id);
    });
    ws.on('error', () => ws.terminate());
  }

  /**
   * A frame larger than MAX_SOCKET_FRAME_BYTES is refused by ws from its header (it is never read into
   * memory) and ws closes with 1009. The refusal is sent first, as an error frame: ws's receiver reports
   * the oversize frame through its 'error' event before it closes, and this listener goes ahead of ws's.
   */
  private refuseOversizeFrames(s: Session): void {
    const receiver = (s.ws as unknown as { _receiver?: { prependListener?: (e: string, fn: (err: Error & { code?: string }) => void) => void } })._receiver;
    receiver?.prependListener?.('error', (err) => {
      if (err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
      this.stats.malformed++;
      this.stats.malformedByCode.FRAME_TOO_LARGE = (this.stats.malformedByCode.FRAME_TOO_LARGE ?? 0) + 1;
      this.sendError(s, undefined, 'FRAME_TOO_LARGE', `expected a frame of at most ${MAX_FRAME_BYTES} bytes, received one over ${MAX_SOCKET_FRAME_BYTES} bytes (not read; the connection is closed, 1009)`, true);
    });
  }

  /** Subscriptions held by all sessions (each bounded by MAX_SUBSCRIPTIONS). */
  subscriptionCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.subs.size;
    return n;
  }

  private onMessage(s: Session, data: RawData, isBinary: boolean): void {
    this.stats.framesIn++;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    if (buf.length > MAX_FRAME_BYTES) return this.malformed(s, undefined, 'FRAME_TOO_LARGE', `expected a frame of at most ${MAX_FRAME_BYTES} bytes, received ${buf.length}`);
    if (isBinary) return this.malformed(s, undefined, 'FRAME_NOT_TEXT', 'expected a text frame holding JSON, received a binary frame');
    const parsed = parseClientFrame(buf.toString('utf8'));
    if (!parsed.ok) return this.malformed(s, parsed.reqId, parsed.code, parsed.message);
    try {
      this.handle(s, parsed.frame);
    } catch (e) {
      // A bug or a control error must never take the server down: answer and carry on.
      const message = e instanceof Error ? e.message : String(e);
      this.sendError(s, parsed.frame.reqId, parsed.frame.type === 'control' && isEngineError(e) ? 'CONTROL_FAILED' : 'INTERNAL_ERROR', message);
    }
  }

  private handle(s: Session, f: ClientFrame): void {
    if (f.type === 'login') return this.login(s, f);
    if (s.accountId === undefined && !s.admin) return this.refuse(s, f.reqId, 'NOT_LOGGED_IN', `expected a 'login' frame first, received '${f.type}'`);
    if (s.admin && !ADMIN_FRAMES.has(f.type)) {
      return this.sendError(s, f.reqId, 'ADMIN_NOT_TRADING', `expected one of ${[...ADMIN_FRAMES].join(', ')} from the admin session, received '${f.type}' (log in with a trading key to trade)`);
    }
    const now = this.clock.timestampNs();
    const accountId = s.accountId ?? '';
    switch (f.type) {
      case 'control':
        if (!s.admin) return this.sendError(s, f.reqId, 'NOT_ADMIN', `expected a session logged in with the admin key, received '${f.action}' from account ${accountId}`);
        void Promise.resolve()
          .then(() => this.opts.control(f.action, f.params))
          .then(
            (result) => this.send(s, { type: 'ok', reqId: f.reqId, ...(result !== undefined ? { result } : {}) }, true),
            (e: unknown) => this.sendError(s, f.reqId, 'CONTROL_FAILED', e instanceof Error ? e.message : String(e)),
          );
        return;
      case 'ping':
        return this.answer(s, { type: 'pong', reqId: f.reqId, serverTime: now.toString() });
      case 'subscribe':
      case 'unsubscribe': {
        const topic = `${f.channel}:${f.topic}`;
        if (f.type === 'subscribe') {
          // Only topics the venue can publish are kept, and at most MAX_SUBSCRIPTIONS per session.
          const refusal = s.subs.has(topic) ? undefined : subscriptionRefusal(f.channel, f.topic, this.engine.instruments, s.subs.size);
          if (refusal !== undefined) return this.sendError(s, f.reqId, refusal.code, refusal.message);
          s.subs.add(topic);
        } else s.subs.delete(topic);
        // The snapshot goes before the ack: a client that awaits the ack has the latest quote by then.
        const snapshot = f.type === 'subscribe' ? this.lastQuotes.get(topic) : undefined;
        if (snapshot !== undefined) this.send(s, snapshot);
        return this.answer(s, { type: 'ok', reqId: f.reqId });
      }
      case 'submit_order':
        return this.command(this.engine.submit(accountId, f.order, { now, reqId: f.reqId, contingentAtVenue: f.contingentAtVenue }));
      case 'submit_order_list':
        return this.command(this.engine.submitList(accountId, f.orders, { now, reqId: f.reqId, contingentAtVenue: f.contingentAtVenue }));
      case 'modify_order':
        return this.command(this.engine.modify(accountId, f, { ...pick(f, 'quantity', 'price', 'triggerPrice') }, { now, reqId: f.reqId }));
      case 'cancel_order':
        return this.command(this.engine.cancel(accountId, f, { now, reqId: f.reqId }));
      case 'cancel_all': {
        const drop = this.faults.takeDropAck();
        this.dispatch(this.engine.cancelAll(accountId, pick(f, 'instrumentId', 'side'), { now, reqId: f.reqId }), drop);
        this.opts.afterEngine();
        if (!drop) this.answer(s, { type: 'ok', reqId: f.reqId });
        return;
      }
      case 'query_order': {
        const o = this.engine.find(accountId, f);
        return this.answer(s, { type: 'order_status', reqId: f.reqId, report: o ? orderReport(o) : null });
      }
      case 'query_orders':
        return this.answerPage(s, f, 'order_reports', { orders: true, fills: false, positions: false }, { instrumentId: f.instrumentId, openOnly: f.openOnly, start: ns(f.start) });
      case 'query_fills':
        return this.answerPage(s, f, 'fill_reports', { orders: false, fills: true, positions: false }, { instrumentId: f.instrumentId, venueOrderId: f.venueOrderId, start: ns(f.start) });
      case 'query_positions':
        return this.answerPage(s, f, 'position_reports', { orders: false, fills: false, positions: true }, { instrumentId: f.instrumentId });
      case 'query_account': {
        return this.answer(s, { type: 'account', reqId: f.reqId, ...this.engine.accountState(accountId, now) });
      }
      case 'mass_status':
        return this.answerPage(s, f, 'mass_status_reply', { orders: true, fills: true, positions: true }, { start: ns(f.start) });
    }
  }

  /**
   * One page of a list answer (report-pages.ts): at most MAX_FRAME_BYTES with its envelope, the items
   * already JSON, and `nextCursor` while more remains.
   */
  private answerPage(
    s: Session,
    f: { reqId: string; cursor?: string | undefined; limit?: number | undefined },
    type: 'mass_status_reply' | 'order_reports' | 'fill_reports' | 'position_reports',
    include: PageRequest['include'],
    filter: Pick<PageRequest, 'instrumentId' | 'venueOrderId' | 'openOnly' | 'start'>,
  ): void {
    if (this.faults.silent) return;
    const accountId = s.accountId ?? '';
    const mass = type === 'mass_status_reply';
    const head = { type, reqId: f.reqId, ...(mass ? { accountId, serverTime: this.clock.timestampNs().toString() } : {}) };
    // The envelope with the longest cursor and empty lists: what a page adds to its items.
    const envelope = Buffer.byteLength(JSON.stringify({ ...head, nextCursor: 'x'.repeat(64), orders: [], fills: [], positions: [] }), 'utf8');
    const positions = () => this.engine.positionReports(accountId, filter.instrumentId);
    const r = buildPage(this.engine.store, positions, { accountId, include, ...filter, cursor: f.cursor, limit: f.limit }, MAX_FRAME_BYTES - envelope);
    if (!r.ok) return this.sendError(s, f.reqId, r.code, r.message);
    const list = (name: string, items: string[]) => `,${JSON.stringify(name)}:[${items.join(',')}]`;
    const lists = type === 'order_reports' ? list('reports', r.page.orders)
      : type === 'fill_reports' ? list('fills', r.page.fills)
      : type === 'position_reports' ? list('positions', r.page.positions)
      : list('orders', r.page.orders) + list('fills', r.page.fills) + list('positions', r.page.positions);
    const text = JSON.stringify({ ...head, ...(r.page.nextCursor !== undefined ? { nextCursor: r.page.nextCursor } : {}) });
    this.sendText(s, `${text.slice(0, -1)}${lists}}`, false, f.reqId);
  }

  private command(outputs: EngineOutput[]): void {
    this.dispatch(outputs, this.faults.takeDropAck());
    this.opts.afterEngine();
  }

  private login(s: Session, f: ClientFrameOf<'login'>): void {
    if (s.accountId !== undefined || s.admin) return this.sendError(s, f.reqId, 'ALREADY_LOGGED_IN', `expected one login per connection, received a second for key '${f.apiKey}'`);
    const isAdmin = this.opts.admin !== undefined && f.apiKey === this.opts.admin.apiKey;
    const account = this.opts.accounts.find((a) => a.apiKey === f.apiKey);
    const secret = isAdmin ? this.opts.admin!.apiSecret : account?.apiSecret;
    const now = this.clock.timestampNs();
    // Unknown keys share one throttle entry per address: guessing keys is throttled like guessing secrets.
    const throttleKey = secret === undefined ? '*' : f.apiKey;
    if (!this.loginThrottle.allows(s.address, throttleKey, now)) {
      const wait = this.loginThrottle.retryAfterMs(s.address, throttleKey, now);
      return this.refuse(s, f.reqId, 'LOGIN_THROTTLED', `expected at most ${LOGIN_MAX_FAILURES} failed logins per ${LOGIN_FAILURE_WINDOW_MS} ms for this key from ${s.address}, received more: retry in ${wait} ms`);
    }
    const failed = (code: ProtocolErrorCode, message: string): void => {
      this.loginThrottle.fail(s.address, throttleKey, now);
      this.refuse(s, f.reqId, code, message);
    };
    if (secret === undefined) return failed('LOGIN_UNKNOWN_KEY', `expected a known API key, received '${f.apiKey}'`);
    if (!verifyLogin(secret, f.timestamp, f.nonce, f.signature)) {
      return failed('LOGIN_BAD_SIGNATURE', `expected hex HMAC-SHA256(apiSecret, '<timestamp>.<nonce>'), received a signature that does not match for key '${f.apiKey}'`);
    }
    const skew = now - BigInt(f.timestamp);
    const maxSkew = BigInt(LOGIN_MAX_SKEW_MS) * NANOS_PER_MS;
    if (skew > maxSkew || skew < -maxSkew) {
      return failed('LOGIN_STALE_TIMESTAMP', `expected a timestamp within ${LOGIN_MAX_SKEW_MS} ms of the venue's clock (${now}), received ${f.timestamp}`);
    }
    for (const [n, ts] of this.nonces) if (now - ts > 2n * maxSkew) this.nonces.delete(n);
    if (this.nonces.has(f.nonce)) return failed('LOGIN_NONCE_REUSED', `expected a fresh nonce, received '${f.nonce}' a second time`);
    this.nonces.set(f.nonce, now);
    if (isAdmin) s.admin = true;
    else s.accountId = account!.accountId;
    const acct = isAdmin ? undefined : this.engine.account(account!.accountId);
    this.send(s, {
      type: 'login_ok',
      reqId: f.reqId,
      accountId: acct?.accountId ?? 'ADMIN',
      omsType: acct?.omsType ?? 'UNSPECIFIED',
      admin: isAdmin,
      protocolVersion: PROTOCOL_VERSION,
      instruments: this.engine.instruments.all().map((i) => i.id),
      serverTime: now.toString(),
    }, true);
    // The account's state right after login_ok: a client knows its balances before it trades.
    if (acct) this.send(s, { type: 'account_state', state: this.engine.accountState(acct.accountId, now) }, true);
  }

  /** Query answers and acks: withheld while the venue is silent. */
  private answer(s: Session, frame: ServerFrame): void {
    if (!this.faults.silent) this.send(s, frame);
  }

  private malformed(s: Session, reqId: string | undefined, code: ProtocolErrorCode, message: string): void {
    this.stats.malformed++;
    this.stats.malformedByCode[code] = (this.stats.malformedByCode[code] ?? 0) + 1;
    this.sendError(s, reqId, code, message);
  }

  private sendError(s: Session, reqId: string | undefined, code: ProtocolErrorCode, message: string, fatal = false): void {
    this.send(s, { type: 'error', ...(reqId !== undefined ? { reqId } : {}), code, message, fatal }, true);
  }

  /** A fatal refusal: the error frame, then the connection is closed. */
  private refuse(s: Session, reqId: string | undefined, code: ProtocolErrorCode, message: string): void {
    this.sendError(s, reqId, code, message, true);
    s.ws.close(4001, code);
  }

  /** Every outgoing frame; the 'delay' fault holds it back (order kept); `direct` skips the delay for login/errors/admin. */
  private send(s: Session, frame: ServerFrame, direct = false): void {
    this.sendText(s, JSON.stringify(frame), direct, 'reqId' in frame ? frame.reqId : undefined);
  }

  private sendText(s: Session, text: string, direct = false, reqId?: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most frames are cleared without counting bytes.
    const bytes = text.length * 3 <= MAX_FRAME_BYTES ? 0 : Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_FRAME_BYTES) {
      // Never a frame the peer must refuse: say so instead (list answers are paged, so this is a bug or a huge control result).
      this.stats.oversizeAnswers++;
      return this.sendError(s, reqId, 'ANSWER_TOO_LARGE', `expected an answer of at most ${MAX_FRAME_BYTES} bytes, produced ${bytes}: not sent`);
    }
    const delay = direct ? 0 : this.faults.delayMs;
    const write = () => {
      if (s.ws.readyState !== s.ws.OPEN) return;
      this.stats.framesOut++;
      s.ws.send(text);
    };
    if (delay <= 0) return write();
    this.clock.setTimeAlert(`venue-delay-${++this.sendSeq}`, this.clock.timestampNs() + msToNs(delay), write);
  }
}

/** What an admin session may send: it has no account to trade or query. */
const ADMIN_FRAMES: ReadonlySet<ClientFrame['type']> = new Set(['control', 'ping', 'subscribe', 'unsubscribe']);

function ns(text: string | undefined): bigint | undefined {
  return text === undefined ? undefined : BigInt(text);
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as { [P in K]?: Exclude<T[P], undefined> };
}
