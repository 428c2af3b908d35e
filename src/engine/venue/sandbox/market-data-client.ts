import type { Clock } from '../../core/clock.js';
import type { ConnectionState, MarketDataClient, MarketDataSink } from '../../execution/client.js';
import type { ServerFrame } from './protocol/messages.js';
import { toBar, toQuoteTick, toTradeTick } from './translate.js';
import { VenueConnection, type ReconnectOptions } from './venue-connection.js';

/**
 * keel's market data client for the sandbox venue: subscriptions for quotes, trades and bars, and the
 * frames translated into `QuoteTick` / `TradeTick` / `Bar` (`tsInit` = when keel read them).
 * Subscriptions made before `connect()` are sent on connect, and all of them again after a reconnect.
 */
export interface SandboxMarketDataClientOptions {
  readonly venue: string;
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
  readonly clientId?: string;
  readonly requestTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions | false;
  /** Frames that could not be understood (the market data sink has no place for them). */
  readonly onMalformed?: (detail: { reason: string; raw?: string }) => void;
  readonly onConnectionState?: (state: ConnectionState, info?: { reconnected?: boolean; reason?: string }) => void;
}

type Channel = 'quotes' | 'trades' | 'bars';

export class SandboxMarketDataClient implements MarketDataClient {
  readonly clientId: string;
  readonly venue: string;
  private sink: MarketDataSink | undefined;
  private readonly conn: VenueConnection;
  /** `channel:topic` keys, as the venue names its topics. */
  private readonly subscriptions = new Set<string>();
  /** Subscribe/unsubscribe requests the venue has not answered yet. */
  private readonly unanswered = new Set<Promise<unknown>>();

  constructor(private readonly opts: SandboxMarketDataClientOptions) {
    this.venue = opts.venue;
    this.clientId = opts.clientId ?? opts.venue;
    this.conn = new VenueConnection({
      url: opts.url,
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      clock: opts.clock,
      name: `${this.clientId}-DATA`,
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.reconnect !== undefined ? { reconnect: opts.reconnect } : {}),
    });
    this.conn.setHandlers({
      onFrame: (f) => this.onFrame(f),
      onState: (state, info) => this.opts.onConnectionState?.(state, info),
      onMalformed: (d) => this.opts.onMalformed?.(d),
      // Before CONNECTED is reported, so no data is missed by a subscriber that waits for it.
      onLogin: () => {
        for (const key of this.subscriptions) this.sendSubscription('subscribe', key);
      },
    });
  }

  get connectionState(): ConnectionState {
    return this.conn.state;
  }
  get malformedCount(): number {
    return this.conn.stats.malformed;
  }
  /** Current subscriptions as `channel:topic`, sorted. */
  get subscribed(): string[] {
    return [...this.subscriptions].sort();
  }

  /**
   * Resolves once the venue has answered every subscription request sent so far (acked, refused or timed
   * out): from then on its data flows, and a quote snapshot sent on subscribe has been delivered.
   */
  async whenSubscribed(): Promise<void> {
    while (this.unanswered.size > 0) await Promise.allSettled([...this.unanswered]);
  }

  setSink(sink: MarketDataSink): void {
    this.sink = sink;
  }
  async connect(): Promise<void> {
    await this.conn.connect();
  }
  disconnect(): Promise<void> {
    return this.conn.disconnect();
  }

  subscribeQuotes(instrumentId: string): void {
    this.change('subscribe', 'quotes', instrumentId);
  }
  subscribeTrades(instrumentId: string): void {
    this.change('subscribe', 'trades', instrumentId);
  }
  subscribeBars(barType: string): void {
    this.change('subscribe', 'bars', barType);
  }
  unsubscribeQuotes(instrumentId: string): void {
    this.change('unsubscribe', 'quotes', instrumentId);
  }
  unsubscribeTrades(instrumentId: string): void {
    this.change('unsubscribe', 'trades', instrumentId);
  }
  unsubscribeBars(barType: string): void {
    this.change('unsubscribe', 'bars', barType);
  }

  private change(type: 'subscribe' | 'unsubscribe', channel: Channel, topic: string): void {
    const key = `${channel}:${topic}`;
    if (type === 'subscribe') {
      if (this.subscriptions.has(key)) return;
      this.subscriptions.add(key);
    } else if (!this.subscriptions.delete(key)) return;
    if (this.conn.state === 'CONNECTED') this.sendSubscription(type, key);
  }

  private sendSubscription(type: 'subscribe' | 'unsubscribe', key: string): void {
    const colon = key.indexOf(':');
    const channel = key.slice(0, colon) as Channel;
    const topic = key.slice(colon + 1);
    // The ack carries nothing; a refusal or a timeout is reported like a malformed answer would be.
    const answered = this.conn.request({ type, reqId: this.conn.nextReqId(), channel, topic }, ['ok']).catch((err: Error) => {
      this.opts.onMalformed?.({ reason: `${type} ${key}: ${err.message}` });
    });
    this.unanswered.add(answered);
    void answered.finally(() => this.unanswered.delete(answered));
  }

  private onFrame(f: ServerFrame): void {
    const sink = this.sink;
    if (!sink) return;
    const now = this.opts.clock.timestampNs();
    let deliver: (() => void) | undefined;
    try {
      if (f.type === 'quote') {
        const q = toQuoteTick(f, now);
        deliver = () => sink.onQuote(q);
      } else if (f.type === 'trade') {
        const t = toTradeTick(f, now);
        deliver = () => sink.onTrade(t);
      } else if (f.type === 'bar') {
        const b = toBar(f, now);
        deliver = () => sink.onBar(b);
      }
    } catch (err) {
      // Valid by schema but not translatable (e.g. a negative size): still a malformed frame.
      this.conn.stats.malformed++;
      this.opts.onMalformed?.({ reason: `untranslatable ${f.type} frame: ${(err as Error).message}`, raw: JSON.stringify(f).slice(0, 2000) });
      return;
    }
    deliver?.();
  }
}
