/**
 * Decimal places of a currency's amounts (realized PnL is shown at this precision). Fiat uses 2 except
 * the zero-decimal ones; crypto assets and stablecoins use 8, as NautilusTrader does.
 */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'HUF']);
const CRYPTO = new Set(['BTC', 'ETH', 'USDT', 'USDC', 'BNB', 'SOL', 'XRP', 'ADA', 'DOGE', 'LTC', 'DOT', 'AVAX', 'TRX', 'LINK', 'BUSD', 'FDUSD', 'DAI']);

export function currencyPrecision(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (CRYPTO.has(currency)) return 8;
  return 2;
}
