import WebSocket, { type RawData } from 'ws';
import { msToNs, type Clock } from '../../core/clock.js';
import { EngineError } from '../../core/errors.js';
import type { ConnectionState } from '../../execution/client.js';
import { newNonce, signLogin } from './protocol/auth.js';
import { MAX_SOCKET_FRAME_BYTES, type ClientFrameInput, type ServerFrame, type ServerFrameOf, type ServerFrameType, parseServerFrame } from './protocol/messages.js';
import { nextConnectionState } from './connection-state.js';

/**
 * One WebSocket session with the sandbox venue: connect, signed login, request/response correlation by
 * `reqId` with a per-request timeout, reconnection with exponential backoff after a drop, and validation
 * of every incoming frame (a frame that fails is counted and reported, never thrown). All timers are
 * clock alerts, so `disconnect()` can release every one of them.
 */
export interface ReconnectOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  readonly maxAttempts?: number;
}

export interface VenueConnectionOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
  /** Prefix of request ids and timer names (unique per client). */
  readonly name: string;
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** `false`: no reconnection after a drop. */
  readonly reconnect?: ReconnectOptions | false;
}

export type LoginOk = ServerFrameOf<'login_ok'>;

export interface ConnectionHandlers {
  /** Every valid frame that does not answer a pending request (events, market data, command errors). */
  onFrame(frame: ServerFrame): void;
  onState(state: ConnectionState, info?: { reconnected?: boolean; reason?: string }): void;
  onMalformed(detail: { reason: string; raw?: string }): void;
  /** After each successful login, before CONNECTED is reported (e.g. to subscribe again). */
  onLogin?(login: LoginOk, reconnected: boolean): void;
  /** Back-pressure: a promise while the consumer of `onFrame` is full; reading stops until it resolves. */
  whenReady?(): Promise<void> | undefined;
}

interface Pending {
  readonly expect: readonly ServerFrameType[];
  readonly timer: string;
  readonly resolve: (f: ServerFrame) => void;
  readonly reject: (e: EngineError) => void;
}

/** Login refusals that another attempt cannot fix. */
const PERMANENT_LOGIN_CODES = new Set(['LOGIN_UNKNOWN_KEY', 'LOGIN_BAD_SIGNATURE']);
let connectionSeq = 0;

export class VenueConnection {
  private ws: WebSocket | undefined;
  private stateValue: ConnectionState = 'DISCONNECTED';
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<string>();
  private readonly timerPrefix: string;
  private reqSeq = 0;
  /** The current socket has logged in (requests may go out, even before CONNECTED is reported). */
  private sessionReady = false;
  private attempts = 0;
  private handlers: ConnectionHandlers | undefined;
  /**
   * Reading is paused (back-pressure): the socket is paused, and the frames ws had already read from it
   * (at most one socket read) wait here as raw bytes, unparsed, until the consumer has room.
   */
  private readPaused = false;
  private held: Array<{ readonly data: RawData; readonly isBinary: boolean }> = [];
  /** Frames that failed validation, and how many times the session was re-established. */
  readonly stats = { malformed: 0, reconnects: 0, framesIn: 0, framesOut: 0, readPauses: 0 };
  login: LoginOk | undefined;

  constructor(private readonly opts: VenueConnectionOptions) {
    this.timerPrefix = `${opts.name}-conn${++connectionSeq}`;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  setHandlers(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
  }

  nextReqId(): string {
    return `${this.opts.name}-${++this.reqSeq}`;
  }

  /** Connect and log in; resolves with the venue's login answer. */
  async connect(): Promise<LoginOk> {
    if (this.stateValue === 'CONNECTED' && this.login) return this.login;
    this.moveTo('CONNECTING');
    try {
      const login = await this.establish();
      if (this.stateValue !== 'CONNECTING') throw notConnected('connect', this.stateValue);
      this.attempts = 0;
      this.handlers?.onLogin?.(login, false);
      this.moveTo('CONNECTED');
      return login;
    } catch (err) {
      this.dropSocket();
      if (this.stateValue === 'CONNECTING') this.moveTo('DISCONNECTED', { reason: (err as Error).message });
      throw err;
    }
  }

  /** Close the session for good: every timer, pending request and the socket are released. */
  async disconnect(): Promise<void> {
    if (this.stateValue !== 'CLOSED') this.moveTo('CLOSED');
    for (const t of this.timers) this.opts.clock.cancelTimer(t);
    this.timers.clear();
    this.rejectPending(new EngineError('VENUE_DISCONNECTED', 'expected an answer from the venue, received a client disconnect', {}));
    const ws = this.ws;
    this.ws = undefined;
    this.sessionReady = false;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client disconnect');
      else ws.terminate();
      // A peer that never answers the close handshake must not hold the socket.
      const t = `${this.timerPrefix}-close`;
      this.opts.clock.setTimeAlert(t, this.opts.clock.timestampNs() + msToNs(1000), () => ws.terminate());
      ws.once('close', () => this.opts.clock.cancelTimer(t));
    });
  }

  /** Send a frame that is answered by events (commands); throws VENUE_NOT_CONNECTED when offline. */
  send(frame: ClientFrameInput): void {
    const ws = this.ws;
    if (!this.sessionReady || !ws || ws.readyState !== WebSocket.OPEN) throw notConnected(frame.type, this.stateValue);
    this.write(ws, frame);
  }

  /** Send a request and wait for its answer of one of the `expect` types, at most `requestTimeoutMs`. */
  request<T extends ServerFrameType>(frame: ClientFrameInput & { reqId: string }, expect: readonly T[]): Promise<ServerFrameOf<T>> {
    const ws = this.ws;
    const loggingIn = frame.type === 'login';
    if ((!loggingIn && !this.sessionReady) || !ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(notConnected(frame.type, this.stateValue));
    }
    return new Promise<ServerFrameOf<T>>((resolve, reject) => {
      const timeoutMs = this.opts.requestTimeoutMs ?? 5000;
      // Its answer may be behind frames not read yet: while a request waits, the socket is read even
      // if the consumer is full (the engine may be waiting on this very answer to drain its queue).
      queueMicrotask(() => this.resumeReading());
      const timer = `${this.timerPrefix}-req-${frame.reqId}`;
      this.pending.set(frame.reqId, { expect, timer, resolve: resolve as (f: ServerFrame) => void, reject });
      this.alert(timer, timeoutMs, () => {
        if (!this.pending.delete(frame.reqId)) return;
        reject(
          new EngineError('VENUE_QUERY_TIMEOUT', `${frame.type} ${frame.reqId}: expected ${expect.join(' or ')} within ${timeoutMs} ms, received nothing`, {
            reqId: frame.reqId,
            request: frame.type,
            timeoutMs,
          }),
        );
      });
      this.write(ws, frame);
    });
  }

  private write(ws: WebSocket, frame: ClientFrameInput): void {
    this.stats.framesOut++;
    ws.send(JSON.stringify(frame));
  }

  private async establish(): Promise<LoginOk> {
    const ws = await this.openSocket();
    this.ws = ws;
    this.sessionReady = false;
    this.readPaused = false;
    this.held = [];
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.onClose(ws, code, reason.toString()));
    const timestamp = this.opts.clock.timestampNs().toString();
    const nonce = newNonce();
    const reqId = this.nextReqId();
    const frame = { type: 'login' as const, reqId, apiKey: this.opts.apiKey, timestamp, nonce, signature: signLogin(this.opts.apiSecret, timestamp, nonce) };
    try {
      const login = await this.request(frame, ['login_ok']);
      this.login = login;
      this.sessionReady = this.ws === ws;
      return login;
    } catch (err) {
      const e = err as EngineError;
      if (e.code === 'VENUE_REQUEST_FAILED') {
        throw new EngineError('VENUE_LOGIN_FAILED', `login as '${this.opts.apiKey}': expected login_ok, received ${String(e.details.venueCode)}: ${String(e.details.venueMessage)}`, {
          venueCode: e.details.venueCode,
          venueMessage: e.details.venueMessage,
        });
      }
      throw err;
    }
  }

  private openSocket(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      // The same socket bound as the venue's: a frame over it is refused from its header, never buffered.
      const ws = new WebSocket(this.opts.url, { maxPayload: MAX_SOCKET_FRAME_BYTES });
      const timeoutMs = this.opts.connectTimeoutMs ?? 5000;
      const timer = `${this.timerPrefix}-connect`;
      let settled = false;
      const fail = (e: EngineError) => {
        if (settled) return;
        settled = true;
        this.cancel(timer);
        ws.terminate();
        reject(e);
      };
      this.alert(timer, timeoutMs, () => fail(new EngineError('VENUE_CONNECT_TIMEOUT', `${this.opts.url}: expected an open WebSocket within ${timeoutMs} ms, received none`, { url: this.opts.url })));
      ws.on('error', (err) => fail(new EngineError('VENUE_CONNECT_FAILED', `${this.opts.url}: expected an open WebSocket, received ${err.message}`, { url: this.opts.url })));
      ws.once('open', () => {
        if (settled) return;
        settled = true;
        this.cancel(timer);
        resolve(ws);
      });
    });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.readPaused) {
      this.held.push({ data, isBinary });
      return;
    }
    this.handleMessage(data, isBinary);
  }

  private handleMessage(data: RawData, isBinary: boolean): void {
    this.stats.framesIn++;
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    if (isBinary) return this.malformed('expected a text frame holding JSON, received a binary frame', undefined);
    const parsed = parseServerFrame(text);
    if (!parsed.ok) return this.malformed(`${parsed.code}: ${parsed.message}`, text);
    const frame = parsed.frame;
    const reqId = 'reqId' in frame ? frame.reqId : undefined;
    const p = reqId !== undefined ? this.pending.get(reqId) : undefined;
    if (p && reqId !== undefined) {
      if (frame.type === 'error') {
        this.settle(reqId, p);
        return p.reject(
          new EngineError('VENUE_REQUEST_FAILED', `${reqId}: expected ${p.expect.join(' or ')}, received error ${frame.code}: ${frame.message}`, {
            reqId,
            venueCode: frame.code,
            venueMessage: frame.message,
          }),
        );
      }
      if ((p.expect as readonly string[]).includes(frame.type)) {
        this.settle(reqId, p);
        return p.resolve(frame);
      }
    }
    this.handlers?.onFrame(frame);
    if (this.pending.size === 0 && this.ws !== undefined) {
      const ready = this.handlers?.whenReady?.();
      if (ready !== undefined) this.pauseReading(ready);
    }
  }

  /** Stop reading the socket until `ready` resolves (TCP then holds the venue back: §5 back-pressure). */
  private pauseReading(ready: Promise<void>): void {
    if (this.readPaused) return;
    this.readPaused = true;
    this.stats.readPauses++;
    this.ws?.pause();
    void ready.then(() => this.resumeReading());
  }

  /** Hand over the held frames in order (pausing again if the consumer fills up), then read the socket again. */
  private resumeReading(): void {
    if (!this.readPaused) return;
    this.readPaused = false;
    while (this.held.length > 0 && !this.readPaused) {
      const { data, isBinary } = this.held.shift()!;
      this.handleMessage(data, isBinary);
    }
    if (!this.readPaused) this.ws?.resume();
  }

  private settle(reqId: string, p: Pending): void {
    this.pending.delete(reqId);
    this.cancel(p.timer);
  }

  private malformed(reason: string, raw: string | undefined): void {
    this.stats.malformed++;
    this.handlers?.onMalformed({ reason, ...(raw !== undefined ? { raw: raw.slice(0, 2000) } : {}) });
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.ws !== ws) return;
    this.ws = undefined;
    // Frames read before the close still count (an event the venue sent is never dropped); with no
    // socket left there is nothing to pause, so they go to the consumer (at most one socket read).
    this.readPaused = false;
    for (const { data, isBinary } of this.held.splice(0)) this.handleMessage(data, isBinary);
    this.sessionReady = false;
    const why = `connection closed (${code}${reason ? ` ${reason}` : ''})`;
    this.rejectPending(new EngineError('VENUE_DISCONNECTED', `expected an answer from the venue, received a ${why}`, { code, reason }));
    if (this.stateValue !== 'CONNECTED') return; // a drop while connecting is the connect's failure
    if (this.opts.reconnect === false) return this.moveTo('DISCONNECTED', { reason: why });
    this.moveTo('RECONNECTING', { reason: why });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const r = this.opts.reconnect || {};
    const delay = Math.min((r.initialDelayMs ?? 250) * (r.factor ?? 2) ** this.attempts, r.maxDelayMs ?? 10_000);
    this.alert(`${this.timerPrefix}-reconnect`, delay, () => void this.reconnectOnce());
  }

  private async reconnectOnce(): Promise<void> {
    if (this.stateValue !== 'RECONNECTING') return;
    try {
      const login = await this.establish();
      if (this.stateValue !== 'RECONNECTING') return;
      this.attempts = 0;
      this.stats.reconnects++;
      this.handlers?.onLogin?.(login, true);
      this.moveTo('CONNECTED', { reconnected: true });
    } catch (err) {
      this.dropSocket();
      if (this.stateValue !== 'RECONNECTING') return;
      this.attempts++;
      const e = err as EngineError;
      const permanent = e.code === 'VENUE_LOGIN_FAILED' && PERMANENT_LOGIN_CODES.has(String(e.details.venueCode));
      const max = (this.opts.reconnect || {}).maxAttempts;
      if (permanent || (max !== undefined && this.attempts >= max)) {
        return this.moveTo('DISCONNECTED', { reason: `reconnection abandoned after ${this.attempts} attempts: ${e.message}` });
      }
      this.scheduleReconnect();
    }
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = undefined;
    this.sessionReady = false;
    ws?.terminate();
  }

  private rejectPending(err: EngineError): void {
    for (const [, p] of this.pending) {
      this.cancel(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private moveTo(state: ConnectionState, info?: { reconnected?: boolean; reason?: string }): void {
    this.stateValue = nextConnectionState(this.stateValue, state);
    this.handlers?.onState(state, info);
  }

  private alert(name: string, afterMs: number, fn: () => void): void {
    this.timers.add(name);
    this.opts.clock.setTimeAlert(name, this.opts.clock.timestampNs() + msToNs(afterMs), () => {
      this.timers.delete(name);
      fn();
    });
  }

  private cancel(name: string): void {
    if (this.timers.delete(name)) this.opts.clock.cancelTimer(name);
  }
}

function notConnected(what: string, state: ConnectionState): EngineError {
  return new EngineError('VENUE_NOT_CONNECTED', `${what}: expected a CONNECTED venue session, received state ${state}`, { state, request: what });
}
