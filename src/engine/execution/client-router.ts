import { EngineError } from '../core/errors.js';
import { splitInstrumentId, type Instrument } from '../model/instruments.js';
import type { ExecutionClient } from './client.js';

/** One execution client per venue; an instrument's venue picks the client its commands go to. */
export class ClientRouter {
  private readonly clients = new Map<string, ExecutionClient>();

  constructor(private readonly instruments: { find(instrumentId: string): Instrument | undefined }) {}

  add(client: ExecutionClient): void {
    if (this.clients.has(client.venue)) {
      throw new EngineError('EXEC_CLIENT_EXISTS', `expected one execution client per venue, received a second for '${client.venue}'`, {
        venue: client.venue, clientId: client.clientId,
      });
    }
    this.clients.set(client.venue, client);
  }

  byVenue(venue: string): ExecutionClient | undefined {
    return this.clients.get(venue);
  }

  all(): ExecutionClient[] {
    return [...this.clients.values()];
  }

  venues(): string[] {
    return [...this.clients.keys()];
  }

  /** The instrument's venue: from the instrument when known, else the id's suffix (`EURUSD.OTHER` → OTHER). */
  venueOf(instrumentId: string): string | undefined {
    const instrument = this.instruments.find(instrumentId);
    if (instrument) return instrument.venue;
    try {
      return splitInstrumentId(instrumentId).venue;
    } catch {
      return undefined;
    }
  }

  clientFor(instrumentId: string): ExecutionClient | undefined {
    const venue = this.venueOf(instrumentId);
    return venue === undefined ? undefined : this.clients.get(venue);
  }
}
