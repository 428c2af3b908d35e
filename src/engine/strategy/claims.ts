import { EngineError } from '../core/errors.js';
import type { ClaimsRegistryLike } from './context.js';

/**
 * `externalOrderClaims` of all strategies of one node: instrument id → the strategy that adopts the
 * external orders (and reconciliation orders) of that instrument. Two strategies claiming one
 * instrument is an error (§1); a strategy's claims are replaced atomically by a new `claim` call.
 */
export class ExternalOrderClaims implements ClaimsRegistryLike {
  private readonly byInstrument = new Map<string, string>();

  claim(strategyId: string, instrumentIds: readonly string[]): void {
    const seen = new Set<string>();
    for (const id of instrumentIds) {
      const owner = this.byInstrument.get(id);
      if ((owner !== undefined && owner !== strategyId) || seen.has(id)) {
        throw new EngineError(
          'CLAIM_DUPLICATE',
          `expected ${id} to be claimed by at most one strategy, received a claim by ${strategyId} while ${owner ?? strategyId} claims it`,
          { instrumentId: id, strategyId, claimedBy: owner ?? strategyId },
        );
      }
      seen.add(id);
    }
    this.release(strategyId);
    for (const id of instrumentIds) this.byInstrument.set(id, strategyId);
  }

  release(strategyId: string): void {
    for (const [id, owner] of [...this.byInstrument]) if (owner === strategyId) this.byInstrument.delete(id);
  }

  owner(instrumentId: string): string | undefined {
    return this.byInstrument.get(instrumentId);
  }

  /** instrument id → strategy id, as the reconciliation planner takes it. */
  toMap(): ReadonlyMap<string, string> {
    return new Map(this.byInstrument);
  }
}
