/**
 * Venue events refused before they changed anything (issue 11, item 3): counted, by code, the latest
 * kept for inspection (`node.core.venueEventRefusals`).
 */
import type { EngineError } from '../core/errors.js';

const KEPT = 100;

export interface VenueEventRefusalStats {
  readonly refused: number;
  readonly byCode: Readonly<Record<string, number>>;
  readonly latest: readonly EngineError[];
}

export class VenueEventRefusals {
  private count = 0;
  private readonly byCode = new Map<string, number>();
  private readonly latest: EngineError[] = [];

  add(error: EngineError): void {
    this.count += 1;
    this.byCode.set(error.code, (this.byCode.get(error.code) ?? 0) + 1);
    this.latest.push(error);
    if (this.latest.length > KEPT) this.latest.shift();
  }

  get stats(): VenueEventRefusalStats {
    return { refused: this.count, byCode: Object.fromEntries(this.byCode), latest: [...this.latest] };
  }
}
