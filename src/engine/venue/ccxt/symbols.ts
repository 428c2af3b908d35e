/**
 * keel instrument ids ⇄ ccxt unified symbols for USDⓈ-M perpetuals: `BTCUSDT-PERP.BINANCE` ⇄
 * `BTC/USDT:USDT` (the exchange's own id is `BTCUSDT`). Spot pairs: `BTC/USDT.BINANCE` ⇄ `BTC/USDT`.
 */
export function instrumentIdOf(market: { readonly base: string; readonly quote: string; readonly settle?: string | undefined; readonly swap?: boolean | undefined }, venue: string): string {
  return market.swap === true ? `${market.base}${market.quote}-PERP.${venue}` : `${market.base}/${market.quote}.${venue}`;
}

export function ccxtSymbolOf(instrumentId: string, settle = 'USDT'): string {
  const dot = instrumentId.lastIndexOf('.');
  const symbol = dot > 0 ? instrumentId.slice(0, dot) : instrumentId;
  if (symbol.endsWith('-PERP')) {
    const pair = symbol.slice(0, -'-PERP'.length);
    if (!pair.endsWith(settle)) throw new Error(`expected a ${settle}-settled perpetual like BTC${settle}-PERP.VENUE, received '${instrumentId}'`);
    return `${pair.slice(0, -settle.length)}/${settle}:${settle}`;
  }
  return symbol;
}
