import { Decimal, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';

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

/** A lookup of instruments by id. */
export class InstrumentProvider {
  private readonly byId = new Map<string, Instrument>();
  constructor(instruments: Iterable<Instrument> = BUILTIN_INSTRUMENTS) {
    for (const i of instruments) this.add(i);
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
