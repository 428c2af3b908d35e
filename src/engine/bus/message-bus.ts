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

const NO_SUBSCRIPTIONS: readonly Subscription[] = [];

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
  // Subscriber lists are copy-on-write: (un)subscribing replaces the array, so a delivery can walk the
  // array it started with (the snapshot the ordering rules need) without copying it per message.
  private readonly exact = new Map<string, readonly Subscription[]>();
  private prefixes: readonly Subscription[] = NO_SUBSCRIPTIONS;
  /** FIFO of messages waiting behind the current delivery; `mailboxHead` is the next one to deliver. */
  private mailbox: Delivery[] = [];
  private mailboxHead = 0;
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
      this.prefixes = [...this.prefixes, sub];
    } else {
      this.exact.set(topic, [...(this.exact.get(topic) ?? NO_SUBSCRIPTIONS), sub]);
    }
    return () => this.unsubscribe(sub);
  }

  publish(topic: string, message: unknown): void {
    this._published += 1;
    if (this.delivering || this.mailboxHead < this.mailbox.length) {
      this.enqueue({ kind: 'publish', topic, message });
      return;
    }
    // Top level (nothing being delivered or waiting): deliver now, then whatever the handlers queued.
    this.delivering = true;
    try {
      this.deliverPublish(topic, message);
      this.drain();
    } finally {
      this.delivering = false;
    }
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
    return this.mailbox.length - this.mailboxHead;
  }

  private unsubscribe(sub: Subscription): void {
    sub.active = false;
    if (sub.prefix) {
      if (this.prefixes.includes(sub)) this.prefixes = this.prefixes.filter((s) => s !== sub);
      return;
    }
    const list = this.exact.get(sub.topic);
    if (!list) return;
    const i = list.indexOf(sub);
    if (i < 0) return;
    if (list.length === 1) this.exact.delete(sub.topic);
    else this.exact.set(sub.topic, list.filter((s) => s !== sub));
  }

  private enqueue(delivery: Delivery): void {
    this.mailbox.push(delivery);
    if (this.delivering) return;
    this.delivering = true;
    try {
      this.drain();
    } finally {
      this.delivering = false;
    }
  }

  /** Deliver queued messages in order until the mailbox is empty (only while `delivering`). */
  private drain(): void {
    try {
      while (this.mailboxHead < this.mailbox.length) {
        const next = this.mailbox[this.mailboxHead]!;
        this.mailboxHead += 1;
        // A cascade that keeps queueing never empties the mailbox: drop the delivered part now and then.
        if (this.mailboxHead > 1024 && this.mailboxHead * 2 > this.mailbox.length) {
          this.mailbox = this.mailbox.slice(this.mailboxHead);
          this.mailboxHead = 0;
        }
        if (next.kind === 'send') {
          const handler = this.endpoints.get(next.endpoint);
          if (handler) this.call(handler, next.message, next.endpoint);
        } else {
          this.deliverPublish(next.topic, next.message);
        }
      }
    } finally {
      // Reset rather than shift: shifting a long queue is O(n) per message.
      if (this.mailboxHead >= this.mailbox.length) {
        this.mailbox.length = 0;
        this.mailboxHead = 0;
      }
    }
  }

  private deliverPublish(topic: string, message: unknown): void {
    // The arrays are never mutated (copy-on-write), so walking them is walking a snapshot: (un)subscribing
    // inside a handler affects later messages only (an unsubscribed handler is skipped by `active`).
    const exact = this.exact.get(topic);
    const prefixes = this.prefixes;
    if (exact !== undefined) {
      for (let i = 0; i < exact.length; i++) {
        const s = exact[i]!;
        if (s.active) this.call(s.handler, message, topic);
      }
    }
    for (let i = 0; i < prefixes.length; i++) {
      const s = prefixes[i]!;
      if (s.active && topic.startsWith(s.topic)) this.call(s.handler, message, topic);
    }
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
