import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Decimal, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import { findProjectRoot } from './project-root.js';

/**
 * Instrument definitions: precisions, increments and fees. Built-in FX pairs on the SIM venue for tests
 * and demos, the BTC perpetual that the recorded bars belong to, and the crypto pairs of
 * `../shared/data/crypto_instruments.json`.
 */
export type InstrumentKind = 'CurrencyPair' | 'CryptoPerpetual';

export interface Instrument {
  readonly id: string;
  readonly kind: InstrumentKind;
  readonly symbol: string;
  readonly venue: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly priceIncrement: Price;
  readonly sizeIncrement: Quantity;
  readonly minQuantity?: Quantity;
  readonly maxQuantity?: Quantity;
  readonly makerFee: Decimal;
  readonly takerFee: Decimal;
}

export function splitInstrumentId(id: string): { symbol: string; venue: string } {
  const dot = id.lastIndexOf('.');
  if (dot <= 0 || dot === id.length - 1) {
    throw new EngineError('INSTRUMENT_ID_INVALID', `expected an instrument id like 'AUDUSD.SIM', received '${id}'`, { received: id });
  }
  return { symbol: id.slice(0, dot), venue: id.slice(dot + 1) };
}

function define(
  id: string,
  kind: InstrumentKind,
  base: string,
  quote: string,
  pricePrecision: number,
  sizePrecision: number,
  makerFee: string,
  takerFee: string,
): Instrument {
  const { symbol, venue } = splitInstrumentId(id);
  return {
    id,
    kind,
    symbol,
    venue,
    baseCurrency: base,
    quoteCurrency: quote,
    pricePrecision,
    sizePrecision,
    priceIncrement: Price.fromRaw(1n, pricePrecision),
    sizeIncrement: Quantity.fromRaw(1n, sizePrecision),
    makerFee: Decimal.from(makerFee),
    takerFee: Decimal.from(takerFee),
  };
}

/** Instruments every venue and test can use without loading anything. */
export const BUILTIN_INSTRUMENTS: readonly Instrument[] = [
  define('AUDUSD.SIM', 'CurrencyPair', 'AUD', 'USD', 5, 0, '0.00002', '0.00002'),
  define('GBPUSD.SIM', 'CurrencyPair', 'GBP', 'USD', 5, 0, '0.00002', '0.00002'),
  define('EURUSD.SIM', 'CurrencyPair', 'EUR', 'USD', 5, 0, '0.00002', '0.00002'),
  define('USDJPY.SIM', 'CurrencyPair', 'USD', 'JPY', 3, 0, '0.00002', '0.00002'),
  define('BTCUSDT-PERP.SIM', 'CryptoPerpetual', 'BTC', 'USDT', 1, 3, '0.0002', '0.0004'),
];

interface RawInstrument {
  type: string;
  id: string;
  base_currency: string;
  quote_currency: string;
  price_precision: number;
  price_increment: string;
  size_precision: number;
  size_increment: string;
  max_quantity: string | null;
  min_quantity: string | null;
  maker_fee: string;
  taker_fee: string;
}

/** Path of the shared data folder (`../shared/data` beside the project root, whether running from src/ or dist/). */
export function sharedDataDir(): string {
  return process.env.KEEL_DATA_DIR ?? `${dirname(findProjectRoot())}/shared/data/`;
}

/** Load instrument definitions from a JSON file in the shape of `crypto_instruments.json`. */
export function loadInstrumentsFile(path = `${sharedDataDir()}/crypto_instruments.json`): Instrument[] {
  const rows = JSON.parse(readFileSync(path, 'utf8')) as RawInstrument[];
  return rows.map((r) => {
    const { symbol, venue } = splitInstrumentId(r.id);
    if (r.type !== 'CurrencyPair' && r.type !== 'CryptoPerpetual') {
      throw new EngineError('INSTRUMENT_KIND_UNKNOWN', `expected CurrencyPair or CryptoPerpetual, received '${r.type}' for ${r.id}`, {
        received: r.type,
        instrumentId: r.id,
      });
    }
    return {
      id: r.id,
      kind: r.type,
      symbol,
      venue,
      baseCurrency: r.base_currency,
      quoteCurrency: r.quote_currency,
      pricePrecision: r.price_precision,
      sizePrecision: r.size_precision,
      priceIncrement: Price.from(r.price_increment),
      sizeIncrement: Quantity.from(r.size_increment),
      ...(r.min_quantity ? { minQuantity: Quantity.from(r.min_quantity) } : {}),
      ...(r.max_quantity ? { maxQuantity: Quantity.from(r.max_quantity) } : {}),
      makerFee: Decimal.from(r.maker_fee),
      takerFee: Decimal.from(r.taker_fee),
    } satisfies Instrument;
  });
}

/** A lookup of instruments by id. */
export class InstrumentProvider {
  private readonly byId = new Map<string, Instrument>();
  constructor(instruments: Iterable<Instrument> = BUILTIN_INSTRUMENTS) {
    for (const i of instruments) this.add(i);
  }
  static withSharedData(): InstrumentProvider {
    const p = new InstrumentProvider();
    try {
      for (const i of loadInstrumentsFile()) p.add(i);
    } catch {
      // The shared data folder is optional for the built-in instruments; loaders report their own errors.
    }
    return p;
  }
  add(instrument: Instrument): void {
    this.byId.set(instrument.id, instrument);
  }
  find(id: string): Instrument | undefined {
    return this.byId.get(id);
  }
  get(id: string): Instrument {
    const i = this.byId.get(id);
    if (!i) {
      throw new EngineError('INSTRUMENT_UNKNOWN', `expected a known instrument id (${[...this.byId.keys()].join(', ')}), received '${id}'`, {
        received: id,
      });
    }
    return i;
  }
  all(): Instrument[] {
    return [...this.byId.values()];
  }
}
