/**
 * Recent market data per instrument, for charts. The engine's cache keeps the latest quote only (what
 * trading needs), so the kernel listens to the node's bus and keeps a bounded ring per instrument: the
 * last `capacity` bars (default 2,000: a day and a half of one-minute bars) and quotes (default 2,000;
 * quotes are thinned to one per `quoteSpacingMs`, default 250 ms, so a busy book does not push the
 * picture's history out in seconds). Memory stays bounded however long the session runs.
 *
 * It records what flows on the bus: bars and quotes some strategy (or reconciliation) subscribed to. An
 * attached node's mirror carries no market data, so over `attach` a chart has orders and fills only.
 */
import { topics } from '../../engine/bus/index.js';
import type { BarPoint, MarketDataReader, QuotePoint } from '../display/index.js';
import type { LiveBus } from './node-live-view.js';

/** A fixed-size ring: pushing past capacity drops the oldest. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const at = (this.start + this.count) % this.capacity;
    this.items[at] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}

export interface MarketHistoryOptions {
  /** Bars kept per instrument (default 2,000). */
  readonly barCapacity?: number;
  /** Quotes kept per instrument (default 2,000). */
  readonly quoteCapacity?: number;
  /** A quote closer than this to the last kept one replaces it instead of taking a slot (default 250 ms). */
  readonly quoteSpacingMs?: number;
}

type Rec = Readonly<Record<string, unknown>>;

const num = (v: unknown): number => Number(String(v));
const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1_000_000n) : Math.floor(Number(v) / 1_000_000));

export class MarketHistory implements MarketDataReader {
  private readonly barRings = new Map<string, Ring<BarPoint>>();
  private readonly quoteRings = new Map<string, Ring<QuotePoint>>();
  /** When the last kept quote's slot began: later quotes within the spacing replace it. */
  private readonly slotStart = new Map<string, number>();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly barCapacity: number;
  private readonly quoteCapacity: number;
  private readonly quoteSpacingMs: number;

  constructor(bus: LiveBus | undefined, options: MarketHistoryOptions = {}) {
    this.barCapacity = Math.max(2, options.barCapacity ?? 2000);
    this.quoteCapacity = Math.max(2, options.quoteCapacity ?? 2000);
    this.quoteSpacingMs = options.quoteSpacingMs ?? 250;
    // A node without a bus in this process (one running apart) has no market data here to record.
    if (bus === undefined) return;
    this.unsubscribes.push(
      bus.subscribe(topics.allBars, (m) => this.onBar(m as Rec), { prefix: true }),
      bus.subscribe(topics.allQuotes, (m) => this.onQuote(m as Rec), { prefix: true }),
    );
  }

  bars(instrumentId: string): readonly BarPoint[] {
    return this.barRings.get(instrumentId)?.toArray() ?? [];
  }

  quotes(instrumentId: string): readonly QuotePoint[] {
    return this.quoteRings.get(instrumentId)?.toArray() ?? [];
  }

  /** Instruments with any recorded data (for completion). */
  instruments(): string[] {
    return [...new Set([...this.barRings.keys(), ...this.quoteRings.keys()])].sort();
  }

  stop(): void {
    for (const u of this.unsubscribes.splice(0)) u();
  }

  private onBar(b: Rec): void {
    const id = String(b['instrumentId']);
    let ring = this.barRings.get(id);
    if (ring === undefined) this.barRings.set(id, (ring = new Ring(this.barCapacity)));
    ring.push({ ts: ms(b['tsEvent']), open: num(b['open']), high: num(b['high']), low: num(b['low']), close: num(b['close']) });
  }

  private onQuote(q: Rec): void {
    const id = String(q['instrumentId']);
    let ring = this.quoteRings.get(id);
    if (ring === undefined) this.quoteRings.set(id, (ring = new Ring(this.quoteCapacity)));
    const point = { ts: ms(q['tsEvent']), bid: num(q['bid']), ask: num(q['ask']) };
    const last = ring.last();
    const slot = this.slotStart.get(id);
    if (last !== undefined && slot !== undefined && point.ts - slot < this.quoteSpacingMs) {
      // Replace the last kept quote in place: the latest price in the slot is what a chart must show.
      Object.assign(last, point);
      return;
    }
    this.slotStart.set(id, point.ts);
    ring.push(point);
  }
}
