import { Price, Quantity } from '../engine/core/decimal.js';
import type { Bar, MarketData, QuoteTick, TradeTick } from '../engine/model/market-data.js';
import { marketDataKind } from '../engine/data/bar-path.js';

/**
 * Market data as plain values for a worker thread (structured clone keeps no classes): decimals as
 * text with their precision kept, times as bigint. `fromWire` rebuilds the same values.
 */
export type WireMarketData =
  | { k: 'b'; barType: string; instrumentId: string; o: string; h: string; l: string; c: string; v: string; ts: bigint; ti: bigint }
  | { k: 'q'; instrumentId: string; bid: string; ask: string; bs: string; as: string; ts: bigint; ti: bigint }
  | { k: 't'; instrumentId: string; px: string; sz: string; side: 'BUY' | 'SELL'; id: string; ts: bigint; ti: bigint };

export function toWire(d: MarketData): WireMarketData {
  switch (marketDataKind(d)) {
    case 'bar': {
      const b = d as Bar;
      return { k: 'b', barType: b.barType, instrumentId: b.instrumentId, o: b.open.toString(), h: b.high.toString(), l: b.low.toString(), c: b.close.toString(), v: b.volume.toString(), ts: b.tsEvent, ti: b.tsInit };
    }
    case 'quote': {
      const q = d as QuoteTick;
      return { k: 'q', instrumentId: q.instrumentId, bid: q.bid.toString(), ask: q.ask.toString(), bs: q.bidSize.toString(), as: q.askSize.toString(), ts: q.tsEvent, ti: q.tsInit };
    }
    default: {
      const t = d as TradeTick;
      return { k: 't', instrumentId: t.instrumentId, px: t.price.toString(), sz: t.size.toString(), side: t.aggressorSide, id: t.tradeId, ts: t.tsEvent, ti: t.tsInit };
    }
  }
}

export function fromWire(w: WireMarketData): MarketData {
  if (w.k === 'b') {
    return { barType: w.barType, instrumentId: w.instrumentId, open: Price.from(w.o), high: Price.from(w.h), low: Price.from(w.l), close: Price.from(w.c), volume: Quantity.from(w.v), tsEvent: w.ts, tsInit: w.ti };
  }
  if (w.k === 'q') return { instrumentId: w.instrumentId, bid: Price.from(w.bid), ask: Price.from(w.ask), bidSize: Quantity.from(w.bs), askSize: Quantity.from(w.as), tsEvent: w.ts, tsInit: w.ti };
  return { instrumentId: w.instrumentId, price: Price.from(w.px), size: Quantity.from(w.sz), aggressorSide: w.side, tradeId: w.id, tsEvent: w.ts, tsInit: w.ti };
}

/** true when `data` is an in-memory list of market data values (what a worker cannot receive as is). */
export function isMarketDataArray(data: unknown): data is readonly MarketData[] {
  return Array.isArray(data) && data.length > 0 && typeof data[0] === 'object' && data[0] !== null && 'instrumentId' in data[0] && 'tsEvent' in data[0];
}
