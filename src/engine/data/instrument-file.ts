/** Instrument definitions read from files: the shared data folder and `crypto_instruments.json`-shaped JSON. */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Decimal, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import { InstrumentProvider, splitInstrumentId, type Instrument } from '../model/instruments.js';
import { findProjectRoot } from './project-root.js';

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

/** The built-in instruments plus those of the shared data folder, when it is there (it is optional). */
export function sharedInstruments(): InstrumentProvider {
  const provider = new InstrumentProvider();
  try {
    for (const i of loadInstrumentsFile()) provider.add(i);
  } catch {
    // The built-in instruments suffice without the shared folder; the loaders report their own errors.
  }
  return provider;
}
