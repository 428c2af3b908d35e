import { InstrumentProvider, type Instrument } from '../../engine/model/instruments.js';

const BUILTIN = new InstrumentProvider();

/** The instruments files resolve against: the caller's, falling back to the built-in ones. */
export function instrumentProvider(given: InstrumentProvider | readonly Instrument[] | undefined): InstrumentProvider {
  if (given === undefined) return BUILTIN;
  if (given instanceof InstrumentProvider) return given;
  return new InstrumentProvider(given);
}

/** An id → its instrument; an id neither the caller nor keel knows fails with INSTRUMENT_UNKNOWN. */
export function resolveInstrument(provider: InstrumentProvider, id: string): Instrument {
  return provider.find(id) ?? BUILTIN.find(id) ?? provider.get(id);
}
