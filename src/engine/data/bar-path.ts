import { Quantity, type Price } from '../core/decimal.js';
import type { OrderSide } from '../model/enums.js';
import type { Instrument } from '../model/instruments.js';
import type { Bar, MarketData, QuoteTick, TradeTick } from '../model/market-data.js';

/**
 * A bar → the quotes and trades a venue would have seen inside it, so a matching engine fed only bars
 * still sees prices move through the high and the low.
 *
 * The path is open→high→low→close, or open→low→high→close when the close is below the open (the
 * extreme nearer the close is visited last). Each of the four points is a quote then a trade at that
 * price; the bar itself follows, last. The quote has a spread of one price increment: bid = the path
 * price, ask = bid + one increment. Trades take the aggressor of the move into the point (up = BUY,
 * down = SELL; the open takes the direction of the first leg; a flat step keeps the previous one).
 *
 * Times: the bar's `tsEvent` is its end; the four points sit at end − ¾, − ½, − ¼ of the interval and
 * at the end itself, so the close trade, the close quote and the bar share the bar's timestamp.
 * Sizes: a quarter of the bar volume per trade and per quote side, at least one size increment.
 */
export interface BarPathOptions {
  /** Bar interval (default one minute). */
  readonly intervalNs?: bigint;
  /** Trade ids are `<prefix><k>` for k = 0..3 (default `<instrumentId>-<tsEvent>-`). */
  readonly tradeIdPrefix?: string;
}

export const ONE_MINUTE_NS = 60_000_000_000n;

export function barPathPrices(bar: Bar): [Price, Price, Price, Price] {
  return bar.close.lt(bar.open) ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
}

export function walkBar(bar: Bar, instrument: Instrument, opts: BarPathOptions = {}): MarketData[] {
  const interval = opts.intervalNs ?? ONE_MINUTE_NS;
  const prefix = opts.tradeIdPrefix ?? `${bar.instrumentId}-${bar.tsEvent}-`;
  const prices = barPathPrices(bar);
  const size = pointSize(bar.volume, instrument);
  const out: MarketData[] = [];
  let side: OrderSide = firstLegSide(prices);
  for (let k = 0; k < 4; k++) {
    const price = prices[k]!;
    if (k > 0) {
      const prev = prices[k - 1]!;
      if (price.gt(prev)) side = 'BUY';
      else if (price.lt(prev)) side = 'SELL';
    }
    const ts = bar.tsEvent - (interval * BigInt(3 - k)) / 4n;
    const quote: QuoteTick = {
      instrumentId: bar.instrumentId,
      bid: price,
      ask: price.add(instrument.priceIncrement),
      bidSize: size,
      askSize: size,
      tsEvent: ts,
      tsInit: ts,
    };
    const trade: TradeTick = {
      instrumentId: bar.instrumentId,
      price,
      size,
      aggressorSide: side,
      tradeId: `${prefix}${k}`,
      tsEvent: ts,
      tsInit: ts,
    };
    out.push(quote, trade);
  }
  out.push(bar);
  return out;
}

function firstLegSide(prices: readonly Price[]): OrderSide {
  for (let k = 1; k < prices.length; k++) {
    if (prices[k]!.gt(prices[0]!)) return 'BUY';
    if (prices[k]!.lt(prices[0]!)) return 'SELL';
  }
  return 'BUY';
}

function pointSize(volume: Quantity, instrument: Instrument): Quantity {
  const quarter = volume.div(4n, instrument.sizePrecision);
  return quarter.lt(instrument.sizeIncrement) ? Quantity.from(instrument.sizeIncrement, instrument.sizePrecision) : quarter;
}

/** Which kind of market data a value is (the types carry no discriminant). */
export function marketDataKind(d: MarketData): 'quote' | 'trade' | 'bar' {
  if ('barType' in d) return 'bar';
  if ('bid' in d) return 'quote';
  return 'trade';
}
