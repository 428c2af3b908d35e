import WebSocket from 'ws';
import type { TimeEventHandler } from '../../src/engine/core/clock.js';
import { LiveClock } from '../../src/engine/core/live-clock.js';
import { makeLoginFrame } from '../../src/engine/venue/sandbox/protocol/auth.js';
import { type ClientFrameInput, type ServerFrame, parseServerFrame } from '../../src/engine/venue/sandbox/protocol/messages.js';

/** A minimal raw protocol client for the venue tests: send frames, wait for frames matching a predicate. */
export class TestWsClient {
  readonly frames: ServerFrame[] = [];
  closed = false;
  closeCode: number | undefined;
  private waiters: Array<{ pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; from: number }> = [];
  private closeWaiters: Array<() => void> = [];
  private seq = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const r = parseServerFrame(data.toString());
      if (!r.ok) throw new Error(`server sent an invalid frame: ${r.message}`);
      this.frames.push(r.frame);
      for (const w of [...this.waiters]) {
        if (w.pred(r.frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(r.frame);
        }
      }
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      for (const w of this.closeWaiters.splice(0)) w();
    });
  }

  static async connect(url: string): Promise<TestWsClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestWsClient(ws);
  }

  static async login(url: string, apiKey = 'k', apiSecret = 's'): Promise<TestWsClient> {
    const c = await TestWsClient.connect(url);
    const ok = await c.request(makeLoginFrame(apiKey, apiSecret, nowNs()), 'login_ok');
    if (ok.type !== 'login_ok') throw new Error(`login failed: ${JSON.stringify(ok)}`);
    return c;
  }

  nextReqId(): string {
    return `r${++this.seq}`;
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  send(frame: ClientFrameInput): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Resolves with the first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: ServerFrame) => boolean, from = 0): Promise<ServerFrame> {
    const found = this.frames.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve, from }));
  }

  /** Send a frame and wait for the first answer of `type` (or an error) with its reqId. */
  async request(frame: ClientFrameInput & { reqId: string }, type: ServerFrame['type']): Promise<ServerFrame> {
    const from = this.frames.length;
    this.send(frame);
    return this.waitFor((f) => 'reqId' in f && f.reqId === frame.reqId && (f.type === type || f.type === 'error'), from);
  }

  /** All event frames for a reqId, once `count` have arrived. */
  async events(reqId: string, count: number): Promise<Array<Extract<ServerFrame, { type: 'event' }>['data']>> {
    const pick = () => this.frames.filter((f): f is Extract<ServerFrame, { type: 'event' }> => f.type === 'event' && f.reqId === reqId);
    while (pick().length < count) await this.waitFor((f) => f.type === 'event' && f.reqId === reqId, this.frames.length);
    return pick().map((f) => f.data);
  }

  waitClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.ws.close();
  }
}

export function nowNs(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/** A wall clock that holds back alerts whose names start with `prefix` until `release()` (no sleeping in tests). */
export class HeldClock extends LiveClock {
  readonly held: Array<{ name: string; at: bigint; fire: () => void }> = [];
  constructor(private readonly prefix: string) {
    super();
  }
  override setTimeAlert(name: string, alertTimeNs: bigint, handler: TimeEventHandler): void {
    if (!name.startsWith(this.prefix)) return super.setTimeAlert(name, alertTimeNs, handler);
    this.held.push({ name, at: alertTimeNs, fire: () => handler({ name, eventId: name, tsEvent: alertTimeNs, tsInit: alertTimeNs }) });
  }
  release(): void {
    for (const h of this.held.splice(0)) h.fire();
  }
}
