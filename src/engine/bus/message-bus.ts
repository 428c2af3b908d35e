import { EngineError } from '../core/errors.js';
import { noopLogger, type Logger } from '../core/logger.js';

export type Handler<T = unknown> = (message: T) => void;
export type Unsubscribe = () => void;

export interface SubscribeOptions {
  /** Match every topic that starts with `topic` (no wildcards: a plain prefix). */
  readonly prefix?: boolean;
}

interface Subscription {
  readonly topic: string;
  readonly prefix: boolean;
  readonly handler: Handler;
  active: boolean;
}

type Delivery = { readonly kind: 'publish'; readonly topic: string; readonly message: unknown }
  | { readonly kind: 'send'; readonly endpoint: string; readonly message: unknown };

/**
 * Point-to-point (`register`/`send`) and pub/sub (`subscribe`/`publish`) in one in-order mailbox.
 *
 * Why a mailbox: a handler that publishes again (a strategy reacting to a fill by submitting) would
 * otherwise deliver its new message *before* the rest of the subscribers saw the first one. Here a
 * message sent or published while another is being delivered waits in a FIFO and is delivered once the
 * current delivery has reached every handler, so every subscriber sees messages in publish order. A
 * top-level publish (nothing being delivered) is delivered synchronously before `publish` returns.
 * A throwing handler is logged and counted; the other handlers still get the message.
 */
export class MessageBus {
  private readonly endpoints = new Map<string, Handler>();
  private readonly exact = new Map<string, Subscription[]>();
  private readonly prefixes: Subscription[] = [];
  private readonly mailbox: Delivery[] = [];
  private delivering = false;
  private _handlerErrors = 0;
  private _published = 0;

  constructor(private readonly log: Logger = noopLogger) {}

  register<T>(endpoint: string, handler: Handler<T>): void {
    if (this.endpoints.has(endpoint)) {
      throw new EngineError('BUS_ENDPOINT_TAKEN', `expected a free endpoint name, received '${endpoint}' (already registered)`, { endpoint });
    }
    this.endpoints.set(endpoint, handler as Handler);
  }

  deregister(endpoint: string): void {
    this.endpoints.delete(endpoint);
  }

  isRegistered(endpoint: string): boolean {
    return this.endpoints.has(endpoint);
  }

  /** Deliver to the one handler registered at `endpoint`; sending to no one is an error (a wiring bug). */
  send(endpoint: string, message: unknown): void {
    if (!this.endpoints.has(endpoint)) {
      throw new EngineError('BUS_ENDPOINT_UNKNOWN', `expected a registered endpoint (${[...this.endpoints.keys()].sort().join(', ')}), received '${endpoint}'`, {
        endpoint,
      });
    }
    this.enqueue({ kind: 'send', endpoint, message });
  }

  subscribe<T>(topic: string, handler: Handler<T>, options: SubscribeOptions = {}): Unsubscribe {
    const sub: Subscription = { topic, prefix: options.prefix ?? false, handler: handler as Handler, active: true };
    if (sub.prefix) {
      this.prefixes.push(sub);
    } else {
      const list = this.exact.get(topic);
      if (list) list.push(sub);
      else this.exact.set(topic, [sub]);
    }
    return () => this.unsubscribe(sub);
  }

  publish(topic: string, message: unknown): void {
    this._published += 1;
    this.enqueue({ kind: 'publish', topic, message });
  }

  hasSubscribers(topic: string): boolean {
    return (this.exact.get(topic)?.length ?? 0) > 0 || this.prefixes.some((s) => topic.startsWith(s.topic));
  }

  /** Handlers that threw (each was logged). */
  get handlerErrors(): number {
    return this._handlerErrors;
  }

  get publishedCount(): number {
    return this._published;
  }

  /** Messages waiting behind the one being delivered. */
  get pending(): number {
    return this.mailbox.length;
  }

  private unsubscribe(sub: Subscription): void {
    sub.active = false;
    if (sub.prefix) {
      const i = this.prefixes.indexOf(sub);
      if (i >= 0) this.prefixes.splice(i, 1);
      return;
    }
    const list = this.exact.get(sub.topic);
    if (!list) return;
    const i = list.indexOf(sub);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.exact.delete(sub.topic);
  }

  private enqueue(delivery: Delivery): void {
    this.mailbox.push(delivery);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.mailbox.shift(); next; next = this.mailbox.shift()) this.deliver(next);
    } finally {
      this.delivering = false;
    }
  }

  private deliver(d: Delivery): void {
    if (d.kind === 'send') {
      const handler = this.endpoints.get(d.endpoint);
      if (handler) this.call(handler, d.message, d.endpoint);
      return;
    }
    // Snapshot the subscriber list: (un)subscribing inside a handler affects later messages only.
    const exact = this.exact.get(d.topic);
    const targets = exact ? [...exact] : [];
    for (const s of this.prefixes) if (d.topic.startsWith(s.topic)) targets.push(s);
    for (const s of targets) if (s.active) this.call(s.handler, d.message, d.topic);
  }

  private call(handler: Handler, message: unknown, where: string): void {
    try {
      handler(message);
    } catch (error) {
      this._handlerErrors += 1;
      this.log.error(`bus handler for '${where}' threw`, {
        code: 'BUS_HANDLER_ERROR', where, error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
