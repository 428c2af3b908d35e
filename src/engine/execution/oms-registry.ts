import type { OmsType } from '../model/enums.js';

/**
 * Which OMS applies to a strategy's fills: the strategy's own unless UNSPECIFIED, else the OMS of the
 * venue account that trades the instrument, else NETTING.
 */
export class OmsRegistry {
  private readonly strategies = new Map<string, OmsType>();
  private readonly venues = new Map<string, OmsType>();

  setStrategy(strategyId: string, omsType: OmsType): void {
    this.strategies.set(strategyId, omsType);
  }

  strategyOms(strategyId: string): OmsType | undefined {
    return this.strategies.get(strategyId);
  }

  hasStrategy(strategyId: string): boolean {
    return this.strategies.has(strategyId);
  }

  setVenue(venue: string, omsType: OmsType): void {
    this.venues.set(venue, omsType);
  }

  resolve(strategyId: string, venue: string | undefined): 'NETTING' | 'HEDGING' {
    const own = this.strategies.get(strategyId);
    if (own !== undefined && own !== 'UNSPECIFIED') return own;
    const venueOms = venue === undefined ? undefined : this.venues.get(venue);
    if (venueOms !== undefined && venueOms !== 'UNSPECIFIED') return venueOms;
    return 'NETTING';
  }
}
