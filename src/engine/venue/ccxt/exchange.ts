import type { Exchange } from 'ccxt';

/**
 * Creating a ccxt exchange instance for keel's ccxt adapter. ccxt is imported on first use: a node that
 * trades only its sandbox never loads it (it is a large library).
 *
 * `urls` points every endpoint family keel uses at another host: `rest` is the origin (no path), `ws` the
 * stream base ending in `/ws` (ccxt derives its socket paths from it). That is how tests reach keel's
 * Binance-dialect sandbox on 127.0.0.1; a real account leaves `urls` out.
 */
export interface ExchangeOptions {
  /** A ccxt exchange id with a websocket (ccxt.pro) class, e.g. 'binanceusdm'. */
  readonly exchange: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Binance: the demo-trading (testnet) endpoints (`enableDemoTrading`, not `setSandboxMode`). */
  readonly testnet?: boolean;
  readonly urls?: { readonly rest: string; readonly ws: string };
  /** Milliseconds ccxt waits for a REST answer before it throws RequestTimeout. */
  readonly timeoutMs?: number;
  /** Extra ccxt `options` (merged over keel's defaults). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** REST families that binanceusdm reaches, with the path each one's base url ends in. */
const BINANCE_USDM_FAMILIES: Readonly<Record<string, string>> = {
  fapiPublic: '/fapi/v1',
  fapiPublicV2: '/fapi/v2',
  fapiPublicV3: '/fapi/v3',
  fapiPrivate: '/fapi/v1',
  fapiPrivateV2: '/fapi/v2',
  fapiPrivateV3: '/fapi/v3',
  fapiData: '/futures/data',
};

export async function createExchange(o: ExchangeOptions): Promise<Exchange> {
  const ccxt = await import('ccxt');
  const Ctor = (ccxt.pro as unknown as Record<string, new (config: object) => Exchange>)[o.exchange];
  if (Ctor === undefined) throw new Error(`ccxt has no websocket exchange '${o.exchange}'`);
  const exchange = new Ctor({
    apiKey: o.apiKey,
    secret: o.apiSecret,
    enableRateLimit: true,
    ...(o.timeoutMs !== undefined ? { timeout: o.timeoutMs } : {}),
    options: { fetchCurrencies: false, fetchMargins: false, defaultType: 'swap', ...o.options },
  });
  if (o.testnet === true) exchange.enableDemoTrading(true);
  if (o.urls !== undefined) pointAt(exchange, o.urls);
  return exchange;
}

function pointAt(exchange: Exchange, urls: { readonly rest: string; readonly ws: string }): void {
  const rest = urls.rest.replace(/\/+$/, '');
  const api = exchange.urls['api'] as Record<string, unknown>;
  for (const [family, path] of Object.entries(BINANCE_USDM_FAMILIES)) api[family] = rest + path;
  const ws = api['ws'] as Record<string, unknown> | undefined;
  if (ws !== undefined) ws['future'] = urls.ws;
}
