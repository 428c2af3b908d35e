import WebSocket from 'ws';
import type { Clock } from '../engine/core/clock.js';
import { EngineError } from '../engine/core/errors.js';
import { isErrorCode } from '../engine/core/error-codes.js';
import { makeLoginFrame } from '../engine/venue/sandbox/protocol/auth.js';
import { type ServerFrame, parseServerFrame } from '../engine/venue/sandbox/protocol/messages.js';
import type { ExternalOrderInput, QuoteInput, SeedOrderInput, SeedPositionInput } from './venue-controls.js';
import type { Fault } from './venue-faults.js';
import { LiveClock } from '../engine/core/live-clock.js';

/**
 * `venue.controls` for a venue in another process, over the admin-key channel: the same operations,
 * asynchronous. Decimals must be strings or numbers here (they cross a wire).
 */
export class VenueAdminClient {
  private seq = 0;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const r = parseServerFrame(data.toString());
      if (!r.ok || !('reqId' in r.frame) || r.frame.reqId === undefined) return;
      const p = this.pending.get(r.frame.reqId);
      if (!p) return;
      this.pending.delete(r.frame.reqId);
      settle(r.frame, p);
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new EngineError('VENUE_ADMIN_DISCONNECTED', 'expected an answer from the venue, received a closed connection'));
      this.pending.clear();
    });
  }

  static async connect(url: string, apiKey: string, apiSecret: string, clock: Clock = new LiveClock()): Promise<VenueAdminClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new VenueAdminClient(ws);
    const ok = (await client.request(makeLoginFrame(apiKey, apiSecret, clock.timestampNs(), 'admin-login'))) as { admin?: boolean };
    if (!ok.admin) throw new EngineError('VENUE_ADMIN_REFUSED', `expected an admin login for key '${apiKey}', received a trading login`);
    return client;
  }

  private request(frame: { reqId: string } & Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(frame.reqId, { resolve, reject });
      this.ws.send(JSON.stringify(frame));
    });
  }

  private control(action: string, params?: unknown): Promise<unknown> {
    return this.request({ type: 'control', reqId: `adm-${++this.seq}`, action, ...(params !== undefined ? { params } : {}) });
  }

  seedOrder(input: SeedOrderInput): Promise<unknown> {
    return this.control('seedOrder', jsonSafe(input));
  }
  seedPosition(input: SeedPositionInput): Promise<unknown> {
    return this.control('seedPosition', jsonSafe(input));
  }
  setQuote(instrumentId: string, quote: QuoteInput): Promise<unknown> {
    return this.control('setQuote', jsonSafe({ instrumentId, ...quote }));
  }
  placeExternalOrder(input: ExternalOrderInput): Promise<unknown> {
    return this.control('placeExternalOrder', jsonSafe(input));
  }
  fault(fault: Fault): Promise<unknown> {
    return this.control('fault', fault);
  }
  clearFaults(): Promise<unknown> {
    return this.control('clearFaults');
  }
  restart(): Promise<unknown> {
    return this.control('restart');
  }
  /** Deposit (positive) or withdraw (negative) `amount` with no trade; the account's sessions get its new state. */
  adjustBalance(accountId: string, currency: string, amount: string): Promise<unknown> {
    return this.control('adjustBalance', { accountId, currency, amount });
  }
  stats(): Promise<unknown> {
    return this.control('stats');
  }

  /** Lockstep feeds: emit recorded points until one reaches a session or causes order events (at most `max`). */
  step(max = 1): Promise<{ emitted: number; activity: boolean; done: boolean; tsEvent?: string; fills: number; published: number }> {
    return this.control('step', { max }) as Promise<{ emitted: number; activity: boolean; done: boolean; tsEvent?: string; fills: number; published: number }>;
  }
  close(): void {
    this.ws.close();
  }
}

function settle(frame: ServerFrame, p: { resolve: (v: unknown) => void; reject: (e: Error) => void }): void {
  // Protocol codes are in the error catalogue, so they pass through as they are; a code this keel does
  // not know (a newer venue) still arrives as a coded error, with the venue's code in the details.
  if (frame.type === 'error') {
    p.reject(isErrorCode(frame.code)
      ? new EngineError(frame.code, frame.message)
      : new EngineError('VENUE_REQUEST_FAILED', `expected an answer, received error ${frame.code}: ${frame.message}`, { venueCode: frame.code }));
  }
  else if (frame.type === 'ok') p.resolve(frame.result);
  else p.resolve(frame);
}

/** bigint and Decimal values become strings so they survive JSON. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
